'use strict';
/**
 * Queue-mode harness (jest globalSetup / globalTeardown of `npm run test:queue`). Plain CommonJS.
 *
 * Starts a Kie SANDBOX (local test double, not Kie; Kie's own create limit of 20 per 10 s) and
 * an n8n queue-mode topology (scripts/queue/topology.js: Redis, PostgreSQL, main, 2 workers,
 * 2 webhook processors, a proxy), all on loopback, with this package installed in every process.
 * Tests talk to n8n through the proxy, as users and Kie would. The topology lives in this (the jest
 * parent) process; tests kill and restart its processes through a loopback control server:
 *   GET /procs, POST /procs/<name>/kill | restart | stop, GET /proxy/log?since=<seq>, GET /proxy/inflight,
 *   GET /db/static-data?workflow=<id> (the workflow row's staticData, read in PostgreSQL),
 *   POST /single/start | /single/stop: one n8n in regular mode (SQLite), the baseline the doc compares with.
 * The state file (KIE_E2E_STATE, the e2e suite's shape) also carries `queue` (control URL, figures, processes).
 *
 * The package is always this checkout's build, packed once (scripts/queue/package.js).
 * Env: QUEUE_N8N_VERSION (default 2.41.1), QUEUE_SKIP_BUILD=1 or E2E_SKIP_BUILD=1 (use dist/, refused
 *      when older than its sources), QUEUE_KEEP_RUN_DIR=1, KIE_SUNO_CACHE,
 *      QUEUE_ATTACH=<state.json> (development: use the topology of a setup() that stays running).
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const crypto = require('crypto');

const REPO = path.resolve(__dirname, '..', '..');
const install = require('../../scripts/n8n/install');
const { N8nClient, DEFAULT_OWNER, startN8n, installPackage, getFreePorts } = require('../../scripts/n8n/instance');
const { pidAlive, pruneOldRuns } = require('../../scripts/n8n/processes');
const { startQueueTopology } = require('../../scripts/queue/topology');
const { preparePackage } = require('../../scripts/queue/package');
const { writePids, killListed, removeServiceDirs, reapDeadRuns } = require('../../scripts/queue/reaper');

const DEFAULT_VERSION = '2.41.1';

function log(msg) {
	process.stdout.write(`[queue] ${msg}\n`);
}

function procInfo(p) {
	return { name: p.name, command: p.command, pid: p.pid, alive: !!p.pid && pidAlive(p.pid), url: p.url, logPath: p.logPath };
}

/** Loopback control server: kill / restart / stop topology processes, read the proxy log. */
function startControl(topo, onPidsChanged, single) {
	let busy = Promise.resolve();
	const server = http.createServer((req, res) => {
		const send = (status, obj) => {
			const b = Buffer.from(JSON.stringify(obj));
			res.writeHead(status, { 'content-type': 'application/json', 'content-length': b.length });
			res.end(b);
		};
		req.resume();
		req.on('end', () => {
			const u = new URL(req.url, 'http://127.0.0.1');
			if (req.method === 'GET' && u.pathname === '/procs') return send(200, Object.fromEntries(Object.values(topo.procs).map((p) => [p.name, procInfo(p)])));
			if (req.method === 'GET' && u.pathname === '/proxy/inflight') return send(200, { inFlight: topo.proxy.inFlight() });
			if (req.method === 'GET' && u.pathname === '/db/static-data') {
				// the workflow row itself, not n8n's API: what every process will load next
				const id = String(u.searchParams.get('workflow') || '').replace(/[^A-Za-z0-9]/g, '');
				const r = topo.postgres.psql(`SELECT "staticData" FROM workflow_entity WHERE id = '${id}'`);
				return r.status === 0 ? send(200, { staticData: JSON.parse(r.stdout.trim() || 'null') }) : send(500, { error: r.stderr });
			}
			if (req.method === 'GET' && u.pathname === '/proxy/log') {
				const since = Number(u.searchParams.get('since') || 0);
				return send(200, topo.proxy.log.filter((e) => e.seq > since));
			}
			if (req.method === 'POST' && (u.pathname === '/single/start' || u.pathname === '/single/stop')) {
				busy = busy.then(async () => {
					try {
						send(200, u.pathname === '/single/start' ? await single.start() : await single.stop());
					} catch (e) {
						send(500, { ok: false, error: e.message });
					}
				});
				return undefined;
			}
			const m = /^\/procs\/([a-z0-9-]+)\/(kill|restart|stop)$/.exec(u.pathname);
			const proc = m && topo.procs[m[1]];
			if (req.method !== 'POST' || !proc) return send(404, { error: `unknown route ${req.method} ${u.pathname}` });
			busy = busy.then(async () => {
				const t0 = Date.now();
				const before = proc.pid;
				try {
					if (m[2] === 'kill') await proc.kill();
					else if (m[2] === 'stop') await proc.stop();
					else await proc.restart();
					onPidsChanged();
					log(`${m[1]} ${m[2]} in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${before} → ${proc.pid || 'none'})`);
					send(200, { ok: true, ms: Date.now() - t0, pidBefore: before, pid: proc.pid });
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

/** One n8n in regular mode (SQLite) against the same sandbox, the doc's baseline; started on demand, e2e-shaped state. */
function singleN8n({ version, runDir, tarball, nodeBin, sandbox, secrets, onPidsChanged }) {
	let inst;
	let state;
	return {
		pidEntries: () => (inst && inst.pid ? [{ pid: inst.pid, marker: inst.userFolder }] : []),
		async start() {
			if (state) return state;
			const t0 = Date.now();
			const userFolder = path.join(runDir, 'single');
			await installPackage(userFolder, REPO, { tarball });
			const [port, brokerPort] = await getFreePorts(2);
			inst = await startN8n({ version, userFolder, port, brokerPort, nodeBin, logPath: path.join(runDir, 'logs', 'single.log') });
			onPidsChanged([{ pid: inst.pid, marker: userFolder }]);
			const client = new N8nClient(inst.url, { version, browserId: `kie-queue-single-${version}` });
			await client.setupOwner(DEFAULT_OWNER);
			await client.createApiKey(`kie-queue-single-${Date.now()}`);
			const good = await client.createCredential({ name: 'Kie API (single)', type: 'kieApi', data: { apiKey: secrets.apiKey, baseUrl: sandbox.url, uploadBaseUrl: sandbox.url, webhookHmacKey: secrets.hmacKey } });
			const cred = { id: String(good.id), name: good.name, apiKey: secrets.apiKey };
			state = {
				version,
				url: inst.url,
				port,
				brokerPort,
				pid: inst.pid,
				logPath: inst.logPath,
				userFolder,
				sandboxUrl: sandbox.url,
				apiKey: client.apiKey,
				cookie: client.cookie,
				browserId: client.browserId,
				hmacKey: secrets.hmacKey,
				sandboxKey: secrets.apiKey,
				credentials: { good: cred, bad: cred },
				metrics: { startMs: inst.startMs, readyMs: Date.now() - t0, rss: inst.rss() },
			};
			log(`single n8n ${version} (regular mode, SQLite) on ${inst.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
			return state;
		},
		async stop() {
			if (inst) await inst.stop();
			inst = undefined;
			state = undefined;
			return { ok: true };
		},
	};
}

async function setup() {
	if (process.env.QUEUE_ATTACH) {
		// development only: use a topology a running setup() (e.g. a script that stays alive) started
		process.env.KIE_E2E_STATE = process.env.QUEUE_ATTACH;
		process.env.KIE_QUEUE_STATE = process.env.QUEUE_ATTACH;
		process.env.E2E_KEEP_WORKFLOWS = '1';
		log(`attached to ${process.env.QUEUE_ATTACH}`);
		return;
	}
	const t0 = Date.now();
	const version = (process.env.QUEUE_N8N_VERSION || DEFAULT_VERSION).trim();
	const nodeBin = await install.ensureNode24();
	await install.ensureN8n(version, { nodeBin });

	const root = path.join(install.cacheRoot(), 'queue');
	const reaped = reapDeadRuns(root);
	if (reaped) log(`ended ${reaped} leftover process(es) of an earlier run that was killed`);
	pruneOldRuns(root);
	const runDir = path.join(root, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const figuresDir = path.join(runDir, 'figures');
	fs.mkdirSync(figuresDir, { recursive: true });
	const pkg = preparePackage({ repoDir: REPO, runDir, build: !process.env.QUEUE_SKIP_BUILD && !process.env.E2E_SKIP_BUILD });

	const secrets = { apiKey: `kq-apikey-${crypto.randomBytes(10).toString('hex')}`, hmacKey: `kq-hmac-${crypto.randomBytes(10).toString('hex')}` };
	const g = { runDir };
	globalThis.__KIE_QUEUE__ = g;
	const killAll = () => {
		const entries = [...(g.topo && g.topo.pidEntries ? g.topo.pidEntries() : []), ...(g.single ? g.single.pidEntries() : [])];
		killListed(entries);
		removeServiceDirs(entries);
	};
	g.onSignal = (sig) => {
		log(`${sig}: stopping the topology`);
		killAll();
		process.exit(130);
	};
	g.onExit = killAll;
	process.once('SIGINT', g.onSignal);
	process.once('SIGTERM', g.onSignal);
	process.once('exit', g.onExit);
	try {
		g.sandbox = await require('../sandbox/kieSandbox.js').startKieSandbox({
			host: '127.0.0.1',
			port: 0,
			apiKeys: [secrets.apiKey],
			hmacKey: secrets.hmacKey,
			// as test/queue/helpers.ts sandboxDefaults(): Kie's limit (20 creates per 10 s, answered HTTP 200
			// with code 429), stages far enough apart, Kie's 3 callback retries
			stageDelaysMs: { text: 200, first: 1000, complete: 1000 },
			rateLimit: { max: 20, windowMs: 10_000, response: 'body' },
			callbacks: { retries: 3, retryDelayMs: 1000 },
			credits: 10_000_000,
			maxRecordedRequests: 50_000,
			maxRecordedCallbacks: 50_000,
		});
		g.topo = await startQueueTopology({ version, runDir, repoDir: REPO, tarball: pkg.tarball, nodeBin });
		const topo = g.topo;
		const syncPids = () => writePids(runDir, topo.pidEntries());
		syncPids();

		// everything below goes through the proxy, as a user's browser and Kie would
		const client = new N8nClient(topo.url, { version, browserId: `kie-queue-${version}` });
		await client.setupOwner(DEFAULT_OWNER);
		await client.createApiKey(`kie-queue-${Date.now()}`);
		const mk = (name, apiKey) =>
			client.createCredential({ name, type: 'kieApi', data: { apiKey, baseUrl: g.sandbox.url, uploadBaseUrl: g.sandbox.url, webhookHmacKey: secrets.hmacKey } });
		const good = await mk('Kie API (queue)', secrets.apiKey);
		const bad = await mk('Kie API (queue, bad key)', 'kq-bad-key');
		g.single = singleN8n({ version, runDir, tarball: pkg.tarball, nodeBin, sandbox: g.sandbox, secrets, onPidsChanged: (entries) => writePids(runDir, [...topo.pidEntries(), ...entries]) });
		g.control = await startControl(topo, syncPids, g.single);

		const main = topo.procs.main;
		// what the installed package declares, as n8n loaded it (not this checkout's dist/, which others may be rebuilding)
		const triggerType = (await client.nodeTypes()).find((t) => t.name === `${pkg.name}.kieSunoTrigger`);
		const hook = triggerType && (triggerType.webhooks || [])[0];
		if (!hook) throw new Error(`main does not list ${pkg.name}.kieSunoTrigger with a webhook: the package did not load`);
		const state = {
			runDir,
			createdAt: new Date().toISOString(),
			versions: [
				{
					version,
					url: topo.url,
					port: topo.proxy.port,
					brokerPort: main.brokerPort,
					pid: main.pid,
					logPath: main.logPath,
					userFolder: main.userFolder,
					packageVersion: pkg.version,
					package: { ...pkg, tarball: undefined },
					sandboxUrl: g.sandbox.url,
					apiKey: client.apiKey,
					cookie: client.cookie,
					browserId: client.browserId,
					owner: DEFAULT_OWNER,
					hmacKey: secrets.hmacKey,
					sandboxKey: secrets.apiKey,
					credentials: {
						good: { id: String(good.id), name: good.name, apiKey: secrets.apiKey },
						bad: { id: String(bad.id), name: bad.name, apiKey: 'kq-bad-key' },
					},
					metrics: { startMs: main.startMs, readyMs: Date.now() - t0, rss: main.rss() },
				},
			],
			queue: {
				controlUrl: `http://127.0.0.1:${g.control.address().port}`,
				figuresDir,
				packageDir: REPO,
				triggerPath: String(hook.path || '').replace(/^\//, ''),
				proxyUrl: topo.url,
				mainUrl: topo.mainUrl,
				redis: { port: topo.redis.port },
				postgres: { port: topo.postgres.port, version: (topo.postgres.psql('SHOW server_version').stdout || '').trim() },
				procs: Object.fromEntries(Object.values(topo.procs).map((p) => [p.name, procInfo(p)])),
				timings: { ...topo.timings, setupMs: Date.now() - t0 },
				setupStartedAt: new Date(t0).toISOString(),
			},
		};
		const statePath = path.join(runDir, 'state.json');
		fs.writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
		process.env.KIE_E2E_STATE = statePath;
		process.env.KIE_QUEUE_STATE = statePath;
		// keep workflows (and so their executions) for the counts; cleanup only unpublishes
		process.env.E2E_KEEP_WORKFLOWS = '1';
		log(`topology up in ${((Date.now() - t0) / 1000).toFixed(1)} s: proxy ${topo.url}, main ${topo.mainUrl}, sandbox ${g.sandbox.url}; state ${statePath}`);
	} catch (e) {
		await teardown({ keep: true });
		throw e;
	}
}

async function teardown({ keep = false } = {}) {
	const g = globalThis.__KIE_QUEUE__;
	if (!g) return;
	if (g.control) await new Promise((r) => g.control.close(() => r()));
	if (g.single) await g.single.stop().catch((e) => log(`stop single n8n: ${e.message}`));
	if (g.topo) await g.topo.stop().catch((e) => log(`stop topology: ${e.message}`));
	if (g.sandbox) await g.sandbox.close().catch((e) => log(`close sandbox: ${e.message}`));
	process.removeListener('SIGINT', g.onSignal);
	process.removeListener('SIGTERM', g.onSignal);
	process.removeListener('exit', g.onExit);
	if (!keep && !process.env.QUEUE_KEEP_RUN_DIR && g.topo) {
		// keep logs, state and figures; the next run prunes the folder
		for (const name of Object.keys(g.topo.procs)) fs.rmSync(path.join(g.runDir, name), { recursive: true, force: true });
	}
	globalThis.__KIE_QUEUE__ = undefined;
}

module.exports = { setup, teardown, DEFAULT_VERSION };
