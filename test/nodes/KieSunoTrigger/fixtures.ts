/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Kie's documented callback examples (shared/reference/kie-suno-api.md §3). Kie's docs mask the
 * ids with "****"; a real task id is hex, so the masked characters are filled in here
 * (the trigger rejects task ids outside [A-Za-z0-9_.-]).
 */
import { createHmac } from 'crypto';

export const TASK_ID = '2fac5e0b1c2d9f72';
export const AUDIO_ID = 'e2314b7a-0c1d-4e2f-9a3b-5c6d8cadc7dc';

/** "Full success example (Kie, Music Generation Callbacks page, newest version)". */
export function fullSuccessExample() {
	return {
		code: 200,
		msg: 'All generated successfully.',
		data: {
			callbackType: 'complete',
			task_id: TASK_ID,
			data: [
				{
					id: AUDIO_ID,
					audio_url: 'https://example.cn/a1b2.mp3',
					stream_audio_url: 'https://example.cn/a1b2',
					image_url: 'https://example.cn/a1b2.jpeg',
					prompt: '[Verse] Night city lights shining bright',
					model_name: 'chirp-v4-5',
					title: 'Iron Man',
					createTime: 1786343609818,
					duration: 198.44,
					tags: 'electrifying, rock',
					source_audio_url: 'https://example.cn/a1b2.jpeg',
					source_image_url: 'https://example.cn/a1b2.mp3',
					source_stream_audio_url: 'https://example.cn/a1b2',
				},
			],
		},
	};
}

/** "Add-vocals callback example" (dog-test.kie.ai cn/suno-api/add-vocals-callbacks-cn): string createTime. */
export function addVocalsExample() {
	return {
		code: 200,
		msg: 'All generated successfully.',
		data: {
			callbackType: 'complete',
			task_id: TASK_ID,
			data: [
				{
					id: AUDIO_ID,
					audio_url: 'https://example.cn/c3d4.mp3',
					stream_audio_url: 'https://example.cn/c3d4',
					image_url: 'https://example.cn/c3d4.jpeg',
					prompt: '[Verse] 夜晚城市 灯火辉煌',
					model_name: 'chirp-v4-5',
					title: '钢铁侠',
					createTime: '2025-01-01 00:00:00',
					duration: 198.44,
				},
			],
		},
	};
}

/** Kie's failure example (replace-section callbacks): code 501 with `data.error`. */
export function failure501Example() {
	return {
		code: 501,
		msg: 'Audio generation failed.',
		data: { callbackType: 'error', task_id: TASK_ID, error: 'Generation failed due to technical issues' },
	};
}

/** [S]'s failure shape: code 400, `data.data: null`. */
export function failure400SExample() {
	return { code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: TASK_ID, data: null } };
}

/** [S] (api.box) text-stage example: `data.data: []`. */
export function textStageExample() {
	return {
		code: 200,
		msg: 'Text generation completed successfully.',
		data: { callbackType: 'text', task_id: TASK_ID, data: [] },
	};
}

export function firstStage(taskId = TASK_ID) {
	const body = fullSuccessExample();
	body.msg = 'First track completed.';
	body.data.callbackType = 'first';
	body.data.task_id = taskId;
	return body;
}

export function completeFor(taskId: string) {
	const body = fullSuccessExample();
	body.data.task_id = taskId;
	return body;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

export function signedHeaders(taskId: string, hmacKey: string, timestampSeconds = Math.floor(Date.now() / 1000)) {
	const ts = String(timestampSeconds);
	return {
		...JSON_HEADERS,
		'x-webhook-timestamp': ts,
		'x-webhook-signature': createHmac('sha256', hmacKey).update(`${taskId}.${ts}`).digest('base64'),
	};
}

/**
 * The item of the full success example's track (stage complete) as a trigger WITHOUT a credential
 * passes it on: nothing is confirmed, so `verified: false`.
 */
export const fullSuccessItem = {
	taskId: TASK_ID,
	taskType: 'music',
	apiRoute: 'perOperation',
	stage: 'complete',
	status: 'SUCCESS',
	code: 200,
	msg: 'All generated successfully.',
	trackIndex: 0,
	trackCount: 1,
	id: AUDIO_ID,
	audioUrl: 'https://example.cn/a1b2.mp3',
	streamAudioUrl: 'https://example.cn/a1b2',
	imageUrl: 'https://example.cn/a1b2.jpeg',
	title: 'Iron Man',
	tags: 'electrifying, rock',
	prompt: '[Verse] Night city lights shining bright',
	modelName: 'chirp-v4-5',
	duration: 198.44,
	createTime: '2026-08-10T06:33:29.818Z',
	verified: false,
};
