'use strict';
/*
 * Kie's unified jobs route in the Kie SANDBOX (local test double, not Kie), BASE §10 + family ref §12:
 *   POST /api/v1/jobs/createTask {model:"ai-music-api/<name>", callBackUrl? , input:{snake_case}}
 *        -> {code:200,msg:'success',data:{taskId}}; same validation, records, credits and per-account
 *        rate window as the per-operation route (the Suno model is input.model).
 *   GET  /api/v1/jobs/recordInfo?taskId= -> {code:200,msg:'success',data:<jobsShapes.recordInfoData>};
 *        unknown task, or a task made on the per-operation route -> {code:422,msg:'recordInfo is null',data:null}.
 * Sandbox wording: 'model is required', 'model is not supported: X', 'input is required', 'unknown field: X'.
 */

const { isPlainObject, CODE_MESSAGES } = require('../util');
const { BY_JOBS_MODEL } = require('../families');
const { snakeToCamel, isHttpUrl } = require('../validate');
const { recordInfoData } = require('../jobsShapes');
const { acceptCreate, reject } = require('./accept');
const { JOBS_CREATE, JOBS_DETAILS } = require('../paths');

const ROUTE = 'jobs';
const TOP_LEVEL = ['model', 'callBackUrl', 'input'];

async function handleCreate(sb, ctx) {
	const { req, res, pathname, body, method } = ctx;
	if (method !== 'POST') return sb._notFound(res, pathname);
	const apiKey = sb._apiKeyOf(req);
	if (!apiKey) return sb._envelope(res, 401);
	const rate = sb._rate.checkCreate(apiKey);
	if (rate.limited) return sb._rate.rejectCreate(res, ROUTE, rate.retryAfterSec);
	if (!isPlainObject(body)) return reject(sb, res, ROUTE, 'createRejectedValidation', 400, CODE_MESSAGES[400]);
	if (sb.options.strictFields) {
		const extra = Object.keys(body).find((k) => !TOP_LEVEL.includes(k));
		if (extra) return reject(sb, res, ROUTE, 'createRejectedValidation', 422, `unknown field: ${extra}`);
	}
	if (typeof body.model !== 'string' || !body.model.trim()) return reject(sb, res, ROUTE, 'createRejectedValidation', 422, 'model is required');
	const op = BY_JOBS_MODEL.get(body.model);
	if (!op) return reject(sb, res, ROUTE, 'createRejectedValidation', 422, `model is not supported: ${body.model}`);
	if (body.callBackUrl !== undefined && body.callBackUrl !== null && body.callBackUrl !== '' && !isHttpUrl(body.callBackUrl)) {
		return reject(sb, res, ROUTE, 'createRejectedValidation', 422, 'callBackUrl must be a valid http(s) URL');
	}
	if (!isPlainObject(body.input)) return reject(sb, res, ROUTE, 'createRejectedValidation', 422, 'input is required');
	const params = {};
	for (const k of Object.keys(body.input)) params[snakeToCamel(k)] = body.input[k];
	return acceptCreate(sb, res, {
		op,
		route: ROUTE,
		apiKey,
		params,
		body,
		sentNames: Object.keys(body.input),
		callBackUrl: body.callBackUrl || null,
		jobsModel: body.model,
	});
}

function handleDetails(sb, ctx) {
	const { req, res, pathname, method, query } = ctx;
	if (method !== 'GET') return sb._notFound(res, pathname);
	if (!sb._apiKeyOf(req)) return sb._envelope(res, 401);
	sb.stats.recordInfo++;
	sb.stats.routes[ROUTE].detailsReads++;
	const taskId = query.taskId;
	if (!taskId) return sb._envelope(res, 422, 'taskId is required');
	if (sb._rate.overDetailsLimit(taskId)) return sb._rate.rejectDetails(res, ROUTE);
	const task = sb.tasks.get(taskId);
	if (!task || task.route !== ROUTE) return sb._envelope(res, 422, 'recordInfo is null');
	return sb._envelope(res, 200, 'success', sb.recordInfoData(task));
}

module.exports = { handleCreate, handleDetails, recordInfoData, JOBS_CREATE, JOBS_DETAILS };
