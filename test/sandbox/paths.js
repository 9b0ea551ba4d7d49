'use strict';
/*
 * Which kind of Kie call a path is, in the Kie SANDBOX (local test double, not Kie). Faults and outages
 * name paths exactly, by prefix ('/api/v1/generate/*'), or by these categories:
 *   'create'  every asynchronous create, both routes (per-operation paths + POST /api/v1/jobs/createTask)
 *   'details' every details read, both routes (the seven record-info paths + GET /api/v1/jobs/recordInfo)
 *   'sync'    timestamped lyrics, boost style, persona
 *   'upload'  the three File Upload API routes
 *   'credit'  GET /api/v1/chat/credit
 *   'files'   generated, uploaded and special files (/files/, /source/, /stream/, /uploads/, /special/, /redirect)
 */

const { BY_PATH, BY_DETAILS_PATH } = require('./families');

const JOBS_CREATE = '/api/v1/jobs/createTask';
const JOBS_DETAILS = '/api/v1/jobs/recordInfo';
const SYNC_PATHS = ['/api/v1/generate/get-timestamped-lyrics', '/api/v1/style/generate', '/api/v1/generate/generate-persona'];
const UPLOAD_PATHS = ['/api/file-stream-upload', '/api/file-base64-upload', '/api/file-url-upload'];
const CATEGORIES = ['create', 'details', 'sync', 'upload', 'credit', 'files'];

function pathCategory(pathname) {
	if (BY_PATH.has(pathname) || pathname === JOBS_CREATE) return 'create';
	if (BY_DETAILS_PATH.has(pathname) || pathname === JOBS_DETAILS) return 'details';
	if (SYNC_PATHS.includes(pathname)) return 'sync';
	if (UPLOAD_PATHS.includes(pathname)) return 'upload';
	if (pathname === '/api/v1/chat/credit') return 'credit';
	if (/^\/(files|source|stream|uploads|special)\//.test(pathname) || pathname === '/redirect') return 'files';
	return 'other';
}

/** Whether a fault/outage path spec (string or list) matches. `defaults` is used when spec is empty. */
function pathMatches(spec, pathname, defaults) {
	const list = spec === undefined || spec === null ? defaults : Array.isArray(spec) ? spec : [spec];
	const category = pathCategory(pathname);
	return list.some((p) => {
		if (p === '*') return true;
		if (CATEGORIES.includes(p)) return p === category;
		if (p.endsWith('*')) return pathname.startsWith(p.slice(0, -1));
		return pathname === p;
	});
}

module.exports = { JOBS_CREATE, JOBS_DETAILS, SYNC_PATHS, UPLOAD_PATHS, CATEGORIES, pathCategory, pathMatches };
