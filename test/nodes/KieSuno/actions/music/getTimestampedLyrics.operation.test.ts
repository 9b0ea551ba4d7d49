/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Get Timestamped Lyrics through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local
 * test double of Kie, not Kie): synchronous, one output item per input item, whichever casing Kie
 * answers in (family §5.2, §13 #19).
 */
import type { IDataObject } from 'n8n-workflow';

import { transportClock } from '../../../../../nodes/shared/transport';
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, FAST_SANDBOX, finishedMusicTask, outputOf, runMusic, useVirtualClock } from './helpers';

const kie = useSandbox({ ...FAST_SANDBOX, timestampedLyricsCasing: 'camel' });
useVirtualClock();

const PATH = '/api/v1/generate/get-timestamped-lyrics';

/** Kie's own answer for a track, asked straight from the sandbox (it is deterministic per track). */
async function kieAnswer(taskId: string, audioId: string): Promise<IDataObject> {
	const response = await fetch(`${kie.sb.url}${PATH}`, {
		method: 'POST',
		headers: { Authorization: 'Bearer sandbox-key', 'Content-Type': 'application/json' },
		body: JSON.stringify({ taskId, audioId }),
	});
	return ((await response.json()) as { data: IDataObject }).data;
}

describe('Get Timestamped Lyrics', () => {
	it('sends {taskId, audioId} and outputs Kie\'s answer with the ids for the next operation', async () => {
		const music = await finishedMusicTask(kie.sb);
		const audioId = music.tracks[0].id;
		const result = await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: music.taskId, audioId });
		const items = outputOf(result);
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ taskId: music.taskId, audioId }]);
		const answer = await kieAnswer(music.taskId, audioId);
		expect((answer.alignedWords as IDataObject[]).length).toBeGreaterThan(1);
		// toEqual: n8n hands back copies of the node's objects (same content, other prototypes).
		expect(items).toEqual([{ taskId: music.taskId, id: audioId, ...answer }]);
		expect(Object.keys(items[0]).sort()).toEqual(['alignedWords', 'hootCer', 'id', 'isStreamed', 'taskId', 'waveformData']);
		expect(Object.keys((items[0].alignedWords as IDataObject[])[0]).sort()).toEqual(['endS', 'palign', 'startS', 'success', 'word']);
		expect(result.items[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('snake_case answers (start_s, end_s, p_align) come out in the same camelCase shape', async () => {
		const music = await finishedMusicTask(kie.sb);
		const audioId = music.tracks[1].id;
		const camel = outputOf(await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: music.taskId, audioId }));
		kie.sb.configure({ timestampedLyricsCasing: 'snake' });
		const raw = await kieAnswer(music.taskId, audioId);
		expect((raw.alignedWords as IDataObject[])[0]).toHaveProperty('start_s');
		const snake = outputOf(await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: music.taskId, audioId }));
		expect(snake).toEqual(camel);
	});

	it('chains from music items ({{ $json.taskId }}, {{ $json.id }}): one output per input, paired, never paced', async () => {
		const music = await finishedMusicTask(kie.sb);
		// 25 requests in one go: more than Kie's 20 generations per 10 s, which do not apply here.
		const tracks = Array.from({ length: 25 }, (_, index) => music.tracks[index % 2]);
		const inputItems = tracks.map((track) => ({ json: { taskId: music.taskId, id: track.id, duration: track.duration } }));
		let sleeps = 0;
		const sleep = transportClock.sleep;
		transportClock.sleep = async (ms) => {
			sleeps++;
			await sleep(ms);
		};
		const result = await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: '={{ $json.taskId }}', audioId: '={{ $json.id }}' }, { inputItems });
		const items = outputOf(result);
		expect(items.map((item) => [item.taskId, item.id])).toEqual(tracks.map((track) => [music.taskId, track.id]));
		expect(result.items[0].map((item) => item.pairedItem)).toEqual(tracks.map((_, item) => ({ item })));
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(25);
		expect(sleeps).toBe(0);
	});

	it('Continue On Fail: an unknown track becomes an error item carrying its ids; the others succeed', async () => {
		const music = await finishedMusicTask(kie.sb);
		const inputItems = [{ json: { id: 'no-such-track' } }, { json: { id: music.tracks[0].id } }];
		const result = await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: music.taskId, audioId: '={{ $json.id }}' }, { inputItems, continueOnFail: true });
		const [failed, ok] = outputOf(result);
		expect(failed).toMatchObject({ taskId: music.taskId, id: 'no-such-track', code: 422, error: 'Kie rejected the parameters (code 422): Record does not exist' });
		expect(ok).toMatchObject({ taskId: music.taskId, id: music.tracks[0].id });
		expect(Array.isArray(ok.alignedWords)).toBe(true);
		expect(result.items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('validates every item before the first request', async () => {
		const result = await runMusic(
			kie.sb,
			'getTimestampedLyrics',
			{ taskId: 'task-1', audioId: '={{ $json.id }}' },
			{ inputItems: [{ json: { id: 'track-1' } }, { json: { id: '' } }] },
		);
		expect(result.error?.message).toBe('"Audio ID" is required [item 1]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('an instrumental track (no words) is a result with an empty list, not an error', async () => {
		const music = await finishedMusicTask(kie.sb, { customMode: true, instrumental: true, style: 'Ambient', title: 'Calm', model: 'V6' });
		const [item] = outputOf(await runMusic(kie.sb, 'getTimestampedLyrics', { taskId: music.taskId, audioId: music.tracks[0].id }));
		expect(item.alignedWords).toEqual([]);
		expect(Array.isArray(item.waveformData)).toBe(true);
	});
});
