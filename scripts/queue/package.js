'use strict';
/**
 * The package under test for the queue-mode suite: always this checkout's build. One tarball is
 * packed right after the build and installed into every process (and the single n8n), so other
 * engineers rebuilding dist/ later cannot mix builds into one run. A dist/ older than its sources
 * (QUEUE_SKIP_BUILD=1 after an edit) is refused instead of installed. Plain CommonJS.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const { packPackage, untar } = require('../n8n/instance');
const { log } = require('./system');

const SOURCES = ['nodes', 'credentials', 'package.json', 'tsconfig.json'];

function walk(p, out) {
	if (!fs.existsSync(p)) return out;
	const st = fs.statSync(p);
	if (st.isDirectory()) for (const f of fs.readdirSync(p)) walk(path.join(p, f), out);
	else out.push({ file: p, mtimeMs: st.mtimeMs });
	return out;
}

/** Sources newer than the oldest built entry file of package.json's n8n section, newest first. */
function staleSources(repoDir, pkg) {
	const entries = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])].map((f) => path.join(repoDir, f));
	const missing = entries.filter((f) => !fs.existsSync(f));
	if (missing.length) return { missing: missing.map((f) => path.relative(repoDir, f)), newer: [] };
	const builtAt = Math.min(...entries.map((f) => fs.statSync(f).mtimeMs));
	const newer = SOURCES.flatMap((s) => walk(path.join(repoDir, s), []))
		.filter((s) => s.mtimeMs > builtAt + 1000)
		.sort((a, b) => b.mtimeMs - a.mtimeMs)
		.map((s) => path.relative(repoDir, s.file));
	return { missing: [], newer, builtAt };
}

function git(repoDir, args) {
	const r = spawnSync('git', args, { cwd: repoDir, encoding: 'utf8', timeout: 30_000 });
	return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * Builds (unless `build` is false), checks dist/ is current, packs once into `runDir`, and checks
 * the tarball is this tree's package (name, version, every n8n entry file). Returns what the
 * report names: { tarball, name, version, sha256, commit, dirty, builtAt, files }.
 */
function preparePackage({ repoDir, runDir, build }) {
	if (build) {
		log('npm run build');
		const r = spawnSync('npm', ['run', 'build'], { cwd: repoDir, stdio: 'inherit', timeout: 10 * 60_000 });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	const stale = staleSources(repoDir, pkg);
	if (stale.missing.length) throw new Error(`${stale.missing.join(', ')} not built: run npm run build (or drop QUEUE_SKIP_BUILD)`);
	if (stale.newer.length) throw new Error(`dist/ is older than ${stale.newer.slice(0, 3).join(', ')}${stale.newer.length > 3 ? ` and ${stale.newer.length - 3} more` : ''}: run npm run build (or drop QUEUE_SKIP_BUILD)`);
	const tarball = packPackage(repoDir, { packDir: runDir });
	const bytes = fs.readFileSync(tarball);
	const files = new Map();
	untar(zlib.gunzipSync(bytes), (name, data) => files.set(name.replace(/^package\//, ''), data));
	const packed = JSON.parse((files.get('package.json') || '{}').toString('utf8'));
	const entries = [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])];
	const absent = entries.filter((f) => !files.has(f));
	if (packed.name !== pkg.name || packed.version !== pkg.version || absent.length) {
		throw new Error(`the packed package is not this tree's build (packed ${packed.name} ${packed.version}, tree ${pkg.name} ${pkg.version}; missing ${absent.join(', ') || 'nothing'}); was dist/ rebuilt meanwhile?`);
	}
	const status = git(repoDir, ['status', '--porcelain', '--', ...SOURCES]);
	const info = {
		tarball,
		name: pkg.name,
		version: pkg.version,
		sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
		commit: git(repoDir, ['rev-parse', '--short', 'HEAD']),
		dirty: status !== '',
		builtAt: new Date(stale.builtAt).toISOString(),
		files: files.size,
	};
	log(`package ${info.name} ${info.version} from ${repoDir} (commit ${info.commit || '?'}${info.dirty ? ' + uncommitted product changes' : ''}, built ${info.builtAt}), ${info.files} files, sha256 ${info.sha256.slice(0, 12)}`);
	return info;
}

module.exports = { preparePackage, staleSources };
