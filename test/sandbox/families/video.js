'use strict';
/*
 * Video family (music video) of the Kie SANDBOX (local test double, not Kie), family ref §10:
 *   POST /api/v1/mp4/generate {taskId, audioId, callBackUrl, author? <= 50, domainName? <= 50};
 *   jobs ai-music-api/create-music-video (audio_id, task_id). Unknown task/track -> 422 "Record does not exist".
 *   Details GET /api/v1/mp4/record-info: successFlag string, times in ms, response.videoUrl ([S] values).
 *   Callback {code:200, msg:'MP4 generated successfully.', data:{task_id, video_url}}; jobs resultJson {"resultUrls":[mp4]}.
 * The file starts with an `ftyp` box (options.videoBytes bytes).
 */

const { statusValue, musicTrackOrError, failureData } = require('./common');

const FAILURE_DEFAULTS = {
	GENERATE_MP4_FAILED: { code: 501, msg: 'MP4 generation failed.', error: 'MP4 generation failed' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process' },
};

const OPERATIONS = [
	{
		kind: 'mp4',
		family: 'video',
		path: '/api/v1/mp4/generate',
		jobsModel: 'create-music-video',
		operationType: 'mp4',
		fields: { taskId: 'id', audioId: 'id', callBackUrl: 'url', author: { type: 'string', max: 50 }, domainName: { type: 'string', max: 50 } },
		required: ['taskId', 'audioId', 'callBackUrl'],
		jobsRequired: ['audio_id', 'task_id'],
		source(sb, p) {
			const r = musicTrackOrError(sb, p.taskId, p.audioId);
			return r.error ? r : { source: { taskId: r.task.taskId, audioId: p.audioId, musicIndex: r.index } };
		},
	},
];

function buildResult(sb, task, urlFor) {
	task.result = { videoUrl: urlFor('video.mp4', { type: 'mp4', seed: task.taskId, sizeOption: 'videoBytes' }) };
}

function detailsData(sb, task) {
	const src = task.source || {};
	return {
		taskId: task.taskId,
		musicId: task.params.audioId,
		callbackUrl: task.callBackUrl || '',
		musicIndex: src.musicIndex || 0,
		completeTime: task.completedAt || null,
		response: task.resultVisible ? { videoUrl: task.result.videoUrl } : null,
		successFlag: statusValue(task, 'string'),
		createTime: task.createdAt,
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	if (stage === 'error') return { code: task.outcome.code, msg: task.outcome.msg, data: failureData(sb, task, 'task_id', 'video_url') };
	return { code: 200, msg: 'MP4 generated successfully.', data: { task_id: task.taskId, video_url: task.result.videoUrl } };
}

module.exports = {
	name: 'video',
	detailsPath: '/api/v1/mp4/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_MP4_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.familyCredits.video || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult: (sb, task) => ({ resultUrls: [task.result.videoUrl] }),
};
