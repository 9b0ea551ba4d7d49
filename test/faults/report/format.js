'use strict';
// Markdown helpers of the fault-suite report (test/faults/reporter.js).

const cell = (v) => String(v === undefined || v === null ? '' : v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head, rows) => [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
const hist = (h) =>
	Object.entries(h || {})
		.sort((a, b) => b[1] - a[1])
		.map(([k, v]) => `${k}: ${v}`)
		.join(', ');
const count = (histogram, pred) =>
	Object.entries(histogram || {})
		.filter(([k]) => pred(k))
		.reduce((a, [, n]) => a + n, 0);
const pl = (c) => (c ? `${c.correct} correct, ${c.wrong} wrong, ${c.unavailable} unavailable` : 'not measured');
const secs = (ms) => `${(Number(ms || 0) / 1000).toFixed(1)} s`;
const mark = (ok) => (ok ? 'pass' : '**FAIL**');

module.exports = { cell, row, table, hist, count, pl, secs, mark };
