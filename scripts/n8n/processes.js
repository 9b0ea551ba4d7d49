'use strict';
/** Process helpers shared by the dev script, the e2e and fault suites and the benchmarks. */
const fs = require('fs');
const path = require('path');

function pidAlive(pid) {
	if (!pid) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Removes `run-<pid>` folders under `root` whose process is gone (leftovers of killed runs). */
function pruneOldRuns(root) {
	if (!fs.existsSync(root)) return;
	for (const d of fs.readdirSync(root)) {
		const m = /^run-(\d+)$/.exec(d);
		if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) fs.rmSync(path.join(root, d), { recursive: true, force: true });
	}
}

/** Every process in /proc (Linux): pid → { name, state, pgrp, ticks (utime + stime) }. */
function procStats() {
	const out = new Map();
	let entries = [];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return out;
	}
	for (const e of entries) {
		if (!/^\d+$/.test(e)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
			const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// rest[0]=state, rest[2]=pgrp, rest[11]=utime, rest[12]=stime (clock ticks)
			out.set(Number(e), { name, state: rest[0], pgrp: Number(rest[2]), ticks: Number(rest[11]) + Number(rest[12]) });
		} catch {
			/* the process ended meanwhile */
		}
	}
	return out;
}

module.exports = { pidAlive, pruneOldRuns, procStats };
