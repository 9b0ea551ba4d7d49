'use strict';
/**
 * An n8n queue-mode topology on loopback, as n8n's scaling guide describes it: Redis (Bull queue),
 * PostgreSQL (shared database), one main (`n8n start`), workers (`n8n worker`), webhook processors
 * (`n8n webhook`) and a reverse proxy in front that sends /webhook/* and /webhook-waiting/* to the
 * webhook processors and the rest to main. Every process has its own user folder (as on separate
 * machines) with this package installed as a community package; they share the encryption key,
 * the database, Redis, and binary data in the database. WEBHOOK_URL is the proxy's URL, so resume
 * URLs and production webhook URLs point at the proxy. Plain CommonJS.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const install = require('../n8n/install');
const { startN8n, installPackage, getFreePorts, majorOf } = require('../n8n/instance');
const { startRedis, startPostgres } = require('./services');
const { startProxy } = require('./proxy');
const { log } = require('./system');

/** Environment shared by every n8n process of the topology. */
function queueEnv({ version, redis, postgres, proxyUrl, encryptionKey, logLevel }) {
	const webhookUrl = `${proxyUrl}/`;
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_REDIS_PASSWORD: redis.password,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		// n8n's default pool of 2 connections per process times out under a burst of webhooks
		DB_POSTGRESDB_POOL_SIZE: '10',
		N8N_ENCRYPTION_KEY: encryptionKey,
		// workers must read binary data other processes wrote (downloads, uploads)
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...(majorOf(version) >= 2 ? { N8N_WEBHOOK_URL: webhookUrl } : { WEBHOOK_URL: webhookUrl }),
		N8N_LOG_LEVEL: logLevel,
	};
}

/**
 * Starts the whole topology. Returns { url (proxy), mainUrl, redis, postgres, proxy, procs, stop() };
 * `procs` maps 'main', 'worker-1'…, 'webhook-1'… to startN8n instances (kill(), restart(), stop()).
 */
async function startQueueTopology({ version, runDir, repoDir, tarball: packed, workers = 2, webhooks = 2, logLevel = 'info', nodeBin }) {
	const t0 = Date.now();
	nodeBin = nodeBin || (await install.ensureNode24({ quiet: true }));
	await install.ensureN8n(version, { nodeBin, quiet: true });
	const logDir = path.join(runDir, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const topo = { version, runDir, logDir, procs: {}, timings: {} };
	const started = [];
	topo.stop = async () => {
		if (topo.proxy) await topo.proxy.close().catch(() => {});
		const n8ns = Object.values(topo.procs);
		await Promise.all(n8ns.map((p) => p.stop().catch((e) => log(`stop ${p.name}: ${e.message}`))));
		for (const svc of started.reverse()) await svc.stop().catch((e) => log(`stop ${svc.name}: ${e.message}`));
	};
	try {
		const [redis, postgres] = await Promise.all([startRedis({ logDir }), startPostgres({ logDir })]);
		started.push(redis, postgres);
		Object.assign(topo, { redis, postgres });
		topo.timings.servicesMs = Date.now() - t0;
		log(`redis 127.0.0.1:${redis.port}, postgres 127.0.0.1:${postgres.port} (${topo.timings.servicesMs} ms)`);

		const names = ['main', ...Array.from({ length: workers }, (_, i) => `worker-${i + 1}`), ...Array.from({ length: webhooks }, (_, i) => `webhook-${i + 1}`)];
		const ports = await getFreePorts(names.length * 2);
		const spec = Object.fromEntries(names.map((name, i) => [name, { name, port: ports[2 * i], brokerPort: ports[2 * i + 1] }]));
		topo.proxy = await startProxy({ main: spec.main, webhooks: names.filter((n) => n.startsWith('webhook-')).map((n) => spec[n]) });
		const encryptionKey = crypto.randomBytes(24).toString('hex');
		const common = queueEnv({ version, redis, postgres, proxyUrl: topo.proxy.url, encryptionKey, logLevel });

		// one build for every process: the caller's tarball, or one packed here
		const tarball = packed || require('../n8n/instance').packPackage(repoDir, { packDir: runDir });
		const launch = async (name) => {
			const { port, brokerPort } = spec[name];
			const command = name === 'main' ? 'start' : name.replace(/-\d+$/, '');
			const userFolder = path.join(runDir, name);
			fs.mkdirSync(userFolder, { recursive: true });
			await installPackage(userFolder, repoDir, { tarball });
			const env = { ...common };
			if (command === 'worker') Object.assign(env, { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' });
			const t = Date.now();
			const inst = await startN8n({ version, userFolder, port, brokerPort, nodeBin, command, env, logPath: path.join(logDir, `${name}.log`), startTimeoutMs: 240_000 });
			inst.name = name;
			inst.command = command;
			topo.procs[name] = inst;
			topo.timings[name] = Date.now() - t;
			log(`${name} (n8n ${command}) on ${inst.url}, pid ${inst.pid}, ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
			return inst;
		};
		// main first: it runs the database migrations the others expect
		await launch('main');
		await Promise.all(names.filter((n) => n !== 'main').map(launch));
		if (!packed) fs.rmSync(tarball, { force: true });
		topo.url = topo.proxy.url;
		/** What reaper.js needs to end these processes after a crash of the owner. */
		topo.pidEntries = () => [
			{ pid: redis.pid, marker: redis.dir },
			{ pid: postgres.pid, marker: postgres.dir },
			...Object.values(topo.procs).map((p) => ({ pid: p.pid, marker: p.userFolder })),
		];
		topo.mainUrl = topo.procs.main.url;
		topo.timings.totalMs = Date.now() - t0;
		return topo;
	} catch (e) {
		await topo.stop();
		throw e;
	}
}

module.exports = { startQueueTopology, queueEnv };
