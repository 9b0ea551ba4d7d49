import type { IDataObject } from 'n8n-workflow';

import type { Stage, TrackContext } from './tracks';
import { normalizeTracks, statusForStage, taskErrorItem, trackFreeItem } from './tracks';

/**
 * Parses the body Kie POSTs to `callBackUrl`. Shared by the trigger and by the action node's
 * `resume` webhook. Anything that is not a Kie music callback is rejected with a reason, never
 * a throw, so a hostile body can only ever earn a 400.
 */

const MAX_TASK_ID_LENGTH = 200;
const MAX_TRACKS = 100;

export interface KieCallback {
	taskId: string;
	/** `text`, `first`, `complete`, or `error` for a failed task. */
	stage: Stage;
	code: number;
	msg: string;
	/** Normalized output items: one per track, or one error / track-free item. */
	items: IDataObject[];
}

export type ParsedCallback = { ok: true; callback: KieCallback } | { ok: false; reason: string };

const KNOWN_STAGES = new Set(['text', 'first', 'complete', 'error', 'failed']);

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reason: string): ParsedCallback {
	return { ok: false, reason };
}

export function parseKieCallback(body: unknown): ParsedCallback {
	if (!isPlainObject(body)) return fail('The body must be a JSON object');
	const code = body.code;
	if (typeof code !== 'number' || !Number.isInteger(code)) {
		return fail('"code" must be an integer');
	}
	if (body.msg !== undefined && body.msg !== null && typeof body.msg !== 'string') {
		return fail('"msg" must be a string');
	}
	const data = body.data;
	if (!isPlainObject(data)) return fail('"data" must be an object');
	const taskId = data.task_id;
	if (typeof taskId !== 'string' || taskId.trim() === '') {
		return fail('"data.task_id" must be a non-empty string');
	}
	if (taskId.length > MAX_TASK_ID_LENGTH || !/^[\w.-]+$/.test(taskId)) {
		return fail('"data.task_id" is not a Kie task id');
	}
	const callbackType = data.callbackType;
	if (typeof callbackType !== 'string' || !KNOWN_STAGES.has(callbackType)) {
		return fail('"data.callbackType" must be one of text, first, complete, error');
	}
	const tracks = data.data;
	if (tracks !== undefined && tracks !== null && !Array.isArray(tracks)) {
		return fail('"data.data" must be an array of tracks');
	}
	if (Array.isArray(tracks)) {
		if (tracks.length > MAX_TRACKS) return fail('"data.data" has too many tracks');
		if (!tracks.every(isPlainObject)) return fail('every entry of "data.data" must be an object');
	}
	if (data.error !== undefined && data.error !== null && typeof data.error !== 'string') {
		return fail('"data.error" must be a string');
	}

	const msg = typeof body.msg === 'string' ? body.msg : '';
	// Kie's prose says `error`, a sister API says `failed`, and some failures only show in `code`.
	const failed = code !== 200 || callbackType === 'error' || callbackType === 'failed';
	if (failed) {
		const error = typeof data.error === 'string' ? data.error : null;
		return {
			ok: true,
			callback: {
				taskId,
				stage: 'error',
				code,
				msg,
				items: [taskErrorItem(taskId, { code, msg: msg || error, error })],
			},
		};
	}

	const stage = callbackType as Stage;
	const context: TrackContext = { taskId, stage, status: statusForStage(stage), code, msg };
	const items = normalizeTracks(tracks ?? [], context);
	return {
		ok: true,
		callback: { taskId, stage, code, msg, items: items.length > 0 ? items : [trackFreeItem(context)] },
	};
}
