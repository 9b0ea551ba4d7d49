'use strict';
/*
 * Request routing of the Kie SANDBOX (local test double, not Kie): control API first, then an outage window
 * or a request fault may answer, then the route that owns the path (see kieSandbox.js for the list).
 */

const { URL } = require('url');
const { isPlainObject } = require('./util');
const faults = require('./faults');
const outages = require('./outages');
const files = require('./files');
const uploads = require('./uploads');
const { JOBS_CREATE, JOBS_DETAILS, UPLOAD_PATHS } = require('./paths');
const perOperation = require('./routes/perOperation');
const jobs = require('./routes/jobs');
const sync = require('./routes/sync');
const { handleControl } = require('./control');

/** Reads (or, for a stream upload that will be processed, leaves) the body and records the request. */
async function readAndRecord(sb, req, pathname, query, method, holdStream) {
	if (holdStream) return { rec: sb._record(req, pathname, query, undefined, 0) };
	if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return { rec: sb._record(req, pathname, query, undefined, 0) };
	if (pathname === '/api/file-stream-upload') return { rec: sb._record(req, pathname, query, undefined, await sb._drain(req)) };
	const r = await sb._readBody(req, sb.options.maxJsonBytes);
	let body;
	if (r.buffer && r.buffer.length) {
		try {
			body = JSON.parse(r.buffer.toString('utf8'));
		} catch (e) {
			body = undefined;
		}
	}
	let recorded = body;
	if (pathname === '/api/file-base64-upload' && isPlainObject(body) && typeof body.base64Data === 'string' && body.base64Data.length > 1024) {
		recorded = Object.assign({}, body, { base64Data: `${body.base64Data.slice(0, 64)}...(${body.base64Data.length} chars, truncated by the sandbox)` });
	}
	return { body, rec: sb._record(req, pathname, query, recorded, r.size) };
}

async function handleRequest(sb, req, res) {
	const u = new URL(req.url, 'http://sandbox.local');
	const pathname = u.pathname;
	const method = req.method.toUpperCase();
	const query = Object.fromEntries(u.searchParams.entries());
	if (pathname === '/__sandbox' || pathname.startsWith('/__sandbox/')) return handleControl(sb, req, res, pathname, method, query);

	const outage = outages.activeOutage(sb, pathname);
	const fault = outage ? null : faults.takeRequestFault(sb, pathname, method);
	const isStreamUpload = pathname === '/api/file-stream-upload' && method === 'POST';
	const holdStream = isStreamUpload && !outage && (!fault || fault.type === 'delay' || fault.type.startsWith('accept'));
	const holdForOutage = isStreamUpload && outage && (outage.mode === 'reset' || outage.mode === 'timeout');
	const { body, rec } = await readAndRecord(sb, req, pathname, query, method, holdStream || holdForOutage);
	sb._log(`${method} ${pathname}${outage ? ` [outage ${outage.mode}]` : fault ? ` [fault ${fault.type}]` : ''}`);
	if (outage) return outages.applyOutage(sb, outage, req, res);
	if (fault && (await faults.applyRequestFault(sb, fault, req, res, UPLOAD_PATHS.includes(pathname))) === 'done') return undefined;
	const hold = fault && (fault.type === 'acceptThenHang' || fault.type === 'acceptThenReset');
	return route(sb, { req, res: hold ? faults.holdingResponse(sb, res, fault) : res, pathname, method, query, body, rec });
}

function route(sb, ctx) {
	const { req, res, pathname, method, query } = ctx;
	if (perOperation.isCreatePath(pathname)) return perOperation.handleCreate(sb, ctx);
	if (perOperation.isDetailsPath(pathname)) return perOperation.handleDetails(sb, ctx);
	if (pathname === JOBS_CREATE) return jobs.handleCreate(sb, ctx);
	if (pathname === JOBS_DETAILS) return jobs.handleDetails(sb, ctx);
	if (sync.isSyncPath(pathname)) return sync.handleSync(sb, ctx);
	if (pathname === '/api/v1/chat/credit') {
		if (method !== 'GET') return sb._notFound(res, pathname);
		if (!sb._apiKeyOf(req)) return sb._envelope(res, 401);
		return sb._envelope(res, 200, 'success', sb.credits);
	}
	if (UPLOAD_PATHS.includes(pathname)) return uploads.handleUpload(sb, ctx);
	if (method === 'GET' || method === 'HEAD') {
		if (/^\/(files|source|stream)\//.test(pathname)) return files.serveGenerated(sb, req, res, pathname, query);
		if (pathname.startsWith('/special/') || pathname === '/redirect') return files.serveSpecial(sb, req, res, pathname, query);
		if (pathname.startsWith('/uploads/')) return uploads.serveUpload(sb, req, res, pathname);
	}
	return sb._notFound(res, pathname);
}

module.exports = { handleRequest };
