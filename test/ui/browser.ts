/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any, @n8n/community-nodes/require-node-api-error */
/**
 * Headless Debian Chromium (playwright-core) logged in to the n8n started by test/ui/harness.js.
 * Every request the page makes to a host other than the loopback n8n is aborted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const { CHROMIUM, LAUNCH_ARGS } = require('./chromium');

export interface UiState {
	version: string;
	url: string;
	apiKey: string;
	owner: { email: string; password: string };
	packageVersion: string;
	runDir: string;
	screenshotDir: string;
	failureDir: string;
	browsersPath: string;
	profileDir: string;
	logPath: string;
}

export function loadState(): UiState {
	const p = process.env.KIE_UI_STATE;
	if (!p || !fs.existsSync(p)) throw new Error('KIE_UI_STATE is not set: run these tests with `npm run test:ui`');
	return JSON.parse(fs.readFileSync(p, 'utf8')) as UiState;
}

export const STATE = loadState();

/** Bounded waits for the editor (the first load parses a large bundle). */
export const EDITOR_LOAD_MS = 60_000;
export const UI_STEP_MS = 15_000;

export type Theme = 'light' | 'dark';

export interface Editor {
	context: BrowserContext;
	page: Page;
	/** Requests the page tried to send off the loopback (aborted). */
	blocked: string[];
	close(): Promise<void>;
}

function isLoopback(url: string): boolean {
	try {
		const { protocol, hostname } = new URL(url);
		if (protocol === 'data:' || protocol === 'blob:') return true;
		return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
	} catch {
		return false;
	}
}

/** Launches Chromium as the harness does for every test file. */
export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS, timeout: 60_000 });
}

/**
 * Opens Chromium on the run's profile (its HTTP cache spares the later files the editor's large bundle),
 * signs in through n8n's sign-in page and sets the theme (n8n keeps it in localStorage N8N_THEME).
 */
export async function openEditor({ theme = 'light' }: { theme?: Theme } = {}): Promise<Editor> {
	const context = await chromium.launchPersistentContext(STATE.profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: LAUNCH_ARGS,
		timeout: 60_000,
		viewport: { width: 1440, height: 900 },
		deviceScaleFactor: 1,
		locale: 'en-US',
	});
	await context.clearCookies(); // always sign in through the page
	const blocked: string[] = [];
	await context.route(
		(url) => !isLoopback(url.href),
		(route) => {
			blocked.push(route.request().url());
			return route.abort();
		},
	);
	await context.addInitScript((t) => (globalThis as any).localStorage.setItem('N8N_THEME', t), theme);
	context.setDefaultTimeout(UI_STEP_MS);
	context.setDefaultNavigationTimeout(EDITOR_LOAD_MS);
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${STATE.url}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="emailOrLdapLoginId"] input, input[data-test-id="emailOrLdapLoginId"]').first().fill(STATE.owner.email, { timeout: EDITOR_LOAD_MS });
	await page.locator('[data-test-id="password"] input, input[data-test-id="password"]').first().fill(STATE.owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: EDITOR_LOAD_MS });
	return { context, page, blocked, close: () => context.close() };
}

function fileName(name: string): string {
	return `${name.replace(/[^a-z0-9.-]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
}

/** Saves a screenshot for the docs into the run folder (copied to docs/images with UI_UPDATE_SCREENSHOTS=1). */
export async function docScreenshot(page: Page, name: string): Promise<string> {
	const file = path.join(STATE.screenshotDir, fileName(name));
	// no hover or focus highlight in the picture
	await page.mouse.move(0, 899);
	await page.evaluate(() => (globalThis as any).document.activeElement?.blur?.());
	await page.waitForTimeout(300);
	await page.screenshot({ path: file });
	return file;
}

/** Runs a test body; on failure saves a screenshot of the page into the run's failures folder. */
export async function withFailureScreenshot(page: () => Page | undefined, name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
	} catch (e) {
		const p = page();
		if (p && !p.isClosed()) {
			const file = path.join(STATE.failureDir, fileName(name));
			await p.screenshot({ path: file, fullPage: true }).catch(() => undefined);
			(e as Error).message += `\n(screenshot: ${file}; n8n log: ${STATE.logPath})`;
		}
		throw e;
	}
}
