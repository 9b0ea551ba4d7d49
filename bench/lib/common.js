'use strict';
/**
 * Shared helpers for the benchmarks: configuration from the environment, statistics, logging,
 * machine description, workflow builders, signed Kie callbacks.
 *
 * Plain CommonJS, Node builtins only.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');

const { sleep, waitFor } = require('../../scripts/n8n/http');
const { procStats } = require('../../scripts/n8n/processes');


const QUICK = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK || '');

function intEnv(name, def, { min = 1, max = 1000 } = {}) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return def;
	const n = Math.floor(Number(raw));
	if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
	return n;
}

/** Every knob in one place (the report prints it). */
function config() {
	const runs = intEnv('BENCH_RUNS', QUICK ? 1 : 5, { min: 1, max: 20 });
	return {
		quick: QUICK,
		runs,
		n8nVersion: process.env.BENCH_N8N_VERSION || '2.41.1',
		// diagnostics only: extra env for n8n, "KEY=VALUE,KEY=VALUE" (the report lists it)
		n8nEnv: Object.fromEntries(
			(process.env.BENCH_N8N_ENV || '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
				.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
				.filter(([k]) => /^(N8N_|EXECUTIONS_|DB_)[A-Z0-9_]+$/.test(k)),
		),
		maxMinutes: intEnv('BENCH_MAX_MINUTES', QUICK ? 12 : 30, { min: 2, max: 180 }),
		only: (process.env.BENCH_ONLY || '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		throughput: { items: 100, perWindow: 20, windowMs: 2000 },
		latency: { callbacks: QUICK ? 15 : 50, warmup: 3 },
		load: { callbacks: QUICK ? 100 : 500, concurrency: 20, runs: Math.min(runs, QUICK ? 1 : 3) },
		memory: { fileMiB: intEnv('BENCH_FILE_MIB', QUICK ? 50 : 200, { min: 1, max: 1024 }), sampleMs: 100, pollIntervalSeconds: 1 },
		polling: {
			tasks: QUICK ? 5 : 10,
			cases: [
				{ pollIntervalSeconds: 1, stageDelaysMs: { text: 1000, first: 1000, complete: 1500 } },
				{ pollIntervalSeconds: 2, stageDelaysMs: { text: 1500, first: 1500, complete: 2000 } },
			],
		},
	};
}

// ------------------------------------------------------------------------------------------
// logging and time

const T0 = Date.now();
function log(msg) {
	process.stdout.write(`[bench +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
}

/** Bounded poll (the harness's waitFor) with the bench's tighter default interval. */
async function until(fn, { intervalMs = 100, maxAttempts = 100_000, ...rest } = {}) {
	return await waitFor(fn, { intervalMs, maxAttempts, ...rest });
}

// ------------------------------------------------------------------------------------------
// statistics

function sorted(xs) {
	return xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
}

/** Median (mean of the two middle values for an even count); NaN for none. */
function median(xs) {
	const s = sorted(xs);
	if (!s.length) return NaN;
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
function percentile(xs, p) {
	const s = sorted(xs);
	if (!s.length) return NaN;
	const rank = Math.ceil((p / 100) * s.length);
	return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

function fmt(x, digits = 0) {
	if (typeof x !== 'number' || !Number.isFinite(x)) return 'n/a';
	return x.toFixed(digits);
}

// ------------------------------------------------------------------------------------------
// machine

function cpuModel() {
	const cpus = os.cpus();
	return cpus.length ? cpus[0].model.trim() : 'unknown';
}

function osName() {
	try {
		const txt = fs.readFileSync('/etc/os-release', 'utf8');
		const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(txt);
		if (m) return `${m[1]} (${os.type()} ${os.release()})`;
	} catch {
		/* not Linux */
	}
	return `${os.type()} ${os.release()}`;
}

function nodeVersionOf(bin) {
	try {
		return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
	} catch {
		return 'unknown';
	}
}

function machine(node24Bin) {
	return {
		cpu: cpuModel(),
		cores: os.cpus().length,
		ramGiB: os.totalmem() / 1024 ** 3,
		os: osName(),
		arch: os.arch(),
		benchNode: process.version,
		n8nNode: node24Bin ? nodeVersionOf(node24Bin) : 'unknown',
	};
}

function loadavg() {
	return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

/** A readable name for a process: n8n names its main thread "MainThread", so look at the command line. */
function labelOf(pid, name) {
	let cmd = '';
	try {
		cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
	} catch {
		return name;
	}
	if (/n8n\/bin\/n8n/.test(cmd)) return 'another n8n';
	if (/task-runner/.test(cmd)) return "another n8n's task runner";
	if (/jest/.test(cmd)) return 'jest';
	if (/\btsc\b|typescript/.test(cmd)) return 'tsc';
	return name;
}

/** A CPU-time snapshot of every process (from /proc). */
function cpuSnapshot() {
	return { t: Date.now(), procs: procStats() };
}

/**
 * CPU used between two snapshots by processes other than this one and the process groups in
 * `excludeGroups` (our n8n): { cores (average), top: ['name 35%', ...] } — foreign load for the report.
 */
function foreignCpu(a, b, excludeGroups = []) {
	const seconds = Math.max(0.001, (b.t - a.t) / 1000);
	const hz = 100; // USER_HZ on Linux
	const byName = new Map();
	let total = 0;
	for (const [pid, p] of b.procs) {
		if (pid === process.pid || excludeGroups.includes(p.pgrp)) continue;
		const before = a.procs.get(pid);
		const used = (p.ticks - (before ? before.ticks : 0)) / hz;
		if (used <= 0) continue;
		total += used;
		const label = labelOf(pid, p.name);
		byName.set(label, (byName.get(label) || 0) + used);
	}
	const top = [...byName.entries()]
		.map(([name, used]) => ({ name, pct: (used / seconds) * 100 }))
		.filter((x) => x.pct >= 5)
		.sort((x, y) => y.pct - x.pct)
		.slice(0, 5)
		.map((x) => `${x.name} ${Math.round(x.pct)}%`);
	return { cores: total / seconds, top };
}

// ------------------------------------------------------------------------------------------
// workflows

function uuid() {
	return crypto.randomUUID();
}

function node(name, type, typeVersion, parameters, extra = {}) {
	return { id: uuid(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

/** Webhook (POST) node; responseMode onReceived = "Respond: Immediately". */
function webhookNode(name = 'Webhook', path = uuid()) {
	return node(name, 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: path });
}

function noOpNode(name = 'Done') {
	return node(name, 'n8n-nodes-base.noOp', 1, {});
}

function chain(name, nodes) {
	const connections = {};
	nodes.forEach((n, i) => {
		n.position = [i * 260, 0];
		if (i < nodes.length - 1) connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

// ------------------------------------------------------------------------------------------
// Kie callbacks

function randomTaskId() {
	return crypto.randomBytes(16).toString('hex');
}

/** A copy of a callback body captured from the sandbox, for another task id. */
function callbackFor(template, taskId) {
	const body = JSON.parse(JSON.stringify(template));
	body.data.task_id = taskId;
	return body;
}

/** Kie's webhook signature headers: base64(HMAC-SHA256(task_id + "." + timestamp)). */
function signatureHeaders(taskId, hmacKey) {
	const ts = Math.floor(Date.now() / 1000);
	return {
		'X-Webhook-Timestamp': String(ts),
		'X-Webhook-Signature': crypto.createHmac('sha256', hmacKey).update(`${taskId}.${ts}`).digest('base64'),
	};
}

module.exports = {
	QUICK,
	config,
	log,
	sleep,
	until,
	median,
	percentile,
	fmt,
	machine,
	loadavg,
	cpuSnapshot,
	foreignCpu,
	uuid,
	node,
	webhookNode,
	noOpNode,
	chain,
	randomTaskId,
	callbackFor,
	signatureHeaders,
};
