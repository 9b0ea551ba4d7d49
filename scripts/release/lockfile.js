'use strict';
/**
 * Lockfile drift check: package.json and package-lock.json must agree so that `npm ci` works on a
 * fresh clone, with the npm that ships with Node 20 (10.x) and with npm 11.
 *
 * Two layers:
 * - `lockfileProblems` (pure, offline, milliseconds): the root specs in the lockfile equal
 *   package.json's, and every dependency edge of every locked package (optional platform packages
 *   and required peers included) resolves to a locked package whose version satisfies the range.
 *   A lockfile written by an npm that skipped other platforms' optional packages fails here.
 * - `npmCiDryRun`: npm's own verdict, `npm ci --dry-run --offline` in a temp copy (no node_modules,
 *   so nothing in the checkout is touched).
 *
 * CLI: `node scripts/release/lockfile.js` runs both; exit 1 on drift.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const semver = require('semver');

const ROOT = path.resolve(__dirname, '..', '..');
const SPEC_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const REGENERATE =
	'regenerate it from a clean state: rm -rf node_modules package-lock.json && npm install --ignore-scripts --no-audit --no-fund';

function sameSpecs(a = {}, b = {}) {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].filter((k) => a[k] !== b[k]).map((k) => ({ name: k, packageJson: a[k], lockfile: b[k] }));
}

/** Node's lookup from a locked package's folder: own node_modules first, then each parent's. */
function resolveLocked(packages, fromPath, name) {
	let base = fromPath;
	for (;;) {
		const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
		if (packages[candidate]) return { path: candidate, entry: packages[candidate] };
		if (!base) return null;
		const cut = base.lastIndexOf('/node_modules/');
		base = cut === -1 ? '' : base.slice(0, cut);
	}
}

/** The range a lockfile edge must satisfy; `npm:` aliases check the aliased version. */
function edgeRange(spec) {
	if (spec.startsWith('npm:')) return spec.slice(spec.lastIndexOf('@') + 1);
	return spec;
}

function edgeProblem(packages, fromPath, name, spec, kind) {
	const found = resolveLocked(packages, fromPath, name);
	const from = fromPath || 'package.json';
	if (!found || found.entry.link) {
		return found ? null : `Missing: ${name}@${spec} (${kind} of ${from}) from lock file`;
	}
	const range = edgeRange(spec);
	if (semver.validRange(range) && !semver.satisfies(found.entry.version, range, { includePrerelease: true })) {
		return `Invalid: ${found.path}@${found.entry.version} does not satisfy ${name}@${spec} (${kind} of ${from})`;
	}
	return null;
}

/**
 * Every reason `npm ci` would refuse this package.json/lockfile pair (empty when in sync).
 * @param {Record<string, any>} pkg parsed package.json
 * @param {Record<string, any>} lock parsed package-lock.json (lockfileVersion 2 or 3)
 * @returns {string[]}
 */
function lockfileProblems(pkg, lock) {
	const problems = [];
	const packages = lock.packages;
	if (!packages || !packages['']) return ['package-lock.json has no "packages" section (lockfileVersion < 2)'];
	const root = packages[''];
	if (lock.name !== pkg.name || root.name !== pkg.name) problems.push(`name: package.json ${pkg.name}, lock file ${root.name}`);
	if (lock.version !== pkg.version || root.version !== pkg.version) {
		problems.push(`version: package.json ${pkg.version}, lock file ${root.version}`);
	}
	for (const field of SPEC_FIELDS) {
		for (const d of sameSpecs(pkg[field], root[field])) {
			problems.push(`${field}.${d.name}: package.json ${d.packageJson ?? '(none)'}, lock file ${d.lockfile ?? '(none)'}`);
		}
	}
	for (const [entryPath, locked] of Object.entries(packages)) {
		if (locked.link) continue;
		// The root's edges come from package.json: that is what npm ci installs from.
		const entry = entryPath === '' ? pkg : locked;
		const optionalPeers = entry.peerDependenciesMeta ?? {};
		const edges = [
			...Object.entries(entry.dependencies ?? {}).map(([n, s]) => [n, s, 'dependency']),
			...Object.entries(entry.optionalDependencies ?? {}).map(([n, s]) => [n, s, 'optional dependency']),
			...Object.entries(entry.peerDependencies ?? {})
				.filter(([n]) => !optionalPeers[n]?.optional)
				.map(([n, s]) => [n, s, 'peer dependency']),
		];
		if (entryPath === '') edges.push(...Object.entries(entry.devDependencies ?? {}).map(([n, s]) => [n, s, 'devDependency']));
		for (const [name, spec, kind] of edges) {
			const problem = edgeProblem(packages, entryPath, name, spec, kind);
			if (problem) problems.push(problem);
		}
	}
	return problems;
}

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** `npm ci --dry-run --offline` on a copy of package.json, the lockfile and .npmrc. */
function npmCiDryRun(root = ROOT, npmArgs = []) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-lockfile-'));
	try {
		for (const f of ['package.json', 'package-lock.json', '.npmrc']) {
			if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(dir, f));
		}
		const res = spawnSync('npm', [...npmArgs, 'ci', '--dry-run', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: dir,
			encoding: 'utf8',
			timeout: 120_000,
		});
		const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
		const errors = output.split('\n').filter((l) => l.startsWith('npm error') && !/^npm error\s*$/.test(l));
		return { ok: res.status === 0, output, errors: errors.slice(0, 15) };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The major version of the npm on PATH (npm 10 tolerates missing platform packages in `npm ci`; 11 refuses). */
function npmMajor() {
	const res = spawnSync('npm', ['--version'], { encoding: 'utf8', timeout: 30_000 });
	return Number(String(res.stdout).trim().split('.')[0]);
}

function main() {
	const problems = lockfileProblems(readJson(path.join(ROOT, 'package.json')), readJson(path.join(ROOT, 'package-lock.json')));
	if (problems.length) {
		process.stderr.write(`package-lock.json is out of sync with package.json (${problems.length} problems):\n`);
		for (const p of problems.slice(0, 30)) process.stderr.write(`  ${p}\n`);
		process.stderr.write(`Fix: run \`npm install\`; if optional platform packages are missing, ${REGENERATE}\n`);
		process.exit(1);
	}
	const ci = npmCiDryRun();
	if (!ci.ok) {
		process.stderr.write(`npm ci --dry-run --offline refuses the lockfile:\n${ci.errors.join('\n')}\nFix: ${REGENERATE}\n`);
		process.exit(1);
	}
	process.stdout.write('lockfile: package.json and package-lock.json are in sync (npm ci --dry-run ok)\n');
}

if (require.main === module) main();

module.exports = { lockfileProblems, npmCiDryRun, npmMajor, resolveLocked, REGENERATE };
