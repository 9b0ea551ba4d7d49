'use strict';
/*
 * Answers of Kie's unified jobs route in the Kie SANDBOX (local test double, not Kie), BASE §10 + family ref §12:
 *   GET /api/v1/jobs/recordInfo data: {taskId, model, state, param (JSON string of the request), resultJson
 *   (JSON string), failCode, failMsg, creditsConsumed, costTime, createTime, updateTime, completeTime}.
 *   state: waiting -> queuing -> generating (by elapsed share of the wait; music: generating from the text
 *   stage) -> success | fail. Forced non-failure words show as the state as given (or outcome.jobsState).
 *   Callback (shape UNCERTAIN, knob jobsCallbackShape):
 *     'minimal' (default, BASE §10): {taskId, code, msg:'Success', data:{task_id, callbackType:'complete'|'error'}}
 *     'recordInfo': {code, msg, data: <recordInfo data>}   (how Kie's other jobs models call back)
 *     'perOperation': the family's per-operation body, every stage
 *   'minimal' and 'recordInfo' send the terminal callback only.
 * Sandbox choices: resultJson, failCode and failMsg are '' until they apply; creditsConsumed and costTime
 * are null until the end, creditsConsumed 0 on failure ([3P]: failed jobs are refunded; the sandbox's
 * balance is not refunded); failMsg is the outcome's error text, failCode its code as a string.
 */

const { FAMILIES } = require('./families');
const { applyCase } = require('./families/common');
const { driftValue } = require('./drift');

function failed(task) {
	return task.finished && task.outcome && task.outcome.final === 'error';
}

function jobsState(task) {
	let state;
	if (task.finished) {
		const oc = task.outcome;
		if (!oc || oc.status === 'SUCCESS') state = 'success';
		else if (oc.jobsState) state = oc.jobsState;
		else state = oc.final === 'error' ? 'fail' : String(oc.status);
	} else if (task.stages.text) state = 'generating';
	else {
		const due = task.timeline.length ? task.timeline[0].dueAt : task.createdAt;
		const share = due > task.createdAt ? (Date.now() - task.createdAt) / (due - task.createdAt) : 1;
		state = share < 1 / 3 ? 'waiting' : share < 2 / 3 ? 'queuing' : 'generating';
	}
	return applyCase(state, task.drift && task.drift.details && task.drift.details.statusCase);
}

function recordInfoData(sb, task) {
	const family = FAMILIES[task.family];
	const isFail = failed(task);
	const oc = task.outcome || {};
	const reached = Object.values(task.stages);
	return {
		taskId: task.taskId,
		model: task.jobsModel,
		state: jobsState(task),
		param: JSON.stringify(task.body),
		resultJson: task.finished && task.resultVisible ? JSON.stringify(driftValue(task, family.jobsResult(sb, task))) : '',
		failCode: isFail ? (oc.failCode !== undefined ? String(oc.failCode) : String(oc.code)) : '',
		failMsg: isFail ? (oc.failMsg !== undefined ? String(oc.failMsg) : oc.error || oc.msg || '') : '',
		creditsConsumed: task.finished ? (isFail ? 0 : task.cost || 0) : null,
		costTime: task.finished ? task.completedAt - task.createdAt : null,
		createTime: task.createdAt,
		updateTime: reached.length ? Math.max(...reached) : task.createdAt,
		completeTime: task.completedAt || null,
	};
}

/** The jobs-route callback for a stage, or null when this shape sends nothing at that stage. */
function callbackBody(sb, task, stage) {
	const shape = sb.options.jobsCallbackShape || 'minimal';
	if (shape === 'perOperation') return FAMILIES[task.family].callbackBody(sb, task, stage);
	if (stage !== 'complete' && stage !== 'error') return null;
	const err = stage === 'error';
	const code = err ? task.outcome.code : 200;
	if (shape === 'recordInfo') return { code, msg: err ? task.outcome.msg : 'success', data: recordInfoData(sb, task) };
	const cbCase = task.drift && task.drift.callback && task.drift.callback.callbackTypeCase;
	return { taskId: task.taskId, code, msg: err ? task.outcome.msg : 'Success', data: { task_id: task.taskId, callbackType: applyCase(stage, cbCase) } };
}

module.exports = { jobsState, recordInfoData, callbackBody };
