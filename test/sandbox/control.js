'use strict';
/*
 * Control API of the Kie SANDBOX (local test double, not Kie), no auth, under /__sandbox/:
 *   GET  /__sandbox/                          banner, url, stats
 *   GET  requests[?since=ms&path=]   callbacks[?taskId=]   uploads   stats   config   faults   outages
 *   GET  tasks[?family=&route=&kind=]         every task with its current details (`recordInfo`)
 *   GET  tasks/<id>   tasks/<id>/details      one task / what its details endpoint returns as data
 *   POST tasks/<id>/complete {outcome|status}   finish now (completeTask)
 *   POST tasks/<id>/outcome {status, ...}       change how a running task ends (forceOutcome)
 *   POST faults (one or a list)   DELETE faults | POST faults/clear
 *   POST outages (one or a list)  DELETE outages | POST outages/clear
 *   POST reset   POST|PATCH config (configure)
 *   GET  files/sha256?url=<url>               {sha256, bytes, contentType} of what the sandbox serves there
 */

const { BANNER } = require('./util');

function filterTasks(sb, query) {
	return Array.from(sb.tasks.values()).filter(
		(t) => (!query.family || t.family === query.family) && (!query.route || t.route === query.route) && (!query.kind || t.kind === query.kind),
	);
}

async function handleControl(sb, req, res, pathname, method, query) {
	let body;
	if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
		const r = await sb._readBody(req, 10 * 1024 * 1024);
		if (r.buffer && r.buffer.length) {
			try {
				body = JSON.parse(r.buffer.toString('utf8'));
			} catch (e) {
				return sb._sendJson(res, 400, { ok: false, error: 'body is not JSON' });
			}
		}
	}
	const sub = pathname.replace(/^\/__sandbox\/?/, '');
	const ok = (data) => sb._sendJson(res, 200, data);
	const many = (fn) => {
		const list = Array.isArray(body) ? body : [body];
		const added = list.map(fn);
		return ok(Array.isArray(body) ? added : added[0]);
	};
	try {
		if (method === 'GET') {
			if (sub === '') return ok({ sandbox: BANNER, url: sb.url, stats: sb.stats });
			if (sub === 'requests') {
				const since = query.since ? Number(query.since) : 0;
				return ok(sb.requests.filter((r) => r.time >= since && (!query.path || r.path === query.path)));
			}
			if (sub === 'callbacks') return ok(sb.callbacks.filter((c) => !query.taskId || c.taskId === query.taskId));
			if (sub === 'tasks') return ok(filterTasks(sb, query).map((t) => sb.publicTask(t)));
			if (sub === 'uploads') return ok(sb.uploads);
			if (sub === 'stats') return ok(sb.stats);
			if (sub === 'faults') return ok(sb.faults);
			if (sub === 'outages') return ok(sb.outages);
			if (sub === 'config') return ok(sb.publicConfig());
			if (sub === 'files/sha256') {
				if (!query.url) return sb._sendJson(res, 400, { ok: false, error: 'url is required' });
				return ok(await sb.fileInfo(query.url));
			}
		}
		const tm = /^tasks\/([^/]+)(?:\/(complete|outcome|details))?$/.exec(sub);
		if (tm) {
			const task = sb.tasks.get(tm[1]);
			if (!task) return sb._sendJson(res, 404, { ok: false, error: 'unknown task' });
			if (method === 'GET' && !tm[2]) return ok(sb.publicTask(task));
			if (method === 'GET' && tm[2] === 'details') return ok(sb.recordInfoData(task));
			if (method === 'POST' && tm[2] === 'complete') return ok(sb.publicTask(sb.completeTask(task.taskId, body && (body.outcome || body.status))));
			if (method === 'POST' && tm[2] === 'outcome') return ok(sb.publicTask(sb.forceOutcome(task.taskId, body || {})));
		}
		if (method === 'POST' && sub === 'faults') return many((f) => sb.addFault(f));
		if ((method === 'DELETE' && sub === 'faults') || (method === 'POST' && sub === 'faults/clear')) {
			sb.clearFaults();
			return ok({ ok: true });
		}
		if (method === 'POST' && sub === 'outages') return many((o) => sb.addOutage(o));
		if ((method === 'DELETE' && sub === 'outages') || (method === 'POST' && sub === 'outages/clear')) {
			sb.clearOutages();
			return ok({ ok: true });
		}
		if (method === 'POST' && sub === 'reset') {
			sb.reset();
			return ok({ ok: true });
		}
		if ((method === 'POST' || method === 'PATCH') && sub === 'config') return ok(sb.configure(body || {}));
	} catch (e) {
		return sb._sendJson(res, 400, { ok: false, error: e.message });
	}
	return sb._sendJson(res, 404, { ok: false, error: `unknown sandbox control route ${method} ${pathname}` });
}

module.exports = { handleControl };
