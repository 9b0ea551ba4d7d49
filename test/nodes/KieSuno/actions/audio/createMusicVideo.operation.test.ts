/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Create Music Video through n8n-core's real WorkflowExecute against the Kie SANDBOX (local test
 * double of Kie, not Kie): Kie's minimal and full bodies, the exact item, and the "video" binary.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { FamilyTask } from './familyHarness';
import { binaryBytes, createdTask, finishedSong, useFamilySandbox } from './familyHarness';

const kie = useFamilySandbox();
let song: FamilyTask;

beforeEach(async () => {
	song = await finishedSong(kie.sb);
	kie.markSetupDone();
});

const run = async (overrides: IDataObject = {}, continueOnFail = false) =>
	await runNode({
		parameters: { resource: 'audio', operation: 'createMusicVideo', taskId: song.taskId, audioId: song.tracks[0].id, completion: 'poll', ...overrides } as never,
		credentials: testCredential(kie.sb.url),
		continueOnFail,
	});

describe('Create Music Video', () => {
	it('sends Kie\'s minimal body without options and outputs one item with videoUrl', async () => {
		const result = await run();
		expect(result.error).toBeUndefined();
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/mp4/generate');
		expect(create.body).toStrictEqual({ taskId: song.taskId, audioId: song.tracks[0].id, callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback` });
		const task = createdTask(kie.sb, 'video');
		for (const read of reads) expect([read.path, read.query]).toEqual(['/api/v1/mp4/record-info', { taskId: task.taskId }]);
		expect(result.items).toEqual([
			[
				{
					json: { taskId: task.taskId, taskType: 'video', apiRoute: 'perOperation', stage: 'complete', status: 'SUCCESS', code: 200, msg: null, videoUrl: task.result.videoUrl },
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('Author and Domain Name go into Kie\'s full body, trimmed; blank ones are left out', async () => {
		await run({ completion: 'callback', callbackUrl: 'https://example.com/hook', options: { author: ' DJ Electronic ', domainName: 'music.example.com' } });
		expect(kie.nodeRequests()[0].body).toStrictEqual({
			taskId: song.taskId,
			audioId: song.tracks[0].id,
			author: 'DJ Electronic',
			domainName: 'music.example.com',
			callBackUrl: 'https://example.com/hook?kieTaskType=video',
		});
		kie.markSetupDone();
		await run({ completion: 'callback', callbackUrl: 'https://example.com/hook', audioId: song.tracks[1].id, options: { author: '   ', domainName: '' } });
		expect(kie.nodeRequests()[0].body).toStrictEqual({ taskId: song.taskId, audioId: song.tracks[1].id, callBackUrl: 'https://example.com/hook?kieTaskType=video' });
	});

	it('exactly 50 characters is accepted', async () => {
		const author = 'a'.repeat(50);
		const result = await run({ completion: 'callback', callbackUrl: 'https://example.com/hook', options: { author } });
		expect(result.error).toBeUndefined();
		expect(kie.nodeRequests()[0].body.author).toBe(author);
	});

	it('Download Files attaches binary "video": video/mp4, <title>-<taskId>.mp4, the bytes Kie served', async () => {
		const result = await run({ options: { downloadFiles: true } });
		const task = createdTask(kie.sb, 'video');
		const [item] = result.items[0];
		expect(Object.keys(item.binary ?? {})).toEqual(['video']);
		const binary = item.binary!.video;
		expect([binary.mimeType, binary.fileName]).toEqual(['video/mp4', `kie-suno-${task.taskId}.mp4`]);
		const bytes = await binaryBytes(binary);
		const served = await kie.sb.fileInfo(task.result.videoUrl as string);
		expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([served.bytes, served.sha256]);
		expect(bytes.subarray(4, 8).toString('ascii')).toBe('ftyp');
	});

	it('a video bigger than Max File Size keeps its item with downloadError and no binary', async () => {
		kie.sb.configure({ videoBytes: 3 * 1024 * 1024 });
		const result = await run({ options: { downloadFiles: true, maxFileSizeMb: 1 } });
		const [item] = result.items[0];
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toBe('video: larger than 1 MB (Content-Length 3145728)');
		expect(item.json.videoUrl).toBe(createdTask(kie.sb, 'video').result.videoUrl);
	});

	it('a render that fails is one error item (Continue On Fail)', async () => {
		kie.sb.addFault({ type: 'outcome', status: 'GENERATE_MP4_FAILED' });
		const result = await run({}, true);
		const task = createdTask(kie.sb, 'video');
		expect(result.items[0]).toEqual([
			{
				json: { taskId: task.taskId, taskType: 'video', apiRoute: 'perOperation', stage: 'error', status: 'GENERATE_MP4_FAILED', code: 501, msg: 'MP4 generation failed', error: 'MP4 generation failed' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a task still rendering at Timeout is a timedOut error item naming the task', async () => {
		kie.sb.configure({ familyDelaysMs: { video: 3_600_000 } });
		const result = await run({ options: { timeoutMinutes: 0.5, pollIntervalSeconds: 10 } }, true);
		const task = createdTask(kie.sb, 'video');
		const msg = `Task ${task.taskId} did not finish within 0.5 minute(s) (last status: PENDING). It may still finish on Kie: read it later with Get Task Details.`;
		expect(result.items[0]).toEqual([
			{
				json: { taskId: task.taskId, taskType: 'video', apiRoute: 'perOperation', stage: 'error', status: 'PENDING', code: null, msg, error: msg, timedOut: true },
				pairedItem: { item: 0 },
			},
		]);
		expect(kie.sleeps).toEqual([10_000, 10_000, 10_000]);
	});
});
