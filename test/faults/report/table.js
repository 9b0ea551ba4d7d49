'use strict';
/**
 * The reliability table of docs/reliability.md: every attack or fault the suite threw, with
 * tries → requests to internal addresses → executions with forged data → genuine results lost.
 * Rows come from the sections' figures (hostile, callbacks, restart) and from the rows the newer
 * tests record themselves (figures/table.json: forged, internal, badDays, families).
 */
const { table } = require('./format');

const GROUPS = [
	['forged', 'Forged and replayed callbacks'],
	['internal', 'Internal addresses, redirects, oversized files'],
	['badDays', "Kie's bad days"],
	['earlyCallbacks', "Kie's bad days"],
	['families', 'Lyrics, WAV, stems, MIDI, music video, cover image'],
];

const hitsOf = (internal) => (internal ? Math.max(Number(internal.hits || 0), Number(internal.connections || 0)) : 0);

/** Rows derived from the figures of the hostile, callback-fault and restart tests. */
function derivedRows(figures) {
	const { hostile: h = {}, hostileResume: hr = {}, callbacks: cb = {}, restart: r = {} } = figures;
	const rows = [];
	if (h.total) {
		rows.push({
			area: 'Hostile callbacks',
			attack: `${h.total} generated hostile requests → trigger (credential + HMAC key, downloads on)`,
			tries: h.total,
			internalRequests: hitsOf(h.internal),
			forgedExecutions: h.hostileExecutionsWithItems ?? h.executionsStartedByHostile,
			genuineLost: h.validCallback && h.validCallback.ok ? 0 : 1,
			note: `${h.count5xx ? `**${h.count5xx} answered 5xx**; ` : ''}executions started: ${h.executionsStartedByHostile || 0}${h.executionsStartedByHostile ? ` (${Object.entries(h.hostileExecutionStatuses || {}).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}; then Kie's own callback: ${h.validCallback ? h.validCallback.executions : '?'} execution`,
		});
	}
	if (hr.total) {
		rows.push({
			area: 'Hostile callbacks',
			attack: `${hr.total} hostile requests → resume URL of a waiting execution (downloads on)`,
			tries: hr.total,
			internalRequests: hitsOf(hr.internal),
			forgedExecutions: hr.statusWhileHostile === 'waiting' && hr.executionsDuring === 1 ? 0 : 1,
			genuineLost: hr.finalStatus === 'success' && hr.items === hr.tracks ? 0 : 1,
			note: `resumed by Kie: ${hr.finalStatus}, ${hr.items}/${hr.tracks} tracks`,
		});
	}
	for (const t of (cb.trigger && cb.trigger.tasks) || []) {
		const expected = t.expected.complete + t.expected.error;
		const got = t.executions.complete + t.executions.error;
		rows.push({ area: 'Callback faults (songs)', attack: `${t.fault} → trigger`, tries: t.callbacksSent, internalRequests: 0, forgedExecutions: 0, genuineLost: Math.max(0, expected - got), note: `executions ${got} (expected ${expected})` });
	}
	for (const t of (cb.resume && cb.resume.tasks) || []) {
		rows.push({ area: 'Callback faults (songs)', attack: `${t.fault} → resume`, tries: Object.values(t.answers || {}).reduce((a, n) => a + n, 0), internalRequests: 0, forgedExecutions: 0, genuineLost: t.ok ? 0 : 1, note: `${t.items}/${t.tracks} tracks after the resume` });
	}
	for (const [key, label] of [
		['a', 'n8n restarted; task finished while it was down, callbacks redelivered'],
		['b', 'n8n restarted; task finished after the restart'],
	]) {
		if (!r[key]) continue;
		rows.push({ area: 'Callback faults (songs)', attack: label, tries: 1, internalRequests: 0, forgedExecutions: 0, genuineLost: r[key].ok ? 0 : 1, note: `${r[key].status}, ${r[key].items}/${r[key].tracks} tracks` });
	}
	return rows;
}

function allRows(figures) {
	const recorded = figures.table || {};
	const rows = derivedRows(figures);
	for (const [key, area] of GROUPS) for (const x of recorded[key] || []) rows.push({ area, ...x });
	return rows;
}

function renderReliabilityTable(figures) {
	const rows = allRows(figures);
	const sum = (k) => rows.reduce((a, x) => a + Number(x[k] || 0), 0);
	const dash = (v) => (v === undefined ? '—' : v);
	const body = rows.map((x) => [`${x.area}: ${x.attack}`, x.tries, x.internalRequests, x.forgedExecutions, x.genuineLost, dash(x.unconfirmed), x.note || '']);
	body.push(['**all**', sum('tries'), `**${sum('internalRequests')}**`, `**${sum('forgedExecutions')}**`, `**${sum('genuineLost')}**`, sum('unconfirmed'), `${rows.length} rows`]);
	return {
		rows,
		totals: { tries: sum('tries'), internalRequests: sum('internalRequests'), forgedExecutions: sum('forgedExecutions'), genuineLost: sum('genuineLost'), unconfirmed: sum('unconfirmed') },
		markdown: table(['attack or fault', 'tries', 'requests to internal addresses', 'executions with forged data', 'genuine results lost', 'passed on unconfirmed (`verified: false`)', 'notes'], body),
	};
}

module.exports = { renderReliabilityTable, allRows };
