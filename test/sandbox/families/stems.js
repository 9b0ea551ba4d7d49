'use strict';
/*
 * Stems family (vocal & stem separation) of the Kie SANDBOX (local test double, not Kie), family ref §8:
 *   POST /api/v1/vocal-removal/generate {taskId, audioId, type?, stemName? (split_stem_advanced only), callBackUrl}
 *   jobs ai-music-api/separate-vocals. Details GET /api/v1/vocal-removal/record-info (successFlag string,
 *   times in ms, `response` with every <stem>Url and originData[]). Callback data.vocal_separation_info
 *   (docs.kie.ai EN) or data.vocal_removal_info (CN, dog-test): knob stemsCallbackKey.
 *   separate_vocal fills vocal + instrumental; split_stem fills the instrument stems (+ pianoUrl in details only);
 *   split_stem_advanced: callback origin_data[{extract, remove}] as [3P] apicity types it.
 * Sandbox choices: originData ids are stable per task and usable as MIDI audioId; jobs input is read as
 * {task_id, audio_id} or {audio_url} with stem_name only for the advanced type (knob jobsSeparateVocals
 * 'registry' requires stem_name always, as the 2026-10-07 registry lists); the jobs resultJson has no public
 * evidence: {"resultObject": <details response>} (knob jobsResultShapes.stems 'resultUrls').
 */

const { statusValue, musicTrackOrError, failureData } = require('./common');
const { seededUuid } = require('../util');
const { STEM_NAMES } = require('./stemNames');

const FAILURE_DEFAULTS = {
	GENERATE_AUDIO_FAILED: { code: 501, msg: 'Vocal separation failed.', error: 'Generation failed due to technical issues' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process' },
};

/** [name, snake callback key, camel details key, group name]; piano appears in details only (family ref §8). */
const SPLIT_STEMS = [
	['vocal', 'vocal_url', 'vocalUrl', 'Vocals'],
	['backing_vocals', 'backing_vocals_url', 'backingVocalsUrl', 'Backing Vocals'],
	['drums', 'drums_url', 'drumsUrl', 'Drums'],
	['bass', 'bass_url', 'bassUrl', 'Bass'],
	['guitar', 'guitar_url', 'guitarUrl', 'Guitar'],
	['keyboard', 'keyboard_url', 'keyboardUrl', 'Keyboard'],
	['percussion', 'percussion_url', 'percussionUrl', 'Percussion'],
	['strings', 'strings_url', 'stringsUrl', 'Strings'],
	['synth', 'synth_url', 'synthUrl', 'Synth'],
	['fx', 'fx_url', 'fxUrl', 'FX'],
	['brass', 'brass_url', 'brassUrl', 'Brass'],
	['woodwinds', 'woodwinds_url', 'woodwindsUrl', 'Woodwinds'],
	['piano', null, 'pianoUrl', 'Piano'],
];
const VOCAL_STEMS = [
	['vocal', 'vocal_url', 'vocalUrl', 'Vocals'],
	['instrumental', 'instrumental_url', 'instrumentalUrl', 'Instrumental'],
];
const DETAIL_KEYS = ['instrumentalUrl', 'vocalUrl', 'backingVocalsUrl', 'drumsUrl', 'bassUrl', 'guitarUrl', 'pianoUrl', 'keyboardUrl', 'percussionUrl', 'stringsUrl', 'synthUrl', 'fxUrl', 'brassUrl', 'woodwindsUrl'];
const TYPES = ['separate_vocal', 'split_stem', 'split_stem_advanced'];

const OPERATIONS = [
	{
		kind: 'vocal-removal',
		family: 'stems',
		path: '/api/v1/vocal-removal/generate',
		jobsModel: 'separate-vocals',
		operationType: 'vocal_removal',
		fields: { taskId: 'id', audioId: 'id', type: { enum: TYPES }, stemName: { enum: STEM_NAMES }, callBackUrl: 'url' },
		jobsFields: { audioUrl: 'url' },
		required: ['taskId', 'audioId', 'callBackUrl'],
		jobsRequired: [],
		check(p, c) {
			if (c.route === 'jobs') {
				if (c.sb.options.jobsSeparateVocals === 'registry') {
					const e = c.required('stemName');
					if (e) return e;
				}
				if (!p.audioUrl && (!p.taskId || !p.audioId)) return c.fail('task_id and audio_id (or audio_url) are required');
			}
			return p.type === 'split_stem_advanced' ? c.required('stemName') : null;
		},
		source(sb, p) {
			if (!p.taskId && p.audioUrl) return { source: { audioUrl: p.audioUrl, musicIndex: 0, duration: Number(sb.options.trackDurationS) || 0 } };
			const r = musicTrackOrError(sb, p.taskId, p.audioId);
			if (r.error) return r;
			return { source: { taskId: r.task.taskId, audioId: p.audioId, musicIndex: r.index, duration: r.track.duration } };
		},
	},
];

function buildResult(sb, task, urlFor) {
	const type = task.params.type || 'separate_vocal';
	const duration = (task.source && task.source.duration) || Number(sb.options.trackDurationS) || 0;
	const stem = ([name, cbKey, detailsKey, group]) => ({
		name,
		cbKey,
		detailsKey,
		group,
		id: seededUuid(`${task.taskId}/${name}`),
		url: urlFor(`${name}.mp3`, { type: 'mp3', seed: `${task.taskId}/stem/${name}`, sizeOption: 'stemBytes' }),
		duration,
	});
	let stems;
	if (type === 'split_stem') stems = SPLIT_STEMS.map(stem);
	else if (type === 'split_stem_advanced') {
		const name = task.params.stemName || 'Piano';
		stems = [stem(['extract', null, null, name]), stem(['remove', null, null, `No ${name}`])];
	} else stems = VOCAL_STEMS.map(stem);
	task.result = { type, stems };
	if (sb.options.midiEmptyForSplitStem) task.result.midiEmpty = type === 'split_stem';
}

const originEntry = (s) => ({ duration: s.duration, audio_url: s.url, stem_type_group_name: s.group, id: s.id });

function detailsData(sb, task) {
	let response = null;
	if (task.resultVisible) {
		response = { id: null, originUrl: null, originData: task.result.stems.map(originEntry) };
		for (const k of DETAIL_KEYS) response[k] = null;
		for (const s of task.result.stems) if (s.detailsKey) response[s.detailsKey] = s.url;
	}
	const src = task.source || {};
	return {
		taskId: task.taskId,
		musicId: task.params.audioId || null,
		callbackUrl: task.callBackUrl || '',
		musicIndex: src.musicIndex || 0,
		completeTime: task.completedAt || null,
		response,
		successFlag: statusValue(task, 'string'),
		createTime: task.createdAt,
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	const removal = sb.options.stemsCallbackKey === 'vocal_removal_info';
	const key = removal ? 'vocal_removal_info' : 'vocal_separation_info';
	if (stage === 'error') return { code: task.outcome.code, msg: task.outcome.msg, data: failureData(sb, task, 'task_id', key) };
	let info;
	if (task.result.type === 'split_stem_advanced') {
		const [extract, remove] = task.result.stems;
		info = { origin_data: [{ extract: originEntry(extract), remove: originEntry(remove) }] };
	} else {
		info = { origin_url: '' };
		for (const s of task.result.stems) if (s.cbKey) info[s.cbKey] = s.url;
	}
	return { code: 200, msg: removal ? 'vocal Removal generated successfully.' : 'vocal separation generated successfully.', data: { task_id: task.taskId, [key]: info } };
}

function jobsResult(sb, task) {
	const shape = (sb.options.jobsResultShapes || {}).stems;
	if (shape === 'resultUrls') return { resultUrls: task.result.stems.map((s) => s.url) };
	return { resultObject: detailsData(sb, task).response };
}

module.exports = {
	name: 'stems',
	detailsPath: '/api/v1/vocal-removal/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_AUDIO_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb, p) => Number((p.type === 'split_stem' ? sb.options.familyCredits.stemsSplit : sb.options.familyCredits.stems) || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult,
};
