'use strict';
/**
 * Sections of docs/reliability.md for the original fault tests: hostile callbacks, create faults,
 * callback faults, restart (01-04), network errors and secrets (09, 10), n8n's own behaviour.
 */
const { table, hist, count, pl, secs } = require('./format');

/** Sections 1-4. */
function songSections({ h, hr, c, cb, r, seed }) {
	const out = [];
	const p = (...lines) => out.push(...lines);
	// ---- hostile
	p(
		'## 1. Hostile callbacks',
		'',
		`A published workflow **Kie Suno Trigger** (credential with a Webhook HMAC Key, events text/first/complete/error, Download Audio`,
		`and Cover on) → NoOp got ${h.total} requests built by a seeded PRNG (\`test/faults/hostile.ts\`, seed ${seed}), four at a time, with`,
		'/healthz and the n8n PID checked every 100 requests. None of them is a correctly signed Kie callback: bodies that would be',
		'well-formed carry a wrong, missing, stale or foreign signature, and correctly signed ones are malformed or have the wrong',
		'content type. Their file URLs name the internal-address listener. About a fifth use the id of a real task that Kie holds',
		'before its text stage during the barrage.',
		'',
		table(
			['category', 'requests', 'what', 'answers'],
			Object.keys(h.categories || {}).map((k) => [
				k,
				(h.categoryCounts || {})[k],
				{
					'random-json': 'random JSON values/objects; Kie-like keys; odd numbers; arrays of callbacks',
					'deep-nesting': 'arrays/objects 13 … 50,000 levels deep, alone or inside a signed envelope',
					'huge-strings': '64 KiB … 2 MiB strings in task id, msg, track fields, keys; 200,000-value arrays',
					'wrong-types': 'signed callback with one wrong type/value (code "200", task_id 12345, callbackType "done", 101 tracks …)',
					'proto-keys': '`__proto__` / `constructor.prototype` / `prototype` carrying or inside a Kie envelope',
					'bad-signature': 'well-formed callbacks: signature missing, wrong key, stale, future, other task, truncated, huge …',
					'content-type': 'signed callbacks as form, XML, octet-stream, multipart, text/html, image/png, vendor types …',
					'invalid-json': 'truncated, comments, single quotes, NaN, invalid UTF-8, UTF-16, BOM + garbage (as JSON, text, none)',
					empty: 'empty / whitespace / `{}` / `null` bodies with and without content types',
				}[k] || '',
				hist((h.byCategory || {})[k]),
			]),
		),
		'',
		`Status codes: ${hist(h.histogram)}.`,
		'',
		'- 400: the node refused the body ("Not a Kie callback: …"); 401: the signature check failed; 422: n8n itself could not',
		'  parse the body as the declared JSON (before any node runs); 200: a correctly signed body the lenient doorbell parser',
		'  accepts (0.2: a 400 would make Kie give up on a genuine result), answered at once and confirmed with Kie, which knows no',
		`  such task or has not reached that stage. Answered 2xx: ${count(h.histogram, (k) => /^2\d\d$/.test(k))}, 5xx: ${h.count5xx}, network errors: ${h.networkErrors}.`,
		`- Executions started by the hostile requests: **${h.executionsStartedByHostile}** (all workflows: ${h.executionsAnyWorkflowDelta}); requests to the`,
		`  internal-address listener: ${(h.internal || {}).hits}. Afterwards Kie finished the real task, and its correctly signed complete callback`,
		`  started exactly ${h.validCallback && h.validCallback.executions} execution with ${h.validCallback && h.validCallback.items} items (Kie's tracks, ${h.validCallback && h.validCallback.withAudio} with audio attached); sent again it was answered ${h.validCallback && h.validCallback.duplicateStatus} \`${h.validCallback && h.validCallback.duplicateBody}\`.`,
		`- n8n stayed up: ${h.healthChecks} health checks, ${h.healthNot200} not 200; PID ${h.pidBefore} before and ${h.pidAfter} after.`,
		`- Throughput: ${h.total} requests in ${secs(h.durationMs)}.`,
		'',
		`**Resume URL.** ${hr.total} requests from the same generator (other seed stream, using the real task id) went to the resume URL of a`,
		`waiting Add Instrumental (completion resume) execution: ${hist(hr.histogram)}; 5xx: ${hr.count5xx}. The execution stayed`,
		`\`${hr.statusWhileHostile}\`; then the sandbox finished the task and its callbacks (${(hr.callbackStatuses || []).join(', ')}) resumed it once:`,
		`\`${hr.finalStatus}\`, ${hr.items} items for ${hr.tracks} tracks (${hr.withAudio} with audio), ${hr.executionsAfter} execution, the node ran ${hr.nodeRuns} time(s);`,
		`requests to the internal-address listener: ${(hr.internal || {}).hits}.`,
		'',
	);

	// ---- create
	p(
		'## 2. Create faults',
		'',
		'Webhook → Split Out (one item per title) → **Kie Suno Add Instrumental** (Continue On Fail, completion poll unless noted),',
		'one POST per scenario. For every input item the suite checks: a result (the task\'s tracks) or exactly one error item whose',
		'`msg` names what happened; the sandbox\'s create requests and tasks per input title; unknown outcomes are never re-sent.',
		'',
		table(
			['scenario', 'items', 'results', 'error items', 'error message', 'creates per input', 'tasks per input', 'time', ''],
			(c.scenarios || []).map((x) => [
				x.name,
				x.items,
				x.results,
				x.errors,
				x.messages.join(' / ') || '—',
				x.createsPerTitle.join(', '),
				x.tasksPerTitle.join(', '),
				secs(x.durationMs),
				x.problems.length ? `**${x.problems.join('; ')}**` : 'pass',
			]),
		),
		'',
		'- Retries: 429/430/455 (in the body or as HTTP status) are retried up to 5 attempts with 1, 2, 4, 8 s backoff or the',
		`  server's Retry-After (HTTP 429 with \`Retry-After: 2\`: the creates were ${((c.scenarios || []).find((x) => x.minGapMs !== undefined) || {}).minGapMs} ms apart at least).`,
		'- "May or may not have been created" errors (HTTP 5xx without Kie\'s envelope, connection reset, accepted-then-hung or',
		'  accepted-then-reset, timeout) were each sent **once**; where Kie had accepted (accept-then-*), the one task exists and the',
		'  error item tells the user to check the Kie dashboard before retrying. No input ever got two tasks.',
		'- Kie echoing the API key and HMAC key in its error text reaches the user as `***`.',
		'',
	);
	const unknown = (c.scenarios || []).find((x) => x.descriptions && x.descriptions.some((d) => /dashboard/.test(d)));
	if (unknown) p(`Example description of an unknown-outcome error item: "${unknown.descriptions.find((d) => /dashboard/.test(d))}"`, '');

	// ---- callbacks
	const tr = cb.trigger || {};
	const rs = cb.resume || {};
	const to = cb.timeout || {};
	p(
		'## 3. Callback faults',
		'',
		'**Trigger.** A sender (Add Instrumental, completion poll, Callback URL = a published Kie Suno Trigger with events',
		'complete/error) created one task per fault. The trigger must start exactly one execution per task whose complete or',
		'error callback arrived; polling must still return every result.',
		'',
		table(
			['fault (sandbox)', 'callbacks sent', 'delivery order', 'trigger answers', 'executions (complete / error)', 'expected', 'poll result'],
			(tr.tasks || []).map((t) => [t.fault, t.callbacksSent, t.callbackOrder, t.answers, `${t.executions.complete} / ${t.executions.error}`, `${t.expected.complete} / ${t.expected.error}`, t.pollResult]),
		),
		'',
		'**Resume.** One execution (completion resume) waited for four tasks, each with a different callback fault:',
		'',
		table(
			['fault (sandbox)', 'tracks', 'items after resume', 'resume URL answers (stage:status × n)'],
			(rs.tasks || []).map((t) => [t.fault, t.tracks, t.items, Object.entries(t.answers || {}).map(([k, n]) => `${k}×${n}`).join(', ')]),
		),
		'',
		`It resumed exactly once: \`${rs.status}\`, ${rs.executions} execution, ${rs.items} items (the waiting node has ${rs.nodeRuns} run).`,
		'Callbacks arriving after the resume are answered by n8n itself (409 "has finished already") and change nothing; callbacks',
		'that come while other tasks are unfinished are answered 200 and keep it waiting. A task whose callbacks are late is read',
		'from record-info when another task\'s complete callback arrives, so the execution does not wait for them.',
		'',
		`**Dropped complete → timeout.** A resume execution (Timeout 0.05 min) whose complete callback Kie dropped ended \`${to.status}\``,
		`after ${secs(to.endedAfterMs)} (n8n looks for expired waits every 60 s) with one error item: \`${((to.items || [])[0] || {}).msg}\``,
		`(\`timedOut: ${((to.items || [])[0] || {}).timedOut}\`, the task id kept). In poll mode a dropped callback changes nothing (table above).`,
		'',
	);

	// ---- restart
	p(
		'## 4. n8n restart while executions wait',
		'',
		'Two resume executions waited for their tasks. n8n was stopped; task A finished while it was down, so Kie\'s callbacks',
		`failed (${(r.callbacksWhileDown || []).length} attempts, all "connection refused"); then \`instance.restart()\` brought n8n back`,
		`(PID ${r.pidBefore} → ${r.pidAfter}, ${secs(r.restartMs)}; /healthz ${r.healthWhileDown || 'no answer'} while down, ${r.healthAfterRestart} after).`,
		'',
		table(
			['', 'after restart', 'callbacks', 'result'],
			[
				['A: finished while n8n was down', (r.statusAfterRestart || {}).a, `redelivered, freshly signed: ${(r.redelivered || []).join(', ')}`, `${(r.a || {}).status}, ${(r.a || {}).items} items for ${(r.a || {}).tracks} tracks`],
				['B: finished after the restart', (r.statusAfterRestart || {}).b, `sent by the sandbox: ${(r.callbacksAfterRestartB || []).join(', ')}`, `${(r.b || {}).status}, ${(r.b || {}).items} items for ${(r.b || {}).tracks} tracks`],
			],
		),
		'',
		`A late duplicate of A's complete callback: ${r.lateDuplicate}. Executions of the workflow: ${r.executions}.`,
		'',
	);
	return out;
}

/** Sections 9 and 10. */
function closingSections({ s, ne }) {
	const out = [];
	const p = (...lines) => out.push(...lines);
	const neRows = ne.rows || [];
	const n8n1Broken = neRows.filter((x) => x.n8n === '1.x' && !x.ok);

	// ---- network errors
	p(
		'## 9. Network errors as n8n 1.x and 2.x hand them over',
		'',
		'n8n wraps the HTTP client\'s error in a `NodeApiError` and replaces its message. The transport must still tell a create that',
		'never left (connection refused: retried) from one whose outcome is unknown (reset, timeout: never re-sent), and say which.',
		`Unit test with a fake context; n8n 1.x errors from ${ne.n8n1Source || 'n/a'}.`,
		'',
		table(['n8n', 'error', 'attempts', 'message', ''], neRows.map((x) => [x.n8n, x.case, x.attempts, x.message, x.ok ? 'pass' : '**FAIL**'])),
		'',
	);
	if (n8n1Broken.length) {
		p(
			'### Bug: on n8n 1.x every network error becomes "UNKNOWN"',
			'',
			'`nodes/shared/transport/errors.ts`, `errorCodeOf()`: it looks for the code in `error.code` and the `cause` chain, then in',
			'`error.message`. n8n 1.x\'s `NodeApiError` loses `cause` (its base class declares a `cause` field that overwrites the one',
			'`Error` set) and replaces the message ("socket hang up" → "The connection to the server was closed unexpectedly…"); the',
			'original text survives only in `error.messages`. So on n8n 1.x a **connection refused** create is not retried and is',
			'reported as "failed after the request was sent (UNKNOWN): the task may or may not have been created" (nothing was sent),',
			'resets and timeouts say "(UNKNOWN)", and a cancelled execution is not recognised as cancelled.',
			'Fix: when the cause chain has no code, also run the message patterns over `error.messages` (strings), and map',
			'`canceled` to `ERR_CANCELED`. Reproduce on a real n8n: `FAULTS_N8N_VERSION=1.123.81 npm run test:faults`',
			'(the create scenarios "connection refused", "reset", "hung", "timeout" fail there).',
			'',
		);
	}
	// ---- secrets
	p(
		'## 10. Secrets',
		'',
		'The credentials of the suite use distinctive random values (API key, a second "bad" API key, HMAC key). The suite then',
		'fetched every execution with `includeData=true` (node output, error items with their descriptions, execution errors),',
		'every workflow, and read the n8n log (debug level) and n8n\'s event logs.',
		'',
		table(
			['scanned', ''],
			[
				['executions', `${s.executionsScanned} (${hist(s.executionStatuses)}), ${((s.executionBytes || 0) / 1e6).toFixed(1)} MB of JSON`],
				['… with error items or errors', s.executionsWithErrorItemsOrErrors],
				['… where Kie echoed a secret and the node wrote `***`', s.executionsWithRedactionMarkers],
				['workflows', s.workflowsScanned],
				['log files', Object.entries(s.logFiles || {}).map(([f, n]) => `${f} (${(n / 1e6).toFixed(1)} MB)`).join(', ')],
				['occurrences of a secret', `**${s.hits}**`],
			],
		),
		'',
	);
	if (s.hits) p('Hits:', '', ...(s.hitSamples || []).map((x) => `- ${x}`), '');
	return out;
}

/** n8n's own behaviour, and how to reproduce. */
function behaviourSections({ v, h, hr, cb, seed, files }) {
	const out = [];
	const p = (...lines) => out.push(...lines);
	const rs = cb.resume || {};
	// ---- n8n behaviour
	p(
		'## n8n behaviour seen by the suite (outside this package)',
		'',
		`- **Malformed XML bodies may get no answer.** n8n ${v.version} parses \`*/xml\` bodies itself before any node runs; for some malformed`,
		`  XML its parser may not settle, and the request hangs until the client gives up (4 s here). Hostile requests unanswered: ${h.noAnswerXml} to the trigger,`,
		`  ${hr.noAnswerXml || 0} to the resume URL; counted separately, n8n stayed healthy. The control probe replays up to 5 of them on the idle n8n,`,
		`  to the trigger and to a plain n8n Webhook node: ${xmlProbeText(h.xmlProbe)}.`,
		...((rs.tasks || []).some((t) => t.n8nResumeRace > 0)
			? [
					`- **Two resume calls at once can get a 500 from n8n.** When a callback reaches the resume URL while another is resuming the`,
					`  execution, n8n ${v.version} (waiting-webhooks.js, before any node runs) fails reading the waiting node's run data ("reading`,
					`  'inputOverride'"): ${(rs.tasks || []).reduce((n, t) => n + (t.n8nResumeRace || 0), 0)} such answers in this run; Kie's retry then got an answer below 500, and the execution resumed once.`,
				]
			: []),
		`- **A body whose Content-Encoding lies** (\`gzip\` on plain JSON) is answered ${(h.n8nLyingGzip || {}).status} by n8n's body reader`,
		`  ("${((h.n8nLyingGzip || {}).body || '').replace(/"/g, "'")}"), again before any node runs; /healthz stayed ${(h.n8nLyingGzip || {}).healthAfter}. Not part of the ${h.total}.`,
		...(rs.items && rs.itemsPairedToTheirInput < rs.items
			? [
					`- **Resumed output is re-paired by position.** The node pairs every output item with its input item (\`pairedItem\`);`,
					`  after a resume, n8n ${v.version} stores the items paired by position instead (${rs.itemsPairedToTheirInput} of ${rs.items} items kept their input),`,
					`  so \`$('Split Items').item\` in the next node gives the wrong input or none: after the resume ${pl(cb.pairedLookup && cb.pairedLookup.resume)};`,
					`  the same lookup after a poll-mode node: ${pl(cb.pairedLookup && cb.pairedLookup.poll)}. Each item carries \`taskId\` (and the`,
					'  track\'s `title`), which is how the suite matches results to inputs, and what a workflow can use instead.',
				]
			: []),
		'',
		'## Reproduce',
		'',
		'```sh',
		`FAULTS_SEED=${seed} npm run test:faults        # same hostile requests`,
		'FAULTS_N8N_VERSION=1.123.81 npm run test:faults # another n8n (installed into ~/.cache/n8n-nodes-kie-suno)',
		'```',
		'',
		`Files: ${files.map((f) => `\`${f}\``).join(', ')}.`,
		'',
	);
	return out;
}

/** The XML control probe in words: each replayed request's answer from the trigger and from a plain Webhook node. */
function xmlProbeText(probe) {
	if (!probe || !Array.isArray(probe.samples) || probe.samples.length === 0) return (probe && probe.plainWebhook) || 'not needed';
	return probe.samples.map((s) => `${s.variant}: trigger ${s.trigger}, plain Webhook node ${s.plainWebhook}`).join('; ');
}

module.exports = { songSections, closingSections, behaviourSections };
