'use strict';
/*
 * Kie's per-operation ("old-model") route in the Kie SANDBOX (local test double, not Kie): camelCase bodies.
 *   POST <create path of an operation>  (families/*.js)  -> {code:200,msg:'success',data:{taskId}}
 *   GET  <details path of a family>?taskId=              -> {code:200,msg:'success',data:<details>}
 * A task is readable only on its own family's details path and only when it was created on this route;
 * anything else (unknown, other family, a jobs task) answers data null, as Kie does for an unknown task.
 */

const { isPlainObject, CODE_MESSAGES } = require('../util');
const { BY_PATH, BY_DETAILS_PATH } = require('../families');
const { acceptCreate } = require('./accept');

const ROUTE = 'perOperation';

async function handleCreate(sb, ctx) {
	const { req, res, pathname, body, method } = ctx;
	if (method !== 'POST') return sb._notFound(res, pathname);
	const op = BY_PATH.get(pathname);
	const apiKey = sb._apiKeyOf(req);
	if (!apiKey) return sb._envelope(res, 401);
	const rate = sb._rate.checkCreate(apiKey);
	if (rate.limited) return sb._rate.rejectCreate(res, ROUTE, rate.retryAfterSec);
	if (!isPlainObject(body)) {
		sb.stats.createRejectedValidation++;
		sb.stats.routes[ROUTE].createRejectedValidation++;
		return sb._envelope(res, 400, CODE_MESSAGES[400]);
	}
	return acceptCreate(sb, res, { op, route: ROUTE, apiKey, params: body, body, sentNames: Object.keys(body), callBackUrl: body.callBackUrl });
}

function handleDetails(sb, ctx) {
	const { req, res, pathname, method, query } = ctx;
	if (method !== 'GET') return sb._notFound(res, pathname);
	const family = BY_DETAILS_PATH.get(pathname);
	if (!sb._apiKeyOf(req)) return sb._envelope(res, 401);
	sb.stats.recordInfo++;
	sb.stats.routes[ROUTE].detailsReads++;
	const taskId = query.taskId;
	if (!taskId) return sb._envelope(res, 422, 'taskId is required');
	if (sb._rate.overDetailsLimit(taskId)) return sb._rate.rejectDetails(res, ROUTE);
	const task = sb.tasks.get(taskId);
	if (!task || task.route !== ROUTE || task.family !== family.name) return sb._envelope(res, 200, 'success', null);
	return sb._envelope(res, 200, 'success', sb.recordInfoData(task));
}

module.exports = { handleCreate, handleDetails, isCreatePath: (p) => BY_PATH.has(p), isDetailsPath: (p) => BY_DETAILS_PATH.has(p) };
