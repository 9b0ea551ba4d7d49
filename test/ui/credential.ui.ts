/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The Kie API credential dialog, opened from the Kie Suno node as a user does ("Connect to Kie"):
 * its four fields with their defaults, and n8n's connection test against the local Kie SANDBOX, counted
 * on the sandbox so a green banner without a request (or with the wrong key) cannot pass.
 */
import type { Locator } from 'playwright-core';

import { docScreenshot, openEditor, withFailureScreenshot, UI_STEP_MS, type Editor } from './browser';
import { openNdv, openWorkflow, settled } from './editor';
import { createWorkflow, kieNode, manualTrigger } from './n8n';
import type { KieSandbox } from '../sandbox/kieSandbox';

const { startKieSandbox } = require('../sandbox/kieSandbox.js');

const NODE = 'Kie Suno';
const GOOD_KEY = 'ui-sandbox-key';
const CREDIT_PATH = '/api/v1/chat/credit';
// n8n adds its own "Allowed HTTP Request Domains" field to credentials the HTTP Request node can use
const N8N_FIELDS = ['allowedHttpRequestDomains'];

let editor: Editor | undefined;
let sandbox: KieSandbox;
let modal: Locator;

const page = () => editor!.page;
const ui = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshot(() => editor?.page, name, body), 180_000);

/** Credit requests the sandbox received with this bearer key. */
const creditHits = (key: string) =>
	sandbox.requests.filter((r) => r.path === CREDIT_PATH && r.headers.authorization === `Bearer ${key}`).length;

beforeAll(async () => {
	sandbox = await startKieSandbox({ host: '127.0.0.1', port: 0, apiKeys: [GOOD_KEY] });
	const id = await createWorkflow('UI: credential', [manualTrigger('Start', [0, 0]), kieNode(NODE, {}, [300, 0])], {
		Start: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
	});
	editor = await openEditor();
	await openWorkflow(page(), id);
	await openNdv(page(), NODE);
	modal = page().locator('[data-test-id="editCredential-modal"]');
}, 180_000);

afterAll(async () => {
	await editor?.close();
	await sandbox?.close();
});

async function field(name: string): Promise<{ value: string; type: string }> {
	const input = modal.locator(`[data-test-id="parameter-input-${name}"] input`).first();
	return { value: await input.inputValue(), type: (await input.getAttribute('type')) ?? '' };
}

async function fill(name: string, value: string): Promise<void> {
	await modal.locator(`[data-test-id="parameter-input-${name}"] input`).first().fill(value);
}

async function saveAndWaitForTest(key: string): Promise<number> {
	const before = creditHits(key);
	await modal.locator('[data-test-id="credential-save-button"]').click();
	return settled(async () => creditHits(key) - before, (n) => n > 0, UI_STEP_MS);
}

const success = () => modal.locator('[data-test-id="credentials-config-container-test-success"]');

ui('"Connect to Kie" opens the Kie API credential with its four fields and their defaults', async () => {
	// with no Kie API credential yet, n8n 2.41 offers a "Connect to …" button instead of the credential dropdown
	const connect = page().locator('[data-test-id="node-credentials-slot"]').getByRole('button', { name: /Connect to/ });
	if (await connect.count()) await connect.click();
	else {
		await page().locator('[data-test-id="node-credentials-select"]').click();
		await page().locator('[data-test-id="node-credentials-select-item-new"]').click();
	}
	await modal.waitFor();
	const names = await settled(
		() =>
			modal
				.locator('[data-test-id^="parameter-input-"]:visible:not([data-test-id="parameter-input-field"])')
				.evaluateAll((els) => els.map((e) => e.getAttribute('data-test-id')!.replace('parameter-input-', ''))),
		(n) => n.length >= 4,
	);
	expect(names.filter((n) => !N8N_FIELDS.includes(n))).toEqual(['apiKey', 'baseUrl', 'uploadBaseUrl', 'webhookHmacKey']);
	expect(await field('apiKey')).toEqual({ value: '', type: 'password' });
	expect(await field('baseUrl')).toEqual({ value: 'https://api.kie.ai', type: 'text' });
	expect(await field('uploadBaseUrl')).toEqual({ value: 'https://kieai.redpandaai.co', type: 'text' });
	expect(await field('webhookHmacKey')).toEqual({ value: '', type: 'password' });
});

ui('saving with the sandbox key tests it against the sandbox (one request) and selects it in the node', async () => {
	await fill('apiKey', GOOD_KEY);
	await fill('baseUrl', sandbox.url);
	await fill('uploadBaseUrl', sandbox.url);
	expect(await saveAndWaitForTest(GOOD_KEY)).toBe(1);
	// a credential that tests fine is saved and the dialog closes (it stays open on a failed test)
	await modal.waitFor({ state: 'hidden' });
	const selected = page().locator('[data-test-id="node-credentials-select"] input').first();
	await expect(selected.inputValue()).resolves.toMatch(/^Kie/);
});

ui('opening it again re-tests it (one more request) and shows "Connection tested successfully"', async () => {
	const before = creditHits(GOOD_KEY);
	await page().locator('[data-test-id="credential-edit-button"] svg').click();
	await modal.waitFor();
	expect(await settled(async () => creditHits(GOOD_KEY) - before, (n) => n > 0)).toBe(1);
	await success().waitFor();
	await expect(success().innerText()).resolves.toMatch(/tested successfully/i);
	await docScreenshot(page(), 'credential-dialog');
});

ui('Retry tests again (one more request)', async () => {
	const before = creditHits(GOOD_KEY);
	await modal.getByRole('button', { name: 'Retry' }).click();
	expect(await settled(async () => creditHits(GOOD_KEY) - before, (n) => n > 0)).toBe(1);
	await success().waitFor();
});

ui('a wrong key fails the test on Kie\'s answer (HTTP 200 with code 401) and the dialog stays open', async () => {
	await fill('apiKey', 'ui-wrong-key');
	expect(await saveAndWaitForTest('ui-wrong-key')).toBe(1);
	await success().waitFor({ state: 'hidden' });
	const text = await settled(() => modal.innerText(), (t) => /couldn.t connect/i.test(t));
	expect(text).toMatch(/couldn.t connect/i);
	await expect(modal.isVisible()).resolves.toBe(true);
});
