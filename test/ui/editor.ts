/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Page helpers for n8n's editor (2.41), built on its data-test-id attributes: canvas-node[data-node-name]
 * (+ [data-canvas-node-render-type] for name and subtitle), canvas-add-button, node-creator-plus-button,
 * node-creator, node-creator-search-bar, node-creator-node-item / -action-item, node-creator-item-name /
 * -description, ndv-close-button, node-parameters, parameter-item (+ label[for] = parameter name),
 * parameter-input-<name>, parameter-input-item (dropdown options), collection-parameter-add.
 */
import type { Page } from 'playwright-core';

import { EDITOR_LOAD_MS, STATE, UI_STEP_MS } from './browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until two reads 150 ms apart agree and `ready` holds (bounded by timeoutMs). */
export async function settled<T>(read: () => Promise<T>, ready: (v: T) => boolean, timeoutMs = UI_STEP_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last = await read();
	for (let i = 0; i < 400 && Date.now() < deadline; i++) {
		await sleep(150);
		const next = await read();
		if (JSON.stringify(next) === JSON.stringify(last) && ready(next)) return next;
		last = next;
	}
	return last;
}

export async function openWorkflow(page: Page, id: string): Promise<void> {
	await page.goto(`${STATE.url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: EDITOR_LOAD_MS });
}

export async function openNewWorkflow(page: Page): Promise<void> {
	await page.goto(`${STATE.url}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-test-id="canvas-add-button"]').waitFor({ timeout: EDITOR_LOAD_MS });
}

// ---------------------------------------------------------------------------------------------
// node panel (node creator)

export interface PanelItem {
	kind: string;
	name: string;
	description: string;
	icon: { src: string; naturalWidth: number } | null;
}

export async function openNodePanel(page: Page, via: 'canvas-add-button' | 'node-creator-plus-button'): Promise<void> {
	await page.locator(`[data-test-id="${via}"]`).click();
	await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
}

async function readPanel(page: Page): Promise<PanelItem[]> {
	return page.$$eval('[data-test-id="node-creator"] [data-test-id$="-item"]', (els) =>
		els
			.filter((e) => ['node-creator-node-item', 'node-creator-action-item'].includes(e.getAttribute('data-test-id') ?? ''))
			.map((e) => {
				const img = e.querySelector('img');
				const text = (id: string) => (e.querySelector(`[data-test-id="${id}"]`) as any)?.innerText.trim() ?? '';
				return {
					kind: e.getAttribute('data-test-id') ?? '',
					name: text('node-creator-item-name'),
					description: text('node-creator-item-description'),
					icon: img ? { src: img.src, naturalWidth: img.naturalWidth } : null,
				};
			}),
	);
}

/** Types into the panel's search bar and returns the listed nodes once the list has changed and is stable. */
export async function searchNodePanel(page: Page, query: string): Promise<PanelItem[]> {
	const before = JSON.stringify((await readPanel(page)).map((i) => i.name));
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(query);
	return settled(
		() => readPanel(page),
		(items) => JSON.stringify(items.map((i) => i.name)) !== before && items.every((i) => !i.icon || i.icon.naturalWidth > 0),
	);
}

// ---------------------------------------------------------------------------------------------
// canvas and node details view (NDV)

/** The node's name and subtitle as the canvas prints them under its icon. */
export async function canvasNodeLines(page: Page, nodeName: string): Promise<string[]> {
	const text = await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"] [data-canvas-node-render-type]`).innerText();
	return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

export async function canvasNodeIcon(page: Page, nodeName: string): Promise<{ src: string; naturalWidth: number }> {
	const img = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"] img`).first();
	await img.waitFor();
	await page.waitForFunction((el: any) => el.complete, await img.elementHandle(), { timeout: UI_STEP_MS });
	return img.evaluate((e: any) => ({ src: e.src as string, naturalWidth: e.naturalWidth as number }));
}

export async function openNdv(page: Page, nodeName: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	await page.locator('[data-test-id="node-parameters"]').first().waitFor();
}

export async function closeNdv(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.locator('[data-test-id="node-parameters"]').first().waitFor({ state: 'detached' });
}

/** Option headlines of an options parameter's dropdown (closes it again). */
export async function dropdownOptions(page: Page, parameter: string): Promise<string[]> {
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
	const options = page.locator('[data-test-id="parameter-input-item"]:visible .option-headline');
	await options.first().waitFor();
	// n8n's own "Custom API Call" can render before the node's options
	const names = await settled(
		async () => (await options.allInnerTexts()).map((s) => s.trim()),
		(n) => n.some((x) => x !== 'Custom API Call'),
	);
	await page.keyboard.press('Escape');
	return names;
}

/** Picks an option of an options parameter the way a user does (open the dropdown, click the option). */
export async function selectOption(page: Page, parameter: string, optionName: string): Promise<void> {
	const input = page.locator(`[data-test-id="parameter-input-${parameter}"] input`).first();
	if ((await input.inputValue()) === optionName) return;
	await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
	await page.locator('[data-test-id="parameter-input-item"]:visible', { has: page.getByText(optionName, { exact: true }) }).first().click();
	await page.waitForFunction(
		([p, v]) => (globalThis as any).document.querySelector(`[data-test-id="parameter-input-${p}"] input`)?.value === v,
		[parameter, optionName],
		{ timeout: UI_STEP_MS },
	);
}

/** A field as the parameter panel shows it: a string for text/options, a boolean for switches, a list for multi-selects and collections. */
export type ShownValue = string | boolean | string[];
export interface ShownField {
	name: string;
	value: ShownValue;
}

/** The visible top-level parameters of the open NDV, in panel order (the credential slot and notices left out). */
export async function readParameters(page: Page): Promise<ShownField[]> {
	return page.$$eval('[data-test-id="node-parameters"] [data-test-id="parameter-item"]', (els) =>
		els
			.filter((el) => el.getClientRects().length > 0)
			.filter((el) => !el.parentElement?.closest('[data-test-id="parameter-item"]'))
			// the credential slot has no label[for] (it may share its container with the first parameter)
			.filter((el) => el.querySelector('label[for]'))
			.map((el) => {
				const name = el.querySelector('label[for]')!.getAttribute('for') ?? '?';
				if (el.querySelector('[data-test-id="collection-parameter-add"], [data-test-id="fixed-collection-add"]')) {
					// a collection shows the options set so far (none by default)
					const nested = Array.from(el.querySelectorAll(':scope [data-test-id="parameter-item"] label[for]'));
					return { name, value: nested.map((l: any) => (l.getAttribute('for') ?? '') as string) };
				}
				const box = el.querySelector(`[data-test-id="parameter-input-${name}"]`) ?? el;
				const sw = box.querySelector('input[role="switch"]');
				if (sw) return { name, value: sw.getAttribute('aria-checked') === 'true' };
				const tags = Array.from(box.querySelectorAll('.el-select__tags-text, .el-tag__content'));
				if (tags.length) return { name, value: tags.map((t: any) => t.innerText.trim() as string) };
				const field: any = box.querySelector('textarea, input:not([type="hidden"])');
				if (field) return { name, value: field.value };
				const code: any = box.querySelector('.cm-content');
				return { name, value: code ? code.innerText.trim() : '' };
			}),
	);
}
