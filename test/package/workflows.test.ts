/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** .github/workflows: valid for GitHub (schema) and in the shape n8n's starter publishes with. */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';

import { ciProblems, publishProblems, schemaErrors, workflowProblems } from '../../scripts/release/workflows';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (name: string) => fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8');
const parse = (name: string) => YAML.parse(read(name));

describe("this repository's workflows", () => {
	it('pass the schema validator and the shape checks', () => {
		expect(workflowProblems(ROOT)).toEqual([]);
	});

	it('publish on version tags with provenance, after install, build, lint and test', () => {
		const doc = parse('publish.yml');
		expect(doc.on).toEqual({ push: { tags: ['*.*.*'] } });
		const job = doc.jobs.publish;
		expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
		const runs = job.steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run);
		expect(runs.indexOf('npm ci')).toBeLessThan(runs.indexOf('npm test'));
		expect(runs[runs.length - 1]).toBe('npm publish --provenance --access public');
		expect(runs).toContain('npm run release -- --in-place --skip-test --tag "$GITHUB_REF_NAME"');
	});

	it('run CI on push and pull request with npm ci, build, lint and test', () => {
		const doc = parse('ci.yml');
		expect(Object.keys(doc.on).sort()).toEqual(['pull_request', 'push']);
		const runs = doc.jobs.build.steps.filter((s: { run?: string }) => s.run).map((s: { run: string }) => s.run);
		expect(runs.slice(0, 4)).toEqual(['npm ci', 'npm run build', 'npm run lint', 'npm test']);
	});
});

describe('the validator fails broken workflows', () => {
	it('reports schema errors: an unknown trigger, a job without runs-on, a bad permission value', () => {
		const broken = 'on: pushh\njobs:\n  a:\n    permissions:\n      id-token: wrte\n    steps:\n      - run: echo\n';
		const errors = schemaErrors(broken);
		expect(errors.some((e) => e.startsWith('/on:'))).toBe(true);
		expect(errors.some((e) => e.startsWith('/jobs/a:'))).toBe(true);
		expect(schemaErrors(read('ci.yml'))).toEqual([]);
	});

	it('reports a publish job without id-token, provenance or tests before it', () => {
		const doc = parse('publish.yml');
		delete doc.jobs.publish.permissions['id-token'];
		doc.jobs.publish.steps = doc.jobs.publish.steps
			.filter((s: { run?: string }) => s.run !== 'npm test')
			.map((s: { run?: string }) => (s.run?.startsWith('npm publish') ? { ...s, run: 'npm publish' } : s));
		expect(publishProblems(doc)).toEqual([
			'publish.yml: job publish lacks permissions id-token: write',
			'publish.yml: npm publish without --provenance',
			'publish.yml: npm publish without --access public',
			'publish.yml: no step runs `npm test`',
		]);
	});

	it('reports a CI that skips pull requests or lints before installing', () => {
		const doc = parse('ci.yml');
		delete doc.on.pull_request;
		const steps = doc.jobs.build.steps;
		const lint = steps.findIndex((s: { run?: string }) => s.run === 'npm run lint');
		steps.unshift(...steps.splice(lint, 1));
		expect(ciProblems(doc)).toEqual(['ci.yml: not triggered on pull_request', 'ci.yml: `npm run lint` runs before the step it must follow']);
	});
});
