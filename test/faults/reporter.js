'use strict';
/**
 * jest reporter of the fault suite: after a full run (all *.faults.test.ts files) it writes
 * docs/reliability.md from the figures the tests recorded (<runDir>/figures/*.json, see
 * helpers.ts recordFigures) and from jest's results (report/render.js). A partial run (some
 * files) writes nothing. FAULTS_DOC=0 never writes; FAULTS_DOC=<path> writes there instead.
 */
const fs = require('fs');
const path = require('path');

const { render } = require('./report/render');

const SECTIONS = ['hostile', 'hostileResume', 'create', 'callbacks', 'restart', 'forged', 'internal', 'badDays', 'earlyCallbacks', 'families', 'table', 'secrets', 'networkErrors'];

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}


class FaultsReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete(_contexts, results) {
		const target = process.env.FAULTS_DOC;
		if (target === '0') return;
		const statePath = process.env.KIE_FAULTS_STATE;
		const state = statePath && readJson(statePath);
		if (!state || !state.faults) return;
		const figures = {};
		for (const name of SECTIONS) figures[name] = readJson(path.join(state.faults.figuresDir, `${name}.json`));
		const testDir = path.join(this.rootDir, 'test', 'faults');
		const all = fs.readdirSync(testDir).filter((f) => f.endsWith('.faults.test.ts'));
		const ran = results.testResults.map((t) => path.basename(t.testFilePath));
		if (all.some((f) => !ran.includes(f))) {
			process.stdout.write(`[faults] partial run (${ran.join(', ')}): docs/reliability.md not written\n`);
			return;
		}
		for (const name of SECTIONS) if (!figures[name]) figures[name] = {};
		results.durationMs = Date.now() - results.startTime;
		const files = ['jest.faults.config.js', 'test/faults/'];
		const doc = render({ state, figures, results, files });
		const file = target ? path.resolve(target) : path.join(this.rootDir, 'docs', 'reliability.md');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, doc);
		process.stdout.write(`[faults] wrote ${path.relative(this.rootDir, file)}\n`);
	}
}

module.exports = FaultsReporter;
module.exports.render = render;
