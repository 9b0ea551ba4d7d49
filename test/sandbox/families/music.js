'use strict';
/*
 * Music family of the Kie SANDBOX (local test double, not Kie): two tracks per task, stages
 * text -> first -> complete (or error), details GET /api/v1/generate/record-info with camelCase
 * `response.sunoData`, callbacks with snake_case `data.data[]` (BASE §3-4, family ref §4).
 * Sandbox choices: every track carries the source_* URLs (Kie shows them for upload-* only);
 * modelName is options.modelName whatever the model; duration is options.trackDurationS.
 */

const crypto = require('crypto');
const { formatDateTime } = require('../util');
const { OPERATIONS } = require('./musicOperations');
const { statusValue, applyCase } = require('./common');

const STAGE_STATUS = { text: 'TEXT_SUCCESS', first: 'FIRST_SUCCESS', complete: 'SUCCESS' };
const STAGE_MSG = {
	text: 'Text generation completed successfully.',
	first: 'First track generated successfully.',
	complete: 'All generated successfully.',
};
const FAILURE_STATUSES = ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'CALLBACK_EXCEPTION', 'SENSITIVE_WORD_ERROR'];

/*
 * Failure details per status. Kie documents one failure callback example (code 501, "Audio generation
 * failed.", error "Generation failed due to technical issues"); GENERATE_AUDIO_FAILED uses exactly that.
 * The others reuse the shape with codes from Kie's callback code table. `after` = last stage before the error.
 */
const FAILURE_DEFAULTS = {
	GENERATE_AUDIO_FAILED: { code: 501, msg: 'Audio generation failed.', error: 'Generation failed due to technical issues', after: 'text' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed', after: 'create' },
	SENSITIVE_WORD_ERROR: { code: 400, msg: 'Content contains sensitive words.', error: 'Sensitive word detected in the request', after: 'create' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process', after: 'first' },
};

function toSnakeTrack(t) {
	return {
		id: t.id,
		audio_url: t.audioUrl,
		source_audio_url: t.sourceAudioUrl,
		stream_audio_url: t.streamAudioUrl,
		source_stream_audio_url: t.sourceStreamAudioUrl,
		image_url: t.imageUrl,
		source_image_url: t.sourceImageUrl,
		prompt: t.prompt,
		model_name: t.modelName,
		title: t.title,
		tags: t.tags,
		createTime: t.createTime,
		duration: t.duration,
	};
}

/** The jobs route's song shape (family ref §12). */
function toJobsSong(t) {
	return { id: t.id, title: t.title, duration: t.duration, audio_url: t.audioUrl, stream_audio_url: t.streamAudioUrl, image_url: t.imageUrl, model_name: t.modelName, prompt: t.prompt, tags: t.tags, createTime: t.createTime };
}

/** Lyrics-like text for a description-mode (non-custom) song, from its prompt. */
function writtenLyrics(idea) {
	const words = String(idea || 'a song').split(/\s+/).filter(Boolean).slice(0, 8);
	return `[Verse]\n${words.join(' ')}\n[Chorus]\n${words.slice(0, 4).join(' ')}, oh ${words[words.length - 1] || 'yeah'}`;
}

function sourceTrack(sb, p) {
	if (!p.audioId) return null;
	if (p.taskId) return sb._findTrack(p.taskId, p.audioId);
	const found = sb._findTrackAnywhere(p.audioId);
	return found ? found.track : null;
}

function trackText(sb, task) {
	const p = task.params;
	const src = sourceTrack(sb, p);
	switch (task.kind) {
		case 'add-vocals':
			return { prompt: p.prompt || '', tags: p.style, title: p.title };
		case 'add-instrumental':
			return { prompt: '', tags: p.tags, title: p.title };
		case 'replace-section':
			return { prompt: p.fullLyrics || p.prompt, tags: p.tags, title: p.title };
		case 'extend':
		case 'upload-extend':
			return { prompt: p.prompt || (src && src.prompt) || '', tags: p.style || (src && src.tags) || '', title: p.title || (src ? `${src.title} (extended)` : 'Sandbox Extension') };
		default: {
			const lyrics = p.instrumental === true ? '' : p.customMode === true ? p.prompt : writtenLyrics(p.prompt);
			return { prompt: lyrics || '', tags: p.style || '', title: p.title || 'Sandbox Song' };
		}
	}
}

/** Creates task.tracks (camelCase, all of them; visibleTracks says how many are shown). */
function buildResult(sb, task, urlFor) {
	const o = sb.options;
	const n = Math.max(1, Number(o.tracksPerTask) || 1);
	const text = trackText(sb, task);
	const duration = Number(o.trackDurationS) || 0;
	task.tracks = [];
	for (let i = 1; i <= n; i++) {
		const ct = task.createdAt + i * 1000;
		const seed = `${task.taskId}/${i}`;
		task.tracks.push({
			id: crypto.randomUUID(),
			audioUrl: urlFor(`${i}.mp3`, { type: 'mp3', seed }),
			streamAudioUrl: urlFor(`stream/${i}`, { type: 'mp3', seed, chunked: true }),
			imageUrl: urlFor(`${i}.jpeg`, { type: 'jpeg', seed }),
			sourceAudioUrl: urlFor(`source/${i}.mp3`, { type: 'mp3', seed: `${seed}/source` }),
			sourceStreamAudioUrl: urlFor(`stream/${i}?source=1`, { type: 'mp3', seed: `${seed}/source`, chunked: true }),
			sourceImageUrl: urlFor(`source/${i}.jpeg`, { type: 'jpeg', seed: `${seed}/source` }),
			prompt: text.prompt,
			modelName: o.modelName,
			title: text.title,
			tags: text.tags,
			createTime: task.createTimeFormat === 'ms' ? ct : formatDateTime(ct),
			duration,
		});
	}
	task.visibleTracks = 0;
}

/** Kie accepts these at submit and fails them later (family ref §1); null = no problem. */
function laterFailure(sb, task) {
	if (!sb.options.sourceChecks) return null;
	const p = task.params;
	if (task.kind !== 'extend' && task.kind !== 'replace-section') return null;
	const found = sb._findTrackAnywhere(p.audioId);
	if (!found || (task.kind === 'replace-section' && found.task.taskId !== p.taskId)) return 'The source audio does not exist';
	if (task.kind === 'extend' && found.task.model && p.model && found.task.model !== p.model) return "Model version must match the source audio's model version";
	return null;
}

function visibleTracks(task) {
	return task.tracks.slice(0, task.visibleTracks);
}

function detailsData(sb, task) {
	const created = task.status === 'PENDING' || (task.outcome && task.outcome.after === 'create' && !task.resultVisible && task.finished && task.outcome.final === 'error');
	return {
		taskId: task.taskId,
		parentMusicId: task.kind === 'extend' ? task.params.audioId || '' : '',
		param: JSON.stringify(task.body),
		response: { taskId: task.taskId, sunoData: created ? null : visibleTracks(task).map((t) => Object.assign({}, t)) },
		status: statusValue(task, 'string'),
		type: 'GENERATE',
		operationType: task.operationType,
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	const cbCase = task.drift && task.drift.callback && task.drift.callback.callbackTypeCase;
	if (stage === 'error') {
		const oc = task.outcome;
		if (oc.shape === 'S') return { code: 400, msg: 'Generation failed', data: { callbackType: applyCase('error', cbCase), task_id: task.taskId, data: null } };
		return { code: oc.code, msg: oc.msg, data: { callbackType: applyCase('error', cbCase), task_id: task.taskId, error: oc.error } };
	}
	return { code: 200, msg: STAGE_MSG[stage], data: { callbackType: applyCase(stage, cbCase), task_id: task.taskId, data: visibleTracks(task).map(toSnakeTrack) } };
}

function jobsResult(sb, task) {
	return { data: visibleTracks(task).map(toJobsSong) };
}

/** How many tracks a stage shows. */
function visibleAt(task, stage) {
	return stage === 'text' ? 0 : stage === 'first' ? 1 : task.tracks.length;
}

module.exports = {
	name: 'music',
	detailsPath: '/api/v1/generate/record-info',
	operations: OPERATIONS,
	stages: ['text', 'first', 'complete'],
	stageStatus: STAGE_STATUS,
	failureStatuses: FAILURE_STATUSES,
	defaultFailure: 'GENERATE_AUDIO_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.creditsPerTask || 0),
	defaultModel: (op) => (op.kind === 'add-vocals' || op.kind === 'add-instrumental' ? 'V4_5PLUS' : undefined),
	buildResult,
	laterFailure,
	detailsData,
	callbackBody,
	jobsResult,
	visibleAt,
	toSnakeTrack,
};
