'use strict';
/**
 * Diagnostic latency runs: a `npm run bench` with BENCH_N8N_ENV saves its benchmark 2 results in
 * bench/diagnostics/ instead of writing docs/benchmarks.md; the next full run lists them in §2.
 */
const fs = require('fs');
const path = require('path');

const DIAG_DIR = path.join(__dirname, '..', '..', 'diagnostics');

/** Diagnostic latency runs saved by run.js when BENCH_N8N_ENV was set. */
function readDiagnostics() {
	let files = [];
	try {
		files = fs.readdirSync(DIAG_DIR).filter((f) => f.endsWith('.json'));
	} catch {
		return [];
	}
	const out = [];
	for (const f of files.sort()) {
		try {
			const d = JSON.parse(fs.readFileSync(path.join(DIAG_DIR, f), 'utf8'));
			if (d && d.latency && d.latency.summary && d.n8nEnv) out.push(d);
		} catch {
			/* ignore a broken file */
		}
	}
	return out;
}

/** Saves a diagnostic run's latency results (run.js calls this instead of writeReport when BENCH_N8N_ENV is set). */
function saveDiagnostic(results) {
	if (!results.benchmarks.latency) return null;
	fs.mkdirSync(DIAG_DIR, { recursive: true });
	const name = Object.entries(results.config.n8nEnv)
		.map(([k, v]) => `${k}-${v}`)
		.join('+')
		.replace(/[^A-Za-z0-9_+.-]/g, '_');
	const file = path.join(DIAG_DIR, `latency-${name}.json`);
	const { machine, n8n, startedAt, finishedAt } = results;
	fs.writeFileSync(file, JSON.stringify({ n8nEnv: results.config.n8nEnv, startedAt, finishedAt, machine, n8n, load: results.load, latency: results.benchmarks.latency }, null, 2) + '\n');
	return file;
}

module.exports = { readDiagnostics, saveDiagnostic };
