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

module.exports = { pidAlive, pruneOldRuns };
