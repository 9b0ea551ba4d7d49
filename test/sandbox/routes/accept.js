'use strict';
/*
 * The create steps both routes share, in the Kie SANDBOX (local test double, not Kie), after auth, the
 * per-account rate check and the body-shape check of the route:
 *   validation (422, validate.js) -> source records (422 "Record does not exist", 409 / 400 repeats) ->
 *   credits (402) -> fetching a loopback uploadUrl / uploadUrlList (451, or a later task failure with
 *   uploadUrlFailure 'later'; non-loopback URLs are never fetched) -> the rate window again -> the task.
 */

const { round2 } = require('../util');
const { FAMILIES } = require('../families');
const { validateParams } = require('../validate');
const { isLoopbackHttpUrl, fetchLoopback } = require('../loopback');
const { createTask } = require('../tasks');

function reject(sb, res, route, stat, code, msg, data) {
	sb.stats[stat]++;
	if (sb.stats.routes[route][stat] !== undefined) sb.stats.routes[route][stat]++;
	return sb._envelope(res, code, msg, data);
}

/** Fetches every loopback source URL of a create; {ok, sources} or {ok:false}. */
async function fetchSources(sb, params) {
	const urls = params.uploadUrl ? [params.uploadUrl] : Array.isArray(params.uploadUrlList) ? params.uploadUrlList : [];
	const sources = [];
	for (const url of urls) {
		if (!isLoopbackHttpUrl(url)) continue;
		const r = await fetchLoopback(sb._outgoing, url, sb.options.fetchTimeoutMs, null);
		if (!r.ok) return { ok: false };
		sources.push({ url, status: r.status, bytes: r.bytes, sha256: r.sha256, contentType: r.contentType });
	}
	return { ok: true, sources };
}

/**
 * spec: {op, route, apiKey, params (camelCase), body (as received), sentNames, callBackUrl, jobsModel}.
 * Answers the request itself.
 */
async function acceptCreate(sb, res, spec) {
	const { op, route, apiKey, params } = spec;
	const family = FAMILIES[op.family];
	const invalid = validateParams(sb, op, route, params, spec.sentNames);
	if (invalid) return reject(sb, res, route, 'createRejectedValidation', invalid.code, invalid.msg);
	let source = null;
	if (op.source) {
		const r = op.source(sb, params);
		if (r.error) return reject(sb, res, route, 'createRejectedRecord', r.error.code, r.error.msg, r.error.data);
		source = r.source;
	}
	const cost = Number(family.credits(sb, params)) || 0;
	if (sb.credits < cost) return reject(sb, res, route, 'createRejectedCredits', 402, 'Insufficient credits');
	let fetchFailed = false;
	let fetched = [];
	if (sb.options.fetchUploadUrl) {
		const r = await fetchSources(sb, params);
		if (!r.ok && sb.options.uploadUrlFailure !== 'later') return reject(sb, res, route, 'createRejectedFetch', 451, undefined);
		fetchFailed = !r.ok;
		fetched = r.sources || [];
	}
	if (sb._closed) return undefined;
	// re-check the window: another create may have been accepted while the source was fetched
	const again = sb._rate.checkCreate(apiKey);
	if (again.limited) return sb._rate.rejectCreate(res, route, again.retryAfterSec);
	sb._rate.recordCreate(apiKey);
	sb.credits = round2(sb.credits - cost);
	if (fetched.length) source = Object.assign({}, fetched[0], fetched.length > 1 ? { all: fetched } : {});
	const task = createTask(sb, {
		op,
		route,
		body: spec.body,
		params,
		apiKey,
		source,
		cost,
		callBackUrl: spec.callBackUrl,
		jobsModel: spec.jobsModel,
	});
	if (fetchFailed && !task.outcome) {
		sb.forceOutcome(task.taskId, { status: family.defaultFailure, after: 'create', code: 451, msg: 'Download Failed - unable to download related files', error: 'Failed to download the source audio' });
	}
	return sb._envelope(res, 200, 'success', { taskId: task.taskId });
}

module.exports = { acceptCreate, reject };
