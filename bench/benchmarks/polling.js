'use strict';
/**
 * Benchmark 5: polling cost.
 *
 * N tasks in completion poll with Poll Interval P against stage delays summing to D. An ideal
 * poller that reads right after creating and then every P needs ceil(D/P) + 1 record-info reads
 * per task (the first read at or after D sees SUCCESS). Measured: the record-info requests per
 * task recorded by the sandbox, and the ratio to that minimum.
 */
const { log, node, webhookNode, chain, median, uuid } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook, resetSandbox } = require('../lib/env');

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
			options: { pollIntervalSeconds: '={{ $json.interval }}', timeoutMinutes: 2 },
		},
		{ credentials: { kieApi: env.cred } },
	);
	const wfId = await deploy(env, chain('bench polling', [hook, split, kie]));
	const cases = [];
	try {
		env.sb.configure({ tracksPerTask: 2, audioBytes: 64 * 1024 });
		for (const c of cfg.cases) {
			const D = c.stageDelaysMs.text + c.stageDelaysMs.first + c.stageDelaysMs.complete;
			const P = c.pollIntervalSeconds * 1000;
			const minimum = Math.ceil(D / P) + 1;
			env.sb.configure({ stageDelaysMs: c.stageDelaysMs });
			const runs = [];
			for (let r = 0; r < env.cfg.runs; r++) {
				await resetSandbox(env);
				const prefix = `poll-${uuid().slice(0, 8)}`;
				const items = Array.from({ length: cfg.tasks }, (_, i) => ({ title: `${prefix}-${i}`, interval: c.pollIntervalSeconds }));
				const before = await lastExecutionId(env, wfId);
				const res = await postWebhook(env, hook.parameters.path, { items });
				if (res.status !== 200) throw new Error(`webhook: HTTP ${res.status}`);
				const exec = await waitExecution(env, wfId, before, { timeoutMs: 150_000, intervalMs: 250 });
				const reads = env.sb.requests.filter((q) => q.path === '/api/v1/generate/record-info');
				const perTask = new Map();
				for (const q of reads) perTask.set(q.query.taskId, (perTask.get(q.query.taskId) || 0) + 1);
				const tasks = [...env.sb.tasks.values()];
				const counts = tasks.map((t) => perTask.get(t.taskId) || 0);
				const out = exec.data.resultData.runData.Poll[0].data.main[0];
				const run = {
					status: exec.status,
					tasks: tasks.length,
					outputItems: out.length,
					complete: out.filter((i) => i.json.stage === 'complete').length,
					readsPerTask: median(counts),
					readsMax: Math.max(...counts),
					readsTotal: reads.length,
					ratio: median(counts) / minimum,
					rateViolations: env.sb.stats.recordInfoRateViolations,
					wallMs: Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt),
				};
				log(`polling P=${c.pollIntervalSeconds}s D=${D}ms run ${r + 1}/${env.cfg.runs}: ${run.readsPerTask} reads/task (max ${run.readsMax}), minimum ${minimum}, ratio ${run.ratio.toFixed(2)}, ${run.status}`);
				runs.push(run);
			}
			cases.push({
				tasks: cfg.tasks,
				pollIntervalSeconds: c.pollIntervalSeconds,
				stageDelaysMs: c.stageDelaysMs,
				D,
				minimum,
				runs,
				readsPerTask: median(runs.map((x) => x.readsPerTask)),
				readsMax: Math.max(...runs.map((x) => x.readsMax)),
				ratio: median(runs.map((x) => x.ratio)),
				wallMs: median(runs.map((x) => x.wallMs)),
				rateViolations: Math.max(...runs.map((x) => x.rateViolations)),
				failed: runs.filter((x) => x.status !== 'success' || x.complete !== x.tasks * 2).length,
			});
		}
		return { cases };
	} finally {
		await undeploy(env, wfId);
		await resetSandbox(env);
	}
}

module.exports = { run };
