'use strict';
/**
 * Fault-suite harness (jest globalSetup / globalTeardown of `npm run test:faults`). Plain CommonJS.
 *
 * Starts ONE Kie SANDBOX (local test double, not Kie) and ONE real n8n (FAULTS_N8N_VERSION,
 * default 2.41.1) on loopback, with this package installed, an owner, a public-API key and
 * kieApi credentials whose API key and webhook HMAC key are distinctive random values (so the
 * secret scan can look for them). n8n logs at debug level into <runDir>/n8n.log, which the
 * secret scan reads.
 *
 * The n8n instance object lives in this (the jest parent) process; tests reach `stop()` /
 * `restart()` through a tiny loopback control server (POST /n8n/stop, POST /n8n/restart,
 * GET /n8n). The state file (process.env.KIE_E2E_STATE, same shape as the e2e suite's so the e2e
 * helpers can be imported as they are) also carries `faults` (keys, control URL, figures dir).
 *
 * Env: FAULTS_N8N_VERSION (default 2.41.1), FAULTS_SKIP_BUILD=1 or E2E_SKIP_BUILD=1 (use dist/),
 *      FAULTS_KEEP_RUN_DIR=1, FAULTS_SEED, KIE_SUNO_CACHE.
 *      FAULTS_ATTACH=<state.json>: development only; use instances a running `setup()` (e.g. a
 *      script that calls it and stays alive) started, instead of starting and stopping new ones.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const install = require('../../scripts/n8n/install');
const { startN8n, installPackage, N8nClient, DEFAULT_OWNER, getFreePorts } = require('../../scripts/n8n/instance');
const { pidAlive, pruneOldRuns } = require('../../scripts/n8n/processes');

const DEFAULT_VERSION = '2.41.1';

function log(msg) {
	process.stdout.write(`[faults] ${msg}\n`);
}



/** Loopback control server for the n8n instance (restart from inside a test file). */
function startControl(inst) {
	let busy = Promise.resolve();
	const server = http.createServer((req, res) => {
		const send = (status, obj) => {
			const b = Buffer.from(JSON.stringify(obj));
			res.writeHead(status, { 'content-type': 'application/json', 'content-length': b.length });
			res.end(b);
		};
		req.resume();
		req.on('end', () => {
			const route = `${req.method} ${req.url}`;
			if (route === 'GET /n8n') return send(200, { pid: inst.pid, alive: pidAlive(inst.pid), url: inst.url, logPath: inst.logPath });
			if (route !== 'POST /n8n/stop' && route !== 'POST /n8n/restart') return send(404, { error: `unknown route ${route}` });
			busy = busy.then(async () => {
				const t0 = Date.now();
				const before = inst.pid;
				try {
					if (route === 'POST /n8n/stop') await inst.stop();
					else await inst.restart();
					log(`${route} done in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${before} → ${inst.pid || 'stopped'})`);
					send(200, { ok: true, ms: Date.now() - t0, pidBefore: before, pid: inst.pid });
				} catch (e) {
					send(500, { ok: false, error: e.message });
				}
			});
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

async function setup() {
	if (process.env.FAULTS_ATTACH) {
		const st = JSON.parse(fs.readFileSync(process.env.FAULTS_ATTACH, 'utf8'));
		if (process.env.FAULTS_SEED) st.faults.seed = Number(process.env.FAULTS_SEED) >>> 0;
		else st.faults.seed = crypto.randomBytes(4).readUInt32BE(0);
		fs.rmSync(st.faults.figuresDir, { recursive: true, force: true });
		fs.mkdirSync(st.faults.figuresDir, { recursive: true });
		const statePath = path.join(st.runDir, 'state-attached.json');
		fs.writeFileSync(statePath, JSON.stringify(st, null, 2) + '\n');
		process.env.KIE_E2E_STATE = statePath;
		process.env.KIE_FAULTS_STATE = statePath;
		process.env.E2E_KEEP_WORKFLOWS = '1';
		log(`attached to ${st.versions[0].url}; seed ${st.faults.seed}`);
		return;
	}
	const t0 = Date.now();
	const version = (process.env.FAULTS_N8N_VERSION || DEFAULT_VERSION).trim();
	const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) >>> 0 : crypto.randomBytes(4).readUInt32BE(0);
	if (!process.env.FAULTS_SKIP_BUILD && !process.env.E2E_SKIP_BUILD) {
		log('npm run build');
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', timeout: 10 * 60_000 });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const nodeBin = await install.ensureNode24();
	await install.ensureN8n(version, { nodeBin });

	const root = path.join(install.cacheRoot(), 'faults');
	pruneOldRuns(root);
	const runDir = path.join(root, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const userFolder = path.join(runDir, `n8n-${version}`);
	const figuresDir = path.join(runDir, 'figures');
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(figuresDir, { recursive: true });

	// Distinctive secrets: random per run, with a recognisable prefix.
	const rnd = () => crypto.randomBytes(12).toString('hex');
	const secrets = {
		apiKey: `kfs-apikey-${rnd()}`,
		hmacKey: `kfs-hmac-${rnd()}`,
		badApiKey: `kfs-badkey-${rnd()}`,
	};

	const sandboxModule = require(path.join(REPO, 'test', 'sandbox', 'kieSandbox.js'));
	const g = { started: {}, runDir };
	globalThis.__KIE_FAULTS__ = g;
	try {
		const sandbox = await sandboxModule.startKieSandbox({
			host: '127.0.0.1',
			port: 0,
			apiKeys: [secrets.apiKey],
			hmacKey: secrets.hmacKey,
			stageDelaysMs: { text: 50, first: 50, complete: 50 },
			rateLimit: { max: 1000, windowMs: 10_000 },
			credits: 1_000_000,
		});
		g.started.sandbox = sandbox;
		const pkg = await installPackage(userFolder, REPO);
		const [port, brokerPort] = await getFreePorts(2);
		const logPath = path.join(runDir, 'n8n.log');
		const n8n = await startN8n({ version, userFolder, port, brokerPort, nodeBin, logPath, env: { N8N_LOG_LEVEL: 'debug' } });
		g.started.n8n = n8n;
		const client = new N8nClient(n8n.url, { version, browserId: `kie-faults-${version}` });
		await client.setupOwner(DEFAULT_OWNER);
		await client.createApiKey(`kie-faults-${Date.now()}`);
		const mk = (name, apiKey) =>
			client.createCredential({
				name,
				type: 'kieApi',
				data: { apiKey, baseUrl: sandbox.url, uploadBaseUrl: sandbox.url, webhookHmacKey: secrets.hmacKey },
			});
		const good = await mk('Kie API (faults)', secrets.apiKey);
		const bad = await mk('Kie API (faults, bad key)', secrets.badApiKey);
		const control = await startControl(n8n);
		g.started.control = control;

		const state = {
			runDir,
			createdAt: new Date().toISOString(),
			versions: [
				{
					version,
					url: n8n.url,
					port,
					brokerPort,
					pid: n8n.pid,
					logPath,
					userFolder,
					packageVersion: pkg.version,
					sandboxUrl: sandbox.url,
					apiKey: client.apiKey,
					cookie: client.cookie,
					browserId: client.browserId,
					owner: DEFAULT_OWNER,
					hmacKey: secrets.hmacKey,
					sandboxKey: secrets.apiKey,
					credentials: {
						good: { id: String(good.id), name: good.name, apiKey: secrets.apiKey },
						bad: { id: String(bad.id), name: bad.name, apiKey: secrets.badApiKey },
					},
					metrics: { startMs: n8n.startMs, readyMs: Date.now() - t0, rss: n8n.rss() },
				},
			],
			faults: {
				seed,
				secrets,
				controlUrl: `http://127.0.0.1:${control.address().port}`,
				figuresDir,
				setupStartedAt: new Date(t0).toISOString(),
			},
		};
		const statePath = path.join(runDir, 'state.json');
		fs.writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
		process.env.KIE_E2E_STATE = statePath;
		process.env.KIE_FAULTS_STATE = statePath;
		// the e2e helpers' deploy() must not delete workflows: that deletes their executions,
		// which the secret scan reads (the fault helpers' deploy() unpublishes instead)
		process.env.E2E_KEEP_WORKFLOWS = '1';
		log(`n8n ${version} on ${n8n.url} (pid ${n8n.pid}, start ${(n8n.startMs / 1000).toFixed(1)} s), sandbox ${sandbox.url}, log ${logPath}`);
		log(`seed ${seed} (replay with FAULTS_SEED=${seed}); setup ${((Date.now() - t0) / 1000).toFixed(1)} s; state ${statePath}`);
	} catch (e) {
		await teardown({ keep: true });
		throw e;
	}
}

async function teardown({ keep = false } = {}) {
	const g = globalThis.__KIE_FAULTS__;
	if (!g) return;
	const { control, n8n, sandbox } = g.started;
	if (control) await new Promise((r) => control.close(() => r()));
	if (n8n) await n8n.stop().catch((e) => log(`stop n8n: ${e.message}`));
	if (sandbox) await sandbox.close().catch((e) => log(`close sandbox: ${e.message}`));
	if (!keep && !process.env.FAULTS_KEEP_RUN_DIR && n8n) {
		// keep the n8n log, the state and the figures; the next run prunes the folder
		for (const d of ['.n8n', '.cache']) fs.rmSync(path.join(n8n.userFolder, d), { recursive: true, force: true });
	}
	globalThis.__KIE_FAULTS__ = undefined;
}

module.exports = { setup, teardown, DEFAULT_VERSION };
