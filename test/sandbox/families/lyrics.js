'use strict';
/*
 * Lyrics family of the Kie SANDBOX (local test double, not Kie), family ref §6:
 *   POST /api/v1/lyrics {prompt <= 200, callBackUrl}; jobs model ai-music-api/generate-lyrics (prompt).
 *   Details GET /api/v1/lyrics/record-info: `status` + `response.lyricsData` (docs.kie.ai EN) or
 *   `response.data` (CN / dog-test): knob lyricsDetailsKey. One callback, callbackType complete|error,
 *   task id in `data.task_id` ([K]) or `data.taskId` ([S]): knob lyricsCallbackTaskIdKey.
 *   Jobs resultJson {"resultObject":{"lyricsData":[...]}} ([3P] live).
 * Sandbox choices: two variants (knob lyricsVariants), text derived from the prompt; a failure callback is
 * [S]'s shape {code, msg, data:{callbackType:'error', task_id, data:null}}.
 */

const { statusValue, applyCase } = require('./common');
const { seededRandom } = require('../util');

const FAILURE_DEFAULTS = {
	GENERATE_LYRICS_FAILED: { code: 501, msg: 'Lyrics generation failed.', error: 'Lyrics generation failed' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
	SENSITIVE_WORD_ERROR: { code: 400, msg: 'Content contains sensitive words.', error: 'Sensitive word detected in the request' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process' },
};

const OPERATIONS = [
	{
		kind: 'lyrics',
		family: 'lyrics',
		path: '/api/v1/lyrics',
		jobsModel: 'generate-lyrics',
		operationType: 'lyrics',
		fields: { prompt: { type: 'string', max: 200 }, callBackUrl: 'url' },
		required: ['prompt', 'callBackUrl'],
		jobsRequired: ['prompt'],
	},
];

const IMAGES = ['Moonlight spreads across the windowsill', 'Streetlights hum a quiet tune', 'Old swings creak in the summer breeze', 'We ran until the stars came out'];

function buildResult(sb, task) {
	const rnd = seededRandom(`lyrics:${task.taskId}`);
	const words = String(task.params.prompt || '').split(/\s+/).filter(Boolean);
	const title = words.slice(0, 3).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') || 'Untitled';
	const n = Math.max(1, Number(sb.options.lyricsVariants) || 1);
	task.result = {
		variants: Array.from({ length: n }, (_, i) => {
			const line = IMAGES[Math.floor(rnd() * IMAGES.length)];
			return { text: `[Verse]\n${line}\n${words.join(' ')}\n[Chorus]\n${title}, variant ${i + 1}`, title, status: 'complete', errorMessage: '' };
		}),
	};
}

function detailsData(sb, task) {
	const key = sb.options.lyricsDetailsKey === 'data' ? 'data' : 'lyricsData';
	return {
		taskId: task.taskId,
		param: JSON.stringify(task.body),
		response: { taskId: task.taskId, [key]: task.resultVisible ? task.result.variants.map((v) => Object.assign({}, v)) : null },
		status: statusValue(task, 'string'),
		type: 'LYRICS',
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	const idKey = sb.options.lyricsCallbackTaskIdKey === 'taskId' ? 'taskId' : 'task_id';
	const cbCase = task.drift && task.drift.callback && task.drift.callback.callbackTypeCase;
	if (stage === 'error') return { code: task.outcome.code, msg: task.outcome.msg, data: { callbackType: applyCase('error', cbCase), [idKey]: task.taskId, data: null } };
	const data = task.result.variants.map((v) => ({ error_message: v.errorMessage, status: v.status, text: v.text, title: v.title }));
	return { code: 200, msg: 'All generated successfully.', data: { callbackType: applyCase('complete', cbCase), [idKey]: task.taskId, data } };
}

function jobsResult(sb, task) {
	return { resultObject: { lyricsData: task.result.variants.map((v) => Object.assign({}, v)) } };
}

module.exports = {
	name: 'lyrics',
	detailsPath: '/api/v1/lyrics/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_LYRICS_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.familyCredits.lyrics || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult,
};
