'use strict';
/**
 * Benchmark 2: callback → continued-workflow latency.
 *
 * A loopback client sends a Kie callback body (captured from the sandbox, new task id each time,
 * signed like Kie signs) to a published workflow and measures the time from sending until that
 * execution has finished: execution stoppedAt − send time (same machine clock). Callbacks are sent
 * one at a time; the next is sent once the previous execution has finished.
 *
 * With a credential the trigger answers Kie 200 at once and then reads the task from Kie before it
 * starts an execution (the doorbell check), so those callbacks name real, finished sandbox tasks and
 * the benchmark counts the reads each one cost. Variants (each → NoOp), interleaved so drift and
 * foreign load hit all alike:
 *   trigger        Kie Suno Trigger with the credential: HMAC check + one read on the per-operation route
 *                  (the per-operation `complete` callback, 2 tracks)
 *   triggerJobs    the same trigger, a jobs-route task: Kie's terminal jobs callback to the URL tagged as the
 *                  node tags it (`?kieTaskType=music&kieApiRoute=jobs`), one read of /api/v1/jobs/recordInfo
 *   triggerNoCred  Kie Suno Trigger without a credential: the body passed through with `verified: false`
 *   webhook        n8n's Webhook node (POST, Respond: Immediately), the per-operation body and headers
 *   webhookExpr    the same Webhook node with one expression parameter. Diagnostic: n8n 2.41 (expression
 *                  engine "vm") takes an expression isolate for every webhook request except the Webhook
 *                  node with static parameters, so this isolates that platform cost from the node's own.
 */
const { log, webhookNode, noOpNode, node, chain, uuid, median, percentile, randomTaskId, sleep } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook, waitTriggerRegistered, triggerWebhookSuffix, FINISHED } = require('../lib/env');
const { captureTemplates, sendCallback, JOBS_CALLBACK_TAGS } = require('../lib/callbacks');
const { finishedTasks, detailsReads } = require('../lib/sandbox');

function triggerNode(env, withCredential) {
	const id = uuid();
	return node('Kie Suno Trigger', 'n8n-nodes-kie-suno.kieSunoTrigger', 1, { events: ['complete', 'error'], options: {} }, {
		webhookId: id,
		...(withCredential ? { credentials: { kieApi: env.cred } } : {}),
	});
}

const TRIGGERS = [
	{ key: 'trigger', label: 'Kie Suno Trigger, credential: HMAC check + one details read (per-operation route) → NoOp', cred: true, route: 'perOperation', template: 'complete' },
	{ key: 'triggerJobs', label: 'Kie Suno Trigger, credential: HMAC check + one details read (jobs route) → NoOp', cred: true, route: 'jobs', template: 'jobsComplete', query: JOBS_CALLBACK_TAGS },
	{ key: 'triggerNoCred', label: 'Kie Suno Trigger, no credential: pass-through (`verified: false`) → NoOp', cred: false, template: 'complete' },
];
const WEBHOOKS = [
	{ key: 'webhook', label: 'n8n Webhook node 2.1 (POST, Respond: Immediately) → NoOp', params: {} },
	{
		key: 'webhookExpr',
		label: 'n8n Webhook node 2.1 as above plus one expression parameter (a response header `={{ "1" }}`) → NoOp',
		params: { options: { responseHeaders: { entries: [{ name: 'x-bench', value: '={{ "1" }}' }] } } },
	},
];

async function deployVariants(env) {
	const suffix = triggerWebhookSuffix();
	const out = [];
	for (const t of TRIGGERS) {
		const trig = triggerNode(env, t.cred);
		const wfId = await deploy(env, chain(`bench latency ${t.key}`, [trig, noOpNode('Done')]));
		const hookPath = `${trig.webhookId}/${suffix}`;
		await waitTriggerRegistered(env, hookPath);
		out.push({ ...t, wfId, startNode: 'Kie Suno Trigger', url: `${env.n8n.url}/webhook/${hookPath}${t.query || ''}` });
	}
	for (const w of WEBHOOKS) {
		const hook = webhookNode('Webhook');
		Object.assign(hook.parameters, w.params);
		const wfId = await deploy(env, chain(`bench latency ${w.key}`, [hook, noOpNode('Done')]));
		// the first call waits until n8n has registered the webhook (a 404 starts nothing)
		const before = await lastExecutionId(env, wfId);
		const res = await postWebhook(env, hook.parameters.path, { warmup: true });
		if (res.status !== 200) throw new Error(`webhook warm-up: HTTP ${res.status} ${res.text.slice(0, 200)}`);
		await waitExecution(env, wfId, before, { timeoutMs: 30_000, includeData: false });
		out.push({ ...w, template: 'complete', wfId, startNode: 'Webhook', isWebhook: true, url: `${env.n8n.url}/webhook/${hook.parameters.path}` });
	}
	return out;
}

/** Whether the execution's start node output names the callback's task (and, for the trigger, says how it knows). */
function outputMatches(exec, v, taskId) {
	const rd = exec.data && exec.data.resultData && exec.data.resultData.runData;
	const r = rd && rd[v.startNode] && rd[v.startNode][0];
	const items = (r && r.data && r.data.main && r.data.main[0]) || [];
	if (!items.length) return false;
	if (v.isWebhook) return items.every((i) => i.json.body && i.json.body.data && i.json.body.data.task_id === taskId);
	return items.every((i) => i.json.taskId === taskId && i.json.verified === v.cred);
}

/** The newest details read of a task the sandbox recorded (searched among its last requests). */
function lastReadOf(env, taskId) {
	const list = env.sb.requests;
	for (let i = list.length - 1, n = 0; i >= 0 && n < 500; i--, n++) {
		const q = list[i];
		if (q.query && q.query.taskId === taskId && /record-?info/i.test(q.path)) return q;
	}
	return null;
}

/**
 * Waits (at most 30 s) for the workflow's first finished execution after `lastId`. The timings come
 * from n8n's own timestamps, so how often this asks does not change them; it asks often at first
 * and then less, so its REST calls do not load the n8n being measured.
 */
async function finishedAfter(env, v, lastId, what) {
	const deadline = Date.now() + 30_000;
	for (let attempt = 0; Date.now() < deadline && attempt < 2000; attempt++) {
		await sleep(Math.min(20 * 2 ** Math.floor(attempt / 3), 160));
		const list = await env.client.listExecutions({ workflowId: v.wfId, limit: 3 });
		const hit = list.filter((e) => Number(e.id) > lastId && FINISHED(e)).pop();
		if (hit) return hit;
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Sends one callback and waits for its execution; returns the timings. */
async function measureOne(env, v, templates, lastId, taskId) {
	const sent = await sendCallback(env, v.url, templates[v.template], taskId);
	if (sent.status !== 200) throw new Error(`${v.key}: callback answered ${sent.status} ${sent.text}`);
	const exec = await finishedAfter(env, v, lastId, `the execution of ${v.key} for task ${taskId}`);
	const full = await env.client.getExecution(exec.id, true);
	const read = lastReadOf(env, taskId);
	return {
		variant: v.key,
		taskId,
		execId: Number(exec.id),
		status: exec.status,
		outputOk: outputMatches(full, v, taskId),
		responseMs: sent.ms,
		startMs: Date.parse(exec.startedAt) - sent.sentAt,
		// when the trigger's details read reached Kie (the sandbox), from the send
		readMs: read ? read.time - sent.sentAt : NaN,
		latencyMs: Date.parse(exec.stoppedAt) - sent.sentAt,
	};
}

function perVariant(samples, v, reads) {
	const mine = samples.filter((s) => s.variant === v.key);
	const lat = mine.map((s) => s.latencyMs);
	const readCounts = mine.map((s) => reads.perTask.get(s.taskId) || 0);
	return {
		n: mine.length,
		p50: percentile(lat, 50),
		p95: percentile(lat, 95),
		max: Math.max(...lat),
		startP50: percentile(mine.map((s) => s.startMs), 50),
		readP50: percentile(mine.map((s) => s.readMs), 50),
		// where a verified callback's time goes: answered → read reaches Kie → execution starts
		answerToReadP50: percentile(mine.map((s) => s.readMs - s.responseMs), 50),
		readToStartP50: percentile(mine.map((s) => s.startMs - s.readMs), 50),
		responseP50: percentile(mine.map((s) => s.responseMs), 50),
		failed: mine.filter((s) => s.status !== 'success' || !s.outputOk).length,
		readsMedian: median(readCounts),
		readsMax: Math.max(...readCounts),
		readsTotal: readCounts.reduce((a, b) => a + b, 0),
	};
}

function runRatios(per) {
	const d = (a, b) => per[a].p50 - per[b].p50;
	return {
		ratioP50: per.trigger.p50 / per.webhook.p50,
		ratioP95: per.trigger.p95 / per.webhook.p95,
		ratioJobsP50: per.triggerJobs.p50 / per.webhook.p50,
		ratioNoCredP50: per.triggerNoCred.p50 / per.webhook.p50,
		ratioVsExprP50: per.trigger.p50 / per.webhookExpr.p50,
		ratioNoCredVsExprP50: per.triggerNoCred.p50 / per.webhookExpr.p50,
		// the cost of verification (credential, HMAC check and the read from Kie), same run
		verifyRatioP50: per.trigger.p50 / per.triggerNoCred.p50,
		verifyRatioJobsP50: per.triggerJobs.p50 / per.triggerNoCred.p50,
		verifyCostP50: d('trigger', 'triggerNoCred'),
		verifyCostJobsP50: d('triggerJobs', 'triggerNoCred'),
		verifyStartCostP50: per.trigger.startP50 - per.triggerNoCred.startP50,
	};
}

async function run(env) {
	const cfg = env.cfg;
	const templates = await captureTemplates(env);
	const perTrigger = cfg.latency.warmup + cfg.runs * cfg.latency.callbacks;
	const pools = {
		trigger: await finishedTasks(env, { route: 'perOperation', count: perTrigger, prefix: 'lat' }),
		triggerJobs: await finishedTasks(env, { route: 'jobs', count: perTrigger, prefix: 'lat-jobs' }),
	};
	const nextTask = (v) => (pools[v.key] ? pools[v.key].shift() : randomTaskId());
	const variants = await deployVariants(env);
	try {
		const last = new Map();
		for (const v of variants) last.set(v.key, await lastExecutionId(env, v.wfId));
		const measure = async (v) => {
			const m = await measureOne(env, v, templates, last.get(v.key), nextTask(v));
			last.set(v.key, m.execId);
			return m;
		};
		// warm-up (not measured): loads the code paths, fills caches
		for (let i = 0; i < cfg.latency.warmup; i++) for (const v of variants) await measure(v);
		const runs = [];
		for (let r = 0; r < cfg.runs; r++) {
			const since = Date.now();
			const samples = [];
			for (let i = 0; i < cfg.latency.callbacks; i++) {
				const order = variants.map((_, k) => variants[(k + i + r) % variants.length]);
				for (const v of order) samples.push(await measure(v));
			}
			const reads = detailsReads(env, since);
			const per = Object.fromEntries(variants.map((v) => [v.key, perVariant(samples, v, reads)]));
			const res = { run: r, per, readsPerPath: reads.perPath, ...runRatios(per) };
			log(
				`latency run ${r + 1}/${cfg.runs}: p50/p95 ms ${variants.map((v) => `${v.key} ${per[v.key].p50}/${per[v.key].p95}`).join(', ')}; ` +
					`verification +${res.verifyCostP50} ms (x${res.verifyRatioP50.toFixed(2)}), jobs +${res.verifyCostJobsP50} ms; ` +
					`reads/callback ${per.trigger.readsMedian}/${per.triggerJobs.readsMedian}; failed ${variants.map((v) => per[v.key].failed).join('/')}`,
			);
			runs.push(res);
		}
		const summary = variants.map((v) => {
			const m = (k) => median(runs.map((x) => x.per[v.key][k]));
			const mx = (k) => Math.max(...runs.map((x) => x.per[v.key][k]));
			return {
				key: v.key,
				label: v.label,
				p50: m('p50'),
				p95: m('p95'),
				max: m('max'),
				startP50: m('startP50'),
				readP50: m('readP50'),
				answerToReadP50: m('answerToReadP50'),
				readToStartP50: m('readToStartP50'),
				responseP50: m('responseP50'),
				failed: mx('failed'),
				readsMedian: m('readsMedian'),
				readsMax: mx('readsMax'),
			};
		});
		const ratios = Object.fromEntries(Object.keys(runRatios(runs[0].per)).map((k) => [k, median(runs.map((x) => x[k]))]));
		return {
			callbacksPerVariant: cfg.latency.callbacks,
			warmup: cfg.latency.warmup,
			runs,
			summary,
			...ratios,
			// the name 0.1's diagnostics used for trigger − trigger without credential
			credentialCostP50: ratios.verifyCostP50,
			tracksPerCallback: (templates.complete.data.data || []).length,
			bodyBytes: Buffer.byteLength(JSON.stringify(templates.complete)),
			jobsBodyBytes: Buffer.byteLength(JSON.stringify(templates.jobsComplete)),
		};
	} finally {
		for (const v of variants) await undeploy(env, v.wfId);
	}
}

module.exports = { run, triggerNode };
