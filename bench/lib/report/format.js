'use strict';
/** Number formats, Markdown tables and the per-benchmark load note of docs/benchmarks.md. */
const { fmt } = require('../common');

const YES = '**met**';
const NO = '**missed**';

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

function ms(x) {
	return finite(x) ? `${fmt(x, Math.abs(x) < 100 ? 1 : 0)} ms` : 'n/a';
}
function s(x) {
	return finite(x) ? `${fmt(x / 1000, 2)} s` : 'n/a';
}
function r(x, d = 2) {
	return finite(x) ? fmt(x, d) : 'n/a';
}
function mib(x) {
	return finite(x) ? `${fmt(x, 1)} MiB` : 'n/a';
}
/** A difference with its sign: "+12.0 ms". */
function plusMs(x) {
	return finite(x) ? `${x >= 0 ? '+' : '−'}${ms(Math.abs(x))}` : 'n/a';
}
function table(head, rows) {
	return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function loadNote(results, name) {
	const l = (results.load || []).find((x) => x.name === name);
	if (!l) return '';
	const quiet = l.foreignCores < 0.1;
	return (
		`Load: took ${fmt(l.seconds, 0)} s; load average (1/5/15 min) ${l.loadavgBefore.join(' / ')} before, ${l.loadavgAfter.join(' / ')} after ` +
		`(this benchmark's own n8n and sandbox included); other processes used ${fmt(l.foreignCores, 2)} of ${results.machine.cores} cores meanwhile` +
		`${l.foreignTop.length ? ` (${l.foreignTop.join(', ')})` : ''}${quiet ? ', i.e. the machine was otherwise quiet' : ''}` +
		(finite(l.cpuPressurePct) ? `; some task was waiting for a CPU ${fmt(l.cpuPressurePct, 0)} % of the time (/proc/pressure/cpu)` : '') +
		(finite(l.stealCores) && l.stealCores >= 0.05 ? `; the hypervisor took ${fmt(l.stealCores, 2)} cores (steal)` : '') +
		'.' +
		(l.dbPingFailures
			? ` **n8n logged ${l.dbPingFailures} failed database pings meanwhile** ("Database connection timed out": SQLite starved of CPU), and answers requests with 503 "Database is not ready!" until its database recovers.`
			: '') +
		(l.sqliteLockTimeouts
			? ` **n8n logged ${l.sqliteLockTimeouts} SQLite write-lock timeouts meanwhile** (\`LockAcquireTimeoutError\`): ${l.executionsNotCreated} executions were not created ` +
				`(\`ExecutionPersistence.create\`) and ${l.staticDataNotSaved} saves of workflow static data failed.`
			: '')
	);
}

function notRun(title, results, name) {
	return [title, '', `Not run${results.errors[name] ? `: ${results.errors[name]}` : ''}.`, ''];
}

module.exports = { YES, NO, finite, ms, s, r, mib, plusMs, table, loadNote, notRun, fmt };
