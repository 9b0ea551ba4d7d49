'use strict';
/**
 * The benchmark environment: the Kie sandbox (in this process), a loopback callback sink, and ONE
 * n8n (scripts/n8n/instance.js) with this package installed, an owner, a public-API key and one
 * kieApi credential (the sandbox's API key and webhook HMAC key). Everything listens on 127.0.0.1
 * only and is stopped by stop(), also from exit/signal handlers installed by run.js.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const install = require('../../scripts/n8n/install');
const instance = require('../../scripts/n8n/instance');
const { request } = require('../../scripts/n8n/http');
const { log, until } = require('./common');
const { pruneOldRuns } = require('../../scripts/n8n/processes');
const { sandboxCreate, resetSandbox } = require('./sandbox');

const SANDBOX_KEY = 'bench-sandbox-key';
const HMAC_KEY = 'bench-webhook-hmac-key';

function build() {
	if (process.env.BENCH_SKIP_BUILD) {
		log('BENCH_SKIP_BUILD set: using the existing dist/');
		return;
	}
	log('npm run build');
	const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', timeout: 10 * 60_000 });
	if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/** A loopback HTTP server that answers 200 to anything (the "dummy" callback URL of benchmark 1). */
function startSink() {
	const sink = { hits: 0, server: null, url: '' };
	return new Promise((resolve, reject) => {
		sink.server = http.createServer((req, res) => {
			sink.hits++;
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"ok":true}');
			});
		});
		sink.server.keepAliveTimeout = 1000;
		sink.server.once('error', reject);
		sink.server.listen(0, '127.0.0.1', () => {
			sink.url = `http://127.0.0.1:${sink.server.address().port}`;
			resolve(sink);
		});
	});
}

/**
 * Starts everything. Returns env = { cfg, sb, sink, n8n, client, cred, runDir, nodeBin, stop() }.
 * `env.stop()` is idempotent and safe to call at any point (partially started env included).
 */
async function startEnv(cfg) {
	const env = { cfg, stopped: false, sb: null, sink: null, n8n: null };
	env.stop = async () => {
		if (env.stopped) return;
		env.stopped = true;
		if (env.n8n) await env.n8n.stop().catch((e) => log(`stopping n8n: ${e.message}`));
		if (env.sb) await env.sb.close().catch(() => {});
		if (env.sink) await new Promise((r) => env.sink.server.close(() => r())).catch(() => {});
		if (env.sink) env.sink.server.closeAllConnections?.();
	};
	/** Synchronous last resort for process 'exit': SIGKILL n8n's process group. */
	env.killSync = () => {
		const pid = env.n8n && env.n8n.pid;
		if (!pid) return;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	};

	build();
	env.nodeBin = await install.ensureNode24();
	const n8nInfo = await install.ensureN8n(cfg.n8nVersion, { nodeBin: env.nodeBin });
	log(`n8n ${cfg.n8nVersion} ready at ${n8nInfo.dir}`);

	const root = path.join(install.cacheRoot(), 'bench');
	pruneOldRuns(root);
	env.runDir = path.join(root, `run-${process.pid}`);
	fs.rmSync(env.runDir, { recursive: true, force: true });
	fs.mkdirSync(env.runDir, { recursive: true });

	const { startKieSandbox } = require(path.join(REPO, 'test', 'sandbox', 'kieSandbox.js'));
	env.sb = await startKieSandbox({
		host: '127.0.0.1',
		port: 0,
		apiKeys: [SANDBOX_KEY],
		hmacKey: HMAC_KEY,
		rateLimit: { max: cfg.throughput.perWindow, windowMs: cfg.throughput.windowMs, response: 'body' },
		credits: 1e9,
		creditsPerTask: 1,
		stageDelaysMs: { text: 100, first: 100, complete: 100 },
		// the creates carry a loopback uploadUrl; not fetching it keeps every create as cheap as Kie's accept
		fetchUploadUrl: false,
		tracksPerTask: 2,
		// the pools of finished tasks for the trigger add hundreds of requests per benchmark
		maxRecordedRequests: 50_000,
		maxRecordedCallbacks: 50_000,
	});
	env.sink = await startSink();
	log(`sandbox ${env.sb.url}, callback sink ${env.sink.url}`);

	const userFolder = path.join(env.runDir, `n8n-${cfg.n8nVersion}`);
	const pkg = await instance.installPackage(userFolder, REPO);
	const [port, brokerPort] = await instance.getFreePorts(2);
	const t0 = Date.now();
	env.n8n = await instance.startN8n({
		version: cfg.n8nVersion,
		userFolder,
		port,
		brokerPort,
		nodeBin: env.nodeBin,
		logPath: path.join(userFolder, 'n8n.log'),
		env: cfg.n8nEnv,
	});
	env.userFolder = userFolder;
	env.packageVersion = pkg.version;
	log(`n8n ${cfg.n8nVersion} on ${env.n8n.url} (pid ${env.n8n.pid}) started in ${((Date.now() - t0) / 1000).toFixed(1)} s; log ${env.n8n.logPath}`);

	const client = new instance.N8nClient(env.n8n.url, { version: cfg.n8nVersion, browserId: 'kie-bench' });
	await client.setupOwner(instance.DEFAULT_OWNER);
	await client.createApiKey(`kie-bench-${Date.now()}`);
	env.client = client;
	const cred = await client.createCredential({
		name: 'Kie API (bench sandbox)',
		type: 'kieApi',
		data: { apiKey: SANDBOX_KEY, baseUrl: env.sb.url, uploadBaseUrl: env.sb.url, webhookHmacKey: HMAC_KEY },
	});
	env.cred = { id: String(cred.id), name: cred.name };
	env.settings = await client.rest('GET', '/settings').catch(() => ({}));
	env.sandboxKey = SANDBOX_KEY;
	env.hmacKey = HMAC_KEY;
	return env;
}

// ------------------------------------------------------------------------------------------
// n8n helpers

/** Creates and publishes a workflow; returns its id. */
async function deploy(env, wf) {
	const created = await env.client.createWorkflow(wf);
	const id = String(created.id);
	await env.client.publishWorkflow(id);
	return id;
}

async function undeploy(env, id) {
	await env.client.unpublishWorkflow(id).catch(() => undefined);
	await env.client.deleteWorkflow(id).catch(() => undefined);
}

/** Executions of a workflow (newest first), all pages (bounded), optionally with data. */
async function listExecutions(env, workflowId, { includeData = false, maxPages = 40, pageSize = 100 } = {}) {
	const out = [];
	let cursor;
	for (let page = 0; page < maxPages; page++) {
		const qs = new URLSearchParams({ workflowId: String(workflowId), includeData: String(includeData), limit: String(pageSize) });
		if (cursor) qs.set('cursor', cursor);
		const body = await env.client.api('GET', `/executions?${qs}`, undefined, { timeoutMs: 60_000 });
		out.push(...(body.data || []));
		cursor = body.nextCursor;
		if (!cursor || !(body.data || []).length) break;
	}
	return out;
}

/** Newest execution id of a workflow (0 if none). */
async function lastExecutionId(env, workflowId) {
	const list = await env.client.listExecutions({ workflowId, limit: 1 });
	return list.length ? Number(list[0].id) : 0;
}

const FINISHED = (e) => e && !['new', 'running', 'unknown', 'waiting'].includes(e.status) && !!e.stoppedAt;

/** Waits (bounded) for the first finished execution with id > afterId; returns it with data. */
async function waitExecution(env, workflowId, afterId, { timeoutMs = 120_000, intervalMs = 200, includeData = true } = {}) {
	const hit = await until(
		async () => {
			const list = await env.client.listExecutions({ workflowId, limit: 10 });
			const mine = list.filter((e) => Number(e.id) > Number(afterId));
			return mine.filter(FINISHED).pop() || null; // oldest finished after afterId
		},
		{ timeoutMs, intervalMs, what: `an execution of workflow ${workflowId} after #${afterId}` },
	);
	return includeData ? env.client.getExecution(hit.id, true) : hit;
}

async function deleteExecution(env, id) {
	return env.client.api('DELETE', `/executions/${id}`, undefined, { okOnly: false }).catch(() => undefined);
}

/** POSTs to a production webhook, retrying while n8n is still registering it (no execution happens on that 404). */
async function postWebhook(env, hookPath, json, { headers = {}, timeoutMs = 60_000 } = {}) {
	return env.client.callWebhook(hookPath, json, { headers, timeoutMs, registerWaitMs: 30_000 });
}

/** Waits until a Kie Suno Trigger's production webhook answers ({} is not a callback: 400, no execution). */
async function waitTriggerRegistered(env, hookPath) {
	const res = await env.client.callWebhook(hookPath, {}, { registerWaitMs: 30_000, timeoutMs: 10_000 });
	if (res.status !== 400) throw new Error(`trigger probe ${hookPath}: expected 400, got ${res.status} ${res.text.slice(0, 200)}`);
}

/** The built trigger's webhook path suffix (as n8n loads it). */
function triggerWebhookSuffix() {
	const mod = require(path.join(REPO, 'dist', 'nodes', 'KieSunoTrigger', 'KieSunoTrigger.node.js'));
	const Cls = mod.KieSunoTrigger || Object.values(mod).find((x) => typeof x === 'function');
	const hooks = new Cls().description.webhooks || [];
	return String((hooks[0] && hooks[0].path) || '').replace(/^\//, '');
}

module.exports = {
	REPO,
	startEnv,
	deploy,
	undeploy,
	listExecutions,
	lastExecutionId,
	waitExecution,
	deleteExecution,
	postWebhook,
	waitTriggerRegistered,
	triggerWebhookSuffix,
	sandboxCreate,
	resetSandbox,
	request,
	FINISHED,
};
