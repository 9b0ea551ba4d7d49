'use strict';
/**
 * What the npm tarball may contain: package.json, README.md, LICENSE and dist/, where every dist/
 * file is built from nodes/ or credentials/ (tsc output, codex JSON, icons) or copied from icons/.
 * Everything n8n loads from the tarball (n8n.nodes, n8n.credentials, `main`, `file:` icons)
 * must be in it.
 *
 * CLI: `node scripts/release/packFiles.js` checks `npm pack --dry-run` of the built checkout.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const TOP_LEVEL = ['LICENSE', 'README.md', 'dist', 'package.json'];
const ICON = /\.(svg|png)$/;

/** `npm pack --dry-run --json`: the paths that would ship. */
function packedFiles(root = ROOT) {
	const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
	if (res.status !== 0) throw new Error(`npm pack --dry-run failed: ${res.stderr}`);
	return JSON.parse(res.stdout)[0].files.map((f) => f.path).sort();
}

/** The source a dist/ file is built or copied from, or null if it has none. */
function sourceOf(distPath, exists) {
	const rel = distPath.slice('dist/'.length);
	if (rel.startsWith('icons/')) return ICON.test(rel) && exists(rel) ? rel : null;
	if (!/^(nodes|credentials)\//.test(rel)) return null;
	if (ICON.test(rel) || rel.endsWith('.json')) return exists(rel) ? rel : null;
	const m = /^(.*)\.(js|js\.map|d\.ts)$/.exec(rel);
	if (!m || /\.test$|\.spec$/.test(m[1])) return null;
	return exists(`${m[1]}.ts`) ? `${m[1]}.ts` : null;
}

/** `file:` icon paths referenced by a built node or credential, resolved against its folder. */
function iconReferences(distPath, code) {
	const refs = [...code.matchAll(/['"]file:([^'"]+)['"]/g)].map((m) => m[1]);
	return refs.map((ref) => path.posix.normalize(path.posix.join(path.posix.dirname(distPath), ref)));
}

/**
 * Problems with a tarball file list (empty when it ships exactly what n8n needs).
 * @param {string[]} files packed paths
 * @param {Record<string, any>} pkg package.json
 * @param {{ exists: (repoPath: string) => boolean, read: (repoPath: string) => string }} repo
 */
function packProblems(files, pkg, repo) {
	const problems = [];
	const shipped = new Set(files);
	const top = [...new Set(files.map((f) => f.split('/')[0]))].sort();
	for (const entry of top) if (!TOP_LEVEL.includes(entry)) problems.push(`unexpected top-level entry: ${entry}`);
	for (const entry of TOP_LEVEL) if (!top.includes(entry)) problems.push(`missing top-level entry: ${entry}`);
	for (const file of files.filter((f) => f.startsWith('dist/'))) {
		if (!sourceOf(file, repo.exists)) problems.push(`dist file not built from nodes/, credentials/ or icons/: ${file}`);
	}
	const loaded = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	if (pkg.main !== undefined) loaded.push(path.posix.normalize(pkg.main));
	for (const file of loaded) if (!shipped.has(file)) problems.push(`package.json names a file that does not ship: ${file}`);
	for (const file of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
		if (!shipped.has(file) || !repo.exists(file)) continue;
		for (const icon of iconReferences(file, repo.read(file))) {
			if (!shipped.has(icon)) problems.push(`${file} references an icon that does not ship: ${icon}`);
		}
	}
	return problems;
}

function repoAt(root) {
	return {
		exists: (p) => fs.existsSync(path.join(root, p)),
		read: (p) => fs.readFileSync(path.join(root, p), 'utf8'),
	};
}

function checkPack(root = ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const files = packedFiles(root);
	return { files, problems: packProblems(files, pkg, repoAt(root)) };
}

function main() {
	if (!fs.existsSync(path.join(ROOT, 'dist'))) {
		process.stderr.write('dist/ is missing: run `npm run build` first\n');
		process.exit(1);
	}
	const { files, problems } = checkPack();
	if (problems.length) {
		process.stderr.write(`npm pack would ship the wrong files:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
		process.exit(1);
	}
	process.stdout.write(`pack: ${files.length} files, only package.json, README.md, LICENSE and dist/ built from nodes/, credentials/, icons/\n`);
}

if (require.main === module) main();

module.exports = { packedFiles, packProblems, checkPack, sourceOf, iconReferences, repoAt, TOP_LEVEL };
