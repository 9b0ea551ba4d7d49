'use strict';
/**
 * Redis and PostgreSQL for the queue-mode harness: real Debian servers on 127.0.0.1 with their data
 * in a temporary folder, each in its own process group, stopped (and the folder removed) by stop().
 * PostgreSQL refuses to run as root, so it runs as the `postgres` user. Plain CommonJS.
 */
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync } = require('child_process');

const { sleep, waitFor } = require('../n8n/http');
const { getFreePort } = require('../n8n/instance');
const { pidAlive } = require('../n8n/processes');
const { ensureSystemPackages, userIds } = require('./system');

/** Sends SIGTERM to a process group, then SIGKILL after `graceMs`; bounded. */
async function stopGroup(pid, { graceMs = 10_000 } = {}) {
	if (!pid) return;
	const signal = (sig) => {
		try {
			process.kill(-pid, sig);
		} catch {
			/* gone */
		}
	};
	signal('SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && pidAlive(pid)) await sleep(100);
	if (pidAlive(pid)) signal('SIGKILL');
	const d2 = Date.now() + 5000;
	while (Date.now() < d2 && pidAlive(pid)) await sleep(100);
}

function spawnLogged(bin, args, { logPath, uid, gid, env, cwd }) {
	const fd = fs.openSync(logPath, 'a');
	const child = spawn(bin, args, { cwd, env: env || { PATH: process.env.PATH, LANG: 'C.UTF-8' }, stdio: ['ignore', fd, fd], detached: true, uid, gid });
	fs.closeSync(fd);
	child.on('exit', () => {}); // reaped; pidAlive() then sees it gone
	child.unref();
	return child;
}

/** One RESP exchange with Redis (AUTH + PING); resolves the raw reply. */
function redisPing(port, password) {
	return new Promise((resolve, reject) => {
		const sock = net.connect(port, '127.0.0.1');
		let buf = '';
		const timer = setTimeout(() => sock.destroy(new Error('redis ping timeout')), 2000);
		sock.on('connect', () => sock.write(`AUTH ${password}\r\nPING\r\n`));
		sock.on('data', (d) => {
			buf += d;
			if (/PONG/.test(buf) || /-ERR|-NOAUTH|-WRONGPASS/.test(buf)) {
				clearTimeout(timer);
				sock.end();
				resolve(buf);
			}
		});
		sock.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
	});
}

/** redis-server on 127.0.0.1:<free port>, no persistence, password protected. */
async function startRedis({ tmpRoot, logDir }) {
	const { redisBin } = ensureSystemPackages();
	const dir = fs.mkdtempSync(path.join(tmpRoot || os.tmpdir(), 'kie-queue-redis-'));
	const port = await getFreePort();
	const password = crypto.randomBytes(12).toString('hex');
	const logPath = path.join(logDir, 'redis.log');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--requirepass', password];
	const child = spawnLogged(redisBin, args, { logPath, cwd: dir });
	const svc = { name: 'redis', pid: child.pid, port, password, dir, logPath };
	await waitFor(async () => /PONG/.test(await redisPing(port, password)), { timeoutMs: 20_000, intervalMs: 200, what: `redis on 127.0.0.1:${port}` });
	svc.stop = async () => {
		await stopGroup(svc.pid);
		fs.rmSync(dir, { recursive: true, force: true });
	};
	return svc;
}

/**
 * PostgreSQL on 127.0.0.1:<free port> as the `postgres` user: initdb into a temporary folder
 * (superuser `n8n`, password auth over TCP), a socket directory in that folder, and a database `n8n`.
 * Durability is switched off (a throw-away test database).
 */
async function startPostgres({ tmpRoot, logDir }) {
	const { pgBin } = ensureSystemPackages();
	const { uid, gid } = userIds('postgres');
	const dir = fs.mkdtempSync(path.join(tmpRoot || os.tmpdir(), 'kie-queue-pg-'));
	const dataDir = path.join(dir, 'data');
	const sockDir = path.join(dir, 'sock');
	fs.mkdirSync(sockDir);
	const password = crypto.randomBytes(12).toString('hex');
	const pwFile = path.join(dir, 'pw');
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	for (const p of [dir, sockDir, pwFile]) fs.chownSync(p, uid, gid);
	const env = { PATH: process.env.PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
	const init = spawnSync(
		path.join(pgBin, 'initdb'),
		['-D', dataDir, '-U', 'n8n', `--pwfile=${pwFile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ uid, gid, env, cwd: dir, encoding: 'utf8', timeout: 120_000 },
	);
	fs.rmSync(pwFile, { force: true });
	if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
	const port = await getFreePort();
	const logPath = path.join(logDir, 'postgres.log');
	const args = ['-D', dataDir, '-k', sockDir, '-h', '127.0.0.1', '-p', String(port)];
	for (const s of ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200', 'shared_buffers=128MB']) args.push('-c', s);
	const child = spawnLogged(path.join(pgBin, 'postgres'), args, { logPath, uid, gid, env, cwd: dir });
	const svc = { name: 'postgres', pid: child.pid, port, user: 'n8n', password, database: 'n8n', dir, logPath };
	const psql = (sql, db = 'postgres') =>
		spawnSync(path.join(pgBin, 'psql'), ['-h', sockDir, '-p', String(port), '-U', 'n8n', '-d', db, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], {
			uid,
			gid,
			env,
			cwd: dir,
			encoding: 'utf8',
			timeout: 30_000,
		});
	await waitFor(
		() => {
			if (!pidAlive(svc.pid)) throw Object.assign(new Error('postgres exited'), { fatal: true });
			return psql('SELECT 1').status === 0;
		},
		{ timeoutMs: 60_000, intervalMs: 300, what: `postgres on 127.0.0.1:${port}` },
	);
	const created = psql('CREATE DATABASE n8n');
	if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	svc.psql = (sql) => psql(sql, 'n8n');
	svc.stop = async () => {
		await stopGroup(svc.pid, { graceMs: 15_000 });
		fs.rmSync(dir, { recursive: true, force: true });
	};
	return svc;
}

module.exports = { startRedis, startPostgres, stopGroup, redisPing };
