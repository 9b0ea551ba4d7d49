'use strict';
/**
 * `npm run release`: every check a version must pass before its tag is pushed. It never publishes:
 * pushing the tag runs .github/workflows/publish.yml, which publishes with provenance.
 *
 * Default: clean git tree → CHANGELOG has a dated entry for package.json's version → the tag does
 * not exist yet → fresh clone of HEAD in a temp dir → `npm ci` → `npm test` (build, lint, typecheck,
 * jest) → lockfile sync → pack file list → n8n scanner lint → workflows → prints the tag commands.
 *
 * Options:
 *   --in-place    check this checkout instead of a fresh clone (no `npm ci`)
 *   --skip-test   do not run `npm test` (the caller just did; builds if dist/ is missing)
 *   --tag <tag>   the tag being published must equal the version (publish workflow)
 *   --check       CI mode: --in-place, dirty tree allowed, version bookkeeping reported, not failed
 *   --dry-run     print the steps, run nothing
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const { changelogProblems } = require('./changelog');

const ROOT = path.resolve(__dirname, '..', '..');

/** A check module from the workspace: the clone's committed code and its node_modules. */
function workspaceModule(ctx, name) {
	return require(path.join(ctx.work, 'scripts', 'release', name));
}

function parseArgs(argv) {
	const opts = { inPlace: false, skipTest: false, tag: null, check: false, dryRun: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--in-place') opts.inPlace = true;
		else if (a === '--skip-test') opts.skipTest = true;
		else if (a === '--check') opts.check = opts.inPlace = true;
		else if (a === '--dry-run') opts.dryRun = true;
		else if (a === '--tag') opts.tag = argv[++i] ?? '';
		else if (a.startsWith('--tag=')) opts.tag = a.slice('--tag='.length);
		else throw new Error(`unknown option ${a}`);
	}
	if (opts.tag === '') throw new Error('--tag needs a value');
	return opts;
}

function sh(cmd, args, cwd, { quiet = false } = {}) {
	const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
	if (res.status !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed${quiet ? `:\n${res.stderr}` : ''}`);
	return (res.stdout ?? '').trim();
}

function fail(problems) {
	if (problems.length) throw new Error(problems.join('\n'));
}

/** The ordered steps for these options; each `run(ctx)` throws on failure. */
function releaseSteps(opts) {
	const steps = [];
	const bookkeeping = (problems) => (opts.check ? problems.forEach((p) => console.log(`  not releasable yet: ${p}`)) : fail(problems));
	if (!opts.check) {
		steps.push({ name: 'git: clean working tree', run: (ctx) => fail(sh('git', ['status', '--porcelain'], ctx.root, { quiet: true }) ? ['commit or remove your changes first (git status)'] : []) });
	}
	steps.push({
		name: 'version: CHANGELOG.md entry',
		run: (ctx) => bookkeeping(changelogProblems(fs.readFileSync(path.join(ctx.root, 'CHANGELOG.md'), 'utf8'), ctx.version)),
	});
	if (opts.tag !== null) {
		steps.push({ name: `tag: ${opts.tag} = package.json version`, run: (ctx) => fail(opts.tag === ctx.version ? [] : [`tag ${opts.tag} is not the package.json version ${ctx.version}`]) });
	} else if (!opts.check) {
		steps.push({ name: 'tag: not created yet', run: (ctx) => fail(sh('git', ['tag', '--list', ctx.version], ctx.root, { quiet: true }) ? [`tag ${ctx.version} already exists`] : []) });
	}
	if (!opts.inPlace) {
		steps.push({
			name: 'workspace: fresh clone of HEAD + npm ci',
			run: (ctx) => {
				ctx.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-release-'));
				ctx.work = path.join(ctx.tmp, 'repo');
				sh('git', ['clone', '--quiet', '--no-hardlinks', ctx.root, ctx.work], ctx.root);
				sh('npm', ['ci', '--no-audit', '--no-fund'], ctx.work);
			},
		});
	}
	if (!opts.skipTest) steps.push({ name: 'npm test (build, lint, typecheck, jest)', run: (ctx) => sh('npm', ['test'], ctx.work) });
	else steps.push({ name: 'build (if dist/ is missing)', run: (ctx) => fs.existsSync(path.join(ctx.work, 'dist')) || sh('npm', ['run', 'build'], ctx.work) });
	steps.push({
		name: 'lockfile: in sync, npm ci --dry-run',
		run: (ctx) => {
			const { lockfileProblems, npmCiDryRun } = workspaceModule(ctx, 'lockfile.js');
			const read = (f) => JSON.parse(fs.readFileSync(path.join(ctx.work, f), 'utf8'));
			fail(lockfileProblems(read('package.json'), read('package-lock.json')));
			const ci = npmCiDryRun(ctx.work);
			fail(ci.ok ? [] : ci.errors);
		},
	});
	steps.push({ name: 'pack: file list', run: (ctx) => fail(workspaceModule(ctx, 'packFiles.js').checkPack(ctx.work).problems) });
	steps.push({
		name: 'scan: n8n scanner lint on source and tarball',
		run: async (ctx) => {
			const { scan } = workspaceModule(ctx, 'scan.js');
			const r = await scan(ctx.work);
			fail(r.passed ? [] : [r.source.details ?? r.source.message, r.tarball.details ?? r.tarball.message].filter(Boolean));
		},
	});
	steps.push({ name: 'workflows: schema and shape', run: (ctx) => fail(workspaceModule(ctx, 'workflows.js').workflowProblems(ctx.work)) });
	return steps;
}

/**
 * Runs the steps; throws at the first failure. The temp clone (if any) is left in ctx.tmp for
 * `removeWorkspace`, so the verdict is printed before the slow delete of its node_modules.
 */
async function release(opts, root = ROOT, ctx = {}) {
	const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
	Object.assign(ctx, { root, work: root, version, tmp: null });
	const steps = releaseSteps(opts);
	for (const [i, step] of steps.entries()) {
		console.log(`[${i + 1}/${steps.length}] ${step.name}`);
		if (!opts.dryRun) await step.run(ctx);
	}
	return version;
}

function removeWorkspace(ctx) {
	if (ctx.tmp) fs.rmSync(ctx.tmp, { recursive: true, force: true });
}

async function main() {
	const ctx = {};
	try {
		const opts = parseArgs(process.argv.slice(2));
		const version = await release(opts, ROOT, ctx);
		if (opts.dryRun) console.log('dry run: nothing was checked');
		else if (opts.check || opts.tag !== null) console.log(`release checks passed for ${version}`);
		else console.log(`\n${version} is ready. Push the tag; the Publish workflow publishes it with provenance:\n\n  git tag -a ${version} -m "${version}"\n  git push origin ${version}\n`);
	} catch (error) {
		console.error(`release: ${error.message}`);
		process.exitCode = 1;
	} finally {
		if (ctx.tmp) console.log(`removing the temp clone ${ctx.tmp}`);
		removeWorkspace(ctx);
	}
}

if (require.main === module) main();

module.exports = { parseArgs, releaseSteps, release, removeWorkspace };
