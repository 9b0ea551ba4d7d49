'use strict';
/**
 * docs/queue-mode.md from the queue-mode suite's figures (see reporter.js). Every number in the
 * page comes from the run; the guarantees table says "holds" only where the run measured it.
 */
const path = require('path');

const cell = (v) => String(v === undefined || v === null ? '' : v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const secs = (ms) => `${(Number(ms || 0) / 1000).toFixed(1)} s`;
const hist = (h) =>
	Object.entries(h || {})
		.sort((a, b) => b[1] - a[1])
		.map(([k, v]) => `${k}: ${v}`)
		.join(', ');
const perProcessor = (p) =>
	Object.entries((p && p.perProcessor) || {})
		.map(([name, h]) => `${name} (${hist(h)})`)
		.join('; ');
const verdict = (ok, detail) => (ok ? `holds (${detail})` : `**does not hold** (${detail})`);
const lostWhy = (w) => (w ? `${w.neverAcknowledged} never answered 2xx (Kie gave up), ${w.acknowledged} accepted without a successful execution, ${w.droppedAsDuplicate} answered only "duplicate"` : 'not measured');

function topology(state) {
	const q = state.queue;
	const procs = Object.values(q.procs);
	const kind = { start: 'main: editor, REST and public API, publishes workflows, wait tracker (timeouts)', worker: 'runs executions from the Bull queue', webhook: 'receives /webhook/* and /webhook-waiting/*, runs the trigger\'s and the resume webhook code, enqueues executions' };
	return [
		'```',
		'            Kie sandbox (callbacks) ─┐        ┌─ tests (n8n API, webhooks)',
		'                                     ▼        ▼',
		'                     proxy 127.0.0.1 (round-robin for /webhook/*, /webhook-waiting/*)',
		'                         │ /webhook*                          │ everything else',
		'              ┌──────────┴──────────┐                         ▼',
		'          webhook-1             webhook-2                    main',
		'              └────────┬────────────┘                          │',
		'                 Redis (Bull queue) ──────► worker-1, worker-2 │',
		'                        PostgreSQL (shared by every process) ◄─┘',
		'```',
		'',
		table(
			['process', 'command', 'role', 'ready after'],
			procs.map((p) => [p.name, `n8n ${p.command}`, kind[p.command], secs(q.timings[p.name])]),
		),
		'',
		`Redis ${q.redis ? `on 127.0.0.1:${q.redis.port}` : ''} (no persistence, password), PostgreSQL ${q.postgres.version} (temporary data folder, run as the`,
		'`postgres` user). Each process has its own user folder with the package installed as a community package, the same',
		'`N8N_ENCRYPTION_KEY`, `EXECUTIONS_MODE=queue`, `N8N_DEFAULT_BINARY_DATA_MODE=database`, `DB_POSTGRESDB_POOL_SIZE=10` and',
		'`WEBHOOK_URL` (2.x: `N8N_WEBHOOK_URL`) = the proxy. Like nginx\'s `proxy_next_upstream error`, the proxy passes a request',
		'to the other processor only when the connection is refused (nothing was sent); a request that reached a processor is',
		`never re-sent. Start-up: ${secs(q.timings.totalMs)} for the topology, ${secs(q.timings.setupMs)} with owner, API key and credentials.`,
	];
}

/** The package as built from this tree and installed in every process. */
function packageLine(v) {
	const p = v.package;
	if (!p) return `n8n-nodes-kie-suno ${v.packageVersion}`;
	return `${p.name} ${p.version}, built from this checkout (commit ${p.commit || '?'}${p.dirty ? ' with uncommitted changes' : ''}) at ${p.builtAt}; one tarball (sha256 ${p.sha256.slice(0, 12)}…) in every process`;
}

/** What the run found that needs a fix or a setting, each only when the figures show it. */
function findings({ sr, pc, sgp, td, tk, ts, ld, sgt, state }) {
	const out = [];
	for (const r of [sr, sr.withoutCredential].filter((x) => x && sr.callbacks && x.recorded < sr.callbacks)) {
		const how = r.credential === 'none' ? 'without a credential (the body is passed on)' : 'with a credential';
		out.push(
			`- **The trigger ${how} does not keep its duplicate records.** After ${sr.callbacks} accepted callbacks, one at a time, the workflow row`,
			`  held ${r.recorded} record(s) (after each: ${(r.recordedAfterEach || []).join(', ')}); after a restart the same callbacks started ${r.executionsAfterRestart} execution(s).`,
			`  In n8n ${state.versions[0].version} a production webhook saves static data only in its response callback, and only if the static data's`,
			'  `__dataChanged` flag is still set then. The trigger answers `onReceived`: when `webhook()` returns `webhookResponse`, the answer',
			'  waits until `WorkflowRunner.run()` has started the execution, and `run()` first builds `new Workflow()` on the same static-data',
			'  object (`establishContextForPersistence`), whose `ObservableObject.create()` resets `__dataChanged` to false: the save is skipped.',
			'  Only the first record survives (the row had no static data, so the two Workflows held different objects). A node that answers',
			'  the request itself and returns `noWebhookResponse: true` gets the save before `run()` (what the trigger does with a credential).',
			'  Nothing is lost by this: duplicates start, callbacks are not dropped.',
		);
	}
	if (td.recorded !== undefined && td.recorded < td.executions) {
		out.push(
			`- **Records lost to concurrent saves (n8n, also a single n8n).** ${td.executions} callbacks accepted on two processors left ${td.recorded} records in the`,
			`  workflow row${sgt.distinct ? `; on the single n8n ${sgt.distinct.executions} accepted left ${sgt.distinct.recorded}` : ''}. n8n loads a workflow's static data for each webhook call and`,
			'  saves it whole (one UPDATE of the row, no lock, no version) when the call is answered, so of two calls handled at the same moment,',
			'  in one process or two, the later save drops the earlier call\'s record. A node cannot prevent this. A repeat of an unrecorded',
			`  callback starts again (${ts.executions} of the simultaneous and ${ld.executions} of the late duplicates above; none for a recorded one); on one`,
			'  process the in-process claim still stops repeats for 10 minutes. Drop repeats downstream by `taskId` + `stage` if a second',
			'  execution matters.',
		);
	}
	const dropped = [td.lostWhy, tk.lostWhy].reduce((a, w) => a + ((w && w.droppedAsDuplicate) || 0), 0);
	if (dropped) {
		out.push(
			`- **${dropped} callback(s) were answered "duplicate" although no execution had run for them.** The trigger claims a callback in its`,
			'  process before n8n has started the execution; when n8n then fails (database timeouts here), Kie\'s retry to the same process is',
			'  answered 200 "duplicate" and Kie stops: the callback is lost.',
		);
	}
	const lostPacing = [pc, sgp].filter((x) => x.lost > 0);
	if (lostPacing.length) {
		out.push(
			`- **Parallel executions lose items to Kie's per-account limit.** ${lostPacing.map((x) => `${x.target}: ${x.lost} of ${x.inputs} inputs`).join('; ')} ended as`,
			'  "rate limit was still exceeded after retrying" error items (nothing was created twice). Each execution paces only its own creates and',
			'  gives up after 5 attempts, although a 429 proves nothing was created and the create could safely be retried until the node\'s Timeout.',
		);
	}
	out.push(
		`- n8n ${state.versions[0].version} logs "Postgres 15 is not supported … supports Postgres 17 and newer, with 16 on compatibility support"; Debian 12 ships`,
		'  PostgreSQL 15, which the run uses; everything here worked on it.',
		'- While this suite was built, n8n\'s default `DB_POSTGRESDB_POOL_SIZE` (2 per process) timed out under bursts of callbacks ("timeout',
		'  exceeded when trying to connect", then 503 "Database is not ready!" from every process); the topology uses 10. On a machine',
		'  shared with other jobs (load average above 15 on 2 cores), callbacks queued for more than Kie\'s 15 s, and Kie\'s retries then',
		'  started second executions (the CPU time per request above sets how many callbacks a processor answers in time).',
		'',
	);
	return out;
}

function renderQueueDoc({ state, figures, results }) {
	const v = state.versions[0];
	const { poll = {}, resume = {}, triggerDistinct: td = {}, triggerSimultaneous: ts = {}, triggerKill: tk = {}, pacing: pc = {}, lateDuplicates: ld = {}, single: sg = {}, sequentialRecords: sr = {} } = figures;
	const sgt = sg.trigger || {};
	const sgp = sg.pacing || {};
	const failed = results.testResults.flatMap((f) => f.testResults.filter((t) => t.status === 'failed').map((t) => `${path.basename(f.testFilePath)}: ${t.title}`));
	const passed = results.numFailedTests === 0 && results.numFailedTestSuites === 0 && results.numRuntimeErrorTestSuites === 0;
	const skipped = [...(poll.skipped || []), ...(resume.skipped || [])].filter((s, i, a) => a.findIndex((x) => x.operation === s.operation) === i);
	const out = [];
	const p = (...lines) => out.push(...lines);

	p(
		'# n8n queue mode',
		'',
		'<!-- Generated by `npm run test:queue` (test/queue/reporter.js) from the figures of the last full run. Do not edit by hand. -->',
		'',
		'`npm run test:queue` runs this package in a real **n8n queue-mode** setup on loopback (a main process, two workers, two',
		'webhook processors, Redis, PostgreSQL, a proxy in front) against the **Kie sandbox** (`test/sandbox/`, a local test double',
		'of Kie, not Kie), and drives everything through n8n\'s HTTP API and webhooks. In queue mode each process has its own',
		'memory, workflow static data is loaded and saved whole by whichever process handles a request, and a callback or a',
		'resume call lands on any webhook processor. This page says what holds there, measured.',
		'',
		table(
			['run', ''],
			[
				['result', passed ? `passed (${results.numPassedTests} tests)` : `**FAILED** (${results.numFailedTests} of ${results.numTotalTests} tests): ${failed.join('; ')}`],
				['date', new Date().toISOString()],
				['n8n', `${v.version}, queue mode (EXECUTIONS_MODE=queue), Bull on Redis, PostgreSQL ${state.queue.postgres.version}`],
				['package', packageLine(v)],
				['operations', `${(poll.operations || []).map((o) => o.operation).join(', ')}${skipped.length ? `; not yet run: ${skipped.map((s) => `${s.operation} (${s.reason})`).join('; ')}` : ''}`],
				['duration', `${secs(results.durationMs)} (topology start-up included)`],
			],
		),
		'',
		'## Topology',
		'',
		...topology(state),
		'',
		'## 1. Poll Until Done',
		'',
		'Webhook → Split Items → Kie Suno (completion `poll`), one POST through the proxy per operation, all at once. The webhook',
		'processor enqueues the execution, a worker runs it, the Webhook answers with the tracks.',
		'',
		table(
			['operation', 'webhook processor', 'worker', 'status', 'tracks (items / expected)', 'tasks for inputs', 'executions', 'time'],
			(poll.operations || []).map((o) => [o.operation, o.webhookProcessor, o.worker, o.status, `${o.items} / ${o.tracks}`, `${o.tasks} for ${o.inputs}`, o.executions, secs(o.durationMs)]),
		),
		'',
		'## 2. Pause Until Callback, and the worker dies while the execution waits',
		'',
		'Webhook → Split Items → Kie Suno (completion `resume`). The task is held at PENDING until the execution waits; then the',
		'worker that started it is killed (SIGKILL) and the task finishes: Kie\'s callbacks go to the resume URL (on the proxy, from',
		'`WEBHOOK_URL`): `text`, `first` and `complete` on the per-operation route, only the final one on the jobs route (the default',
		'for V6 models), so one operation also runs with *API Route* `perOperation`.',
		'',
		table(
			['operation', 'started on (killed)', 'callbacks → processor (answer)', 'resumed on', 'status', 'tracks', 'executions', 'waiting after', 'finished after the callbacks began', 'worker back after'],
			(resume.operations || []).map((o) => [
				o.operation,
				o.killed,
				(o.callbacks || []).map((c) => `${c.stage} → ${c.processor} (${c.status})`).join(', '),
				o.resumedOn,
				o.status,
				`${o.items} / ${o.tracks}`,
				o.executions,
				secs(o.waitMs),
				secs(o.resumeMs),
				secs(o.restartMs),
			]),
		),
		'',
		'The waiting execution holds no worker: its task list is in the execution\'s custom data in PostgreSQL, so the callback',
		'handled by either webhook processor finds it, and the resumed run is a new Bull job that any live worker takes.',
		'',
		'## 3. Kie Suno Trigger behind two webhook processors',
		'',
		`The sandbox creates tasks whose callbacks go to the trigger's production URL on the proxy. Tasks finish at`,
		`${td.tasksPerSecond || 2} per second (what one account can create under Kie's 20 per 10 s), each sending \`text\`, \`first\` and`,
		`\`complete\`; the trigger (events \`complete\`, \`error\`) starts one execution per accepted callback. Kie retries a failed`,
		`callback 3 times (the sandbox waits ${td.retryDelayMs || 1000} ms between attempts; Kie does not document its interval) and gives up after 15 s.`,
		'Executions are counted per task id from the trigger\'s output.',
		'',
		table(
			['scenario', 'callbacks', 'executions started / expected', 'tasks without an execution (lost)', 'tasks with two or more', 'answers'],
			[
				[`${td.tasks} distinct tasks`, `${td.tasks} complete (+ ${2 * (td.tasks || 0)} text/first)`, `${td.executions} / ${td.expected}`, td.lost, td.doubled, perProcessor(td.proxy)],
				[`the same ${ts.callbacks} complete callbacks to both processors at the same moment`, ts.requests, `${ts.executions} / 0`, '—', ts.tasksWithTwo, hist(ts.answers)],
				[`${tk.tasks} tasks, ${tk.victim} killed after ${tk.killedAt && tk.killedAt.afterCreated} were created`, `${tk.tasks} complete`, `${tk.executions} / ${tk.tasks}`, tk.lost, `${tk.doubled} (all after a retried delivery: ${tk.doubledWithoutRetry === 0 ? 'yes' : 'no'})`, perProcessor(tk.proxy)],
				[`the ${ld.callbacks} complete callbacks of the first row again, ${ld.minutesLater} min later, through the proxy`, ld.callbacks, `${ld.executions} / 0`, '—', '—', hist(ld.answers)],
			],
		),
		'',
		`Why tasks had no execution (from the answers their complete callback got): distinct run ${lostWhy(td.lostWhy)}; kill run ${lostWhy(tk.lostWhy)}.`,
		`Load average while measured (${td.cores || '?'} cores, other jobs shared the machine): ${[td.loadAverage, ts.loadAverage, tk.loadAverage, ld.loadAverage].map((x) => (x === undefined ? '?' : x.toFixed(1))).join(', ')}.`,
		td.cpuPerCallbackMs
			? `CPU per request in the webhook processors: ${td.cpuPerCallbackMs.webhookProcessors} ms (every callback, text and first included); per trigger execution in the workers: ${td.cpuPerCallbackMs.workersPerExecution} ms.`
			: '',
		'',
		'**Records in the workflow\'s static data.** A duplicate that reaches another process, or comes after a restart or after the',
		'trigger\'s 10-minute in-process claim, is recognised only through the record the trigger keeps in the workflow\'s static data',
		'(counted in the workflow row in PostgreSQL).',
		'',
		table(
			['check', 'callbacks accepted', 'records kept', 'then'],
			[
				...[sr, sr.withoutCredential].filter((r) => r && r.executions !== undefined).map((r) => [
					`${sr.callbacks} callbacks one after the other to ${sr.processor}, trigger ${r.credential === 'none' ? 'without a credential (body passed on)' : 'with a credential (confirmed with Kie)'}`,
					r.executions,
					`${r.recorded} (after each: ${(r.recordedAfterEach || []).join(', ')})`,
					`${sr.processor} restarted (${secs(sr.restartMs)}); the same ${sr.callbacks} again started ${r.executionsAfterRestart} executions`,
				]),
				[`${td.tasks} distinct callbacks over both processors`, td.executions, td.recorded, `${ts.recordedBefore} of them recorded when the simultaneous duplicates came; ${ld.recordedBefore} when the late ones came`],
				[`single n8n: ${sgt.distinct ? sgt.distinct.tasks : '?'} distinct callbacks`, sgt.distinct ? sgt.distinct.executions : '?', sgt.distinct ? sgt.distinct.recorded : '?', ''],
			],
		),
		'',
		`Answer times Kie saw (final attempt, distinct run): p50 ${td.answerMs ? td.answerMs.p50 : '?'} ms, p95 ${td.answerMs ? td.answerMs.p95 : '?'} ms, max ${td.answerMs ? td.answerMs.max : '?'} ms;`,
		`complete callbacks given up by Kie: ${td.callbacksGivenUp} (distinct run), ${tk.callbacksGivenUp} (kill run). Attempts per complete callback: ${hist(td.completeAttempts)} (distinct), ${hist(tk.completeAttempts)} (kill).`,
		'',
		'## 4. Pacing across workers',
		'',
		`${pc.executions} executions of ${pc.itemsPerExecution} items each (Add Instrumental, \`poll\`, Continue On Fail) start at the same moment; the`,
		'sandbox enforces Kie\'s per-account limit (20 creates per 10 s, excess answered HTTP 200 with `code: 429`, nothing created).',
		'',
		table(
			['execution', 'worker', 'status', 'inputs with tracks', 'error items'],
			(pc.perExecution || []).map((e) => [e.executionId, e.workers, e.status, `${e.inputsWithTracks} / ${pc.itemsPerExecution}`, e.errorItems ? `${e.errorItems}: ${hist(e.errorMessages)}` : 0]),
		),
		'',
		table(
			['setup', 'inputs', 'with tracks', 'lost', 'tasks created', 'double creates', 'create requests', 'answered 429', 'most creates in 10 s', 'time'],
			[pc, sgp]
				.filter((x) => x.inputs)
				.map((x) => [x.target, x.inputs, x.inputsWithTracks, x.lost, x.tasks, x.doubleCreates, x.createRequests, x.rejected429, x.peakCreatesPer10s, secs(x.durationMs)]),
		),
		'',
		'Error items of the single n8n: ' + ((sgp.perExecution || []).map((e) => (e.errorItems ? `${e.errorItems} (${hist(e.errorMessages)})` : '0')).join(', ') || 'not measured') + '.',
		'',
		'## Guarantees: queue mode beside a single n8n',
		'',
		`The single n8n is n8n ${(sg.version || v.version)} in regular mode (one process, SQLite) started beside the topology against the same`,
		`sandbox and measured with the same scenarios (trigger: ${sgt.distinct ? sgt.distinct.tasks : '?'} tasks at the same rate; pacing: the same 3 × 30).`,
		'',
		table(
			['guarantee', 'single n8n (measured here)', 'queue mode (measured here)'],
			[
				['Poll Until Done ends with every track', 'holds (e2e suite)', verdict((poll.operations || []).every((o) => !o.problems.length), `${(poll.operations || []).length} operations`)],
				['A paused execution survives the loss of the process that started it', 'holds across a restart (docs/reliability.md §4)', verdict((resume.operations || []).every((o) => !o.problems.length), 'worker SIGKILLed while waiting; resumed on the other worker')],
				['Resume callbacks may land on any process', 'one process', verdict((resume.operations || []).every((o) => !o.problems.length) && (resume.operations || []).some((o) => new Set((o.callbacks || []).map((c) => c.processor)).size > 1), 'text, first, complete on alternating processors')],
				['One execution per distinct callback', sgt.distinct ? verdict(sgt.distinct.lost === 0 && sgt.distinct.doubled === 0, `${sgt.distinct.executions} / ${sgt.distinct.tasks}`) : 'not measured', verdict(td.lost === 0 && td.doubled === 0 && td.executions === td.expected, `${td.executions} / ${td.expected}`)],
				['A duplicate delivered at the same moment starts nothing', sgt.simultaneous ? verdict(sgt.simultaneous.executions === 0, `${sgt.simultaneous.executions} executions from ${sgt.simultaneous.requests} requests`) : 'not measured', verdict(ts.executions === 0, `${ts.executions} executions from ${ts.requests} requests`)],
				['A duplicate delivered later starts nothing', sgt.late ? verdict(sgt.late.executions === 0, `${sgt.late.executions} executions from ${sgt.late.requests} callbacks, within the 10-minute in-process claim`) : 'not measured', verdict(ld.executions === 0, `${ld.executions} executions from ${ld.callbacks} callbacks, ${ld.minutesLater} min later`)],
				...[sr, sr.withoutCredential].filter((r) => r && r.executions !== undefined).map((r) => [
					`A callback accepted on its own is recorded: its repeat after a restart starts nothing (trigger ${r.credential === 'none' ? 'without' : 'with'} a credential)`,
					'holds (e2e suite: 3 callbacks, 3 records, n8n 2.41.1 and 1.123.81)',
					verdict(r.recorded === sr.callbacks && r.executionsAfterRestart === 0, `${r.recorded} records for ${sr.callbacks} accepted one at a time; ${r.executionsAfterRestart} executions after a restart`),
				]),
				['Callbacks accepted at the same moment are all recorded', sgt.distinct ? verdict(sgt.distinct.recorded === sgt.distinct.executions, `${sgt.distinct.recorded} records for ${sgt.distinct.executions} accepted`) : 'not measured', verdict(td.recorded === td.executions, `${td.recorded} records for ${td.executions} accepted`)],
				['A callback is never lost when a process dies', 'a callback in flight during a crash is retried by Kie', verdict(tk.lost === 0, `${tk.lost} lost of ${tk.tasks}; ${tk.doubled} doubled`)],
				['Creates stay within Kie\'s per-account limit without losing items', sgp.inputs ? verdict(sgp.lost === 0 && sgp.doubleCreates === 0, `${sgp.inputsWithTracks} / ${sgp.inputs} with tracks, ${sgp.rejected429} × 429`) : 'not measured', verdict(pc.lost === 0 && pc.doubleCreates === 0, `${pc.inputsWithTracks} / ${pc.inputs} with tracks, ${pc.rejected429} × 429`)],
			],
		),
		'',
		'## Findings',
		'',
		...findings({ sr, pc, sgp, td, tk, ts, ld, sgt, state }),
		'## Reproduce',
		'',
		'```sh',
		'npm run test:queue                              # installs redis-server and postgresql with apt-get when missing',
		'QUEUE_KEEP_RUN_DIR=1 npm run test:queue         # keep every process\'s user folder; logs are always kept',
		'```',
		'',
		'Files: `jest.queue.config.js`, `test/queue/`, `scripts/queue/` (Redis, PostgreSQL, proxy, topology). Logs of every process:',
		'`~/.cache/n8n-nodes-kie-suno/queue/run-<pid>/logs/`.',
		'',
	);
	return out.join('\n');
}

module.exports = { renderQueueDoc };
