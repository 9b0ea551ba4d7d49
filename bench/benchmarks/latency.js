'use strict';
/**
 * Benchmark 2: callback → continued-workflow latency.
 *
 * A loopback client sends Kie's exact `complete` callback body (captured from the sandbox, new
 * task id each time, signed like Kie signs) to a published workflow and measures the time from
 * sending until that execution has finished: execution stoppedAt − send time (same machine clock).
 * Callbacks are sent one at a time; the next is sent once the previous execution has finished.
 *
 * Variants (each → NoOp), interleaved so drift and foreign load hit all alike:
 *   trigger        Kie Suno Trigger with the kieApi credential (HMAC key set: signature verified)
 *   triggerNoCred  Kie Suno Trigger without a credential (no signature check)
 *   webhook        n8n's Webhook node (POST, Respond: Immediately), same body and headers
 *   webhookExpr    the same Webhook node with one expression parameter. Diagnostic: n8n 2.41 (expression
 *                  engine "vm") takes an expression isolate for every webhook request except the Webhook
 *                  node with static parameters, so this isolates that platform cost from the node's own.
 */
const { log, webhookNode, noOpNode, node, chain, uuid, median, percentile, randomTaskId, until, sleep } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook, waitTriggerRegistered, triggerWebhookSuffix, FINISHED } = require('../lib/env');
const { captureTemplates, sendCallback } = require('../lib/callbacks');

function triggerNode(env, withCredential) {
	const id = uuid();
	return node('Kie Suno Trigger', 'n8n-nodes-kie-suno.kieSunoTrigger', 1, { events: ['complete', 'error'], options: {} }, {
		webhookId: id,
		...(withCredential ? { credentials: { kieApi: env.cred } } : {}),
	});
}

async function deployVariants(env) {
	const suffix = triggerWebhookSuffix();
	const out = [];
	for (const [key, label, withCred] of [
		['trigger', 'Kie Suno Trigger (credential with HMAC key: signature checked) → NoOp', true],
		['triggerNoCred', 'Kie Suno Trigger (no credential) → NoOp', false],
	]) {
		const trig = triggerNode(env, withCred);
		const wfId = await deploy(env, chain(`bench latency ${key}`, [trig, noOpNode('Done')]));
		const hookPath = `${trig.webhookId}/${suffix}`;
		await waitTriggerRegistered(env, hookPath);
		out.push({ key, label, wfId, url: `${env.n8n.url}/webhook/${hookPath}`, hookPath });
	}
	for (const [key, label, params] of [
		['webhook', 'n8n Webhook node 2.1 (POST, Respond: Immediately) → NoOp', {}],
		[
			'webhookExpr',
			'n8n Webhook node 2.1 as above plus one expression parameter (a response header `={{ "1" }}`) → NoOp',
			{ options: { responseHeaders: { entries: [{ name: 'x-bench', value: '={{ "1" }}' }] } } },
		],
	]) {
		const hook = webhookNode('Webhook');
		Object.assign(hook.parameters, params);
		const wfId = await deploy(env, chain(`bench latency ${key}`, [hook, noOpNode('Done')]));
		// the first call waits until n8n has registered the webhook (a 404 starts nothing)
		const before = await lastExecutionId(env, wfId);
		const res = await postWebhook(env, hook.parameters.path, { warmup: true });
		if (res.status !== 200) throw new Error(`webhook warm-up: HTTP ${res.status} ${res.text.slice(0, 200)}`);
		await waitExecution(env, wfId, before, { timeoutMs: 30_000, includeData: false });
		out.push({ key, label, wfId, url: `${env.n8n.url}/webhook/${hook.parameters.path}`, hookPath: hook.parameters.path, isWebhook: true });
	}
	return out;
}

/** Sends one callback and waits for its execution; returns the timings. */
async function measureOne(env, v, template, lastId) {
	const taskId = randomTaskId();
	const sent = await sendCallback(env, v.url, template, taskId);
	if (sent.status !== 200) throw new Error(`${v.key}: callback answered ${sent.status} ${sent.text}`);
	await sleep(5);
	const exec = await until(
		async () => {
			const list = await env.client.listExecutions({ workflowId: v.wfId, limit: 3 });
			return list.filter((e) => Number(e.id) > lastId && FINISHED(e)).pop() || null;
		},
		{ timeoutMs: 30_000, intervalMs: 20, what: `the execution of ${v.key} for task ${taskId}` },
	);
	return {
		variant: v.key,
		execId: Number(exec.id),
		status: exec.status,
		responseMs: sent.ms,
		startMs: Date.parse(exec.startedAt) - sent.sentAt,
		latencyMs: Date.parse(exec.stoppedAt) - sent.sentAt,
	};
}

async function run(env) {
	const cfg = env.cfg;
	const templates = await captureTemplates(env);
	const variants = await deployVariants(env);
	try {
		const last = new Map();
		for (const v of variants) last.set(v.key, await lastExecutionId(env, v.wfId));
		// warm-up (not measured): loads the code paths, fills caches
		for (let i = 0; i < cfg.latency.warmup; i++) {
			for (const v of variants) {
				const m = await measureOne(env, v, templates.complete, last.get(v.key));
				last.set(v.key, m.execId);
			}
		}
		const runs = [];
		for (let r = 0; r < cfg.runs; r++) {
			const samples = [];
			for (let i = 0; i < cfg.latency.callbacks; i++) {
				const order = variants.map((_, k) => variants[(k + i + r) % variants.length]);
				for (const v of order) {
					const m = await measureOne(env, v, templates.complete, last.get(v.key));
					last.set(v.key, m.execId);
					samples.push(m);
				}
			}
			const per = {};
			for (const v of variants) {
				const mine = samples.filter((s) => s.variant === v.key);
				per[v.key] = {
					n: mine.length,
					p50: percentile(mine.map((s) => s.latencyMs), 50),
					p95: percentile(mine.map((s) => s.latencyMs), 95),
					max: Math.max(...mine.map((s) => s.latencyMs)),
					startP50: percentile(mine.map((s) => s.startMs), 50),
					responseP50: percentile(mine.map((s) => s.responseMs), 50),
					failed: mine.filter((s) => s.status !== 'success').length,
				};
			}
			const res = {
				run: r,
				per,
				ratioP50: per.trigger.p50 / per.webhook.p50,
				ratioP95: per.trigger.p95 / per.webhook.p95,
				ratioNoCredP50: per.triggerNoCred.p50 / per.webhook.p50,
				ratioVsExprP50: per.trigger.p50 / per.webhookExpr.p50,
				ratioNoCredVsExprP50: per.triggerNoCred.p50 / per.webhookExpr.p50,
				credentialCostP50: per.trigger.p50 - per.triggerNoCred.p50,
			};
			log(
				`latency run ${r + 1}/${cfg.runs}: p50/p95 ms trigger ${per.trigger.p50}/${per.trigger.p95}, no-cred ${per.triggerNoCred.p50}/${per.triggerNoCred.p95}, ` +
					`webhook ${per.webhook.p50}/${per.webhook.p95}, webhook+expr ${per.webhookExpr.p50}/${per.webhookExpr.p95}; ` +
					`ratio p50 ${res.ratioP50.toFixed(2)} (vs webhook+expr ${res.ratioVsExprP50.toFixed(2)})`,
			);
			runs.push(res);
		}
		const summary = variants.map((v) => {
			const m = (k) => median(runs.map((r) => r.per[v.key][k]));
			return { key: v.key, label: v.label, p50: m('p50'), p95: m('p95'), max: m('max'), startP50: m('startP50'), responseP50: m('responseP50'), failed: Math.max(...runs.map((r) => r.per[v.key].failed)) };
		});
		return {
			callbacksPerVariant: cfg.latency.callbacks,
			warmup: cfg.latency.warmup,
			runs,
			summary,
			ratioP50: median(runs.map((r) => r.ratioP50)),
			ratioP95: median(runs.map((r) => r.ratioP95)),
			ratioNoCredP50: median(runs.map((r) => r.ratioNoCredP50)),
			ratioVsExprP50: median(runs.map((r) => r.ratioVsExprP50)),
			ratioNoCredVsExprP50: median(runs.map((r) => r.ratioNoCredVsExprP50)),
			credentialCostP50: median(runs.map((r) => r.credentialCostP50)),
			tracksPerCallback: (templates.complete.data.data || []).length,
			bodyBytes: Buffer.byteLength(JSON.stringify(templates.complete)),
		};
	} finally {
		for (const v of variants) await undeploy(env, v.wfId);
	}
}

module.exports = { run, triggerNode };
