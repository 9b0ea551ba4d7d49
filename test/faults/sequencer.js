'use strict';
// Runs the fault-suite files in name order (01-…, 02-…): the restart comes after the hostile
// run (which checks the PID stays the same) and the secret scan comes last.
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}

module.exports = ByName;
