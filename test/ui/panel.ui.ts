/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The node panel (node creator) as a new user meets it: search finds the package, its entry says what
 * the nodes do, lists every operation and trigger event, and the icons load in both themes.
 *
 * n8n 2.41 shows `<pkg>.kieSuno` and `<pkg>.kieSunoTrigger` as ONE entry "Kie Suno" (it merges a node
 * with the node of the same type name + "Trigger") and gives that entry the trigger's description
 * (editor-ui useActionsGeneration.ts, generateMergedNodesAndActions), so the trigger's description
 * must also describe the action node.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { docScreenshot, openEditor, withFailureScreenshot, type Editor, type Theme } from './browser';
import { canvasNodeIcon, openNewWorkflow, openNodePanel, openWorkflow, searchNodePanel, settled, type PanelItem } from './editor';
import { createWorkflow, kieNode, kieNodeTypes, manualTrigger, operationsOf, optionNames } from './n8n';

const QUERIES = ['Kie Suno', 'Kie', 'Suno'];
const ENTRY = 'Kie Suno';

let editor: Editor | undefined;
let editorTheme: Theme | undefined;
let action: INodeTypeDescription;
let trigger: INodeTypeDescription;
let workflowId: string;

const page = () => editor!.page;
const ui = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshot(() => editor?.page, name, body), 180_000);

beforeAll(async () => {
	({ action, trigger } = await kieNodeTypes());
	workflowId = await createWorkflow('UI: node panel', [manualTrigger('Start', [0, 0]), kieNode('Kie Suno', {}, [300, 0])], {
		Start: { main: [[{ node: 'Kie Suno', type: 'main', index: 0 }]] },
	});
}, 120_000);

afterAll(async () => {
	await editor?.close();
});

function expectEntry(items: PanelItem[], query: string): PanelItem {
	const names = items.map((i) => i.name);
	if (names[0] !== ENTRY) throw new Error(`searching "${query}": expected "${ENTRY}" first, the panel lists ${JSON.stringify(names.slice(0, 6))}`);
	return items[0];
}

describe('node panel, light theme', () => {
	beforeAll(async () => {
		editor = await openEditor({ theme: 'light' });
		editorTheme = 'light';
	}, 120_000);

	ui('a new workflow ("What triggers this workflow?") finds Kie Suno by "Kie", "Suno" and "Kie Suno"', async () => {
		await openNewWorkflow(page());
		await openNodePanel(page(), 'canvas-add-button');
		for (const q of QUERIES) {
			const entry = expectEntry(await searchNodePanel(page(), q), q);
			expect(entry.description).toBe(trigger.description);
		}
	});

	ui('after a node ("What happens next?") the same search finds it, described as both nodes', async () => {
		await openWorkflow(page(), workflowId);
		await openNodePanel(page(), 'node-creator-plus-button');
		await expect(page().locator('[data-test-id="nodes-list-header"]').innerText()).resolves.toMatch(/What happens next/);
		for (const q of QUERIES) {
			const entry = expectEntry(await searchNodePanel(page(), q), q);
			// the merged entry must describe the action node too, not only the trigger (issue 14)
			expect(entry.description).toContain(action.description);
			expect(entry.description).toBe(trigger.description);
		}
		expect(action.description).not.toBe(trigger.description);
		await docScreenshot(page(), 'node-panel');
	});

	ui('its entry lists every operation of Kie Suno and every event of the trigger', async () => {
		await page().locator('[data-test-id="node-creator-item-name"]', { hasText: ENTRY }).first().click();
		const headers = page().locator('[data-test-id="node-creator"] [data-test-id="node-creator-category-item"]');
		await headers.first().waitFor();
		// the entry's details repeat the (merged) description
		await expect(page().locator('[data-test-id="node-creator"]').innerText()).resolves.toContain(action.description);
		const operations = operationsOf(action);
		const events = optionNames(trigger, 'events');
		expect((await headers.allInnerTexts()).map((t) => t.trim()).sort()).toEqual(
			[`Actions (${operations.length})`, `Triggers (${events.length})`].sort(),
		);
		// the categories are collapsible (one open at a time): read each state while toggling them
		const itemNames = () => page().locator('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]').allInnerTexts();
		const names = new Set(await itemNames());
		await docScreenshot(page(), 'node-panel-actions');
		for (const h of await headers.all()) {
			await h.click();
			(await settled(itemNames, () => true, 3_000)).forEach((n) => names.add(n));
		}
		const shown = [...names].map((n) => n.trim().toLowerCase());
		for (const op of operations) {
			expect(op.action).toBeTruthy();
			if (!shown.includes(op.action!.toLowerCase())) throw new Error(`operation ${op.resource}.${op.operation}: "${op.action}" is not listed (${JSON.stringify([...names])})`);
		}
		for (const ev of events) {
			if (!shown.includes(`on ${ev.toLowerCase()}`)) throw new Error(`trigger event "${ev}" is not listed as "On ${ev}" (${JSON.stringify([...names])})`);
		}
	});
});

describe.each(['light', 'dark'] as Theme[])('icons, %s theme', (theme) => {
	const file = theme === 'dark' ? 'kie.dark.svg' : 'kie.svg';

	beforeAll(async () => {
		if (editorTheme === theme) return;
		await editor?.close();
		editor = await openEditor({ theme });
		editorTheme = theme;
	}, 120_000);

	ui(`the theme is ${theme} and the node panel shows ${file}`, async () => {
		await openWorkflow(page(), workflowId);
		expect(await page().locator('body').getAttribute('data-theme')).toBe(theme);
		await openNodePanel(page(), 'node-creator-plus-button');
		const entry = expectEntry(await searchNodePanel(page(), 'Suno'), 'Suno');
		expect(entry.icon?.src).toMatch(new RegExp(`/icons/n8n-nodes-kie-suno/dist/icons/${file.replace('.', '\\.')}$`));
		expect(entry.icon?.naturalWidth).toBeGreaterThan(0); // the SVG loaded and decoded
		if (theme === 'dark') await docScreenshot(page(), 'node-panel-dark');
	});

	ui(`the canvas node shows ${file}`, async () => {
		await page().keyboard.press('Escape');
		const icon = await canvasNodeIcon(page(), 'Kie Suno');
		expect(icon.src.endsWith(`/dist/icons/${file}`)).toBe(true);
		expect(icon.naturalWidth).toBeGreaterThan(0);
		const res = await page().request.get(icon.src);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toMatch(/image\/svg\+xml/);
	});
});
