/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The suite runs Debian's Chromium and nothing in the install fetches a browser: CI reaches only the npm
 * registry and Debian's packages.
 */
import * as fs from 'fs';
import * as path from 'path';

import { launchChromium, STATE } from './browser';

const { CHROMIUM, chromiumVersion } = require('./chromium');

const REPO = path.resolve(__dirname, '..', '..');

it('installs playwright-core only (no install script, no browser package) with scripts off', () => {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	expect(pkg.devDependencies['playwright-core']).toMatch(/^\d+\.\d+\.\d+$/);
	for (const name of ['playwright', '@playwright/test', 'puppeteer', 'playwright-chromium']) expect(pkg.devDependencies[name]).toBeUndefined();
	const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8'));
	const entry = lock.packages['node_modules/playwright-core'];
	expect(entry.version).toBe(pkg.devDependencies['playwright-core']);
	expect(entry.hasInstallScript).toBeUndefined();
	expect(fs.readFileSync(path.join(REPO, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
});

it('drives /usr/bin/chromium and leaves Playwright\'s browser folder empty', async () => {
	const browser = await launchChromium();
	try {
		expect(browser.version()).toBe(chromiumVersion());
		expect(fs.existsSync(CHROMIUM)).toBe(true);
		expect(process.env.PLAYWRIGHT_BROWSERS_PATH).toBe(STATE.browsersPath);
		expect(fs.readdirSync(STATE.browsersPath)).toEqual([]);
	} finally {
		await browser.close();
	}
}, 120_000);
