/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The trigger WITHOUT a credential (real WebhookContext): nothing can be confirmed with Kie, so
 * Kie's documented callback bodies are passed on as they are, every item says `verified: false`,
 * and downloads are refused (a stranger could name any URL).
 */
import type { IDataObject } from 'n8n-workflow';

import { KieSunoTrigger } from '../../../nodes/KieSunoTrigger/KieSunoTrigger.node';
import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import {
	addVocalsExample,
	AUDIO_ID,
	failure400SExample,
	failure501Example,
	firstStage,
	fullSuccessExample,
	fullSuccessItem,
	JSON_HEADERS,
	TASK_ID,
	textStageExample,
} from './fixtures';
import { callTrigger } from './triggerHarness';

beforeEach(() => forgetInProcessClaims());

const ALL_EVENTS = { events: ['text', 'first', 'complete', 'error'] };
const COMMON = { taskId: TASK_ID, taskType: 'music', apiRoute: 'perOperation' };
const UNVERIFIED_DOWNLOAD_ERROR =
	'Not downloaded: the trigger has no Kie API credential, so it cannot confirm with Kie that these URLs are Kie\'s. Select a credential to download files.';

async function accepted(body: unknown, parameters: IDataObject = {}) {
	const call = await callTrigger({ body, headers: JSON_HEADERS }, { parameters });
	expect(call.error).toBeUndefined();
	// answered by the node itself (so n8n saves the duplicate record before it starts the execution)
	expect([call.response.status, call.response.body, call.response.ended]).toEqual([200, { received: true }, true]);
	expect(call.result?.noWebhookResponse).toBe(true);
	expect(call.result?.webhookResponse).toBeUndefined();
	expect(call.result?.workflowData).toHaveLength(1);
	expect(call.credentialLookups).toEqual([]);
	return call.result!.workflowData![0];
}

describe('documented Kie callback examples, passed on unverified', () => {
	test('full success example → one item per track, exactly', async () => {
		expect(await accepted(fullSuccessExample())).toEqual([{ json: fullSuccessItem }]);
	});

	test('add-vocals example with string createTime', async () => {
		expect(await accepted(addVocalsExample())).toEqual([
			{
				json: {
					...COMMON,
					stage: 'complete',
					status: 'SUCCESS',
					code: 200,
					msg: 'All generated successfully.',
					trackIndex: 0,
					trackCount: 1,
					id: AUDIO_ID,
					audioUrl: 'https://example.cn/c3d4.mp3',
					streamAudioUrl: 'https://example.cn/c3d4',
					imageUrl: 'https://example.cn/c3d4.jpeg',
					title: '钢铁侠',
					tags: null,
					prompt: '[Verse] 夜晚城市 灯火辉煌',
					modelName: 'chirp-v4-5',
					duration: 198.44,
					createTime: '2025-01-01T00:00:00.000Z',
					verified: false,
				},
			},
		]);
	});

	test.each([
		['501 failure with data.error', failure501Example(), 501, 'Audio generation failed.', 'Generation failed due to technical issues'],
		['[S] 400 failure with data: null', failure400SExample(), 400, 'Generation failed', 'Generation failed'],
	])('%s → the one error item', async (_name, body, code, msg, error) => {
		expect(await accepted(body)).toEqual([{ json: { ...COMMON, stage: 'error', status: null, code, msg, error, verified: false } }]);
	});

	test('failure output ignores splitTracks: still the one error item', async () => {
		const items = await accepted(failure501Example(), { options: { splitTracks: false } });
		expect(items).toEqual([
			{ json: { ...COMMON, stage: 'error', status: null, code: 501, msg: 'Audio generation failed.', error: 'Generation failed due to technical issues', verified: false } },
		]);
	});

	test('text stage with data: [] (when selected) → one track-free item', async () => {
		expect(await accepted(textStageExample(), ALL_EVENTS)).toEqual([
			{ json: { ...COMMON, stage: 'text', status: 'TEXT_SUCCESS', code: 200, msg: 'Text generation completed successfully.', trackIndex: null, trackCount: 0, verified: false } },
		]);
	});

	test('first stage (when selected) → its tracks with stage first', async () => {
		expect(await accepted(firstStage(), ALL_EVENTS)).toEqual([{ json: { ...fullSuccessItem, stage: 'first', status: 'FIRST_SUCCESS', msg: 'First track completed.' } }]);
	});

	test('the jobs route\'s terminal callback (no tracks in it) → one track-free item on the jobs route', async () => {
		const body = { taskId: TASK_ID, code: 200, msg: 'Success', data: { task_id: TASK_ID, callbackType: 'complete' } };
		expect(await accepted(body)).toEqual([
			{ json: { ...COMMON, apiRoute: 'jobs', stage: 'complete', status: 'SUCCESS', code: 200, msg: 'Success', trackIndex: null, trackCount: 0, verified: false } },
		]);
	});

	test('another family (WAV) is told by its keys and carries its task type', async () => {
		const body = { code: 200, msg: 'success', data: { task_id: TASK_ID, audioWavUrl: 'https://example.cn/a.wav' } };
		expect(await accepted(body)).toEqual([
			{ json: { ...COMMON, taskType: 'wav', stage: 'complete', status: null, code: 200, msg: 'success', wavUrl: 'https://example.cn/a.wav', verified: false } },
		]);
	});
});

describe('splitTracks', () => {
	const twoTracks = () => {
		const body = fullSuccessExample();
		body.data.data.push({ ...body.data.data[0], id: 'second-id', title: 'Iron Man 2', audio_url: 'https://example.cn/x.mp3' });
		return body;
	};
	const track: Record<string, unknown> = { ...fullSuccessItem };
	delete track.verified;

	test('on (default): one item per track, with trackIndex/trackCount', async () => {
		const items = await accepted(twoTracks());
		expect(items.map((i) => [i.json.trackIndex, i.json.trackCount, i.json.id, i.json.title])).toEqual([
			[0, 2, AUDIO_ID, 'Iron Man'],
			[1, 2, 'second-id', 'Iron Man 2'],
		]);
	});

	test('off: one item per callback with the normalized tracks', async () => {
		expect(await accepted(twoTracks(), { options: { splitTracks: false } })).toEqual([
			{
				json: {
					...COMMON,
					stage: 'complete',
					status: 'SUCCESS',
					code: 200,
					msg: 'All generated successfully.',
					trackCount: 2,
					tracks: [
						{ ...track, trackCount: 2 },
						{ ...track, trackIndex: 1, trackCount: 2, id: 'second-id', title: 'Iron Man 2', audioUrl: 'https://example.cn/x.mp3' },
					],
					verified: false,
				},
			},
		]);
	});

	test('off at the text stage: trackCount 0 and no tracks', async () => {
		expect(await accepted(textStageExample(), { ...ALL_EVENTS, options: { splitTracks: false } })).toEqual([
			{ json: { ...COMMON, stage: 'text', status: 'TEXT_SUCCESS', code: 200, msg: 'Text generation completed successfully.', trackCount: 0, tracks: [], verified: false } },
		]);
	});
});

describe('events, task types, downloads', () => {
	test.each([
		['text', textStageExample()],
		['first', firstStage()],
	])('default events ignore the %s stage: 200, no execution, nothing recorded', async (stage, body) => {
		const call = await callTrigger({ body, headers: JSON_HEADERS });
		expect(call.result).toEqual({ webhookResponse: { received: true, ignored: `stage ${stage} not selected` } });
		expect(call.savedStaticData).toBeUndefined();
	});

	test('an unselected error stage is ignored too', async () => {
		const call = await callTrigger({ body: failure501Example(), headers: JSON_HEADERS }, { parameters: { events: ['complete'] } });
		expect(call.result).toEqual({ webhookResponse: { received: true, ignored: 'stage error not selected' } });
	});

	test('an unselected task type is ignored', async () => {
		const body = { code: 200, msg: 'success', data: { task_id: TASK_ID, video_url: 'https://example.cn/v.mp4' } };
		const call = await callTrigger({ body, headers: JSON_HEADERS }, { parameters: { taskTypes: ['music', 'wav'] } });
		expect(call.result).toEqual({ webhookResponse: { received: true, ignored: 'task type video not selected' } });
	});

	test('a non-200 code with callbackType complete counts as error', async () => {
		const items = await accepted({ ...fullSuccessExample(), code: 531, msg: 'Credits refunded, please try again' });
		expect(items).toEqual([
			{ json: { ...COMMON, stage: 'error', status: null, code: 531, msg: 'Credits refunded, please try again', error: 'Credits refunded, please try again', verified: false } },
		]);
	});

	test('the body may arrive as text/plain JSON (parsed by the node), or with a charset', async () => {
		for (const request of [
			{ body: JSON.stringify(fullSuccessExample()), headers: { 'content-type': 'text/plain' } },
			{ body: fullSuccessExample(), headers: { 'content-type': 'application/json; charset=utf-8' } },
		]) {
			forgetInProcessClaims();
			expect((await callTrigger(request)).result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
		}
	});

	test('downloads are refused: every track says why, nothing is fetched, no binary', async () => {
		const items = await accepted(fullSuccessExample(), { options: { downloadAudio: true, downloadCover: true } });
		expect(items).toEqual([{ json: { ...fullSuccessItem, downloadError: UNVERIFIED_DOWNLOAD_ERROR } }]);
	});

	test('an error item has no files, so no downloadError either', async () => {
		const items = await accepted(failure501Example(), { options: { downloadAudio: true } });
		expect(items[0].json.downloadError).toBeUndefined();
	});
});

describe('description', () => {
	const { description, webhookMethods } = new KieSunoTrigger();

	test('is a webhook trigger with the fixed names and defaults', () => {
		expect(description.name).toBe('kieSunoTrigger');
		expect(description.displayName).toBe('Kie Suno Trigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'kieApi', required: false }]);
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'kie' }]);
		const events = description.properties.find((p) => p.name === 'events')!;
		expect(events.type).toBe('multiOptions');
		expect(events.default).toEqual(['complete', 'error']);
		expect(events.options!.map((o) => (o as { value: string }).value).sort()).toEqual(['complete', 'error', 'first', 'text']);
		const taskTypes = description.properties.find((p) => p.name === 'taskTypes')!;
		expect(taskTypes.default).toEqual(['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage']);
		const options = description.properties.find((p) => p.name === 'options')!;
		const defaults = Object.fromEntries((options.options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]));
		expect(defaults).toEqual({ splitTracks: true, downloadAudio: false, downloadCover: false, downloadFiles: false, ignoreDuplicates: true, maxFileSizeMb: 500 });
		expect(description.properties.some((p) => p.type === 'notice' && /Production URL/.test(p.displayName))).toBe(true);
	});

	test('webhook methods are trivial', async () => {
		const context = {} as never;
		expect(await webhookMethods.default.checkExists.call(context)).toBe(false);
		expect(await webhookMethods.default.create.call(context)).toBe(true);
		expect(await webhookMethods.default.delete.call(context)).toBe(true);
	});
});
