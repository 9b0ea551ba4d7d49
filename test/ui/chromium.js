'use strict';
/**
 * Debian's Chromium for the browser suite. `node test/ui/chromium.js` (first step of `npm run test:ui`)
 * installs it with apt-get when /usr/bin/chromium is missing: the npm registry and Debian's packages are
 * all CI can reach, so Playwright's own browser download is never used.
 */
const fs = require('fs');
const { spawnSync } = require('child_process');

const CHROMIUM = '/usr/bin/chromium';

// Headless, no sandbox (root in CI), nothing that calls home.
const LAUNCH_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function run(cmd, args) {
	process.stdout.write(`[ui] $ ${cmd} ${args.join(' ')}\n`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 15 * 60_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	return r.status === 0;
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(`${CHROMIUM} is missing; install Debian's chromium package (sudo apt-get install -y chromium)`);
	}
	// A fresh machine may have no package lists yet: update once, then retry.
	if (!run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])) {
		if (!run('apt-get', ['update']) || !run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])) {
			throw new Error('apt-get install chromium failed');
		}
	}
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
}

function chromiumVersion() {
	const r = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30_000 });
	const m = /(\d+\.\d+\.\d+\.\d+)/.exec(r.stdout || '');
	return m ? m[1] : '';
}

if (require.main === module) {
	ensureChromium();
	process.stdout.write(`[ui] ${CHROMIUM} ${chromiumVersion() || '(version unknown)'}\n`);
}

module.exports = { CHROMIUM, LAUNCH_ARGS, ensureChromium, chromiumVersion };
