'use strict';
/**
 * Benchmark 1: create throughput under Kie's limit, on both of Kie's routes.
 *
 * 100 items of Add Instrumental (completion: callback, callback URL = a loopback sink) against the
 * sandbox enforcing `perWindow` creates per `windowMs` per account, counted over BOTH routes
 * together (scaled down from Kie's 20 per 10 s). Lower bound: the last of ceil(items/perWindow)
 * batches cannot start before (ceil(items/perWindow) - 1) windows, i.e. 4 windows for 100 items.
 *
 * Variants (same workflow shape: Webhook → Split Out → <node>):
 *   kiePerOperation  Kie Suno node, model V5_5 (discontinued): `apiRoute: auto` → /api/v1/generate/add-instrumental
 *   kieJobs          Kie Suno node, model V6 (the default): `apiRoute: auto` → /api/v1/jobs/createTask
 *   kieMixed         Kie Suno node, the model alternating per item: half on each route, one shared limit
 *   http             n8n's HTTP Request node (latest typeVersion), per-operation bodies, default settings
 *   httpBatched      HTTP Request with options.batching {batchSize: perWindow, batchInterval: window}
 *
 * Wall time = the execution's startedAt → stoppedAt (n8n execution data); the node's own
 * runData executionTime is reported beside it.
 */
const { log, node, webhookNode, chain, uuid, median, sleep } = require('../lib/common');
const { ROUTES } = require('../lib/config');
const { deploy, undeploy, lastExecutionId, waitExecution, postWebhook } = require('../lib/env');
const { resetSandbox, tasksByTitle } = require('../lib/sandbox');

const HTTP_TYPE_VERSION = 4.5; // n8n-nodes-base.httpRequest defaultVersion in n8n 2.41.1

/** The model of item i, per variant: which route each item must take. */
const MODEL_OF = {
	kiePerOperation: () => ROUTES.perOperation.model,
	kieJobs: () => ROUTES.jobs.model,
	kieMixed: (i) => (i % 2 ? ROUTES.perOperation.model : ROUTES.jobs.model),
	http: () => ROUTES.perOperation.model,
	httpBatched: () => ROUTES.perOperation.model,
};
const ROUTE_OF_MODEL = { [ROUTES.perOperation.model]: 'perOperation', [ROUTES.jobs.model]: 'jobs' };

/** Every Kie Suno variant reads its model from the item (one expression per item in each, so only the route differs). */
function kieNode(env) {
	const { perWindow, windowMs } = env.cfg.throughput;
	return node(
		'Create',
		'n8n-nodes-kie-suno.kieSuno',
		1,
		{
			resource: 'music',
			operation: 'addInstrumental',
			uploadUrl: `${env.sb.url}/bench/source.mp3`,
			title: '={{ $json.title }}',
			tags: 'piano, calm',
			negativeTags: 'metal',
			completion: 'callback',
			callbackUrl: `${env.sink.url}/kie-callback`,
			options: { model: '={{ $json.model }}', maxCreatesPerWindow: perWindow, rateWindowSeconds: windowMs / 1000 },
		},
		{ credentials: { kieApi: env.cred }, onError: 'continueRegularOutput' },
	);
}

function httpNode(env, options) {
	const uploadUrl = `${env.sb.url}/bench/source.mp3`;
	const callbackUrl = `${env.sink.url}/kie-callback`;
	const jsonBody = `={{ JSON.stringify({ uploadUrl: ${JSON.stringify(uploadUrl)}, title: $json.title, tags: 'piano, calm', negativeTags: 'metal', model: $json.model, callBackUrl: ${JSON.stringify(callbackUrl)} }) }}`;
	const parameters = {
		method: 'POST',
		url: `${env.sb.url}${ROUTES.perOperation.createPath}`,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${env.sandboxKey}` }] },
		sendBody: true,
		specifyBody: 'json',
		jsonBody,
		options,
	};
	return node('Create', 'n8n-nodes-base.httpRequest', HTTP_TYPE_VERSION, parameters, { onError: 'continueRegularOutput' });
}

function variants(env) {
	const { perWindow, windowMs } = env.cfg.throughput;
	const kieLabel = (what) => `Kie Suno node, ${what} (\`completion: callback\`, max ${perWindow} per window)`;
	return [
		{ key: 'kiePerOperation', kie: true, label: kieLabel(ROUTES.perOperation.label), node: kieNode(env) },
		{ key: 'kieJobs', kie: true, label: kieLabel(ROUTES.jobs.label), node: kieNode(env) },
		{ key: 'kieMixed', kie: true, label: kieLabel('both routes (model alternating `V6` / `V5_5` per item)'), node: kieNode(env) },
		{ key: 'http', label: `HTTP Request ${HTTP_TYPE_VERSION}, per-operation route, default settings`, node: httpNode(env, {}) },
		{
			key: 'httpBatched',
			label: `HTTP Request ${HTTP_TYPE_VERSION}, per-operation route, batching ${perWindow} / ${windowMs} ms`,
			node: httpNode(env, { batching: { batch: { batchSize: perWindow, batchInterval: windowMs } } }),
		},
	];
}

/** An output item failed if it is an error item, has no task (Kie Suno) or Kie's body code is not 200 (HTTP Request). */
function itemFailed(v, json) {
	if (!json || json.error) return true;
	if (v.kie) return typeof json.taskId !== 'string' || json.taskId === '';
	return json.code !== 200;
}

function codeOf(v, json) {
	if (v.kie) return json.error ? 'error' : json.apiRoute || 'no route';
	return json.code !== undefined ? json.code : 'error';
}

async function runOnce(env, v, wfId, hookPath, runIndex) {
	const { items, perWindow, windowMs } = env.cfg.throughput;
	await resetSandbox(env);
	const prefix = `tp-${runIndex}-${v.key}-${uuid().slice(0, 8)}`;
	const input = Array.from({ length: items }, (_, i) => ({ title: `${prefix}-${String(i).padStart(3, '0')}`, model: MODEL_OF[v.key](i) }));
	const before = await lastExecutionId(env, wfId);
	const res = await postWebhook(env, hookPath, { items: input });
	if (res.status !== 200) throw new Error(`webhook ${hookPath}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
	const exec = await waitExecution(env, wfId, before, { timeoutMs: 180_000, intervalMs: 250 });
	const wallMs = Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt);
	const runData = (exec.data && exec.data.resultData && exec.data.resultData.runData) || {};
	const nodeRun = runData.Create && runData.Create[0];
	const out = (nodeRun && nodeRun.data && nodeRun.data.main && nodeRun.data.main[0]) || [];
	const failedItems = out.filter((i) => itemFailed(v, i.json)).length + Math.max(0, items - out.length);
	// Kie Suno items name their route; it must be the one the item's model asks for
	const wrongRoute = v.kie ? out.filter((i, k) => !i.json.error && i.json.apiRoute !== ROUTE_OF_MODEL[input[k].model]).length : 0;
	const codes = {};
	for (const i of out) codes[codeOf(v, i.json)] = (codes[codeOf(v, i.json)] || 0) + 1;
	const { byTitle, routes } = tasksByTitle(env);
	const counts = input.map((x) => byTitle.get(x.title) || 0);
	const stats = env.sb.stats;
	const lowerBoundMs = (Math.ceil(items / perWindow) - 1) * windowMs;
	return {
		run: runIndex,
		variant: v.key,
		execId: exec.id,
		status: exec.status,
		wallMs,
		nodeMs: nodeRun ? nodeRun.executionTime : NaN,
		lowerBoundMs,
		ratio: wallMs / lowerBoundMs,
		failedItems,
		wrongRoute,
		itemsWithoutTask: counts.filter((c) => c === 0).length,
		duplicates: counts.reduce((a, c) => a + Math.max(0, c - 1), 0),
		tasksByRoute: routes,
		createRequests: stats.creates + stats.createRejectedRate + stats.createRejectedValidation,
		rejected429: stats.createRejectedRate,
		rejected422: stats.createRejectedValidation,
		codes,
	};
}

function summarize(list, runs) {
	return list.map((v) => {
		const mine = runs.filter((x) => x.variant === v.key);
		const med = (k) => median(mine.map((x) => x[k]));
		const max = (k) => Math.max(...mine.map((x) => x[k]));
		const routes = {};
		for (const x of mine) for (const [r, n] of Object.entries(x.tasksByRoute)) routes[r] = Math.max(routes[r] || 0, n);
		return {
			key: v.key,
			kie: !!v.kie,
			label: v.label,
			runs: mine.length,
			wallMs: med('wallMs'),
			nodeMs: med('nodeMs'),
			ratio: med('ratio'),
			failedItems: med('failedItems'),
			failedMax: max('failedItems'),
			wrongRouteMax: max('wrongRoute'),
			duplicates: med('duplicates'),
			duplicatesMax: max('duplicates'),
			rejected429: med('rejected429'),
			rejected429Max: max('rejected429'),
			createRequests: med('createRequests'),
			tasksByRoute: routes,
		};
	});
}

/** Same-run ratios: each run's `a` wall time ÷ that run's `b` wall time, median over runs. */
function sameRunRatio(runs, a, b) {
	const byRun = (k) => new Map(runs.filter((x) => x.variant === k).map((x) => [x.run, x.wallMs]));
	const A = byRun(a);
	const B = byRun(b);
	return median([...A.keys()].filter((r) => B.has(r)).map((r) => A.get(r) / B.get(r)));
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
			await postWebhook(env, d.hookPath, { items: [{ title: `warmup-${d.v.key}`, model: MODEL_OF[d.v.key](0) }] });
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
						`failed ${res.failedItems}, wrong route ${res.wrongRoute}, duplicates ${res.duplicates}, 429s ${res.rejected429}, tasks ${JSON.stringify(res.tasksByRoute)}`,
				);
				runs.push(res);
			}
		}
		return {
			items: cfg.throughput.items,
			perWindow: cfg.throughput.perWindow,
			windowMs: cfg.throughput.windowMs,
			lowerBoundMs: (Math.ceil(cfg.throughput.items / cfg.throughput.perWindow) - 1) * cfg.throughput.windowMs,
			runs,
			summary: summarize(list, runs),
			sameRun: {
				jobsVsPerOperation: sameRunRatio(runs, 'kieJobs', 'kiePerOperation'),
				mixedVsPerOperation: sameRunRatio(runs, 'kieMixed', 'kiePerOperation'),
				perOperationVsHttp: sameRunRatio(runs, 'kiePerOperation', 'http'),
				perOperationVsHttpBatched: sameRunRatio(runs, 'kiePerOperation', 'httpBatched'),
				jobsVsHttpBatched: sameRunRatio(runs, 'kieJobs', 'httpBatched'),
			},
		};
	} finally {
		for (const d of deployed) await undeploy(env, d.wfId);
		await resetSandbox(env);
	}
}

module.exports = { run };
