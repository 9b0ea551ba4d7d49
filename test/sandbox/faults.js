'use strict';
/*
 * Faults of the Kie SANDBOX (local test double, not Kie). A fault applies `times` times (default 1,
 * 'always' = unlimited) after skipping `afterCount` matches.
 * Request faults (match `path`, see paths.js; default: every create and sync call on both routes):
 *   code {code, msg?, data?}          HTTP 200 with that envelope code
 *   http {status, retryAfter?, body?, contentType?, msg?}   a real HTTP error (502/503/504: Cloudflare-like HTML)
 *   delay {ms}                        answer normally after ms
 *   reset                             destroy the socket, nothing processed
 *   acceptThenHang {ms?, thenRespond?} / acceptThenReset   processed for real, answer withheld
 * Task faults (the next created task(s); filters taskId, family, route, kind):
 *   callback {drop, duplicate, order, lateMs, signature}
 *   outcome {status, after, shape, code, msg, error, tracks, callback, + drift keys}   see tasks.js
 *   drift {where, numbersAsStrings, extraFields, nullEntries, callbackTypeCase, statusCase, successFlagType}
 *   resultUrls {urls}                 details AND callbacks carry these URLs instead of the sandbox's files
 */

const http = require('http');
const { CODE_MESSAGES } = require('./util');
const { pathMatches } = require('./paths');

const REQUEST_TYPES = ['code', 'http', 'delay', 'reset', 'acceptThenHang', 'acceptThenReset'];
const TASK_TYPES = ['callback', 'outcome', 'drift', 'resultUrls'];
const DEFAULT_PATHS = ['create', 'sync'];

function addFault(sb, fault) {
	if (!fault || typeof fault !== 'object' || !fault.type) throw new Error('fault needs a type');
	if (!REQUEST_TYPES.includes(fault.type) && !TASK_TYPES.includes(fault.type)) throw new Error(`unknown fault type: ${fault.type}`);
	if (fault.type === 'outcome' && !((typeof fault.status === 'string' && fault.status.trim()) || typeof fault.status === 'number')) {
		throw new Error(`unknown outcome status: ${fault.status}`);
	}
	if (fault.type === 'resultUrls' && !(Array.isArray(fault.urls) && fault.urls.length && fault.urls.every((u) => typeof u === 'string'))) {
		throw new Error('a resultUrls fault needs urls: a non-empty list of strings');
	}
	const f = Object.assign({}, fault);
	f.id = ++sb._faultSeq;
	if (f.times === undefined || f.times === null) f.times = 1;
	if (f.times === -1 || f.times === 'always') f.times = Infinity;
	f.afterCount = Number(f.afterCount || 0);
	f.seen = 0;
	f.applied = 0;
	sb.faults.push(f);
	return f;
}

function pruneFaults(sb) {
	for (let i = sb.faults.length - 1; i >= 0; i--) if (sb.faults[i].applied >= sb.faults[i].times) sb.faults.splice(i, 1);
}

/** Take the first applicable request-level fault for this request (consumes one use). */
function takeRequestFault(sb, pathname, method) {
	for (const f of sb.faults) {
		if (!REQUEST_TYPES.includes(f.type) || f.applied >= f.times) continue;
		if (f.method && String(f.method).toUpperCase() !== method) continue;
		if (!pathMatches(f.path, pathname, DEFAULT_PATHS)) continue;
		f.seen++;
		if (f.seen <= f.afterCount) continue;
		f.applied++;
		sb.stats.faultsApplied++;
		pruneFaults(sb);
		return f;
	}
	return null;
}

/** Take the task-level faults for a newly created task: {callback: [], outcome, drift: [], resultUrls}. */
function takeTaskFaults(sb, task) {
	const out = { callback: [], outcome: null, drift: [], resultUrls: null };
	for (const f of sb.faults) {
		if (!TASK_TYPES.includes(f.type) || f.applied >= f.times) continue;
		if (f.taskId && f.taskId !== task.taskId) continue;
		if ((f.family && f.family !== task.family) || (f.route && f.route !== task.route) || (f.kind && f.kind !== task.kind)) continue;
		if ((f.type === 'outcome' && out.outcome) || (f.type === 'resultUrls' && out.resultUrls)) continue;
		f.seen++;
		if (f.seen <= f.afterCount) continue;
		f.applied++;
		sb.stats.faultsApplied++;
		if (f.type === 'callback') out.callback.push(f);
		else if (f.type === 'drift') out.drift.push(f);
		else out[f.type] = f;
	}
	pruneFaults(sb);
	return out;
}

function cloudflarePage(status) {
	const title = { 500: '500 Internal Server Error', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' }[status];
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare (Kie sandbox fault)</center>\r\n</body>\r\n</html>\r\n`;
}

/** A real HTTP error answer (used by http faults and outages). */
function sendHttpError(res, status, { body, contentType, retryAfter, msg } = {}) {
	const headers = { 'X-Kie-Sandbox': 'test-double' };
	if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
	let text;
	let ctype;
	if (body !== undefined) {
		text = typeof body === 'string' ? body : JSON.stringify(body);
		ctype = contentType || (typeof body === 'string' ? 'text/plain; charset=UTF-8' : 'application/json');
	} else if (status === 502 || status === 503 || status === 504) {
		text = cloudflarePage(status);
		ctype = 'text/html';
	} else {
		text = JSON.stringify({ code: status, msg: msg || http.STATUS_CODES[status] || 'error', data: null });
		ctype = 'application/json';
	}
	headers['Content-Type'] = ctype;
	headers['Content-Length'] = Buffer.byteLength(text);
	res.writeHead(status, headers);
	res.end(text);
}

/** Returns 'done' when the fault answered (or killed) the request; otherwise processing continues. */
async function applyRequestFault(sb, f, req, res, isUpload) {
	switch (f.type) {
		case 'delay':
			await new Promise((resolve) => sb._timers.later(resolve, Number(f.ms || 0)));
			return sb._closed ? 'done' : 'continue';
		case 'reset':
			req.socket.destroy();
			return 'done';
		case 'code': {
			const code = Number(f.code || 500);
			const msg = f.msg !== undefined ? f.msg : CODE_MESSAGES[code] || 'error';
			if (isUpload) sb._sendJson(res, 200, { success: false, code, msg, data: null });
			else sb._envelope(res, code, msg, f.data === undefined ? null : f.data);
			return 'done';
		}
		case 'http':
			sendHttpError(res, Number(f.status || 500), f);
			return 'done';
		default:
			return 'continue'; // acceptThenHang / acceptThenReset: processed normally, response withheld
	}
}

/**
 * A stand-in response for acceptThen* faults: the request is processed for real (a task is created), but
 * what would be sent is withheld; the socket is destroyed at once (reset) or after `ms` (hang; forever
 * when no ms). With `thenRespond: true` a hang answers normally after `ms`.
 */
function holdingResponse(sb, res, f) {
	return {
		headersSent: false,
		writableEnded: false,
		get destroyed() {
			return res.destroyed;
		},
		writeHead(status, headers) {
			this._status = status;
			this._headers = headers;
			this.headersSent = true;
			return this;
		},
		setHeader() {},
		end(body) {
			this.writableEnded = true;
			if (f.type === 'acceptThenReset') {
				if (res.socket) res.socket.destroy();
				return;
			}
			if (f.ms === undefined || f.ms === null) return; // hang until the client gives up or the sandbox closes
			sb._timers.later(() => {
				if (res.destroyed) return;
				if (f.thenRespond) {
					res.writeHead(this._status || 200, this._headers || {});
					res.end(body);
				} else if (res.socket) res.socket.destroy();
			}, Number(f.ms));
		},
		destroy() {
			res.destroy();
		},
	};
}

module.exports = { REQUEST_TYPES, TASK_TYPES, DEFAULT_PATHS, addFault, takeRequestFault, takeTaskFaults, applyRequestFault, holdingResponse, sendHttpError };
