/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** Kie's documented callback bodies through the trigger (real WebhookContext): exact outputs. */
import type { IDataObject } from 'n8n-workflow';

import { KieSunoTrigger } from '../../../nodes/KieSunoTrigger/KieSunoTrigger.node';
import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import {
	addVocalsExample,
	AUDIO_ID,
	failure400SExample,
	failure501Example,
	fullSuccessExample,
	fullSuccessItem,
	JSON_HEADERS,
	TASK_ID,
	textStageExample,
	firstStage,
} from './fixtures';
import { callTrigger } from './triggerHarness';

beforeEach(() => forgetInProcessClaims());

const ALL_EVENTS = { events: ['text', 'first', 'complete', 'error'] };

async function accepted(body: unknown, parameters: IDataObject = {}) {
	const call = await callTrigger({ body, headers: JSON_HEADERS }, { parameters });
	expect(call.error).toBeUndefined();
	expect(call.response.ended).toBe(false);
	expect(call.result?.webhookResponse).toEqual({ received: true });
	expect(call.result?.workflowData).toHaveLength(1);
	return call.result!.workflowData![0];
}

describe('documented Kie callback examples', () => {
	test('full success example → one item per track, exactly', async () => {
		expect(await accepted(fullSuccessExample())).toEqual([{ json: fullSuccessItem }]);
	});

	test('add-vocals example with string createTime', async () => {
		expect(await accepted(addVocalsExample())).toEqual([
			{
				json: {
					taskId: TASK_ID,
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
				},
			},
		]);
	});

	test('501 failure with data.error → the one error item', async () => {
		expect(await accepted(failure501Example())).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'error',
					status: null,
					code: 501,
					msg: 'Audio generation failed.',
					error: 'Generation failed due to technical issues',
				},
			},
		]);
	});

	test('[S] 400 failure with data: null → the one error item', async () => {
		expect(await accepted(failure400SExample())).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'error',
					status: null,
					code: 400,
					msg: 'Generation failed',
					error: 'Generation failed',
				},
			},
		]);
	});

	test('failure output ignores splitTracks: still the one error item', async () => {
		const items = await accepted(failure501Example(), { options: { splitTracks: false } });
		expect(items).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'error',
					status: null,
					code: 501,
					msg: 'Audio generation failed.',
					error: 'Generation failed due to technical issues',
				},
			},
		]);
	});

	test('text stage with data: [] (when selected) → one track-free item', async () => {
		expect(await accepted(textStageExample(), ALL_EVENTS)).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'text',
					status: 'TEXT_SUCCESS',
					code: 200,
					msg: 'Text generation completed successfully.',
					trackIndex: null,
					trackCount: 0,
				},
			},
		]);
	});

	test('first stage (when selected) → its tracks with stage first', async () => {
		expect(await accepted(firstStage(), ALL_EVENTS)).toEqual([
			{ json: { ...fullSuccessItem, stage: 'first', status: 'FIRST_SUCCESS', msg: 'First track completed.' } },
		]);
	});
});

describe('splitTracks', () => {
	const twoTracks = () => {
		const body = fullSuccessExample();
		body.data.data.push({ ...body.data.data[0], id: 'second-id', title: 'Iron Man 2', audio_url: 'https://example.cn/x.mp3' });
		return body;
	};

	test('on (default): one item per track, with trackIndex/trackCount', async () => {
		const items = await accepted(twoTracks());
		expect(items.map((i) => [i.json.trackIndex, i.json.trackCount, i.json.id, i.json.title])).toEqual([
			[0, 2, AUDIO_ID, 'Iron Man'],
			[1, 2, 'second-id', 'Iron Man 2'],
		]);
	});

	test('off: one item per callback with the normalized tracks', async () => {
		const items = await accepted(twoTracks(), { options: { splitTracks: false } });
		expect(items).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'complete',
					status: 'SUCCESS',
					code: 200,
					msg: 'All generated successfully.',
					trackCount: 2,
					tracks: [
						{ ...fullSuccessItem, trackCount: 2 },
						{
							...fullSuccessItem,
							trackIndex: 1,
							trackCount: 2,
							id: 'second-id',
							title: 'Iron Man 2',
							audioUrl: 'https://example.cn/x.mp3',
						},
					],
				},
			},
		]);
	});

	test('off at the text stage: trackCount 0 and no tracks', async () => {
		const items = await accepted(textStageExample(), { ...ALL_EVENTS, options: { splitTracks: false } });
		expect(items).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'text',
					status: 'TEXT_SUCCESS',
					code: 200,
					msg: 'Text generation completed successfully.',
					trackCount: 0,
					tracks: [],
				},
			},
		]);
	});
});

describe('events', () => {
	test.each([
		['text', textStageExample()],
		['first', firstStage()],
	])('default events ignore the %s stage: 200, no execution, nothing recorded', async (stage, body) => {
		const call = await callTrigger({ body, headers: JSON_HEADERS });
		expect(call.error).toBeUndefined();
		expect(call.result).toEqual({ webhookResponse: { received: true, ignored: `stage ${stage} not selected` } });
		expect(call.savedStaticData).toBeUndefined();
	});

	test('an unselected error stage is ignored too', async () => {
		const call = await callTrigger({ body: failure501Example(), headers: JSON_HEADERS }, { parameters: { events: ['complete'] } });
		expect(call.result).toEqual({ webhookResponse: { received: true, ignored: 'stage error not selected' } });
	});

	test('a non-200 code with callbackType complete counts as error', async () => {
		const body = { ...fullSuccessExample(), code: 531, msg: 'Credits refunded, please try again' };
		const items = await accepted(body);
		expect(items).toEqual([
			{
				json: {
					taskId: TASK_ID,
					stage: 'error',
					status: null,
					code: 531,
					msg: 'Credits refunded, please try again',
					error: 'Credits refunded, please try again',
				},
			},
		]);
	});

	test('the body may arrive as text/plain JSON (parsed by the node)', async () => {
		const text = JSON.stringify(fullSuccessExample());
		const call = await callTrigger({ body: text, headers: { 'content-type': 'text/plain' } });
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
	});

	test('application/json with a charset parameter is accepted', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: { 'content-type': 'application/json; charset=utf-8' } });
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
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
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'kie' },
		]);
		const events = description.properties.find((p) => p.name === 'events')!;
		expect(events.type).toBe('multiOptions');
		expect(events.default).toEqual(['complete', 'error']);
		expect(events.options!.map((o) => (o as { value: string }).value).sort()).toEqual(['complete', 'error', 'first', 'text']);
		const options = description.properties.find((p) => p.name === 'options')!;
		const defaults = Object.fromEntries(
			(options.options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]),
		);
		expect(defaults).toEqual({ splitTracks: true, downloadAudio: false, downloadCover: false, ignoreDuplicates: true });
		expect(description.properties.some((p) => p.type === 'notice' && /Production URL/.test(p.displayName))).toBe(true);
	});

	test('webhook methods are trivial', async () => {
		const context = {} as never;
		expect(await webhookMethods.default.checkExists.call(context)).toBe(false);
		expect(await webhookMethods.default.create.call(context)).toBe(true);
		expect(await webhookMethods.default.delete.call(context)).toBe(true);
	});
});
