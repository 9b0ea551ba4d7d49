'use strict';
/**
 * What the benchmarks ask of the Kie sandbox (test/sandbox, a local test double, not Kie) directly,
 * not through n8n: creating tasks on either route, finished task pools for the trigger (which reads
 * every callback's task back from Kie), and counting the reads the nodes made.
 */
const { requestOk } = require('../../scripts/n8n/http');
const { ROUTES } = require('./config');
const { sleep } = require('./common');

/** Creates one Add Instrumental task on `route` ('perOperation' | 'jobs'); returns its id. */
async function sandboxCreate(env, { route = 'perOperation', title = 'Bench', callBackUrl = `${env.sink.url}/sink`, uploadUrl = `${env.sb.url}/bench/source.mp3` } = {}) {
	const r = ROUTES[route];
	const json =
		route === 'jobs'
			? { model: r.jobsModel, ...(callBackUrl ? { callBackUrl } : {}), input: { upload_url: uploadUrl, title, tags: 'piano', negative_tags: 'metal', model: r.model } }
			: { uploadUrl, title, tags: 'piano', negativeTags: 'metal', model: r.model, callBackUrl };
	const res = await requestOk('POST', `${env.sb.url}${r.createPath}`, { json, headers: { authorization: `Bearer ${env.sandboxKey}` } });
	if (!res.body || res.body.code !== 200) throw new Error(`sandbox create on ${route}: ${res.text.slice(0, 200)}`);
	return res.body.data.taskId;
}

/**
 * `count` tasks on `route`, finished at once: `SUCCESS`, or the failure status `failWith`. The
 * create window is lifted meanwhile (setup, not measured) and restored afterwards. The sandbox
 * delivers its own callbacks of these tasks to the loopback sink, never to n8n.
 */
async function finishedTasks(env, { route, count, failWith, prefix = 'pool', concurrency = 8 }) {
	const saved = { ...env.sb.options.rateLimit };
	const savedDelays = { ...env.sb.options.stageDelaysMs };
	env.sb.configure({ rateLimit: { max: 1_000_000 }, stageDelaysMs: { text: 600_000, first: 1000, complete: 1000 } });
	const ids = new Array(count);
	try {
		let next = 0;
		await Promise.all(
			Array.from({ length: Math.min(concurrency, count) }, async () => {
				for (let guard = 0; guard < count; guard++) {
					const i = next++;
					if (i >= count) return;
					ids[i] = await sandboxCreate(env, { route, title: `${prefix}-${i}`, callBackUrl: route === 'jobs' ? null : `${env.sink.url}/sink` });
				}
			}),
		);
		for (const id of ids) env.sb.completeTask(id, failWith || 'SUCCESS');
	} finally {
		env.sb.configure({ rateLimit: saved, stageDelaysMs: savedDelays });
	}
	const unfinished = ids.filter((id) => !env.sb.tasks.get(id).finished);
	if (unfinished.length) throw new Error(`sandbox pool: ${unfinished.length} of ${count} tasks did not finish`);
	return ids;
}

/** Details reads the sandbox recorded since `sinceMs`: count and arrival times per task id, count per details path. */
function detailsReads(env, sinceMs = 0) {
	const paths = new Set(Object.values(ROUTES).map((r) => r.detailsPath));
	const perTask = new Map();
	const times = new Map();
	const perPath = {};
	for (const q of env.sb.requests) {
		if (q.time < sinceMs || !paths.has(q.path)) continue;
		const id = q.query.taskId;
		perTask.set(id, (perTask.get(id) || 0) + 1);
		if (!times.has(id)) times.set(id, []);
		times.get(id).push(q.time);
		perPath[q.path] = (perPath[q.path] || 0) + 1;
	}
	return { perTask, times, perPath };
}

/** Sandbox tasks per title (per-operation `title`, jobs `input.title`: both are `params.title`) and per route. */
function tasksByTitle(env) {
	const byTitle = new Map();
	const routes = {};
	for (const t of env.sb.tasks.values()) {
		const title = t.params && t.params.title;
		byTitle.set(title, (byTitle.get(title) || 0) + 1);
		routes[t.route] = (routes[t.route] || 0) + 1;
	}
	return { byTitle, routes };
}

/** Resets the sandbox (tasks, records, stats, rate windows) between runs. */
async function resetSandbox(env) {
	env.sb.reset();
	await sleep(50);
}

module.exports = { sandboxCreate, finishedTasks, detailsReads, tasksByTitle, resetSandbox };
