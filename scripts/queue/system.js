'use strict';
/**
 * System services for the queue-mode harness: finds Debian's redis-server and PostgreSQL
 * binaries and installs the packages with apt-get when they are missing (CI runs as root).
 * Plain CommonJS, Node builtins only.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const REDIS_BIN = '/usr/bin/redis-server';
const PG_ROOT = '/usr/lib/postgresql';

function log(msg) {
	process.stdout.write(`[queue] ${msg}\n`);
}

/** The newest /usr/lib/postgresql/<major>/bin that has initdb, postgres and pg_ctl, or ''. */
function postgresBinDir() {
	if (!fs.existsSync(PG_ROOT)) return '';
	const majors = fs
		.readdirSync(PG_ROOT)
		.filter((d) => /^\d+$/.test(d))
		.sort((a, b) => Number(b) - Number(a));
	for (const m of majors) {
		const bin = path.join(PG_ROOT, m, 'bin');
		if (['initdb', 'postgres', 'pg_ctl'].every((b) => fs.existsSync(path.join(bin, b)))) return bin;
	}
	return '';
}

function aptGet(args, timeoutMs) {
	const r = spawnSync('apt-get', args, {
		stdio: 'inherit',
		timeout: timeoutMs,
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	return r.status === 0;
}

/**
 * Makes sure redis-server and PostgreSQL are installed; installs `redis-server postgresql` with
 * apt-get (after `apt-get update` if the first attempt fails). Returns { redisBin, pgBin }.
 */
function ensureSystemPackages() {
	let pgBin = postgresBinDir();
	const missing = [];
	if (!fs.existsSync(REDIS_BIN)) missing.push('redis-server');
	if (!pgBin) missing.push('postgresql');
	if (missing.length) {
		if (typeof process.getuid === 'function' && process.getuid() !== 0) {
			throw new Error(`missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`);
		}
		log(`installing ${missing.join(', ')} with apt-get`);
		const args = ['install', '-y', '--no-install-recommends', ...missing];
		if (!aptGet(args, 15 * 60_000)) {
			if (!aptGet(['update'], 10 * 60_000) || !aptGet(args, 15 * 60_000)) throw new Error(`apt-get install ${missing.join(' ')} failed`);
		}
		pgBin = postgresBinDir();
	}
	if (!fs.existsSync(REDIS_BIN)) throw new Error(`${REDIS_BIN} not found after install`);
	if (!pgBin) throw new Error(`no PostgreSQL server under ${PG_ROOT} after install`);
	return { redisBin: REDIS_BIN, pgBin };
}

/** uid/gid of a system user (PostgreSQL refuses to run as root). */
function userIds(name) {
	const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

module.exports = { ensureSystemPackages, postgresBinDir, userIds, log };
