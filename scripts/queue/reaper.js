'use strict';
/**
 * Leftovers of killed runs. A run writes the processes it started to <runDir>/pids.json
 * ({ pid, marker }: the marker is a path only that process has in its command line or
 * environment). A later run ends those processes, by pid, only when the run's owner is gone
 * and the pid still carries the marker (so a reused pid is never touched). Plain CommonJS.
 */
const fs = require('fs');
const path = require('path');
const { pidAlive } = require('../n8n/processes');

function carriesMarker(pid, marker) {
	try {
		// redis-server rewrites its command line; its working folder is its marker folder
		const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
		if (cwd === marker || cwd.startsWith(`${marker}${path.sep}`)) return true;
	} catch {
		/* gone or not readable */
	}
	for (const f of ['cmdline', 'environ']) {
		try {
			if (fs.readFileSync(`/proc/${pid}/${f}`).toString('utf8').includes(marker)) return true;
		} catch {
			/* gone or not readable */
		}
	}
	return false;
}

function writePids(runDir, entries) {
	fs.writeFileSync(path.join(runDir, 'pids.json'), JSON.stringify(entries.filter((e) => e.pid), null, 1) + '\n');
}

/** SIGKILLs (process group, then pid) every listed process that still carries its marker; synchronous. */
function killListed(entries) {
	let killed = 0;
	for (const { pid, marker } of entries) {
		if (!pid || !pidAlive(pid) || !carriesMarker(pid, marker)) continue;
		for (const target of [-pid, pid]) {
			try {
				process.kill(target, 'SIGKILL');
			} catch {
				/* not a group leader / gone */
			}
		}
		killed++;
	}
	return killed;
}

/** Removes the listed temporary service folders (Redis, PostgreSQL data) of a run that is over. */
function removeServiceDirs(entries) {
	for (const { marker } of entries) {
		if (typeof marker === 'string' && /^kie-queue-(redis|pg)-/.test(path.basename(marker))) fs.rmSync(marker, { recursive: true, force: true });
	}
}

/** Ends the processes of runs under `root` whose owner (run-<pid>) is gone; returns how many. */
function reapDeadRuns(root) {
	if (!fs.existsSync(root)) return 0;
	let killed = 0;
	for (const d of fs.readdirSync(root)) {
		const m = /^run-(\d+)$/.exec(d);
		if (!m || Number(m[1]) === process.pid || pidAlive(Number(m[1]))) continue;
		try {
			const entries = JSON.parse(fs.readFileSync(path.join(root, d, 'pids.json'), 'utf8'));
			killed += killListed(entries);
			removeServiceDirs(entries);
		} catch {
			/* no list */
		}
	}
	return killed;
}

module.exports = { writePids, killListed, removeServiceDirs, reapDeadRuns, carriesMarker };
