/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `npm run release`: which checks run in which mode, and that it stops before any slow step when
 * the tree is dirty, the CHANGELOG is not ready or the tag is wrong (on a throwaway git repo).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { parseArgs, release, releaseSteps } from '../../scripts/release/release';

const RELEASE = path.resolve(__dirname, '..', '..', 'scripts', 'release', 'release.js');

describe('release steps', () => {
	const names = (argv: string[]) => releaseSteps(parseArgs(argv)).map((s: { name: string }) => s.name);

	it('checks a fresh clone by default, and never publishes', () => {
		expect(names([])).toEqual([
			'git: clean working tree',
			'version: CHANGELOG.md entry',
			'tag: not created yet',
			'workspace: fresh clone of HEAD + npm ci',
			'npm test (build, lint, typecheck, jest)',
			'lockfile: in sync, npm ci --dry-run',
			'pack: file list',
			'scan: n8n scanner lint on source and tarball',
			'workflows: schema and shape',
		]);
		expect(names([]).join(' ')).not.toMatch(/publish/);
	});

	it('in the publish workflow: the tag must be the version, in place, after its own npm test', () => {
		expect(names(['--in-place', '--skip-test', '--tag', '0.2.0'])).toEqual([
			'git: clean working tree',
			'version: CHANGELOG.md entry',
			'tag: 0.2.0 = package.json version',
			'build (if dist/ is missing)',
			'lockfile: in sync, npm ci --dry-run',
			'pack: file list',
			'scan: n8n scanner lint on source and tarball',
			'workflows: schema and shape',
		]);
	});

	it('in CI (--check): in place, no clean-tree or tag requirement', () => {
		expect(names(['--check', '--skip-test'])).toEqual([
			'version: CHANGELOG.md entry',
			'build (if dist/ is missing)',
			'lockfile: in sync, npm ci --dry-run',
			'pack: file list',
			'scan: n8n scanner lint on source and tarball',
			'workflows: schema and shape',
		]);
	});

	it('refuses unknown options and a --tag without value', () => {
		expect(() => parseArgs(['--publish'])).toThrow('unknown option --publish');
		expect(() => parseArgs(['--tag'])).toThrow('--tag needs a value');
		expect(parseArgs(['--tag=1.0.0']).tag).toBe('1.0.0');
	});
});

describe('release on a throwaway repository', () => {
	let dir: string;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the test drives git and the CLI
	const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
	const git = (...args: string[]) => sh('git', args);
	const run = (...args: string[]) => sh(process.execPath, [RELEASE, ...args]);

	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-release-'));
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'n8n-nodes-demo', version: '1.2.3' }));
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [1.2.3] - 2026-12-01\n\n- first\n');
		git('init', '--quiet');
		git('add', '.');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'init');
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	// The script checks the repository it lives in, so these run release() against `dir` directly.
	const steps = async (argv: string[]) => {
		const lines: string[] = [];
		const log = jest.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
		try {
			await release(parseArgs(argv), dir);
			return { lines, error: null as Error | null };
		} catch (error) {
			return { lines, error: error as Error };
		} finally {
			log.mockRestore();
		}
	};

	it('stops at a dirty tree', async () => {
		fs.writeFileSync(path.join(dir, 'stray.txt'), 'x');
		const { lines, error } = await steps([]);
		expect(error?.message).toBe('commit or remove your changes first (git status)');
		expect(lines).toEqual(['[1/9] git: clean working tree']);
	});

	it('stops when the version has no dated CHANGELOG entry', async () => {
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), '# Changelog\n\n## [Unreleased]\n\n- first\n');
		git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', 'unreleased');
		const { lines, error } = await steps([]);
		expect(error?.message).toBe('CHANGELOG.md has no "## [1.2.3] - YYYY-MM-DD" entry (rename "## [Unreleased]" to it, with the release date)');
		expect(lines).toHaveLength(2);
	});

	it('stops when the tag exists already, or differs from the version', async () => {
		git('tag', '1.2.3');
		expect((await steps([])).error?.message).toBe('tag 1.2.3 already exists');
		const tagged = await steps(['--in-place', '--skip-test', '--tag', '1.2.4']);
		expect(tagged.error?.message).toBe('tag 1.2.4 is not the package.json version 1.2.3');
		expect(tagged.lines[tagged.lines.length - 1]).toBe('[3/8] tag: 1.2.4 = package.json version');
	});

	it('--dry-run (the CLI) lists the steps and checks nothing', () => {
		const res = run('--dry-run');
		expect(res.status).toBe(0);
		expect(res.stdout).toContain('[4/9] workspace: fresh clone of HEAD + npm ci');
		expect(res.stdout).toContain('dry run: nothing was checked');
	});
});
