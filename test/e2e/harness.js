'use strict';
/**
 * Real-n8n e2e harness used by jest's globalSetup / globalTeardown (plain CommonJS).
 *
 * For each version in E2E_N8N_VERSIONS (default "2.41.1,1.123.81"):
 *   a Kie SANDBOX (local test double, not Kie) on a random loopback port, an n8n on random
 *   loopback ports with this package installed under <userFolder>/.n8n/nodes/node_modules,
 *   an owner, a public-API key and two kieApi credentials (good key, bad key).
 * The state (URLs, API key, cookie, credential ids) goes to a JSON file named by
 * process.env.KIE_E2E_STATE, which the tests read.
 *
 * Env: E2E_N8N_VERSIONS, E2E_SKIP_BUILD=1 (use the existing dist/), E2E_KEEP_RUN_DIR=1,
 *      KIE_SUNO_CACHE.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const install = require('../../scripts/n8n/install');
const { startN8n, installPackage, packPackage, N8nClient, DEFAULT_OWNER, getFreePorts } = require('../../scripts/n8n/instance');
const examples = require('../../scripts/n8n/examples');
const { pidAlive, pruneOldRuns } = require('../../scripts/n8n/processes');

const DEFAULT_VERSIONS = '2.41.1,1.123.81';
const SANDBOX_KEY = 'sandbox-key';
const BAD_KEY = 'e2e-bad-key';
const HMAC_KEY = 'e2e-webhook-hmac-key';

function versions() {
	return (process.env.E2E_N8N_VERSIONS || DEFAULT_VERSIONS)
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

function log(msg) {
	process.stdout.write(`[e2e] ${msg}\n`);
}

async function startVersion(version, { runDir, nodeBin, sandboxModule, tarball, trigger }) {
	const started = { version };
	const userFolder = path.join(runDir, `n8n-${version}`);
	fs.mkdirSync(userFolder, { recursive: true });
	const sandbox = await sandboxModule.startKieSandbox({
		host: '127.0.0.1',
		port: 0,
		apiKeys: [SANDBOX_KEY],
		hmacKey: HMAC_KEY,
		stageDelaysMs: { text: 50, first: 50, complete: 50 },
		rateLimit: { max: 1000, windowMs: 10_000 },
		// the suite makes a few hundred tasks; the default 1000 credits would run out
		credits: 1_000_000,
	});
	started.sandbox = sandbox;
	try {
		const pkg = await installPackage(userFolder, REPO, { tarball });
		const [port, brokerPort] = await getFreePorts(2);
		const t0 = Date.now();
		const n8n = await startN8n({ version, userFolder, port, brokerPort, nodeBin, logPath: path.join(userFolder, 'n8n.log') });
		started.n8n = n8n;
		const client = new N8nClient(n8n.url, { version, browserId: `kie-e2e-${version}` });
		await client.setupOwner(DEFAULT_OWNER);
		await client.createApiKey(`kie-e2e-${Date.now()}`);
		const mk = (name, apiKey) =>
			client.createCredential({
				name,
				type: 'kieApi',
				data: { apiKey, baseUrl: sandbox.url, uploadBaseUrl: sandbox.url, webhookHmacKey: HMAC_KEY },
			});
		const good = await mk('Kie API (sandbox)', SANDBOX_KEY);
		const bad = await mk('Kie API (bad key)', BAD_KEY);
		const ready = Date.now() - t0;
		started.state = {
			version,
			url: n8n.url,
			port,
			brokerPort,
			pid: n8n.pid,
			logPath: n8n.logPath,
			userFolder,
			packageVersion: pkg.version,
			hasTrigger: trigger.hasTrigger,
			triggerPath: trigger.path,
			sandboxUrl: sandbox.url,
			apiKey: client.apiKey,
			cookie: client.cookie,
			browserId: client.browserId,
			owner: DEFAULT_OWNER,
			hmacKey: HMAC_KEY,
			sandboxKey: SANDBOX_KEY,
			credentials: {
				good: { id: String(good.id), name: good.name, apiKey: SANDBOX_KEY },
				bad: { id: String(bad.id), name: bad.name, apiKey: BAD_KEY },
			},
			metrics: { startMs: n8n.startMs, readyMs: ready, rss: n8n.rss() },
		};
		return started;
	} catch (e) {
		e.partial = started;
		throw e;
	}
}

async function stopStarted(list) {
	for (const s of list) {
		if (s.n8n) await s.n8n.stop().catch((e) => log(`stop n8n ${s.version}: ${e.message}`));
		if (s.sandbox) await s.sandbox.close().catch((e) => log(`close sandbox ${s.version}: ${e.message}`));
	}
}

async function setup() {
	const t0 = Date.now();
	const list = versions();
	if (!list.length) throw new Error('E2E_N8N_VERSIONS is empty');
	if (!process.env.E2E_SKIP_BUILD) {
		log('npm run build');
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', timeout: 10 * 60_000 });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const nodeBin = await install.ensureNode24();
	for (const v of list) {
		const r = await install.ensureN8n(v, { nodeBin });
		log(`n8n ${v} ready at ${r.dir}`);
	}
	const sandboxModule = require(path.join(REPO, 'test', 'sandbox', 'kieSandbox.js'));
	const root = path.join(install.cacheRoot(), 'e2e');
	pruneOldRuns(root);
	const runDir = path.join(root, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	fs.mkdirSync(runDir, { recursive: true });
	// one tarball for every version, and the facts the tests need from dist/, taken right after the
	// build: others may rebuild the shared dist/ while the suite runs
	const tarball = packPackage(REPO, { packDir: runDir });
	const triggerPath = examples.triggerWebhookPath(REPO);
	const trigger = { hasTrigger: triggerPath !== null, path: triggerPath === null ? '' : triggerPath };

	const results = await Promise.allSettled(list.map((v) => startVersion(v, { runDir, nodeBin, sandboxModule, tarball, trigger })));
	const started = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason && r.reason.partial)).filter(Boolean);
	globalThis.__KIE_E2E__ = { started, runDir };
	const failed = results.filter((r) => r.status === 'rejected');
	if (failed.length) {
		await stopStarted(started);
		throw new Error(`e2e setup failed:\n${failed.map((f) => (f.reason && f.reason.stack) || f.reason).join('\n')}`);
	}
	const state = { runDir, createdAt: new Date().toISOString(), versions: started.map((s) => s.state) };
	const statePath = path.join(runDir, 'state.json');
	fs.writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
	process.env.KIE_E2E_STATE = statePath;
	for (const s of state.versions) {
		log(
			`n8n ${s.version} on ${s.url} (sandbox ${s.sandboxUrl}): start ${(s.metrics.startMs / 1000).toFixed(1)} s, ` +
				`ready ${(s.metrics.readyMs / 1000).toFixed(1)} s, RSS ${(s.metrics.rss.mainKb / 1024).toFixed(0)} MB main / ` +
				`${(s.metrics.rss.totalKb / 1024).toFixed(0)} MB with runner; log ${s.logPath}`,
		);
	}
	log(`setup done in ${((Date.now() - t0) / 1000).toFixed(1)} s; state ${statePath}`);
}

async function teardown() {
	const g = globalThis.__KIE_E2E__;
	if (!g) return;
	for (const s of g.started) {
		if (s.n8n) {
			const r = s.n8n.rss();
			log(`n8n ${s.version}: RSS at end ${(r.mainKb / 1024).toFixed(0)} MB main / ${(r.totalKb / 1024).toFixed(0)} MB total`);
		}
	}
	await stopStarted(g.started);
	if (!process.env.E2E_KEEP_RUN_DIR) {
		// keep only the n8n logs (and state.json) of the last run; the next run prunes the folder
		for (const s of g.started) {
			if (!s.state) continue;
			for (const d of ['.n8n', '.cache']) fs.rmSync(path.join(s.state.userFolder, d), { recursive: true, force: true });
		}
	}
	globalThis.__KIE_E2E__ = undefined;
}

module.exports = { setup, teardown, versions, DEFAULT_VERSIONS, SANDBOX_KEY, BAD_KEY, HMAC_KEY };
