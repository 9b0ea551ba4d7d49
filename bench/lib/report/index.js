'use strict';
/**
 * Writes docs/benchmarks.md from the results object of bench/run.js: a summary beside the 0.1
 * report's figures (bench/baselines/), the setup, one section per benchmark, how to reproduce.
 */
const fs = require('fs');
const path = require('path');

const { YES, NO, ms, r, mib, plusMs, fmt, table } = require('./format');
const { throughputSection, kieMet } = require('./throughput');
const { latencySection } = require('./latency');
const { loadSection, loadTargets } = require('./load');
const { memorySection, memoryTargets } = require('./memory');
const { pollingSection } = require('./polling');
const { saveDiagnostic } = require('./diagnostics');

const BASELINE_FILE = path.join(__dirname, '..', '..', 'baselines', '0.1.0.json');

function readBaseline() {
	try {
		return JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8'));
	} catch {
		return null;
	}
}

function summaryRows(results, base) {
	const B = results.benchmarks;
	const rows = [];
	if (B.throughput) {
		const k = (key) => B.throughput.summary.find((x) => x.key === key) || {};
		const kies = ['kiePerOperation', 'kieJobs', 'kieMixed'].map(k);
		rows.push([
			'1. Create throughput (Kie Suno node, 100 items; per-operation / jobs / both routes)',
			'wall ÷ lower bound ≤ 1.10; 0 failed items; 0 duplicate tasks; every item on its route',
			`${kies.map((x) => r(x.ratio, 3)).join(' / ')}; failed ${kies.map((x) => x.failedMax).join('/')}; duplicates ${kies.map((x) => x.duplicatesMax).join('/')}; wrong route ${kies.map((x) => x.wrongRouteMax).join('/')}`,
			kies.every(kieMet) ? YES : NO,
			base ? `${r(base.throughput.kieRatio, 3)} (per-operation only)` : '',
		]);
	}
	if (B.latency) {
		const L = B.latency;
		const v = (key) => (L.summary.find((x) => x.key === key) || {}).p50;
		rows.push([
			'2. Callback → finished execution (Kie Suno Trigger with credential vs Webhook node)',
			'p50 ratio ≤ 1.2',
			`${r(L.ratioP50)} (p50 ${ms(v('trigger'))} vs ${ms(v('webhook'))}); jobs route ${r(L.ratioJobsP50)}; without credential ${r(L.ratioNoCredP50)}`,
			L.ratioP50 <= 1.2 ? YES : `${NO} (n8n's expression isolates, per request and per credential load, and the verification read; see §2)`,
			base ? `${r(base.latency.ratioP50)} (p50 ${ms(base.latency.triggerP50)} vs ${ms(base.latency.webhookP50)})` : '',
		]);
		rows.push([
			'2b. Cost of verification (trigger with credential − without, same run)',
			'none set (reported)',
			`${plusMs(L.verifyCostP50)} p50 (×${r(L.verifyRatioP50)}); jobs route ${plusMs(L.verifyCostJobsP50)} (×${r(L.verifyRatioJobsP50)}); one details read per callback`,
			'—',
			base ? `${plusMs(base.latency.credentialCostP50)} (HMAC check only; 0.1 did not read the task)` : '',
		]);
	}
	if (B.load) {
		const t = B.load.summary;
		const ok = loadTargets(t);
		rows.push([
			`3. Trigger with credential under load (${B.load.callbacks} callbacks, concurrency ${B.load.concurrency})`,
			'p99 < 5 s, none ≥ 15 s; executions == selected, all verified; healthy after',
			`p99 ${ms(t.p99)} (worst ${ms(t.worstMax)}); executions ${r(t.executions, 0)} of ${r(t.selected, 0)} (median run; worst run missing ${t.missing}, twice ${t.duplicated}, unverified ${t.unverified}); healthz ${t.healthz.join(',')}`,
			ok.p99ok && ok.countsOk && ok.healthOk ? YES : NO,
			base ? `p99 ${ms(base.load.p99)}; ${base.load.executions} == ${base.load.selected}` : '',
		]);
	}
	if (B.memory) {
		const M = B.memory;
		const k = M.summary.find((x) => x.key === 'kie') || {};
		const h = M.summary.find((x) => x.key === 'http') || {};
		const c = M.summary.find((x) => x.key === 'kieCapped');
		const ok = memoryTargets(M);
		rows.push([
			`4. Memory, ${M.fileMiB} MiB download (Kie Suno node, guarded download path)`,
			`RSS growth median < ¼ of the file (${fmt(M.fileMiB / 4, 0)} MiB); a file over Max File Size refused early`,
			`${mib(k.growthMiB)} (worst ${mib(k.growthMaxMiB)}); HTTP Request ${mib(h.growthMiB)}` + (c ? `; over the cap: refused after ${mib(c.bytesServedMaxMiB)} sent` : ''),
			ok.growthOk && ok.capOk ? YES : NO,
			base ? `${mib(base.memory.growthMiB)} (worst ${mib(base.memory.growthMaxMiB)}), ${base.memory.fileMiB} MiB` : '',
		]);
	}
	if (B.polling) {
		rows.push([
			'5. Polling cost (details reads per task ÷ ceil(D/P)+1; per-operation / jobs)',
			'none set (1.00 = no wasted reads)',
			[...new Set(B.polling.cases.map((c) => c.pollIntervalSeconds))]
				.map((p) => `P ${p} s: ${B.polling.cases.filter((c) => c.pollIntervalSeconds === p).map((c) => `${r(c.ratio, 2)} (${r(c.readsPerTask, 1)} vs ${c.minimum})`).join(' / ')}`)
				.join('; '),
			'—',
			base ? base.polling.map((c) => `P ${c.pollIntervalSeconds} s: ${r(c.ratio, 2)}`).join('; ') + ' (per-operation only)' : '',
		]);
	}
	for (const [name, msg] of Object.entries(results.errors)) rows.push([name, '', `failed: ${msg}`, NO, '']);
	return rows;
}

function summarySection(results, base) {
	const head = ['benchmark', 'target', 'measured (medians)', 'result', ...(base ? [`0.1.0 report (${base.date}, another run)`] : [])];
	const rows = summaryRows(results, base).map((row) => (base ? row : row.slice(0, 4)));
	return [
		'## Summary',
		'',
		table(head, rows),
		'',
		base ? `The last column is copied from the report of package 0.1.0 (\`bench/baselines/0.1.0.json\`): another day, another machine load; the comparisons that count are the same-run ones in each section.` : '',
		'',
		machineLoadText(results),
		'',
	];
}

/** One line on how busy the machine was, from the per-benchmark load records. */
function machineLoadText(results) {
	const l = results.load || [];
	if (!l.length) return '';
	const range = (k, d) => {
		const xs = l.map((x) => x[k]).filter((x) => typeof x === 'number' && Number.isFinite(x));
		return xs.length ? `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}` : 'n/a';
	};
	const quiet = l.every((x) => x.foreignCores < 0.1);
	return quiet
		? 'The machine was otherwise quiet during every benchmark.'
		: `**The machine was shared during this run:** other processes used ${range('foreignCores', 2)} of ${(results.machine || {}).cores} cores per benchmark, ` +
				`and some task was waiting for a CPU ${range('cpuPressurePct', 0)} % of the time (each section's load note has the figures). ` +
				'Absolute times are slower than on a quiet machine; the same-run ratios are what to compare.';
}

function setupSection(results) {
	const m = results.machine || {};
	const c = results.config;
	const env = Object.entries(c.n8nEnv || {});
	return [
		'## Setup',
		'',
		table(
			['', ''],
			[
				['date', `${results.startedAt} → ${results.finishedAt} (${fmt(results.durationSeconds / 60, 1)} min)`],
				['machine', `${m.cpu}, ${m.cores} cores, ${fmt(m.ramGiB, 1)} GiB RAM, ${m.os}, ${m.arch}`],
				['Node', `bench + sandbox: ${m.benchNode}; n8n: ${m.n8nNode} (n8n 2.x needs Node ≥ 24)`],
				['n8n', `${results.n8n.version} (newest 2.x), \`n8n start\`, SQLite, execution mode ${results.n8n.executionMode}, binary data mode ${results.n8n.binaryDataMode}, expression engine ${results.n8n.expressionEngine}; one instance on 127.0.0.1 (scripts/n8n/instance.js defaults)${env.length ? `; extra env ${env.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`],
				['package', `n8n-nodes-kie-suno ${results.n8n.packageVersion} (package.json) at ${results.n8n.gitRevision || 'unknown revision'}, built with \`npm run build\` and installed as a community package`],
				[
					'Kie',
					'the Kie sandbox (`test/sandbox/kieSandbox.js`, a local test double, not Kie) in the bench process, on loopback: a details read costs about a millisecond there, tens to hundreds against api.kie.ai; ' +
						'both routes (per-operation and jobs) share one create window, scaled down to 20 per 2 s; `fetchUploadUrl` off',
				],
				['other load', (results.load || []).map((l) => `${l.name}: ${fmt(l.foreignCores, 2)} cores${l.foreignTop.length ? ` (${l.foreignTop.join(', ')})` : ''}`).join('; ') + ` — CPU used by processes other than this benchmark and its n8n (the machine's busy time from /proc/stat minus ours, so short-lived processes count), of ${m.cores} cores`],
				['runs', `${c.runs} per benchmark (benchmark 3: ${c.load.runs}); figures are medians over runs${c.quick ? '; **BENCH_QUICK smoke run: fewer runs, callbacks and a smaller file; not representative**' : ''}`],
			],
		),
		'',
	];
}

function reproduceSection() {
	return [
		'## How to reproduce',
		'',
		'```bash',
		'npm install',
		'npm run bench                      # build, n8n 2.41.1 + sandbox on 127.0.0.1, all five benchmarks, rewrites this file (15–20 min on 2 cores)',
		'BENCH_QUICK=1 npm run bench        # smoke run: 1 run, fewer callbacks, 50 MiB file (5–6 min)',
		'BENCH_RUNS=3 npm run bench         # number of runs per benchmark (medians are reported)',
		'BENCH_ONLY=latency,load npm run bench   # a subset: throughput, latency, load, memory, polling',
		'```',
		'',
		'Other knobs: `BENCH_FILE_MIB` (benchmark 4 file size; the capped variant uses a quarter of it), `BENCH_SKIP_BUILD=1` (use the existing `dist/`), `BENCH_NO_REPORT=1` (do not write this file), ' +
			'`BENCH_MAX_MINUTES` (hard stop, default 60), `BENCH_N8N_ENV="N8N_X=1,…"` (extra n8n environment, for diagnostics only; it is listed under Setup). ' +
			'n8n 2.41.1 and Node 24 come from `~/.cache/n8n-nodes-kie-suno` (installed by `scripts/n8n/install.js` when missing). ' +
			'The raw results (every run) are written to `~/.cache/n8n-nodes-kie-suno/bench/run-<pid>/results.json`, next to the n8n log; ' +
			'`node bench/run.js --render <results.json>` rewrites this file from them without running anything.',
		'',
		'The diagnostic in §2: `BENCH_N8N_ENV=N8N_EXPRESSION_ENGINE=legacy BENCH_ONLY=latency npm run bench` runs benchmark 2 with the legacy ' +
			'expression engine. A run with `BENCH_N8N_ENV` never writes this file; it saves `bench/diagnostics/latency-<env>.json`, which the next ' +
			'full run lists in §2.',
		'',
		'Run it on a quiet machine: the load averages and the CPU of other processes recorded per benchmark show whether something else was running.',
		'',
	];
}

function writeReport(file, results) {
	const B = results.benchmarks;
	const base = readBaseline();
	const lines = [
		'# Benchmarks',
		'',
		`<!-- generated by \`npm run bench\` (bench/run.js) on ${results.startedAt}; do not edit by hand -->`,
		'',
		'The Kie Suno nodes measured against n8n\'s own HTTP Request and Webhook nodes, in one real n8n, against the Kie sandbox on 127.0.0.1, ' +
			'with what 0.2 changed side by side in the same run: Kie\'s two create routes (a discontinued model on the per-operation route, the default `V6` on the jobs route), ' +
			'the trigger reading every callback\'s task back from Kie (with a credential) against passing the body through (without), and downloads through the guarded, capped path. ' +
			`Every figure is the median of ${results.config.runs} run(s) unless stated otherwise; ratios are taken within the same run.`,
		'',
		...summarySection(results, base),
		...setupSection(results),
		...throughputSection(B.throughput, results),
		...latencySection(B.latency, results, base),
		...loadSection(B.load, results),
		...memorySection(B.memory, results),
		...pollingSection(B.polling, results),
		...reproduceSection(),
	];
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, lines.join('\n').replace(/\n{3,}/g, '\n\n'));
}

module.exports = { writeReport, saveDiagnostic };
