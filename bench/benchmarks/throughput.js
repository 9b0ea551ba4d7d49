'use strict';
/**
 * Benchmark 1: create throughput under Kie's limit.
 *
 * 100 items of Add Instrumental (completion: callback, callback URL = a loopback sink) against the
 * sandbox enforcing `perWindow` creates per `windowMs` (scaled down from Kie's 20 per 10 s).
 * Lower bound: the last of ceil(items/perWindow) batches cannot start before
 * (ceil(items/perWindow) - 1) windows, i.e. 4 windows for 100 items.
 *
 * Variants (same workflow shape: Webhook → Split Out → <node>):
 *   kie          Kie Suno node, maxCreatesPerWindow = perWindow, rateWindowSeconds = window
 *   http         n8n's HTTP Request node (latest typeVersion), default settings
 *   httpBatched  HTTP Request with options.batching {batchSize: perWindow, batchInterval: window}
 *
 * Wall time = the execution's startedAt → stoppedAt (n8n execution data); the node's own
 * runData executionTime is reported beside it.
 */
const { log, node, webhookNode, chain, uuid, median, sleep } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook, resetSandbox } = require('../lib/env');

const HTTP_TYPE_VERSION = 4.5; // n8n-nodes-base.httpRequest defaultVersion in n8n 2.41.1

function variants(env) {
	const { perWindow, windowMs } = env.cfg.throughput;
	const createUrl = `${env.sb.url}/api/v1/generate/add-instrumental`;
	const uploadUrl = `${env.sb.url}/bench/source.mp3`;
	const callbackUrl = `${env.sink.url}/kie-callback`;
	const kie = node(
		'Create',
		'n8n-nodes-kie-suno.kieSuno',
		1,
		{
			resource: 'music',
			operation: 'addInstrumental',
			uploadUrl,
			title: '={{ $json.title }}',
			tags: 'piano, calm',
			negativeTags: 'metal',
			completion: 'callback',
			callbackUrl,
			options: { maxCreatesPerWindow: perWindow, rateWindowSeconds: windowMs / 1000 },
		},
		{ credentials: { kieApi: env.cred }, onError: 'continueRegularOutput' },
	);
	const jsonBody = `={{ JSON.stringify({ uploadUrl: ${JSON.stringify(uploadUrl)}, title: $json.title, tags: 'piano, calm', negativeTags: 'metal', callBackUrl: ${JSON.stringify(callbackUrl)} }) }}`;
	const httpParams = (options) => ({
		method: 'POST',
		url: createUrl,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${env.sandboxKey}` }] },
		sendBody: true,
		specifyBody: 'json',
		jsonBody,
		options,
	});
	const http = node('Create', 'n8n-nodes-base.httpRequest', HTTP_TYPE_VERSION, httpParams({}), { onError: 'continueRegularOutput' });
	const httpBatched = node(
		'Create',
		'n8n-nodes-base.httpRequest',
		HTTP_TYPE_VERSION,
		httpParams({ batching: { batch: { batchSize: perWindow, batchInterval: windowMs } } }),
		{ onError: 'continueRegularOutput' },
	);
	return [
		{ key: 'kie', label: 'Kie Suno node (`completion: callback`, max 20 per window)', node: kie },
		{ key: 'http', label: `HTTP Request ${HTTP_TYPE_VERSION}, default settings`, node: http },
		{ key: 'httpBatched', label: `HTTP Request ${HTTP_TYPE_VERSION}, batching ${perWindow} / ${windowMs} ms`, node: httpBatched },
	];
}

/** An output item failed if it is an error item or Kie's body code is not 200. */
function itemFailed(key, json) {
	if (!json || json.error) return true;
	if (key === 'kie') return typeof json.taskId !== 'string' || json.taskId === '';
	return json.code !== 200;
}

async function runOnce(env, v, wfId, hookPath, runIndex) {
	const { items } = env.cfg.throughput;
	await resetSandbox(env);
	const prefix = `tp-${runIndex}-${v.key}-${uuid().slice(0, 8)}`;
	const titles = Array.from({ length: items }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
	const before = await lastExecutionId(env, wfId);
	const res = await postWebhook(env, hookPath, { items: titles.map((title) => ({ title })) });
	if (res.status !== 200) throw new Error(`webhook ${hookPath}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
	const exec = await waitExecution(env, wfId, before, { timeoutMs: 180_000, intervalMs: 250 });
	const wallMs = Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt);
	const runData = (exec.data && exec.data.resultData && exec.data.resultData.runData) || {};
	const nodeRun = runData.Create && runData.Create[0];
	const nodeMs = nodeRun ? nodeRun.executionTime : NaN;
	const out = (nodeRun && nodeRun.data && nodeRun.data.main && nodeRun.data.main[0]) || [];
	const failedItems = out.filter((i) => itemFailed(v.key, i.json)).length + Math.max(0, items - out.length);
	const codes = {};
	for (const i of out) {
		const c = v.key === 'kie' ? (i.json.error ? 'error' : 200) : i.json.code !== undefined ? i.json.code : 'error';
		codes[c] = (codes[c] || 0) + 1;
	}
	// sandbox view: tasks per input title
	const perTitle = new Map(titles.map((t) => [t, 0]));
	for (const t of env.sb.tasks.values()) {
		const title = t.body && t.body.title;
		if (perTitle.has(title)) perTitle.set(title, perTitle.get(title) + 1);
	}
	const counts = [...perTitle.values()];
	const duplicates = counts.reduce((a, c) => a + Math.max(0, c - 1), 0);
	const missing = counts.filter((c) => c === 0).length;
	const stats = { ...env.sb.stats };
	const lowerBoundMs = (Math.ceil(items / env.cfg.throughput.perWindow) - 1) * env.cfg.throughput.windowMs;
	return {
		variant: v.key,
		execId: exec.id,
		status: exec.status,
		wallMs,
		nodeMs,
		lowerBoundMs,
		ratio: wallMs / lowerBoundMs,
		nodeRatio: nodeMs / lowerBoundMs,
		failedItems,
		itemsWithoutTask: missing,
		duplicates,
		tasks: counts.reduce((a, c) => a + c, 0),
		createRequests: stats.creates + stats.createRejectedRate + stats.createRejectedValidation,
		rejected429: stats.createRejectedRate,
		codes,
	};
}

async function run(env) {
	const cfg = env.cfg;
	// no callbacks while measuring: the tasks stay PENDING (reset ends them between runs)
	env.sb.configure({ stageDelaysMs: { text: 10 * 60_000, first: 1000, complete: 1000 }, fetchUploadUrl: false });
	const list = variants(env);
	const deployed = [];
	try {
		for (const v of list) {
			const hook = webhookNode('Webhook');
			const split = node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'body.items', options: {} });
			const wfId = await deploy(env, chain(`bench throughput ${v.key}`, [hook, split, v.node]));
			deployed.push({ v, wfId, hookPath: hook.parameters.path });
		}
		// warm-up: one tiny run per workflow (registers the webhooks, loads the node code)
		for (const d of deployed) {
			await resetSandbox(env);
			const before = await lastExecutionId(env, d.wfId);
			await postWebhook(env, d.hookPath, { items: [{ title: `warmup-${d.v.key}` }] });
			await waitExecution(env, d.wfId, before, { timeoutMs: 60_000, includeData: false });
		}
		const runs = [];
		for (let r = 0; r < cfg.runs; r++) {
			// rotate the order so no variant always runs first
			const order = deployed.map((_, i) => deployed[(i + r) % deployed.length]);
			for (const d of order) {
				await sleep(cfg.throughput.windowMs + 200); // let every window of the previous run close
				const res = await runOnce(env, d.v, d.wfId, d.hookPath, r);
				log(
					`throughput run ${r + 1}/${cfg.runs} ${d.v.key}: wall ${res.wallMs} ms (node ${res.nodeMs} ms), ratio ${res.ratio.toFixed(3)}, ` +
						`failed ${res.failedItems}, duplicates ${res.duplicates}, 429s ${res.rejected429}`,
				);
				runs.push(res);
			}
		}
		const summary = list.map((v) => {
			const mine = runs.filter((x) => x.variant === v.key);
			const med = (k) => median(mine.map((x) => x[k]));
			return {
				key: v.key,
				label: v.label,
				runs: mine.length,
				wallMs: med('wallMs'),
				nodeMs: med('nodeMs'),
				ratio: med('ratio'),
				nodeRatio: med('nodeRatio'),
				failedItems: med('failedItems'),
				failedMax: Math.max(...mine.map((x) => x.failedItems)),
				duplicates: med('duplicates'),
				duplicatesMax: Math.max(...mine.map((x) => x.duplicates)),
				rejected429: med('rejected429'),
				createRequests: med('createRequests'),
			};
		});
		// ratios measured in the same run: each run's HTTP variants against that run's Kie run
		const kieByRun = new Map(runs.filter((x) => x.variant === 'kie').map((x, i) => [i, x]));
		const sameRun = ['http', 'httpBatched'].map((k) => {
			const theirs = runs.filter((x) => x.variant === k);
			return { key: k, wallRatio: median(theirs.map((x, i) => kieByRun.get(i).wallMs / x.wallMs)) };
		});
		return {
			items: cfg.throughput.items,
			perWindow: cfg.throughput.perWindow,
			windowMs: cfg.throughput.windowMs,
			lowerBoundMs: (Math.ceil(cfg.throughput.items / cfg.throughput.perWindow) - 1) * cfg.throughput.windowMs,
			runs,
			summary,
			sameRun,
		};
	} finally {
		for (const d of deployed) await undeploy(env, d.wfId);
		await resetSandbox(env);
	}
}

module.exports = { run };
