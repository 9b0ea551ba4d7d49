'use strict';
/**
 * `npm run scan`: the lint step of n8n's package scanner (`@n8n/scan-community-package`), run
 * locally before publishing. The real scanner only runs on a published package with npm
 * provenance: it lints the attested GitHub source (package.json + {nodes,credentials}/**) and the
 * tarball's **\/*.js + package.json with its own config (community-nodes 0.29 recommended,
 * no-console, n8n-nodes-base rules) and `allowInlineConfig: false`, so eslint-disable comments
 * do not count. We call the scanner's own `analyzePackage` on both legs:
 * - source: this checkout (with a clean tree it is the commit the tag will point at);
 * - tarball: `npm pack` of the built checkout, extracted to a temp dir.
 * Needs `npm run build` first. Offline.
 *
 * Usage: node scripts/release/scan.js [package root]   (default: this repository)
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');

async function loadScanner() {
	// eslint-plugin-n8n-nodes-base reads NODE_ENV when loaded: under "test" (jest sets it) its
	// file-name rules check a test file name instead and fail every real node.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	// The scanner makes a temp dir when loaded; have its `tmp` remove it when we exit.
	const scannerDir = path.dirname(require.resolve('@n8n/scan-community-package/package.json'));
	require(require.resolve('tmp', { paths: [scannerDir] })).setGracefulCleanup();
	return import('@n8n/scan-community-package/scanner/scanner.mjs');
}

/** `npm pack` into a temp dir and extract it; returns { dir, cleanup }. */
function packAndExtract(root = ROOT) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-scan-'));
	const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
	try {
		const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root, encoding: 'utf8', timeout: 60_000 });
		if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
		const tarball = path.join(tmp, JSON.parse(pack.stdout)[0].filename);
		const dir = path.join(tmp, 'package');
		fs.mkdirSync(dir);
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
		return { dir, cleanup };
	} catch (error) {
		cleanup();
		throw error;
	}
}

/** Both scanner legs; `passed` is the scanner's verdict (errors fail, warnings do not). */
async function scan(root = ROOT) {
	const scanner = await loadScanner();
	const source = await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS);
	const packed = packAndExtract(root);
	try {
		const tarball = await scanner.analyzePackage(packed.dir, ['**/*.js', 'package.json']);
		return { passed: source.passed && tarball.passed, source, tarball };
	} finally {
		packed.cleanup();
	}
}

async function main() {
	const root = path.resolve(process.argv[2] ?? ROOT);
	if (!fs.existsSync(path.join(root, 'dist'))) {
		process.stderr.write('dist/ is missing: run `npm run build` first\n');
		process.exit(1);
	}
	const result = await scan(root);
	for (const [leg, r] of [['source (package.json, nodes/, credentials/)', result.source], ['tarball (**/*.js, package.json)', result.tarball]]) {
		process.stdout.write(`scanner lint, ${leg}: ${r.passed ? 'passed' : `FAILED: ${r.message}`}\n`);
		if (r.details) process.stdout.write(`${r.details}\n`);
	}
	if (!result.passed) process.exit(1);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	});
}

module.exports = { scan, packAndExtract, loadScanner };
