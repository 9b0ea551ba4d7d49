'use strict';
/**
 * Sections of docs/reliability.md for forged callbacks, internal addresses, Kie's bad days and the
 * task families (05-08 *.faults.test.ts). The per-row figures are in the reliability table; these
 * sections say how each was measured and show what the nodes answered.
 */
const { table, secs } = require('./format');

const MIB = 1024 * 1024;

function forgedSection(f = {}, rows = []) {
	const t = f.triggers || {};
	const line = (key, label) => {
		const x = t[key] || {};
		return [label, x.executions, (x.forged || []).length, (x.unconfirmed || []).length, x.lost];
	};
	return [
		'## 5. Forged and replayed callbacks',
		'',
		'Three published triggers (events complete/error, Download Audio and Cover on): **A** with a credential and an HMAC key,',
		'**B** with a credential and no HMAC key and Ignore Duplicates off (so every confirmed doorbell becomes an execution), **C**',
		'without a credential. Each got song tasks whose genuine callbacks came late (6 s), forged complete and error callbacks',
		'first (correctly signed for A: Kie signs only `taskId.timestamp`, so a captured signature can be replayed with any body),',
		'replays of the genuine callback (same headers and body; captured headers with a forged body; a 400 s old signature), forged',
		'callbacks for unknown task ids, and a forged complete while Kie was still rendering (the genuine one followed). Every',
		'forged body names the internal-address listener for its files and carries a marker; an execution "carries forged data"',
		'when the marker is in one of its items.',
		'',
		table(['trigger', 'executions', 'with forged data as Kie\'s', 'forged, passed on with `verified: false`', 'genuine results lost'], [
			line('hmac', 'A: credential + HMAC key'),
			line('noHmac', 'B: credential, no HMAC key, duplicates on'),
			line('none', 'C: no credential'),
		]),
		'',
		`Requests to the internal-address listener: ${(f.internal || {}).hits ?? '?'} (connections ${(f.internal || {}).connections ?? '?'}). ${rows.length} rows in the table above.`,
		'',
		'With a credential the trigger answers 200, reads the task from Kie and outputs only Kie\'s answer: a forged or replayed',
		'body changes nothing but *when* Kie is asked; a doorbell for a task Kie does not know starts nothing. Without a credential',
		'nothing can be confirmed: the body is passed on marked `verified: false` and no file is downloaded, and a stranger\'s',
		'earlier body for the same task and stage does not make Kie\'s genuine callback a "duplicate" (the key includes the body).',
		'',
	];
}

function internalSection(f = {}) {
	const o = f.oversized || {};
	const urls = (f.poll || []).map((j) => [j.what, j.counted ? 'listener' : 'not reachable here', `${j.items} items`, j.refused ? 'refused before any request' : '**NOT refused**', j.sample]);
	return [
		'## 6. Internal addresses, redirects and oversized files',
		'',
		'The sandbox\'s `resultUrls` fault puts a URL into a task\'s record-info and callbacks. A loopback listener stands for the',
		'private network: it binds 127.0.0.1 (and 127.0.0.2, ::1 on the same port) and counts every connection. Addresses nothing',
		'listens on here (private ranges, metadata) count as requested unless the item says the URL was refused before a request.',
		'Add Instrumental (Poll Until Done, Download Audio and Cover) read these from record-info:',
		'',
		table(['URL names', 'counted by', 'items', 'outcome', 'downloadError (first item)'], urls),
		'',
		`Listener: ${(f.internal || {}).hits ?? '?'} requests, ${(f.internal || {}).connections ?? '?'} connections over the whole test (poll, redirects, triggers with and without credential, resume).`,
		'',
		`**Oversized.** Max File Size 1 MB against ${((o.fileBytes || 0) / MIB).toFixed(0)} MiB files from the sandbox (trusted origin):`,
		...(o.cases || []).map((c) => `- ${c.what}: ${c.stopped ? 'stopped' : '**not stopped**'} (${c.items} items), "${c.sample}"`),
		`- Bytes the sandbox sent for the ${o.downloads} capped downloads: ${((o.servedBytes || 0) / MIB).toFixed(1)} MiB (cap plus what sat in socket buffers when the download was cut).`,
		'',
	];
}

function badDaysSection(f = {}, early = {}) {
	const o = f.outage || {};
	const c = f.concurrent || {};
	const x = f.callbackException || {};
	return [
		"## 7. Kie's bad days",
		'',
		`- **Record-info down ${secs(o.durationMs)}** (HTTP 502 on every details path, ${o.hits ?? '?'} requests refused) from just before the create:`,
		`  poll ended with the tracks after ${secs(o.pollMs)}; resume (Kie's callbacks all rang during the outage) ended \`${o.resumeStatus}\``,
		`  after ${secs(o.resumeMs)}, the waiting node ran ${o.resumeRuns} time(s). One create each.`,
		`- **CALLBACK_EXCEPTION after Kie rendered the tracks:** poll ${x.poll ? 'kept the tracks' : '**lost them**'}, resume ${x.resume ? 'kept the tracks' : '**lost them**'},`,
		`  trigger (Kie sent an \`error\` callback; Kie's record has the tracks) ${x.trigger ? 'started one execution with the tracks' : '**did not hand on the tracks**'} (${(x.triggerExecutions || []).join(', ')}).`,
		'- **Drifted but genuine callbacks** (numbers as strings incl. `code`, unknown fields, `null` in lists, upper/capitalized',
		'  `callbackType`): accepted by the trigger with and without a credential (rows above).',
		`- **Concurrent callbacks:** ${c.tasks} tasks called back at once, every callback three times (${c.callbacksDelivered} deliveries);`,
		`  executions per task: ${[...new Set(c.executionsPerTask || [])].join(', ')}.`,
		'- **Callbacks before the wait (resume).** Kie answered the create 3 s late, so the task (finished in 150 ms) rang',
		`  the resume URL while the execution was still running: n8n answered ${[...new Set(early.answers || [])].join(', ')}. The execution ended`,
		`  \`${early.status}\` with: ${(early.output || []).join(', ')}${early.ok ? ' (the tracks)' : ' although Kie has the tracks (**product bug**, see the table)'}.`,
		'',
	];
}

function familiesSection(f = {}) {
	const families = ['lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage'].filter((k) => f[k]);
	const labels = families.length ? f[families[0]].perFault.map((p) => p.label) : [];
	const rows = labels.map((label, i) => [label, ...families.map((k) => {
		const p = f[k].perFault[i] || {};
		return `${p.executions}/${p.expected}${p.poll === 'ok' ? '' : ' poll WRONG'}${p.lost ? ' LOST' : ''}`;
	})]);
	return [
		'## 8. Lyrics, WAV, stems, MIDI, music video and cover image',
		'',
		'Per family, a Kie Suno node (Poll Until Done, Callback URL = a trigger with credential, HMAC key and Download Files)',
		'created six tasks from finished songs (MIDI from a finished stems task), one callback fault each. Cells: executions',
		'started / expected (a dropped complete starts none; polling still returns every result).',
		'',
		table(['fault', ...families], rows),
		'',
		`Then per family ${families.length ? Object.keys(f[families[0]].hostile).length : 0} hostile requests shaped like its callback (unsigned, wrong key, stale, another task's signature,`,
		'`__proto__`, 40 levels deep, text/html, a path-traversal task id, a signed doorbell for an unknown task and for another',
		'family\'s task, 20,001 values) and two replays of its genuine callback\'s headers with forged bodies:',
		'',
		table(['family', 'answers'], families.map((k) => [k, Object.keys(f[k].hostile).join('; ')])),
		'',
		`Executions with forged data: ${(f.forged || []).length}; requests to the internal-address listener: ${(f.internal || {}).hits ?? '?'}.`,
		'',
	];
}

function attackSections(figures) {
	const rows = (figures.table || {}).forged || [];
	return [...forgedSection(figures.forged, rows), ...internalSection(figures.internal), ...badDaysSection(figures.badDays, figures.earlyCallbacks), ...familiesSection(figures.families)];
}

module.exports = { attackSections };
