/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** Lockfile drift: package.json and package-lock.json must stay in sync for `npm ci`. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { lockfileProblems, npmCiDryRun, npmMajor } from '../../scripts/release/lockfile';

const ROOT = path.resolve(__dirname, '..', '..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const readJson = (file: string): Json => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

function tinyProject(): { pkg: Json; lock: Json } {
	const pkg = { name: 'demo', version: '1.0.0', devDependencies: { resolver: '1.2.0', tool: '^2.0.0' } };
	const lock = {
		name: 'demo',
		version: '1.0.0',
		lockfileVersion: 3,
		requires: true,
		packages: {
			'': { name: 'demo', version: '1.0.0', devDependencies: { resolver: '1.2.0', tool: '^2.0.0' } },
			'node_modules/resolver': { version: '1.2.0', dev: true, optionalDependencies: { '@x/binding-linux': '1.2.0', '@x/binding-win32': '1.2.0' } },
			'node_modules/@x/binding-linux': { version: '1.2.0', dev: true, optional: true, os: ['linux'] },
			'node_modules/@x/binding-win32': { version: '1.2.0', dev: true, optional: true, os: ['win32'] },
			'node_modules/tool': { version: '2.3.0', dev: true, dependencies: { helper: '^3.0.0' }, peerDependencies: { host: '*' }, peerDependenciesMeta: { host: { optional: true } } },
			'node_modules/tool/node_modules/helper': { version: '3.1.0', dev: true },
			'node_modules/helper': { version: '1.0.0', dev: true },
		},
	};
	return { pkg, lock };
}

describe('lockfileProblems', () => {
	it('accepts a complete lockfile, resolving nested copies before hoisted ones', () => {
		const { pkg, lock } = tinyProject();
		expect(lockfileProblems(pkg, lock)).toEqual([]);
	});

	it("reports another platform's optional package missing, as npm ci does", () => {
		const { pkg, lock } = tinyProject();
		delete lock.packages['node_modules/@x/binding-win32'];
		expect(lockfileProblems(pkg, lock)).toEqual(['Missing: @x/binding-win32@1.2.0 (optional dependency of node_modules/resolver) from lock file']);
	});

	it('reports a devDependency changed in package.json but not in the lockfile', () => {
		const { pkg, lock } = tinyProject();
		pkg.devDependencies.resolver = '1.3.0';
		expect(lockfileProblems(pkg, lock)).toEqual([
			'devDependencies.resolver: package.json 1.3.0, lock file 1.2.0',
			'Invalid: node_modules/resolver@1.2.0 does not satisfy resolver@1.3.0 (devDependency of package.json)',
		]);
	});

	it('reports a devDependency added to package.json only', () => {
		const { pkg, lock } = tinyProject();
		(pkg.devDependencies as Json)['playwright-core'] = '1.65.1';
		expect(lockfileProblems(pkg, lock)).toEqual([
			'devDependencies.playwright-core: package.json 1.65.1, lock file (none)',
			'Missing: playwright-core@1.65.1 (devDependency of package.json) from lock file',
		]);
	});

	it('reports a locked version outside the range and a required peer that is missing', () => {
		const { pkg, lock } = tinyProject();
		lock.packages['node_modules/tool/node_modules/helper'].version = '4.0.0';
		lock.packages['node_modules/tool'].peerDependenciesMeta = {};
		expect(lockfileProblems(pkg, lock)).toEqual([
			'Invalid: node_modules/tool/node_modules/helper@4.0.0 does not satisfy helper@^3.0.0 (dependency of node_modules/tool)',
			'Missing: host@* (peer dependency of node_modules/tool) from lock file',
		]);
	});

	it('reports a version bumped in package.json only', () => {
		const { pkg, lock } = tinyProject();
		pkg.version = '1.1.0';
		expect(lockfileProblems(pkg, lock)).toEqual(['version: package.json 1.1.0, lock file 1.0.0']);
	});
});

describe("this repository's lockfile", () => {
	it('is in sync with package.json, every platform package included', () => {
		expect(lockfileProblems(readJson('package.json'), readJson('package-lock.json'))).toEqual([]);
	});

	it('is accepted by npm ci (--dry-run --offline, in a temp copy)', () => {
		const ci = npmCiDryRun(ROOT);
		expect(ci.errors).toEqual([]);
		expect(ci.ok).toBe(true);
	});

	it('fails once a platform package is dropped: our check always, npm ci from npm 11 on', () => {
		const lock = readJson('package-lock.json');
		const dropped = Object.keys(lock.packages).find((p) => lock.packages[p].optional && lock.packages[p].os);
		expect(dropped).toBeDefined();
		delete lock.packages[dropped as string];
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-drift-'));
		try {
			fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
			fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
			const name = (dropped as string).slice('node_modules/'.length).replace(/.*\/node_modules\//, '');
			expect(lockfileProblems(readJson('package.json'), lock).some((p) => p.startsWith(`Missing: ${name}@`))).toBe(true);
			const ci = npmCiDryRun(dir);
			if (npmMajor() >= 11) {
				expect(ci.ok).toBe(false);
				expect(ci.output).toMatch(new RegExp(`Missing: ${name.replace(/[/.]/g, '\\$&')}@`));
			} else {
				// npm 10 installs such a lockfile without complaint; npm 11 users then cannot: why lockfileProblems exists.
				expect(ci.ok).toBe(true);
			}
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
