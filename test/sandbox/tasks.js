'use strict';
/*
 * Task lifecycle of the Kie SANDBOX (local test double, not Kie), for every family and both routes.
 * Timeline: music runs text -> first -> complete after stageDelaysMs (cumulative); the other families
 * run one stage, complete, after familyDelaysMs[family] (default: the music total).
 * Outcome (from an 'outcome' fault, a [sandbox:STATUS] title marker, a later source failure, or
 * completeTask / forceOutcome):
 *   SUCCESS                  normal run
 *   a failure word           (any *_FAILED, CALLBACK_EXCEPTION, SENSITIVE_WORD_ERROR) ends in stage 'error'
 *                            after `after` (music: create | text | first); results hidden unless tracks: true
 *   any other word (DONE, 7) the task runs to its end, details then show that word with the results
 *                            (tracks: false hides them); no terminal callback unless callback: 'complete'|'error'
 *   callback: 'complete' | 'error' | 'none' chooses the terminal callback of any outcome.
 */

const { clone } = require('./util');
const { FAMILIES, ALL_FAILURE_STATUSES } = require('./families');
const { isFailureWord } = require('./families/common');
const { takeTaskFaults } = require('./faults');
const { driftFrom } = require('./drift');
const { registerFile } = require('./files');
const callbacks = require('./callbacks');

function isFailure(status) {
	return ALL_FAILURE_STATUSES.includes(status) || isFailureWord(status);
}

/** A normalized outcome for a task of `family` from a fault / marker / argument ({status, ...} or a status word). */
function outcomeFrom(sb, family, f) {
	const o = typeof f === 'object' && f !== null ? f : { status: f };
	const extra = {};
	for (const k of ['jobsState', 'failCode', 'failMsg']) if (o[k] !== undefined) extra[k] = o[k];
	return Object.assign(baseOutcome(sb, family, o), extra);
}

function baseOutcome(sb, family, o) {
	const status = o.status === undefined || o.status === null || o.status === '' ? 'SUCCESS' : o.status;
	const failure = status !== 'SUCCESS' && isFailure(status);
	// code / msg / error also serve a non-failure outcome that is told to send an error callback
	const d = family.failureDefaults[status] || Object.assign({}, family.failureDefaults[family.defaultFailure], { after: undefined });
	const afters = family.name === 'music' ? ['create', 'text', 'first'] : ['create'];
	let after = o.after || d.after || (family.name === 'music' ? 'text' : 'create');
	if (!afters.includes(after)) after = afters.includes(d.after) ? d.after : afters[0];
	return {
		status,
		final: failure ? 'error' : 'complete',
		after: failure ? after : undefined,
		shape: (o.shape || sb.options.failureShape) === 'S' ? 'S' : 'kie',
		code: o.code !== undefined ? Number(o.code) : d.code,
		msg: o.msg !== undefined ? o.msg : d.msg,
		error: o.error !== undefined ? o.error : d.error,
		tracks: failure ? o.tracks === true : o.tracks !== false,
		callback: o.callback || (status === 'SUCCESS' ? 'complete' : failure ? 'error' : 'none'),
	};
}

function parseMarkers(title) {
	const out = {};
	const re = /\[sandbox:([^\]]+)\]/gi;
	let m;
	while ((m = re.exec(String(title || '')))) {
		const tok = m[1].trim();
		const up = tok.toUpperCase();
		if (ALL_FAILURE_STATUSES.includes(up)) out.status = up;
		else if (/^after=/i.test(tok)) out.after = tok.slice(6).toLowerCase();
		else if (/^shape=/i.test(tok)) out.shape = tok.slice(6);
		else if (/^complete-only$/i.test(tok)) out.completeOnly = true;
	}
	return out;
}

function stageTimes(sb, family) {
	const d = sb.options.stageDelaysMs || {};
	const t1 = Number(d.text || 0);
	const t2 = t1 + Number(d.first || 0);
	const t3 = t2 + Number(d.complete || 0);
	if (family.name === 'music') return { text: t1, first: t2, complete: t3 };
	const own = (sb.options.familyDelaysMs || {})[family.name];
	return { complete: own === undefined || own === null ? t3 : Number(own) };
}

/** [[stage, msFromCreation], ...] for this family and outcome. */
function planFor(sb, family, outcome) {
	const t = stageTimes(sb, family);
	if (family.name !== 'music') return [[outcome && outcome.final === 'error' ? 'error' : 'complete', t.complete]];
	if (!outcome || outcome.final === 'complete') return [['text', t.text], ['first', t.first], ['complete', t.complete]];
	if (outcome.after === 'create') return [['error', t.text]];
	if (outcome.after === 'text') return [['text', t.text], ['error', t.first]];
	return [['text', t.text], ['first', t.first], ['error', t.complete]];
}

function callbackPlan(faults, markers) {
	const cb = { drop: [], duplicate: 1, order: 'normal', lateMs: 0, signature: 'valid' };
	for (const f of faults) {
		if (f.drop) cb.drop.push(...(Array.isArray(f.drop) ? f.drop : [f.drop]));
		if (f.duplicate) cb.duplicate = Math.max(1, Number(f.duplicate));
		if (f.order) cb.order = f.order;
		if (f.lateMs) cb.lateMs = Number(f.lateMs);
		if (f.signature) cb.signature = f.signature;
	}
	if (markers.completeOnly) cb.drop.push('text', 'first');
	return cb;
}

function schedule(sb, task, plan) {
	const internal = sb._internals.get(task.taskId);
	internal.pending = plan.slice();
	for (const [stage, ms] of plan) internal.timers.push(sb._timers.later(() => runStage(sb, task, stage), ms));
}

/** Creates and schedules a task. spec: {op, route, body, params, apiKey, source, callBackUrl, jobsModel}. */
function createTask(sb, spec) {
	const { op, route } = spec;
	const family = FAMILIES[op.family];
	const taskId = sb._newTaskId();
	const seq = ++sb._taskSeq;
	const o = sb.options;
	const fmt = o.createTimeFormat === 'alternate' ? (seq % 2 === 1 ? 'ms' : 'string') : o.createTimeFormat === 'string' ? 'string' : 'ms';
	const params = clone(spec.params);
	const task = {
		taskId,
		kind: op.kind,
		family: family.name,
		route,
		operationType: op.operationType,
		jobsModel: spec.jobsModel || null,
		model: params.model || (family.defaultModel && family.defaultModel(op)) || null,
		body: clone(spec.body),
		params,
		callBackUrl: spec.callBackUrl || null,
		apiKey: spec.apiKey,
		cost: spec.cost || 0,
		status: 'PENDING',
		createdAt: Date.now(),
		completedAt: null,
		finished: false,
		seq,
		createTimeFormat: fmt,
		stages: {},
		timeline: [],
		tracks: [],
		visibleTracks: 0,
		result: null,
		resultVisible: false,
		outcome: null,
		callbackFaults: null,
		drift: null,
		resultUrls: null,
		errorCode: null,
		errorMessage: null,
		source: spec.source || null,
	};
	const faults = takeTaskFaults(sb, task);
	let n = 0;
	const urls = faults.resultUrls && faults.resultUrls.urls.slice();
	task.resultUrls = urls || null;
	family.buildResult(sb, task, (name, fileSpec) => (urls ? urls[n++ % urls.length] : registerFile(sb, taskId, name, fileSpec)));

	const markers = parseMarkers(params.title);
	if (faults.outcome) task.outcome = outcomeFrom(sb, family, faults.outcome);
	else if (markers.status) task.outcome = outcomeFrom(sb, family, { status: markers.status, after: markers.after, shape: markers.shape });
	else if (family.laterFailure) {
		const problem = family.laterFailure(sb, task);
		if (problem) task.outcome = outcomeFrom(sb, family, { status: family.defaultFailure, after: 'create', error: problem });
	}
	if (task.outcome && task.outcome.status === 'SUCCESS' && task.outcome.callback === 'complete' && task.outcome.tracks) task.outcome = null;
	let drift = faults.outcome ? driftFrom(faults.outcome, null) : null;
	for (const f of faults.drift) drift = driftFrom(f, drift);
	task.drift = drift;
	task.callbackFaults = callbackPlan(faults.callback, markers);

	const plan = planFor(sb, family, task.outcome);
	task.timeline = plan.map(([stage, ms]) => ({ stage, dueAt: task.createdAt + ms, reachedAt: null }));
	sb.tasks.set(taskId, task);
	sb._internals.set(taskId, { epoch: sb._epoch, timers: [], pending: [], chain: Promise.resolve(), held: [] });
	sb.stats.creates++;
	sb.stats.routes[route].creates++;
	sb.stats.families[family.name] = (sb.stats.families[family.name] || 0) + 1;
	schedule(sb, task, plan);
	sb.emit('task', task);
	return task;
}

function finish(task, now) {
	task.finished = true;
	task.completedAt = now;
}

function runStage(sb, task, stage) {
	const internal = sb._internals.get(task.taskId);
	if (!internal || internal.epoch !== sb._epoch || sb._closed) return;
	const idx = internal.pending.findIndex((p) => p[0] === stage);
	if (idx < 0) return;
	internal.pending.splice(idx, 1);
	const now = Date.now();
	const family = FAMILIES[task.family];
	const oc = task.outcome;
	task.stages[stage] = now;
	const tl = task.timeline.find((t) => t.stage === stage && !t.reachedAt);
	if (tl) tl.reachedAt = now;
	let cbStage = stage;
	if (stage === 'error') {
		task.status = oc.status;
		task.errorCode = oc.code;
		task.errorMessage = oc.error;
		task.resultVisible = !!oc.tracks;
		if (oc.tracks && family.name === 'music') task.visibleTracks = task.tracks.length;
		finish(task, now);
		cbStage = oc.callback === 'none' ? null : oc.callback;
	} else {
		task.status = family.stageStatus ? family.stageStatus[stage] : 'SUCCESS';
		if (family.visibleAt) task.visibleTracks = family.visibleAt(task, stage);
		if (stage === 'complete') {
			task.resultVisible = !(oc && oc.tracks === false);
			if (!task.resultVisible) task.visibleTracks = 0;
			if (oc) task.status = oc.status;
			finish(task, now);
			cbStage = oc ? (oc.callback === 'none' ? null : oc.callback) : 'complete';
		}
	}
	sb.emit('stage', { taskId: task.taskId, stage, status: task.status, family: task.family, route: task.route });
	if (cbStage) callbacks.send(sb, task, cbStage);
}

function remainingNormalStages(task) {
	const family = FAMILIES[task.family];
	return family.stages.filter((s) => !task.stages[s]);
}

/** Finish a task now: no outcome / 'SUCCESS' runs the remaining stages; anything else ends it with that outcome. */
function completeTask(sb, taskId, outcome) {
	const task = sb.tasks.get(taskId);
	const internal = sb._internals.get(taskId);
	if (!task || !internal) throw new Error(`unknown task ${taskId}`);
	for (const t of internal.timers) sb._timers.cancel(t);
	internal.timers = [];
	const family = FAMILIES[task.family];
	const oc = outcome && (typeof outcome === 'object' ? outcome.status : outcome);
	if (oc && oc !== 'SUCCESS') {
		task.outcome = outcomeFrom(sb, family, outcome);
		task.drift = driftFrom(typeof outcome === 'object' ? outcome : {}, task.drift);
		internal.pending = task.outcome.final === 'error' ? [['error', 0]] : remainingNormalStages(task).map((s) => [s, 0]);
		task.timeline = task.timeline.filter((t) => t.reachedAt).concat(internal.pending.map(([s]) => ({ stage: s, dueAt: Date.now(), reachedAt: null })));
	} else if (oc === 'SUCCESS' && task.outcome) {
		task.outcome = null;
		internal.pending = remainingNormalStages(task).map((s) => [s, 0]);
	}
	for (const [stage] of internal.pending.slice()) runStage(sb, task, stage);
	return task;
}

/** Change how a running task ends, keeping its timing. Works until the task has finished. */
function forceOutcome(sb, taskId, outcome) {
	const task = sb.tasks.get(taskId);
	const internal = sb._internals.get(taskId);
	if (!task || !internal) throw new Error(`unknown task ${taskId}`);
	if (task.finished) throw new Error(`task ${taskId} has already finished`);
	for (const t of internal.timers) sb._timers.cancel(t);
	internal.timers = [];
	const family = FAMILIES[task.family];
	task.outcome = outcomeFrom(sb, family, outcome);
	if (task.outcome.status === 'SUCCESS' && task.outcome.callback === 'complete' && task.outcome.tracks) task.outcome = null;
	task.drift = driftFrom(typeof outcome === 'object' && outcome ? outcome : {}, task.drift);
	const plan = planFor(sb, family, task.outcome).filter(([s]) => !task.stages[s]);
	task.timeline = task.timeline.filter((t) => t.reachedAt).concat(plan.map(([s, ms]) => ({ stage: s, dueAt: task.createdAt + ms, reachedAt: null })));
	const now = Date.now();
	schedule(sb, task, plan.map(([s, ms]) => [s, Math.max(0, task.createdAt + ms - now)]));
	return task;
}

module.exports = { createTask, completeTask, forceOutcome, outcomeFrom, runStage, isFailure };
