'use strict';
/**
 * jest reporter of the queue-mode suite: after a full run (every *.queue.test.ts file) it writes
 * docs/queue-mode.md from the figures the tests recorded (<runDir>/figures/*.json, see helpers.ts
 * recordFigures) and from jest's results. A partial run writes nothing.
 * QUEUE_DOC=0 never writes; QUEUE_DOC=<path> writes there instead.
 */
const fs = require('fs');
const path = require('path');
const { renderQueueDoc } = require('./render');

const SECTIONS = ['poll', 'resume', 'trigger', 'triggerDistinct', 'triggerSimultaneous', 'triggerKill', 'pacing', 'lateDuplicates', 'single', 'sequentialRecords'];

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

class QueueReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete(_contexts, results) {
		const target = process.env.QUEUE_DOC;
		if (target === '0') return;
		const state = process.env.KIE_QUEUE_STATE && readJson(process.env.KIE_QUEUE_STATE);
		if (!state || !state.queue) return;
		const testDir = path.join(this.rootDir, 'test', 'queue');
		const all = fs.readdirSync(testDir).filter((f) => f.endsWith('.queue.test.ts'));
		const ran = results.testResults.map((t) => path.basename(t.testFilePath));
		if (all.some((f) => !ran.includes(f))) {
			process.stdout.write(`[queue] partial run (${ran.join(', ')}): docs/queue-mode.md not written\n`);
			return;
		}
		const figures = {};
		for (const name of SECTIONS) figures[name] = readJson(path.join(state.queue.figuresDir, `${name}.json`)) || {};
		results.durationMs = Date.now() - results.startTime;
		const doc = renderQueueDoc({ state, figures, results });
		const file = target ? path.resolve(target) : path.join(this.rootDir, 'docs', 'queue-mode.md');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, doc);
		process.stdout.write(`[queue] wrote ${path.relative(this.rootDir, file)}\n`);
	}
}

module.exports = QueueReporter;
