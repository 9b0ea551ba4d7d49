'use strict';
/**
 * Shared helpers for the benchmarks: statistics, logging, machine description, workflow builders,
 * signed Kie callbacks. The configuration is in config.js.
 *
 * Plain CommonJS, Node builtins only.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const { execFileSync } = require('child_process');

const { sleep, waitFor } = require('../../scripts/n8n/http');
const { procStats } = require('../../scripts/n8n/processes');

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

/** The machine's CPU ticks from /proc/stat: busy (user, nice, system, irq, softirq; guest is inside user) and steal. */
function systemCpu() {
	try {
		const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
		const [user, nice, system, , , irq, softirq, steal] = f;
		return { busy: user + nice + system + irq + softirq, steal: steal || 0 };
	} catch {
		return null;
	}
}

/** Microseconds some task waited for a CPU, from /proc/pressure/cpu (PSI), or null. */
function cpuPressureUs() {
	try {
		const m = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
		return m ? Number(m[1]) : null;
	} catch {
		return null;
	}
}

/** A CPU-time snapshot: every process (from /proc), the machine's totals and CPU pressure. */
function cpuSnapshot() {
	return { t: Date.now(), procs: procStats(), sys: systemCpu(), pressureUs: cpuPressureUs() };
}

/**
 * CPU used between two snapshots by processes other than this one and the process groups in
 * `excludeGroups` (our n8n), for the report: { cores (average), top: ['name 35%', ...], stealCores,
 * pressurePct }. `cores` is the machine's busy time (/proc/stat) minus ours, so processes that
 * started and ended in between (test workers, compilers) count too; `top` names the ones still alive.
 */
function foreignCpu(a, b, excludeGroups = []) {
	const seconds = Math.max(0.001, (b.t - a.t) / 1000);
	const hz = 100; // USER_HZ on Linux
	const byName = new Map();
	let visible = 0;
	let ours = 0;
	for (const [pid, p] of b.procs) {
		const before = a.procs.get(pid);
		const used = (p.ticks - (before ? before.ticks : 0)) / hz;
		if (used <= 0) continue;
		if (pid === process.pid || excludeGroups.includes(p.pgrp)) {
			ours += used;
			continue;
		}
		visible += used;
		const label = labelOf(pid, p.name);
		byName.set(label, (byName.get(label) || 0) + used);
	}
	const total = a.sys && b.sys ? Math.max(visible, (b.sys.busy - a.sys.busy) / hz - ours) : visible;
	const top = [...byName.entries()]
		.map(([name, used]) => ({ name, pct: (used / seconds) * 100 }))
		.filter((x) => x.pct >= 5)
		.sort((x, y) => y.pct - x.pct)
		.slice(0, 5)
		.map((x) => `${x.name} ${Math.round(x.pct)}%`);
	return {
		cores: total / seconds,
		top,
		stealCores: a.sys && b.sys ? (b.sys.steal - a.sys.steal) / hz / seconds : null,
		pressurePct: a.pressureUs !== null && b.pressureUs !== null ? ((b.pressureUs - a.pressureUs) / 1e6 / seconds) * 100 : null,
	};
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

/** A copy of a callback body captured from the sandbox, for another task id (the jobs shape names it twice). */
function callbackFor(template, taskId) {
	const body = JSON.parse(JSON.stringify(template));
	body.data.task_id = taskId;
	if (typeof body.taskId === 'string') body.taskId = taskId;
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
