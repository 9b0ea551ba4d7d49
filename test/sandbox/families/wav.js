'use strict';
/*
 * WAV family of the Kie SANDBOX (local test double, not Kie), family ref §7:
 *   POST /api/v1/wav/generate {taskId, audioId, callBackUrl}; jobs ai-music-api/convert-to-wav-format (audio_id, task_id).
 *   Unknown task/track -> {code:422,"Record does not exist"}; a second WAV of the same track ->
 *   {code:409, msg:"WAV record already exists", data:"<earlier wav taskId>"} (zh-CN schema).
 *   Details `successFlag` string (knob wavStatusKey 'status', as docs.kie.ai/cn names it), times as
 *   "YYYY-MM-DD HH:mm:ss"; callback {code:200,msg:'success',data:{audioWavUrl|audio_wav_url, task_id}}
 *   (knob wavCallbackKey); jobs resultJson {"resultUrls":[wav]}.
 * The file is a real RIFF/WAVE (PCM 16-bit stereo 44.1 kHz) of about options.wavBytes bytes.
 */

const { statusValue, musicTrackOrError, failureData } = require('./common');
const { formatDateTime } = require('../util');
const { wavSize } = require('../generators');

const FAILURE_DEFAULTS = {
	GENERATE_WAV_FAILED: { code: 501, msg: 'WAV generation failed.', error: 'WAV generation failed' },
	GENERATE_AUDIO_FAILED: { code: 501, msg: 'Audio generation failed.', error: 'Generation failed due to technical issues' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process' },
};

const OPERATIONS = [
	{
		kind: 'wav',
		family: 'wav',
		path: '/api/v1/wav/generate',
		jobsModel: 'convert-to-wav-format',
		operationType: 'wav',
		fields: { taskId: 'id', audioId: 'id', callBackUrl: 'url' },
		required: ['taskId', 'audioId', 'callBackUrl'],
		jobsRequired: ['audio_id', 'task_id'],
		source(sb, p) {
			const r = musicTrackOrError(sb, p.taskId, p.audioId);
			if (r.error) return r;
			const earlier = Array.from(sb.tasks.values()).find((t) => t.family === 'wav' && t.params.audioId === p.audioId && !(t.finished && t.outcome && t.outcome.final === 'error'));
			if (earlier) return { error: { code: 409, msg: 'WAV record already exists', data: earlier.taskId } };
			return { source: { taskId: r.task.taskId, audioId: p.audioId, musicIndex: r.index } };
		},
	},
];

function buildResult(sb, task, urlFor) {
	task.result = { wavUrl: urlFor('audio.wav', { type: 'wav', seed: task.taskId, size: wavSize(Number(sb.options.wavBytes) || 0) }) };
}

function detailsData(sb, task) {
	const statusKey = sb.options.wavStatusKey === 'status' ? 'status' : 'successFlag';
	const src = task.source || {};
	return {
		taskId: task.taskId,
		musicId: task.params.audioId,
		callbackUrl: task.callBackUrl || '',
		musicIndex: src.musicIndex || 0,
		completeTime: task.completedAt ? formatDateTime(task.completedAt) : null,
		response: task.resultVisible ? { audioWavUrl: task.result.wavUrl } : null,
		[statusKey]: statusValue(task, 'string'),
		createTime: formatDateTime(task.createdAt),
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	const key = sb.options.wavCallbackKey === 'audio_wav_url' ? 'audio_wav_url' : 'audioWavUrl';
	if (stage === 'error') return { code: task.outcome.code, msg: task.outcome.msg, data: failureData(sb, task, 'task_id', key) };
	return { code: 200, msg: 'success', data: { [key]: task.result.wavUrl, task_id: task.taskId } };
}

module.exports = {
	name: 'wav',
	detailsPath: '/api/v1/wav/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_WAV_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.familyCredits.wav || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult: (sb, task) => ({ resultUrls: [task.result.wavUrl] }),
};
