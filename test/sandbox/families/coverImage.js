'use strict';
/*
 * Cover image family of the Kie SANDBOX (local test double, not Kie), family ref §5.1:
 *   POST /api/v1/suno/cover/generate {taskId (a finished music task), callBackUrl}; jobs ai-music-api/cover-generate.
 *   Once per music task: a repeat gets {code:400, msg, data:{taskId:<existing>}} (EN), or with knob
 *   coverRepeat '409' {code:409, msg:'Cover record already exists', data:{taskId}} (CN code list).
 *   Details GET /api/v1/suno/cover/record-info: integer successFlag 0 pending / 2 generating / 1 success /
 *   3 failed ([S] vocabulary), ISO times, response.images, errorCode 200 + errorMessage '' on success ([K] example).
 *   Callback {code:200, msg:'success', data:{taskId (camelCase), images}}, no callbackType.
 * Two PNG images per task. The jobs resultJson has no public evidence: {"resultUrls":[...]} (knob jobsResultShapes.coverImage 'images').
 */

const { statusValue, INT_FLAGS, RECORD_MISSING, SOURCE_NOT_READY, failureData, isoTime } = require('./common');

const FAILURE_DEFAULTS = {
	GENERATE_COVER_FAILED: { code: 501, msg: 'Cover generation failed.', error: 'Cover generation failed' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
};

const OPERATIONS = [
	{
		kind: 'cover',
		family: 'coverImage',
		path: '/api/v1/suno/cover/generate',
		jobsModel: 'cover-generate',
		operationType: 'cover',
		fields: { taskId: 'id', callBackUrl: 'url' },
		required: ['taskId', 'callBackUrl'],
		jobsRequired: ['task_id'],
		source(sb, p) {
			const music = sb.tasks.get(p.taskId);
			if (!music || music.family !== 'music') return { error: RECORD_MISSING };
			if (!music.finished) return { error: SOURCE_NOT_READY };
			if (music.status !== 'SUCCESS') return { error: RECORD_MISSING };
			const earlier = Array.from(sb.tasks.values()).find((t) => t.family === 'coverImage' && t.params.taskId === p.taskId && !(t.finished && t.outcome && t.outcome.final === 'error'));
			if (earlier) {
				return sb.options.coverRepeat === '409'
					? { error: { code: 409, msg: 'Cover record already exists', data: { taskId: earlier.taskId } } }
					: { error: { code: 400, msg: 'Cover already generated for this task', data: { taskId: earlier.taskId } } };
			}
			return { source: { taskId: music.taskId } };
		},
	},
];

function buildResult(sb, task, urlFor) {
	const n = Math.max(1, Number(sb.options.coverImagesPerTask) || 1);
	task.result = { images: Array.from({ length: n }, (_, i) => urlFor(`${i + 1}.png`, { type: 'png', seed: `${task.taskId}/${i + 1}` })) };
}

/** Pending shows 0 in the first half of the wait and 2 ("generating") in the second. */
function currentWord(task) {
	if (task.status !== 'PENDING') return task.status;
	const due = task.timeline.length ? task.timeline[task.timeline.length - 1].dueAt : task.createdAt;
	return Date.now() >= task.createdAt + (due - task.createdAt) / 2 ? 'GENERATING' : 'PENDING';
}

function detailsData(sb, task) {
	const ok = task.finished && task.resultVisible && !(task.outcome && task.outcome.final === 'error');
	return {
		taskId: task.taskId,
		parentTaskId: task.params.taskId,
		callbackUrl: task.callBackUrl || '',
		completeTime: isoTime(task.completedAt),
		response: task.resultVisible ? { images: task.result.images.slice() } : null,
		successFlag: statusValue(task, 'int', INT_FLAGS.coverImage, currentWord(task)),
		createTime: isoTime(task.createdAt),
		errorCode: ok ? 200 : task.errorCode,
		errorMessage: ok ? '' : task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	if (stage === 'error') return { code: task.outcome.code, msg: task.outcome.msg, data: failureData(sb, task, 'taskId', 'images') };
	return { code: 200, msg: 'success', data: { taskId: task.taskId, images: task.result.images.slice() } };
}

function jobsResult(sb, task) {
	return (sb.options.jobsResultShapes || {}).coverImage === 'images' ? { images: task.result.images.slice() } : { resultUrls: task.result.images.slice() };
}

module.exports = {
	name: 'coverImage',
	detailsPath: '/api/v1/suno/cover/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_COVER_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.familyCredits.coverImage || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult,
};
