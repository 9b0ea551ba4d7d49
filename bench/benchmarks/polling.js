'use strict';
/**
 * Benchmark 5: polling cost, on both of Kie's routes.
 *
 * N tasks in completion poll with Poll Interval P against stage delays summing to D. An ideal
 * poller that reads right after creating and then every P needs ceil(D/P) + 1 details reads per
 * task (the first read at or after D sees the task finished). Each case runs once per route: a
 * discontinued model (per-operation route, read at /api/v1/generate/record-info) and V6 (jobs route,
 * read at /api/v1/jobs/recordInfo). Measured: the details reads per task recorded by the sandbox,
 * on the task's own route and elsewhere (there should be none), and the ratio to that minimum.
 */
const { log, node, webhookNode, chain, median, uuid } = require('../lib/common');
const { ROUTES } = require('../lib/config');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook } = require('../lib/env');
const { detailsReads, resetSandbox } = require('../lib/sandbox');

/**
 * How one task was polled, from the sandbox's clock: the first read after the create, the mean
 * period between reads, and the reads before / at-or-after the task finished (ideal: exactly 1 after).
 */
function readTiming(task, times) {
	const sorted = times.slice().sort((a, b) => a - b);
	const done = task.completedAt || Infinity;
	return {
		firstReadMs: sorted.length ? sorted[0] - task.createdAt : NaN,
		periodMs: sorted.length > 1 ? (sorted[sorted.length - 1] - sorted[0]) / (sorted.length - 1) : NaN,
		readsBeforeDone: sorted.filter((t) => t < done).length,
		readsAfterDone: sorted.filter((t) => t >= done).length,
	};
}

async function runOnce(env, wfId, hookPath, c, route, minimum) {
	const cfg = env.cfg.polling;
	await resetSandbox(env);
	const prefix = `poll-${uuid().slice(0, 8)}`;
	const items = Array.from({ length: cfg.tasks }, (_, i) => ({ title: `${prefix}-${i}`, interval: c.pollIntervalSeconds, model: ROUTES[route].model }));
	const before = await lastExecutionId(env, wfId);
	const res = await postWebhook(env, hookPath, { items });
	if (res.status !== 200) throw new Error(`webhook: HTTP ${res.status}`);
	const exec = await waitExecution(env, wfId, before, { timeoutMs: 150_000, intervalMs: 250 });
	const reads = detailsReads(env);
	const tasks = [...env.sb.tasks.values()];
	const counts = tasks.map((t) => reads.perTask.get(t.taskId) || 0);
	const timing = tasks.map((t) => readTiming(t, reads.times.get(t.taskId) || []));
	const med = (k) => median(timing.map((x) => x[k]));
	const out = exec.data.resultData.runData.Poll[0].data.main[0];
	const ownPath = ROUTES[route].detailsPath;
	return {
		status: exec.status,
		tasks: tasks.length,
		tasksOnRoute: tasks.filter((t) => t.route === route).length,
		outputItems: out.length,
		complete: out.filter((i) => i.json.stage === 'complete' && i.json.apiRoute === route).length,
		readsPerTask: median(counts),
		readsMax: Math.max(...counts),
		readsTotal: counts.reduce((a, b) => a + b, 0),
		readsElsewhere: Object.entries(reads.perPath).reduce((a, [p, n]) => a + (p === ownPath ? 0 : n), 0),
		ratio: median(counts) / minimum,
		firstReadMs: med('firstReadMs'),
		periodMs: med('periodMs'),
		readsAfterDone: Math.max(...timing.map((x) => x.readsAfterDone)),
		readsBeforeDone: med('readsBeforeDone'),
		rateViolations: env.sb.stats.recordInfoRateViolations,
		wallMs: Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt),
	};
}

async function run(env) {
	const cfg = env.cfg.polling;
	const hook = webhookNode('Webhook');
	const split = node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', options: {} });
	const kie = node(
		'Poll',
		'n8n-nodes-kie-suno.kieSuno',
		1,
		{
			resource: 'music',
			operation: 'addInstrumental',
			uploadUrl: `${env.sb.url}/bench/source.mp3`,
			title: '={{ $json.title }}',
			tags: 'piano',
			negativeTags: 'metal',
			completion: 'poll',
			options: { model: '={{ $json.model }}', pollIntervalSeconds: '={{ $json.interval }}', timeoutMinutes: 2 },
		},
		{ credentials: { kieApi: env.cred } },
	);
	const wfId = await deploy(env, chain('bench polling', [hook, split, kie]));
	const cases = [];
	try {
		env.sb.configure({ tracksPerTask: 2, audioBytes: 64 * 1024 });
		for (const c of cfg.cases) {
			const D = c.stageDelaysMs.text + c.stageDelaysMs.first + c.stageDelaysMs.complete;
			const minimum = Math.ceil(D / (c.pollIntervalSeconds * 1000)) + 1;
			env.sb.configure({ stageDelaysMs: c.stageDelaysMs });
			const byRoute = Object.fromEntries(cfg.routes.map((route) => [route, []]));
			// the routes alternate within each run, so drift and foreign load hit both alike
			for (let r = 0; r < env.cfg.runs; r++) {
				const order = r % 2 ? [...cfg.routes].reverse() : cfg.routes;
				for (const route of order) {
					const x = await runOnce(env, wfId, hook.parameters.path, c, route, minimum);
					log(
						`polling ${route} P=${c.pollIntervalSeconds}s D=${D}ms run ${r + 1}/${env.cfg.runs}: ${x.readsPerTask} reads/task (max ${x.readsMax}, elsewhere ${x.readsElsewhere}), ` +
							`minimum ${minimum}, ratio ${x.ratio.toFixed(2)}, first read +${x.firstReadMs} ms, period ${Math.round(x.periodMs)} ms, after done ${x.readsAfterDone}, ` +
							`${x.status}, complete ${x.complete}/${x.tasks * 2}`,
					);
					byRoute[route].push(x);
				}
			}
			for (const route of cfg.routes) {
				const runs = byRoute[route];
				cases.push({
					route,
					routeLabel: ROUTES[route].label,
					detailsPath: ROUTES[route].detailsPath,
					tasks: cfg.tasks,
					pollIntervalSeconds: c.pollIntervalSeconds,
					stageDelaysMs: c.stageDelaysMs,
					D,
					minimum,
					runs,
					readsPerTask: median(runs.map((x) => x.readsPerTask)),
					readsMax: Math.max(...runs.map((x) => x.readsMax)),
					readsElsewhere: Math.max(...runs.map((x) => x.readsElsewhere)),
					ratio: median(runs.map((x) => x.ratio)),
					firstReadMs: median(runs.map((x) => x.firstReadMs)),
					periodMs: median(runs.map((x) => x.periodMs)),
					readsBeforeDone: median(runs.map((x) => x.readsBeforeDone)),
					readsAfterDone: Math.max(...runs.map((x) => x.readsAfterDone)),
					wallMs: median(runs.map((x) => x.wallMs)),
					rateViolations: Math.max(...runs.map((x) => x.rateViolations)),
					failed: runs.filter((x) => x.status !== 'success' || x.tasksOnRoute !== x.tasks || x.complete !== x.tasks * 2).length,
				});
			}
		}
		// same-run comparison: jobs reads per task ÷ per-operation reads per task, per interval
		const ratioJobs = cfg.cases.map((c) => {
			const of = (route) => cases.find((x) => x.route === route && x.pollIntervalSeconds === c.pollIntervalSeconds);
			return { pollIntervalSeconds: c.pollIntervalSeconds, readsRatio: of('jobs').readsPerTask / of('perOperation').readsPerTask, wallRatio: of('jobs').wallMs / of('perOperation').wallMs };
		});
		return { cases, ratioJobs };
	} finally {
		await undeploy(env, wfId);
		await resetSandbox(env);
	}
}

module.exports = { run };
