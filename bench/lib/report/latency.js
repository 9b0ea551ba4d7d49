'use strict';
/** Section 2 of docs/benchmarks.md: callback → finished execution, with and without verification. */
const { YES, NO, ms, r, plusMs, table, loadNote, notRun } = require('./format');
const { readDiagnostics } = require('./diagnostics');

const TITLE = '## 2. Callback → continued workflow latency';

function readsText(x) {
	if (!x.readsMax) return '0';
	return `${r(x.readsMedian, 0)}${x.readsMax !== x.readsMedian ? ` (max ${x.readsMax})` : ''}`;
}

function intro(b) {
	return (
		`A loopback client sends a Kie callback to a published workflow *start node* → NoOp: Kie's per-operation \`complete\` callback ` +
		`(body captured from the sandbox: ${b.tracksPerCallback} tracks, ${b.bodyBytes} bytes), or for the jobs-route variant Kie's terminal jobs callback ` +
		`(${b.jobsBodyBytes} bytes) to the trigger URL tagged the way the Kie Suno node tags it (\`?kieTaskType=music&kieApiRoute=jobs\`); ` +
		'a new task id each time; `X-Webhook-Timestamp`/`X-Webhook-Signature` as Kie signs. ' +
		'**With a credential the trigger answers Kie 200 at once and then reads the task from Kie** (the doorbell check) before it starts the execution, ' +
		'so those callbacks name real sandbox tasks that have finished (made before the run, not measured), and the sandbox counts the details reads each callback cost. ' +
		'Without a credential the trigger passes the body on with `verified: false` and reads nothing. ' +
		'**Latency = execution `stoppedAt` − send time** (same machine clock). Sequential: the next callback is sent once the previous execution has finished; ' +
		`${b.callbacksPerVariant} callbacks per variant per run (after ${b.warmup} warm-ups), the variants interleaved. ` +
		'Every execution\'s output is checked: the trigger\'s items name the callback\'s task and carry `verified: true` (credential) or `false` (none); ' +
		'a mismatch counts as failed. Medians over runs of each run\'s p50/p95.'
	);
}

/** What the legacy-engine diagnostic of the 0.2 trigger says about the target, if there is one. */
function legacyRatios() {
	const d = readDiagnostics().find((x) => x.n8nEnv.N8N_EXPRESSION_ENGINE === 'legacy' && typeof x.latency.verifyCostP50 === 'number');
	if (!d) return '';
	return (
		`With the legacy engine (diagnostic below) the trigger without a credential is ${r(d.latency.ratioNoCredP50)}× the Webhook node, and with the credential ` +
		`${r(d.latency.ratioP50)}×: what remains is the verification itself (${plusMs(d.latency.verifyCostP50)} at p50 on loopback).`
	);
}

function whyMissed(b) {
	return (
		'**Why the target is missed.** Most of the gap is in n8n, before the node runs. n8n 2.41 evaluates expressions in ' +
		'V8 isolates by default (`N8N_EXPRESSION_ENGINE` defaults to `vm` in `@n8n/config`; pool size 1). Its live-webhook handler ' +
		'(`n8n/dist/webhooks/live-webhooks.js`, `webhookPhaseNeedsIsolate`) takes an isolate from that pool for every webhook request ' +
		'*unless* the start node is `n8n-nodes-base.webhook` with only static parameters, and `@n8n/expression-runtime`\'s `IsolatePool` ' +
		'disposes the isolate after the request and creates a fresh one (when the pool is empty, the request creates its own). ' +
		'So every request to any other trigger type, every community trigger included, pays for creating a V8 isolate. ' +
		`The diagnostic row shows this: n8n's own Webhook node with one expression parameter pays the same cost, and the Kie Suno Trigger ` +
		`without a credential is ${r(b.ratioNoCredVsExprP50)}× that variant. A community node cannot opt out of the isolate (the check is on the node type); ` +
		'the remaining options are n8n-side (`N8N_EXPRESSION_ENGINE=legacy`, or n8n extending the skip to other triggers). ' +
		'The rest is the verification 0.2 added on purpose (above): the price of never trusting a callback body. ' +
		legacyRatios()
	);
}

function verificationText(b, baseline) {
	const t = b.summary.find((x) => x.key === 'trigger') || {};
	const nc = b.summary.find((x) => x.key === 'triggerNoCred') || {};
	return (
		`**The cost of verification** (same runs): with the credential, a callback reaches a finished execution ${plusMs(b.verifyCostP50)} later at p50 than without ` +
		`(×${r(b.verifyRatioP50)}; jobs route ${plusMs(b.verifyCostJobsP50)}, ×${r(b.verifyRatioJobsP50)}); the execution starts ${plusMs(b.verifyStartCostP50)} later, ` +
		'which is where the check happens. It buys: the credential loaded and decrypted by n8n, the HMAC checked, one details read from Kie ' +
		`(${readsText(t)} per callback here), and output that comes from Kie's answer, not from the body. ` +
		`Where the time goes (per-operation, p50 of each callback's own figures): answered after ${ms(t.responseP50)} (without a credential: ${ms(nc.responseP50)}), ` +
		`then ${ms(t.answerToReadP50)} until the read reaches Kie (the credential loaded twice more: the transport's host lookup and the authenticated request), ` +
		`then ${ms(t.readToStartP50)} from the read to the execution's start (Kie's answer, interpreting it, n8n starting the execution). ` +
		(baseline ? `In 0.1 the credential (load + HMAC check, no read) cost ${ms(baseline.latency.credentialCostP50)} in the same comparison. ` : '') +
		'**The sandbox answers on loopback in about a millisecond; against the real Kie the read adds one HTTPS round trip to api.kie.ai** ' +
		'(typically tens to a few hundred milliseconds), so this is the floor of the cost, not its typical size. ' +
		'Kie itself is not kept waiting: the trigger answers before it reads (the answer time column).'
	);
}

/** Why loading a credential in a webhook is expensive in n8n 2.41 (read in its source; the figures show it). */
function credentialIsolateText(b) {
	const legacy = readDiagnostics().find((d) => d.n8nEnv.N8N_EXPRESSION_ENGINE === 'legacy' && typeof d.latency.verifyCostP50 === 'number');
	return (
		'**Why a credential costs that much here.** In a webhook there is no run data, so n8n 2.41 loads a credential "runless": ' +
		'`CredentialsHelper.applyDefaultsAndOverwrites` (`n8n/dist/credentials-helper.js`) builds a mock workflow and calls `acquireIsolate()` for it, ' +
		'and with the request already holding the pool\'s one isolate that means creating a fresh V8 isolate, per credential load. ' +
		'The verified path loads the credential three times per callback: the trigger\'s HMAC check (`getCredentials`), the transport\'s host lookup ' +
		'(`credentialHosts`, a second `getCredentials`) and `httpRequestWithAuthentication` (a third, inside n8n). That matches the columns above: ' +
		'the answer waits for the first, the read for the other two. ' +
		(legacy
			? `With the legacy engine (diagnostic below) the same verification costs ${plusMs(legacy.latency.verifyCostP50)} at p50. `
			: '') +
		'n8n lets a node pass credentials it already loaded (`httpRequestWithAuthentication(type, options, { credentialsDecrypted })`), ' +
		'so loading them once per callback would leave one isolate instead of three (reported to the product as a suggestion).'
	);
}

function diagnosticsTable(diags) {
	return table(
		['n8n env', 'trigger reads the task (0.2)', 'date', 'runs × callbacks', 'trigger (credential) p50', 'trigger (credential, jobs) p50', 'trigger (no credential) p50', 'Webhook p50', 'Webhook + expression p50', 'credential − no credential p50', 'ratio p50 (target ≤ 1.2)', 'ratio p50, no credential'],
		diags.map((d) => {
			const v = (k) => d.latency.summary.find((x) => x.key === k) || {};
			return [
				Object.entries(d.n8nEnv).map(([k, val]) => `\`${k}=${val}\``).join(' '),
				typeof d.latency.verifyCostP50 === 'number' ? `yes (${(d.n8n && d.n8n.gitRevision) || 'revision not recorded'})` : 'no (0.1: HMAC check only)',
				d.startedAt.slice(0, 16).replace('T', ' '),
				`${d.latency.runs.length} × ${d.latency.callbacksPerVariant}`,
				ms(v('trigger').p50),
				ms(v('triggerJobs').p50),
				ms(v('triggerNoCred').p50),
				ms(v('webhook').p50),
				ms(v('webhookExpr').p50),
				plusMs(d.latency.credentialCostP50),
				`${r(d.latency.ratioP50)} ${d.latency.ratioP50 <= 1.2 ? '(≤ 1.2)' : '(> 1.2)'}`,
				r(d.latency.ratioNoCredP50),
			];
		}),
	);
}

function latencySection(b, results, baseline) {
	if (!b) return notRun(TITLE, results, 'latency');
	const out = [TITLE, '', intro(b), ''];
	out.push(
		table(
			['start node', 'p50', 'p95', 'max', 'answer time (p50)', 'send → the details read reaches Kie (p50)', 'send → execution start (p50)', 'details reads per callback', 'failed'],
			b.summary.map((x) => [x.label, ms(x.p50), ms(x.p95), ms(x.max), ms(x.responseP50), x.readsMax ? ms(x.readP50) : '—', ms(x.startP50), readsText(x), String(x.failed)]),
		),
		'',
		table(
			['same run, median over runs', 'value', 'target', ''],
			[
				['verification: Kie Suno Trigger with credential (per-operation) − without, p50', plusMs(b.verifyCostP50), '—', ''],
				['verification: with credential (per-operation) ÷ without, p50', `×${r(b.verifyRatioP50)}`, '—', ''],
				['verification: with credential (jobs route) − without, p50', plusMs(b.verifyCostJobsP50), '—', ''],
				['verification: with credential (jobs route) ÷ without, p50', `×${r(b.verifyRatioJobsP50)}`, '—', ''],
				['Kie Suno Trigger (credential) p50 ÷ Webhook p50', r(b.ratioP50), '≤ 1.2', b.ratioP50 <= 1.2 ? YES : NO],
				['Kie Suno Trigger (credential) p95 ÷ Webhook p95', r(b.ratioP95), '—', ''],
				['Kie Suno Trigger (credential, jobs route) p50 ÷ Webhook p50', r(b.ratioJobsP50), '≤ 1.2', b.ratioJobsP50 <= 1.2 ? YES : NO],
				['Kie Suno Trigger (no credential) p50 ÷ Webhook p50', r(b.ratioNoCredP50), '≤ 1.2', b.ratioNoCredP50 <= 1.2 ? YES : NO],
				['Kie Suno Trigger (credential) p50 ÷ Webhook-with-expression p50', r(b.ratioVsExprP50), '(diagnostic)', ''],
				['Kie Suno Trigger (no credential) p50 ÷ Webhook-with-expression p50', r(b.ratioNoCredVsExprP50), '(diagnostic)', ''],
			],
		),
		'',
		verificationText(b, baseline),
		'',
		credentialIsolateText(b),
		'',
		'Per run:',
		'',
		table(
			['run', ...b.summary.map((x) => `${x.key} p50 / p95`), 'verification p50', 'ratio p50'],
			b.runs.map((x) => [String(x.run + 1), ...b.summary.map((v) => `${ms(x.per[v.key].p50)} / ${ms(x.per[v.key].p95)}`), plusMs(x.verifyCostP50), r(x.ratioP50)]),
		),
		'',
	);
	if (!(b.ratioP50 <= 1.2)) out.push(whyMissed(b), '');
	const diags = readDiagnostics();
	if (diags.length) {
		out.push(
			'Diagnostic runs (the same benchmark 2 in a separate `npm run bench` with extra n8n environment, `BENCH_N8N_ENV`; stored in `bench/diagnostics/`; ' +
				'in a run of the 0.1 code the trigger did not read the task, so its credential row is the HMAC check alone):',
			'',
			diagnosticsTable(diags),
			'',
		);
	}
	out.push(loadNote(results, 'latency'), '');
	return out;
}

module.exports = { latencySection };
