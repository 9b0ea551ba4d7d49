'use strict';
/*
 * Callback delivery of the Kie SANDBOX (local test double, not Kie), BASE §3 + §7:
 *   POST JSON to the task's callBackUrl, http:// loopback only (anything else is recorded as skipped);
 *   attempts = 1 + options.callbacks.retries, options.callbacks.retryDelayMs apart, on a non-2xx or an error;
 *   with options.hmacKey: X-Webhook-Timestamp (seconds) and X-Webhook-Signature =
 *   base64(HMAC-SHA256(taskId + "." + timestamp)) (the task id is signed whatever the body shape).
 * Callback faults per task: drop stages, duplicate, reverse order (held until the terminal stage),
 * late delivery, signature 'bad' | 'missing' | 'stale'. Drift (drift.js) is applied to the body.
 */

const crypto = require('crypto');
const { URL } = require('url');
const { sleep } = require('./util');
const { FAMILIES } = require('./families');
const jobsShapes = require('./jobsShapes');
const { driftCallback } = require('./drift');
const { isLoopbackHostname, postLoopback, USER_AGENT } = require('./loopback');

function bodyFor(sb, task, stage) {
	if (task.route === 'jobs') return jobsShapes.callbackBody(sb, task, stage);
	return FAMILIES[task.family].callbackBody(sb, task, stage);
}

function recordCallback(sb, entry) {
	sb.callbacks.push(entry);
	if (sb.callbacks.length > sb.options.maxRecordedCallbacks) sb.callbacks.splice(0, sb.callbacks.length - sb.options.maxRecordedCallbacks);
	if (entry.attempt === 0) sb.stats.callbacksSkipped++;
	sb.emit('callback', entry);
}

/** Builds the callback of this stage (if the route sends one) and queues its delivery. */
function send(sb, task, stage) {
	const raw = bodyFor(sb, task, stage);
	if (!raw) return;
	const payload = driftCallback(task, raw);
	const internal = sb._internals.get(task.taskId);
	const cf = task.callbackFaults;
	if (cf.drop.includes(stage)) {
		recordCallback(sb, { taskId: task.taskId, stage, url: task.callBackUrl, status: 'dropped (sandbox fault)', headers: {}, body: payload, attempt: 0, time: Date.now() });
		return;
	}
	if (cf.order === 'reverse') {
		internal.held.push([stage, payload]);
		if (stage !== 'complete' && stage !== 'error') return;
		for (const [s, p] of internal.held.splice(0).reverse()) enqueue(sb, task, s, p);
		return;
	}
	enqueue(sb, task, stage, payload);
}

function enqueue(sb, task, stage, payload) {
	const internal = sb._internals.get(task.taskId);
	const epoch = internal.epoch;
	const cf = task.callbackFaults;
	internal.chain = internal.chain
		.then(async () => {
			if (cf.lateMs) await sleep(cf.lateMs, sb._timers);
			for (let i = 0; i < cf.duplicate; i++) {
				if (sb._closed || epoch !== sb._epoch) return;
				await deliver(sb, task, stage, payload, epoch);
			}
		})
		.catch(() => {});
}

function signatureHeaders(sb, task) {
	const key = sb.options.hmacKey;
	const sig = task.callbackFaults.signature;
	if (!key || sig === 'missing') return {};
	let ts = Math.floor(Date.now() / 1000);
	if (sig === 'stale') ts -= 3600;
	const hmac = crypto.createHmac('sha256', sig === 'bad' ? 'wrong-key' : key).update(`${task.taskId}.${ts}`).digest('base64');
	return { 'X-Webhook-Timestamp': String(ts), 'X-Webhook-Signature': hmac };
}

async function deliver(sb, task, stage, payload, epoch) {
	const url = task.callBackUrl;
	let u = null;
	try {
		u = url ? new URL(url) : null;
	} catch (e) {
		u = null;
	}
	if (!u || !isLoopbackHostname(u.hostname) || u.protocol !== 'http:') {
		const why = url ? 'skipped: the sandbox only calls back http:// loopback URLs' : 'skipped: no callBackUrl';
		recordCallback(sb, { taskId: task.taskId, stage, url, status: why, headers: {}, body: payload, attempt: 0, time: Date.now() });
		return;
	}
	const { retries, retryDelayMs, timeoutMs } = sb.options.callbacks;
	const maxAttempts = 1 + Math.max(0, Number(retries) || 0);
	for (let attempt = 1; attempt <= maxAttempts; attempt++) {
		if (sb._closed || epoch !== sb._epoch) return;
		const bodyStr = JSON.stringify(payload);
		const headers = Object.assign(
			{ 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(bodyStr)), 'User-Agent': USER_AGENT },
			signatureHeaders(sb, task),
		);
		const started = Date.now();
		const result = await postLoopback(sb._outgoing, u, headers, bodyStr, Number(timeoutMs) || 15000);
		if (epoch !== sb._epoch) return;
		const ok = typeof result.status === 'number' && result.status >= 200 && result.status < 300;
		sb.stats.callbackAttempts++;
		if (ok) sb.stats.callbacksDelivered++;
		recordCallback(sb, { taskId: task.taskId, stage, url, status: result.status, headers, body: payload, attempt, time: started, durationMs: Date.now() - started, responseBody: result.body });
		if (ok) return;
		if (attempt === maxAttempts) {
			sb.stats.callbacksFailed++;
			return;
		}
		await sleep(Number(retryDelayMs) || 0, sb._timers);
	}
}

module.exports = { send, recordCallback };
