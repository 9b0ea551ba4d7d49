'use strict';
/**
 * GitHub Actions workflows: schema-valid (@action-validator/core, SchemaStore's workflow schema)
 * and in the shape n8n's starter publishes with: CI on push + pull_request, publish on a version
 * tag with npm provenance.
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { validateWorkflow } = require('@action-validator/core');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOW_DIR = path.join('.github', 'workflows');

/** Schema errors as "path: title" lines (empty when valid). */
function schemaErrors(text) {
	return validateWorkflow(text).errors.map((e) => `${e.path || '/'}: ${e.title}${e.detail ? ` (${e.detail})` : ''}`);
}

function runLines(job) {
	return (job.steps ?? []).flatMap((s) => (typeof s.run === 'string' ? s.run.split('\n').map((l) => l.trim()).filter(Boolean) : []));
}

function indexOfRun(lines, pattern) {
	return lines.findIndex((l) => pattern.test(l));
}

/** The install → build → lint → test order both workflows must run; returns problems. */
function pipelineProblems(name, lines, extra = []) {
	const steps = [
		['npm ci', /^npm ci\b/],
		['npm run build', /^npm run build\b/],
		['npm run lint', /^npm run lint\b/],
		['npm test', /^npm test\b/],
		...extra,
	];
	const problems = [];
	let last = -1;
	for (const [label, pattern] of steps) {
		const at = indexOfRun(lines, pattern);
		if (at === -1) problems.push(`${name}: no step runs \`${label}\``);
		else if (at < last) problems.push(`${name}: \`${label}\` runs before the step it must follow`);
		else last = at;
	}
	return problems;
}

function triggers(doc) {
	const on = doc.on ?? doc[true];
	if (typeof on === 'string') return { [on]: null };
	if (Array.isArray(on)) return Object.fromEntries(on.map((t) => [t, null]));
	return on ?? {};
}

function ciProblems(doc) {
	const on = triggers(doc);
	const problems = [];
	if (!('push' in on)) problems.push('ci.yml: not triggered on push');
	if (!('pull_request' in on)) problems.push('ci.yml: not triggered on pull_request');
	const jobs = Object.values(doc.jobs ?? {});
	if (!jobs.some((job) => pipelineProblems('ci.yml', runLines(job)).length === 0)) {
		problems.push(...pipelineProblems('ci.yml', jobs.flatMap(runLines)));
		if (problems.length === 0) problems.push('ci.yml: install, build, lint and test are not in one job');
	}
	return problems;
}

function publishProblems(doc) {
	const problems = [];
	const tags = triggers(doc).push?.tags ?? [];
	if (!tags.includes('*.*.*')) problems.push("publish.yml: not triggered on push of tags '*.*.*'");
	const jobs = Object.entries(doc.jobs ?? {});
	const publishing = jobs.filter(([, job]) => runLines(job).some((l) => /^npm publish\b/.test(l)));
	if (publishing.length !== 1) return [...problems, `publish.yml: expected one job running npm publish, found ${publishing.length}`];
	const [jobName, job] = publishing[0];
	const permissions = { ...(doc.permissions ?? {}), ...(job.permissions ?? {}) };
	if (permissions['id-token'] !== 'write') problems.push(`publish.yml: job ${jobName} lacks permissions id-token: write`);
	if (permissions.contents !== 'read') problems.push(`publish.yml: job ${jobName} should have permissions contents: read`);
	const setupNode = (job.steps ?? []).find((s) => typeof s.uses === 'string' && s.uses.startsWith('actions/setup-node@'));
	if (!setupNode?.with?.['registry-url']) problems.push('publish.yml: actions/setup-node needs registry-url for npm publish');
	const lines = runLines(job);
	const publish = lines.find((l) => /^npm publish\b/.test(l));
	for (const flag of ['--provenance', '--access public']) if (!publish.includes(flag)) problems.push(`publish.yml: npm publish without ${flag}`);
	problems.push(...pipelineProblems('publish.yml', lines, [['npm publish', /^npm publish\b/]]));
	return problems;
}

/** Every problem with the repo's workflows (schema + shape); empty when both are fine. */
function workflowProblems(root = ROOT) {
	const problems = [];
	const dir = path.join(root, WORKFLOW_DIR);
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
	for (const file of files) {
		for (const e of schemaErrors(fs.readFileSync(path.join(dir, file), 'utf8'))) problems.push(`${file}: schema ${e}`);
	}
	for (const [file, check] of [['ci.yml', ciProblems], ['publish.yml', publishProblems]]) {
		if (!files.includes(file)) problems.push(`${WORKFLOW_DIR}/${file} is missing`);
		else problems.push(...check(YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'))));
	}
	return problems;
}

if (require.main === module) {
	const problems = workflowProblems();
	if (problems.length) {
		process.stderr.write(`workflows:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
		process.exit(1);
	}
	process.stdout.write('workflows: ci.yml and publish.yml are valid and in the starter\'s shape\n');
}

module.exports = { workflowProblems, schemaErrors, ciProblems, publishProblems };
