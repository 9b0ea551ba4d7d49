'use strict';
/**
 * Benchmark 3: the trigger under load.
 *
 * `callbacks` distinct signed callbacks (unique task ids) at `concurrency` parallel senders to one
 * published Kie Suno Trigger with the credential (default events complete + error) → NoOp. The
 * stages are mixed: 40 % complete, 20 % error, 20 % text, 20 % first, so 60 % are selected and 40 %
 * must be answered 200 and ignored. The trigger answers first and then reads each selected task from
 * Kie, so the complete / error callbacks name real sandbox tasks that succeeded / failed (made before
 * each run, not measured). Measured: answer times (p50/p95/p99/max; Kie gives up after 15 s),
 * executions started vs callbacks selected (by task id: none lost, none twice, none for an ignored
 * stage, every item `verified: true`), the details reads per selected callback, and n8n's health
 * afterwards (/healthz 200 and one more callback still starts its execution).
 * Beside it, the same callbacks to n8n's Webhook node (Respond: Immediately) → NoOp, which starts an
 * execution for every one of them.
 */
const { log, median, percentile, randomTaskId, until, sleep, chain, noOpNode, webhookNode } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, listExecutions, waitExecution, postWebhook, waitTriggerRegistered, triggerWebhookSuffix, request, FINISHED } = require('../lib/env');
const { captureTemplates, sendCallback } = require('../lib/callbacks');
const { finishedTasks, detailsReads } = require('../lib/sandbox');
const { triggerNode } = require('./latency');

const STAGE_MIX = ['complete', 'complete', 'complete', 'complete', 'error', 'error', 'text', 'text', 'first', 'first'];
const SELECTED = new Set(['complete', 'error']);

function startItems(exec, wf) {
	const rd = exec.data && exec.data.resultData && exec.data.resultData.runData;
	const r = rd && rd[wf.startNode] && rd[wf.startNode][0];
	return (r && r.data && r.data.main && r.data.main[0]) || [];
}

function taskIdsOf(exec, wf) {
	const id = (j) => (wf.isWebhook ? j && j.body && j.body.data && j.body.data.task_id : j && j.taskId);
	return [...new Set(startItems(exec, wf).map((i) => id(i.json)).filter(Boolean))];
}

/** The callbacks of one run: selected stages name finished sandbox tasks (the trigger reads them back). */
async function planRun(env, wf, r) {
	const { callbacks } = env.cfg.load;
	const stages = Array.from({ length: callbacks }, (_, i) => STAGE_MIX[i % STAGE_MIX.length]);
	const count = (stage) => stages.filter((s) => s === stage).length;
	if (wf.isWebhook) return stages.map((stage) => ({ stage, taskId: randomTaskId() }));
	const pools = {
		complete: await finishedTasks(env, { route: 'perOperation', count: count('complete'), prefix: `load-${r}-${wf.key}-ok` }),
		error: await finishedTasks(env, { route: 'perOperation', count: count('error'), prefix: `load-${r}-${wf.key}-failed`, failWith: 'GENERATE_AUDIO_FAILED' }),
	};
	return stages.map((stage) => ({ stage, taskId: pools[stage] ? pools[stage].shift() : randomTaskId() }));
}

async function runOnce(env, wf, templates, r) {
	const { concurrency } = env.cfg.load;
	const plan = await planRun(env, wf, r);
	const since = Date.now();
	const isSelected = (p) => wf.isWebhook || SELECTED.has(p.stage);
	const selected = plan.filter(isSelected);
	const before = await lastExecutionId(env, wf.wfId);
	const results = new Array(plan.length);
	let next = 0;
	const tStart = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let guard = 0; guard < plan.length; guard++) {
				const i = next++;
				if (i >= plan.length) return;
				results[i] = await sendCallback(env, wf.url, templates[plan[i].stage], plan[i].taskId, { timeoutMs: 30_000 });
			}
		}),
	);
	const tSent = Date.now();
	const ms = results.map((x) => x.ms);
	const non200 = results.filter((x) => x.status !== 200);

	// wait until as many executions as selected callbacks exist and are finished (bounded), then a grace period for extras
	const count = async () => (await listExecutions(env, wf.wfId, { pageSize: 250 })).filter((e) => Number(e.id) > before);
	let execs = await until(
		async () => {
			const list = await count();
			return list.length >= selected.length && list.every(FINISHED) ? list : null;
		},
		{ timeoutMs: 240_000, intervalMs: 500, what: `${selected.length} executions` },
	).catch(async (e) => {
		log(`load: ${e.message}`);
		return count();
	});
	await sleep(2000);
	execs = await count();
	const withData = (await listExecutions(env, wf.wfId, { includeData: true, pageSize: 100 })).filter((e) => Number(e.id) > before);
	const seen = new Map();
	for (const e of withData) for (const t of taskIdsOf(e, wf)) seen.set(t, (seen.get(t) || 0) + 1);
	const unverified = wf.isWebhook ? 0 : withData.filter((e) => startItems(e, wf).some((i) => i.json.verified !== true)).length;
	const reads = detailsReads(env, since);
	const readCounts = selected.map((p) => reads.perTask.get(p.taskId) || 0);
	const selectedIds = new Set(selected.map((p) => p.taskId));
	const ignoredIds = new Set(plan.filter((p) => !isSelected(p)).map((p) => p.taskId));
	const missing = selected.filter((p) => !seen.has(p.taskId)).length;
	const duplicated = [...seen.entries()].filter(([t, n]) => selectedIds.has(t) && n > 1).length;
	const unexpected = [...seen.keys()].filter((t) => ignoredIds.has(t) || !selectedIds.has(t)).length;
	const starts = execs.map((e) => Date.parse(e.startedAt));
	const stops = execs.map((e) => Date.parse(e.stoppedAt)).filter(Number.isFinite);

	// health afterwards
	const health = await request('GET', `${env.n8n.url}/healthz`, { timeoutMs: 10_000 }).catch((e) => ({ status: `error: ${e.message}` }));
	const lastBefore = Math.max(before, ...execs.map((e) => Number(e.id)));
	const [lastTask] = wf.isWebhook ? [randomTaskId()] : await finishedTasks(env, { route: 'perOperation', count: 1, prefix: `load-${r}-last` });
	const lastSent = await sendCallback(env, wf.url, templates.complete, lastTask);
	const lastExec = await until(
		async () => (await env.client.listExecutions({ workflowId: wf.wfId, limit: 3 })).filter((e) => Number(e.id) > lastBefore && FINISHED(e)).pop(),
		{ timeoutMs: 30_000, intervalMs: 100, what: 'the execution of the last callback' },
	).catch(() => null);

	const res = {
		variant: wf.key,
		run: r,
		callbacks: plan.length,
		selected: selected.length,
		ignoredStages: plan.length - selected.length,
		sendSeconds: (tSent - tStart) / 1000,
		callbacksPerSecond: plan.length / ((tSent - tStart) / 1000),
		p50: percentile(ms, 50),
		p95: percentile(ms, 95),
		p99: percentile(ms, 99),
		max: Math.max(...ms),
		non200: non200.length,
		non200Sample: non200.slice(0, 3).map((x) => `${x.status} ${x.text}`),
		executions: execs.length,
		executionsSuccess: execs.filter((e) => e.status === 'success').length,
		executionsUnfinished: execs.filter((e) => !FINISHED(e)).length,
		missing,
		duplicated,
		unexpected,
		unverified,
		readsPerSelected: median(readCounts),
		readsMax: Math.max(0, ...readCounts),
		readsTotal: readCounts.reduce((a, b) => a + b, 0),
		drainSeconds: stops.length ? (Math.max(...stops) - tStart) / 1000 : NaN,
		firstStartMs: starts.length ? Math.min(...starts) - tStart : NaN,
		healthz: health.status,
		lastCallbackStatus: lastSent.status,
		lastCallbackExecution: lastExec ? lastExec.status : 'none',
		lastCallbackLatencyMs: lastExec ? Date.parse(lastExec.stoppedAt) - lastSent.sentAt : NaN,
	};
	res.ok = res.non200 === 0 && res.executions === res.selected && missing === 0 && duplicated === 0 && unexpected === 0 && unverified === 0 && res.healthz === 200 && res.lastCallbackExecution === 'success';
	return res;
}

async function deployTrigger(env) {
	const trig = triggerNode(env, true);
	const wfId = await deploy(env, chain('bench load trigger', [trig, noOpNode('Done')]));
	const hookPath = `${trig.webhookId}/${triggerWebhookSuffix()}`;
	await waitTriggerRegistered(env, hookPath);
	return { key: 'trigger', label: 'Kie Suno Trigger (credential with HMAC key; events complete, error) → NoOp', wfId, url: `${env.n8n.url}/webhook/${hookPath}`, startNode: 'Kie Suno Trigger' };
}

async function deployWebhook(env) {
	const hook = webhookNode('Webhook');
	const wfId = await deploy(env, chain('bench load webhook', [hook, noOpNode('Done')]));
	const before = await lastExecutionId(env, wfId);
	const res = await postWebhook(env, hook.parameters.path, { warmup: true });
	if (res.status !== 200) throw new Error(`webhook warm-up: HTTP ${res.status}`);
	await waitExecution(env, wfId, before, { timeoutMs: 30_000, includeData: false });
	return { key: 'webhook', label: 'n8n Webhook node 2.1 (POST, Respond: Immediately) → NoOp: every callback starts an execution', wfId, url: `${env.n8n.url}/webhook/${hook.parameters.path}`, startNode: 'Webhook', isWebhook: true };
}

function summarize(runs) {
	const m = (k) => median(runs.map((x) => x[k]));
	return {
		runs: runs.length,
		p50: m('p50'),
		p95: m('p95'),
		p99: m('p99'),
		max: m('max'),
		worstMax: Math.max(...runs.map((x) => x.max)),
		callbacksPerSecond: m('callbacksPerSecond'),
		drainSeconds: m('drainSeconds'),
		non200: Math.max(...runs.map((x) => x.non200)),
		selected: m('selected'),
		executions: m('executions'),
		missing: Math.max(...runs.map((x) => x.missing)),
		duplicated: Math.max(...runs.map((x) => x.duplicated)),
		unexpected: Math.max(...runs.map((x) => x.unexpected)),
		unverified: Math.max(...runs.map((x) => x.unverified)),
		readsPerSelected: m('readsPerSelected'),
		readsMax: Math.max(...runs.map((x) => x.readsMax)),
		non200Sample: runs.flatMap((x) => x.non200Sample).slice(0, 3),
		allOk: runs.every((x) => x.ok),
		healthz: runs.map((x) => x.healthz),
		lastCallback: runs.map((x) => x.lastCallbackExecution),
		lastCallbackLatencyMs: m('lastCallbackLatencyMs'),
	};
}

async function run(env) {
	const cfg = env.cfg;
	const templates = await captureTemplates(env);
	const wfs = [];
	try {
		wfs.push(await deployTrigger(env));
		wfs.push(await deployWebhook(env));
		for (const wf of wfs) {
			// warm-up: a few sequential callbacks
			const warmBefore = await lastExecutionId(env, wf.wfId);
			const warmIds = wf.isWebhook ? [1, 2, 3].map(() => randomTaskId()) : await finishedTasks(env, { route: 'perOperation', count: 3, prefix: 'load-warmup' });
			for (const id of warmIds) await sendCallback(env, wf.url, templates.complete, id);
			await until(async () => (await env.client.listExecutions({ workflowId: wf.wfId, limit: 5 })).filter((e) => Number(e.id) > warmBefore && FINISHED(e)).length >= 3, {
				timeoutMs: 30_000,
				intervalMs: 200,
				what: 'warm-up executions',
			});
		}
		const runs = [];
		for (let r = 0; r < cfg.load.runs; r++) {
			const order = r % 2 === 0 ? wfs : [...wfs].reverse();
			for (const wf of order) {
				const res = await runOnce(env, wf, templates, r);
				log(
					`load run ${r + 1}/${cfg.load.runs} ${wf.key}: ${res.callbacks} callbacks at ${cfg.load.concurrency} in ${res.sendSeconds.toFixed(1)} s; ` +
						`answer p50/p99/max ${res.p50.toFixed(0)}/${res.p99.toFixed(0)}/${res.max.toFixed(0)} ms; non-200 ${res.non200}; ` +
						`executions ${res.executions}/${res.selected} (missing ${res.missing}, twice ${res.duplicated}, unexpected ${res.unexpected}, unverified ${res.unverified}); ` +
						`reads/selected ${res.readsPerSelected} (max ${res.readsMax}); ${res.non200 ? `non-200 e.g. ${res.non200Sample.join(' | ')}; ` : ''}` +
						`healthz ${res.healthz}, last ${res.lastCallbackExecution}`,
				);
				runs.push(res);
				await sleep(1000);
			}
		}
		const byKey = (k) => runs.filter((x) => x.variant === k);
		const trig = byKey('trigger');
		const hook = byKey('webhook');
		return {
			callbacks: cfg.load.callbacks,
			concurrency: cfg.load.concurrency,
			stageMix: '40 % complete, 20 % error, 20 % text, 20 % first',
			runs,
			variants: wfs.map((w) => ({ key: w.key, label: w.label })),
			summary: summarize(trig),
			webhook: summarize(hook),
			ratioP99: median(trig.map((t, i) => t.p99 / hook[i].p99)),
		};
	} finally {
		for (const wf of wfs) await undeploy(env, wf.wfId);
	}
}

module.exports = { run };
