'use strict';
/** Section 1 of docs/benchmarks.md: create throughput on both routes. */
const { YES, NO, s, r, table, loadNote, notRun } = require('./format');

const TITLE = '## 1. Create throughput under Kie\'s limit, on both routes';

/** Whether a Kie Suno variant met its targets (≤ 1.10 of the lower bound, nothing lost, nothing twice, every item on its route). */
function kieMet(x) {
	return x.ratio <= 1.1 && x.failedMax === 0 && x.duplicatesMax === 0 && x.wrongRouteMax === 0;
}

function routesText(routes) {
	const e = Object.entries(routes || {});
	return e.length ? e.map(([k, n]) => `${k} ${n}`).join(', ') : '—';
}

function withMax(median, max) {
	return `${r(median, 0)}${max !== median ? ` (max ${max})` : ''}`;
}

function readingText(b) {
	const get = (k) => b.summary.find((x) => x.key === k) || {};
	const http = get('http');
	const batched = get('httpBatched');
	const per = get('kiePerOperation');
	const jobs = get('kieJobs');
	const lostRuns = b.runs.filter((x) => x.variant === 'httpBatched' && x.failedItems > 0).length;
	const pct = (b.sameRun.jobsVsPerOperation - 1) * 100;
	const perRun = b.runs
		.filter((x) => x.variant === 'kieJobs')
		.map((j) => {
			const p = b.runs.find((x) => x.variant === 'kiePerOperation' && x.run === j.run);
			return p ? r(j.wallMs / p.wallMs, 2) : 'n/a';
		});
	return (
		`Reading: both routes draw on one per-account window, so the lower bound is the same for each, and the Kie Suno node paces ` +
		`all its creates with one pacer whatever route each item takes: in the mixed variant (half the items on each route) at most ` +
		`${r(get('kieMixed').rejected429Max, 0)} creates per run were answered \`code: 429\`. The jobs route took ${r(Math.abs(pct), 1)} % ${pct >= 0 ? 'more' : 'less'} wall time than the per-operation route ` +
		`(median of the same-run ratios; per run: ${perRun.join(', ')}; medians ${s(jobs.wallMs)} vs ${s(per.wallMs)}); the two requests differ only in shape (\`model\` + snake_case \`input\`) and are paced alike. ` +
		`With default settings the HTTP Request node sends all ${b.items} requests at once; Kie accepts ${b.perWindow} and answers the rest ` +
		`with HTTP 200 and body \`code: 429\`, which the node passes on as success, so ${r(http.failedItems, 0)} items silently have no task. ` +
		`Batching ${b.perWindow} per ${b.windowMs} ms ` +
		(batched.failedMax === 0
			? 'got every item through in these runs, but it '
			: `lost items to \`code: 429\` in ${lostRuns} of ${batched.runs} runs (up to ${batched.failedMax} items, again reported as success). It `) +
		'needs the user to know the limit, and it starts each batch exactly one window after the previous batch was *sent*, so it has no margin: ' +
		'when the requests of one batch reach Kie a few milliseconds sooner after the previous batch than one window, Kie still counts the old ones and rejects the new. ' +
		`The Kie Suno node paces from the *answers* (a slot frees one window after its answer), which costs ${r((per.ratio - 1) * 100, 1)} % (per-operation) and ` +
		`${r((jobs.ratio - 1) * 100, 1)} % (jobs) over the lower bound here.`
	);
}

function throughputSection(b, results) {
	if (!b) return notRun(TITLE, results, 'throughput');
	const out = [TITLE, ''];
	out.push(
		`${b.items} items of Add Instrumental, workflow Webhook → Split Out → *node*, against the sandbox enforcing ` +
			`${b.perWindow} creates per ${b.windowMs / 1000} s window **per account, both routes counted together** (Kie: 20 per 10 s, scaled down). Lower bound: ` +
			`${Math.ceil(b.items / b.perWindow)} batches need ${Math.ceil(b.items / b.perWindow) - 1} full windows = **${s(b.lowerBoundMs)}**. ` +
			'The Kie Suno node runs with the default `apiRoute: auto`: a discontinued model (`V5_5`) goes to `POST /api/v1/generate/add-instrumental`, ' +
			'the default `V6` to `POST /api/v1/jobs/createTask`; a third variant alternates the model per item, so one execution uses both routes under one limit ' +
			'(every Kie Suno variant reads its model from the item, `={{ $json.model }}`, so they differ only in the route). ' +
			'**Wall time = the execution\'s `startedAt` → `stoppedAt`** from n8n\'s execution data (the create node\'s own ' +
			'`executionTime` from runData is shown beside it). Failed items = output items that are errors or have no task id (Kie Suno), or whose Kie body `code` is not 200 (HTTP Request). ' +
			'Wrong route = Kie Suno items whose `apiRoute` is not the one their model asks for. Duplicate tasks = sandbox tasks beyond one per input title. ' +
			'The Kie Suno node uses `completion: callback` to a loopback sink (stage delays long, so no callbacks run during the measurement), ' +
			`\`maxCreatesPerWindow\` ${b.perWindow} and \`rateWindowSeconds\` ${b.windowMs / 1000}. ` +
			'The HTTP Request node (typeVersion 4.5, the newest in 2.41.1) POSTs the same per-operation bodies with a Bearer header.',
		'',
	);
	out.push(
		table(
			['variant', 'wall (median)', 'node time', 'wall ÷ lower bound', 'failed items', 'wrong route', 'duplicate tasks', 'tasks by route', 'create requests', '`code: 429` answers', 'targets (≤ 1.10, 0, 0, 0)'],
			b.summary.map((x) => [
				x.label,
				s(x.wallMs),
				s(x.nodeMs),
				r(x.ratio, 3),
				withMax(x.failedItems, x.failedMax),
				x.kie ? String(x.wrongRouteMax) : '—',
				withMax(x.duplicates, x.duplicatesMax),
				routesText(x.tasksByRoute),
				r(x.createRequests, 0),
				withMax(x.rejected429, x.rejected429Max),
				x.kie ? (kieMet(x) ? YES : NO) : '—',
			]),
		),
		'',
		table(
			['same-run ratio (wall ÷ wall, median over runs)', 'value'],
			[
				['Kie Suno jobs route (`V6`) ÷ Kie Suno per-operation route (`V5_5`)', r(b.sameRun.jobsVsPerOperation, 3)],
				['Kie Suno both routes (mixed) ÷ Kie Suno per-operation route', r(b.sameRun.mixedVsPerOperation, 3)],
				['Kie Suno per-operation ÷ HTTP Request, default settings', r(b.sameRun.perOperationVsHttp)],
				['Kie Suno per-operation ÷ HTTP Request, batched', r(b.sameRun.perOperationVsHttpBatched, 3)],
				['Kie Suno jobs ÷ HTTP Request, batched', r(b.sameRun.jobsVsHttpBatched, 3)],
			],
		),
		'',
		'Per run:',
		'',
		table(
			['run', 'variant', 'wall', 'node time', 'ratio', 'failed', 'wrong route', 'duplicates', 'output (Kie Suno: route; HTTP Request: body code)'],
			b.runs.map((x) => [
				String(x.run + 1),
				x.variant,
				s(x.wallMs),
				s(x.nodeMs),
				r(x.ratio, 3),
				String(x.failedItems),
				String(x.wrongRoute),
				String(x.duplicates),
				Object.entries(x.codes).map(([k, v]) => `${k}: ${v}`).join(', '),
			]),
		),
		'',
		readingText(b),
		'',
		loadNote(results, 'throughput'),
		'',
	);
	return out;
}

module.exports = { throughputSection, kieMet };
