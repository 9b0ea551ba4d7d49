#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: builds the package, starts the Kie sandbox and ONE n8n (2.41.1 by default) on
 * 127.0.0.1 with the package installed, runs the benchmarks and (re)writes docs/benchmarks.md.
 *
 * Env: BENCH_RUNS (default 5; 1 with BENCH_QUICK), BENCH_QUICK=1 (fast smoke run: fewer runs and
 *      callbacks, a 50 MiB file), BENCH_ONLY=throughput,latency,load,memory,polling (a subset;
 *      the report then only has those), BENCH_FILE_MIB, BENCH_MAX_MINUTES (hard stop, default 60),
 *      BENCH_SKIP_BUILD=1, BENCH_NO_REPORT=1 (do not write docs/benchmarks.md),
 *      BENCH_N8N_VERSION (default 2.41.1), KIE_SUNO_CACHE,
 *      BENCH_N8N_ENV="N8N_X=v,..." (diagnostics: extra n8n env; such a run saves bench/diagnostics/latency-<env>.json
 *      instead of writing docs/benchmarks.md).
 *
 * Everything stops by itself: every loop is bounded in count and time, a watchdog ends the run after
 * BENCH_MAX_MINUTES, and n8n (its whole process group) and the sandbox are stopped in finally and
 * in exit/signal handlers.
 */
const fs = require('fs');
const path = require('path');

const { log, machine, loadavg, cpuSnapshot, foreignCpu } = require('./lib/common');
const { config } = require('./lib/config');
const { startEnv, REPO } = require('./lib/env');
const { writeReport, saveDiagnostic } = require('./lib/report');

const BENCHMARKS = [
	['throughput', require('./benchmarks/throughput')],
	['latency', require('./benchmarks/latency')],
	['load', require('./benchmarks/load')],
	['memory', require('./benchmarks/memory')],
	['polling', require('./benchmarks/polling')],
];

/** The commit the package was built from (read-only git queries), e.g. "68717f7 + uncommitted changes". */
function gitRevision() {
	const git = (args) => require('child_process').execFileSync('git', args, { cwd: REPO, encoding: 'utf8', timeout: 10_000 }).trim();
	try {
		return `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) ? ' + uncommitted changes' : ''}`;
	} catch {
		return 'unknown';
	}
}

/** The backend expression engine n8n runs with: N8N_EXPRESSION_ENGINE if given, else @n8n/config's default. */
function expressionEngine(cfg) {
	if (cfg.n8nEnv.N8N_EXPRESSION_ENGINE) return `${cfg.n8nEnv.N8N_EXPRESSION_ENGINE} (N8N_EXPRESSION_ENGINE)`;
	try {
		const dir = require('../scripts/n8n/install').n8nDir(cfg.n8nVersion);
		const src = fs.readFileSync(path.join(dir, 'node_modules', '@n8n', 'config', 'dist', 'configs', 'expression-engine.config.js'), 'utf8');
		const m = /this\.engine = '([a-z-]+)'/.exec(src);
		return m ? `${m[1]} (default of @n8n/config)` : 'unknown';
	} catch {
		return 'unknown';
	}
}

/** Bytes of n8n's log so far. */
function logSize(file) {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

/**
 * What n8n logged since `offset` about its database under load: failed pings (it then answers 503
 * "Database is not ready!"), SQLite write-lock timeouts, and the writes they failed: an execution
 * that was never created, workflow static data that was not saved.
 */
function dbTroubleSince(file, offset) {
	const none = { dbPingFailures: 0, sqliteLockTimeouts: 0, executionsNotCreated: 0, staticDataNotSaved: 0 };
	try {
		const fd = fs.openSync(file, 'r');
		const size = fs.fstatSync(fd).size;
		const buf = Buffer.alloc(Math.max(0, Math.min(size - offset, 50 * 1024 * 1024)));
		fs.readSync(fd, buf, 0, buf.length, offset);
		fs.closeSync(fd);
		const text = buf.toString('utf8');
		const count = (re) => (text.match(re) || []).length;
		return {
			dbPingFailures: count(/Database ping failed/g),
			sqliteLockTimeouts: count(/^LockAcquireTimeoutError/gm),
			executionsNotCreated: count(/at ExecutionPersistence\.create/g),
			staticDataNotSaved: count(/There was a problem saving the workflow/g),
		};
	} catch {
		return none;
	}
}

async function main() {
	const cfg = config();
	const selected = BENCHMARKS.filter(([name]) => !cfg.only.length || cfg.only.includes(name));
	if (!selected.length) throw new Error(`BENCH_ONLY matches no benchmark (${BENCHMARKS.map(([n]) => n).join(', ')})`);
	log(`runs ${cfg.runs}${cfg.quick ? ' (BENCH_QUICK)' : ''}; benchmarks ${selected.map(([n]) => n).join(', ')}; hard stop after ${cfg.maxMinutes} min`);

	let env = null;
	let exiting = false;
	const onExit = () => env && env.killSync();
	process.on('exit', onExit);
	const onSignal = (sig, code = 130) => {
		if (exiting) return;
		exiting = true;
		log(`${sig}: stopping n8n and the sandbox`);
		const done = () => process.exit(code);
		(env ? env.stop() : Promise.resolve()).then(done, done);
		setTimeout(done, 30_000).unref();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const watchdog = setTimeout(() => {
		log(`watchdog: the run exceeded ${cfg.maxMinutes} min; stopping`);
		onSignal('watchdog', 3);
	}, cfg.maxMinutes * 60_000);
	watchdog.unref();

	const started = new Date();
	const results = { config: cfg, startedAt: started.toISOString(), benchmarks: {}, errors: {}, load: [] };
	try {
		env = await startEnv(cfg);
		results.machine = machine(env.nodeBin);
		results.n8n = {
			version: cfg.n8nVersion,
			binaryDataMode: (env.settings && env.settings.binaryDataMode) || 'unknown',
			executionMode: (env.settings && env.settings.executionMode) || 'unknown',
			packageVersion: env.packageVersion,
			gitRevision: gitRevision(),
			expressionEngine: expressionEngine(cfg),
		};
		for (const [name, mod] of selected) {
			const snap = cpuSnapshot();
			const before = loadavg();
			log(`=== ${name} (load average ${before.join(' ')})`);
			const t0 = Date.now();
			const logOffset = logSize(env.n8n.logPath);
			try {
				results.benchmarks[name] = await mod.run(env);
			} catch (e) {
				log(`${name} FAILED: ${e.stack || e.message}`);
				results.errors[name] = String(e.message || e);
			}
			// CPU used meanwhile by processes other than this one and our n8n (e.g. another engineer's tests)
			const foreign = foreignCpu(snap, cpuSnapshot(), [env.n8n.pid]);
			const db = dbTroubleSince(env.n8n.logPath, logOffset);
			results.load.push({
				name,
				seconds: (Date.now() - t0) / 1000,
				loadavgBefore: before,
				loadavgAfter: loadavg(),
				foreignCores: foreign.cores,
				foreignTop: foreign.top,
				stealCores: foreign.stealCores,
				cpuPressurePct: foreign.pressurePct,
				...db,
			});
			log(
				`${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s; other processes used ${foreign.cores.toFixed(2)} cores meanwhile${foreign.top.length ? ` (${foreign.top.join(', ')})` : ''}` +
					`${foreign.pressurePct !== null ? `; CPU pressure ${foreign.pressurePct.toFixed(0)} %` : ''}` +
					`${db.dbPingFailures || db.sqliteLockTimeouts ? `; n8n logged ${db.dbPingFailures} failed database pings, ${db.sqliteLockTimeouts} SQLite lock timeouts` : ''}`,
			);
		}
	} finally {
		if (env) {
			results.n8nLog = env.n8n && env.n8n.logPath;
			await env.stop();
		}
		clearTimeout(watchdog);
	}
	results.finishedAt = new Date().toISOString();
	results.durationSeconds = (Date.now() - started.getTime()) / 1000;
	if (env && env.runDir) {
		const raw = path.join(env.runDir, 'results.json');
		fs.writeFileSync(raw, JSON.stringify(results, null, 2) + '\n');
		log(`raw results: ${raw}`);
	}
	if (Object.keys(cfg.n8nEnv).length) {
		const f = saveDiagnostic(results);
		log(f ? `diagnostic run (BENCH_N8N_ENV): saved ${path.relative(REPO, f)}; docs/benchmarks.md left alone` : 'diagnostic run: nothing to save');
	} else if (!process.env.BENCH_NO_REPORT) {
		const out = path.join(REPO, 'docs', 'benchmarks.md');
		writeReport(out, results);
		log(`wrote ${path.relative(REPO, out)}`);
	}
	log(`done in ${(results.durationSeconds / 60).toFixed(1)} min${Object.keys(results.errors).length ? `; FAILED: ${Object.keys(results.errors).join(', ')}` : ''}`);
	if (Object.keys(results.errors).length) process.exitCode = 1;
}

/** `node bench/run.js --render <results.json> [out.md]`: rewrite docs/benchmarks.md (or out.md) from saved raw results, without running anything. */
if (process.argv[2] === '--render') {
	const file = process.argv[3];
	if (!file) throw new Error('usage: node bench/run.js --render <results.json> [out.md]');
	const out = process.argv[4] ? path.resolve(process.argv[4]) : path.join(REPO, 'docs', 'benchmarks.md');
	writeReport(out, JSON.parse(fs.readFileSync(file, 'utf8')));
	log(`wrote ${path.relative(REPO, out)} from ${file}`);
	process.exit(0);
}

main().then(
	() => process.exit(process.exitCode || 0),
	(e) => {
		log(`bench failed: ${e.stack || e.message}`);
		process.exit(1);
	},
);
