'use strict';
/**
 * Browser (editor) suite harness, used by jest's globalSetup / globalTeardown (plain CommonJS).
 *
 * Builds the package, starts one real n8n (default 2.41.1, env UI_N8N_VERSION) on random loopback
 * ports with the package installed as a community package, creates the owner (the tests log in
 * through the sign-in page) and a public-API key. The Kie SANDBOX is started by the test files that
 * need it. State goes to a JSON file named by process.env.KIE_UI_STATE.
 *
 * Playwright must never fetch a browser: PLAYWRIGHT_BROWSERS_PATH points to an empty folder that
 * teardown checks is still empty, and the tests launch Debian's /usr/bin/chromium.
 *
 * Env: UI_N8N_VERSION, UI_SKIP_BUILD=1 (use the existing dist/), UI_KEEP_RUN_DIR=1, KIE_SUNO_CACHE,
 *      UI_UPDATE_SCREENSHOTS=1 (copy the run's screenshots into docs/images).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const install = require('../../scripts/n8n/install');
const { startN8n, installPackage, N8nClient, DEFAULT_OWNER, getFreePorts } = require('../../scripts/n8n/instance');
const { pruneOldRuns } = require('../../scripts/n8n/processes');
const { CHROMIUM } = require('./chromium');

function log(msg) {
	process.stdout.write(`[ui] ${msg}\n`);
}

async function setup() {
	const t0 = Date.now();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run test:ui\` (it installs Debian's chromium)`);
	const version = process.env.UI_N8N_VERSION || '2.41.1';
	if (!process.env.UI_SKIP_BUILD) {
		log('npm run build');
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', timeout: 10 * 60_000 });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	const nodeBin = await install.ensureNode24();
	await install.ensureN8n(version, { nodeBin });

	const root = path.join(install.cacheRoot(), 'ui');
	pruneOldRuns(root);
	const runDir = path.join(root, `run-${process.pid}`);
	fs.rmSync(runDir, { recursive: true, force: true });
	const browsersPath = path.join(runDir, 'playwright-browsers-must-stay-empty');
	const screenshotDir = path.join(runDir, 'screenshots');
	for (const d of [browsersPath, screenshotDir, path.join(runDir, 'failures')]) fs.mkdirSync(d, { recursive: true });
	process.env.PLAYWRIGHT_BROWSERS_PATH = browsersPath;
	process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

	const userFolder = path.join(runDir, `n8n-${version}`);
	const pkg = await installPackage(userFolder, REPO);
	const [port, brokerPort] = await getFreePorts(2);
	const n8n = await startN8n({ version, userFolder, port, brokerPort, nodeBin, logPath: path.join(userFolder, 'n8n.log') });
	globalThis.__KIE_UI__ = { n8n, runDir, browsersPath };
	const client = new N8nClient(n8n.url, { version, browserId: 'kie-ui-harness' });
	try {
		await client.setupOwner(DEFAULT_OWNER);
		await client.createApiKey(`kie-ui-${Date.now()}`);
	} catch (e) {
		// jest skips globalTeardown when globalSetup fails: stop n8n here
		await n8n.stop().catch(() => {});
		globalThis.__KIE_UI__ = undefined;
		throw e;
	}

	const state = {
		version,
		url: n8n.url,
		apiKey: client.apiKey,
		owner: DEFAULT_OWNER,
		packageVersion: pkg.version,
		runDir,
		screenshotDir,
		failureDir: path.join(runDir, 'failures'),
		browsersPath,
		profileDir: path.join(runDir, 'chromium-profile'),
		logPath: n8n.logPath,
	};
	const statePath = path.join(runDir, 'state.json');
	fs.writeFileSync(statePath, JSON.stringify(state, null, 2) + '\n');
	process.env.KIE_UI_STATE = statePath;
	log(`n8n ${version} on ${n8n.url} (start ${(n8n.startMs / 1000).toFixed(1)} s, log ${n8n.logPath})`);
	log(`setup done in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${screenshotDir}`);
}

/** Copies every screenshot of the run to docs/images/ (overwriting the previous ones). */
function updateDocsScreenshots(screenshotDir) {
	const dest = path.join(REPO, 'docs', 'images');
	fs.mkdirSync(dest, { recursive: true });
	const files = fs.readdirSync(screenshotDir).filter((f) => f.endsWith('.png'));
	for (const f of files) fs.copyFileSync(path.join(screenshotDir, f), path.join(dest, f));
	log(`copied ${files.length} screenshots to ${dest}`);
}

async function teardown() {
	const g = globalThis.__KIE_UI__;
	if (!g) return;
	globalThis.__KIE_UI__ = undefined;
	await g.n8n.stop().catch((e) => log(`stop n8n: ${e.message}`));
	if (process.env.UI_UPDATE_SCREENSHOTS) updateDocsScreenshots(path.join(g.runDir, 'screenshots'));
	const downloaded = fs.readdirSync(g.browsersPath);
	if (!process.env.UI_KEEP_RUN_DIR) {
		// keep the screenshots, failures and n8n's log; the next run prunes the folder
		for (const d of [path.join(g.n8n.userFolder, '.n8n'), path.join(g.n8n.userFolder, '.cache'), path.join(g.runDir, 'chromium-profile')]) {
			fs.rmSync(d, { recursive: true, force: true });
		}
	}
	if (downloaded.length) throw new Error(`something downloaded a browser into ${g.browsersPath}: ${downloaded.join(', ')}`);
}

module.exports = { setup, teardown };
