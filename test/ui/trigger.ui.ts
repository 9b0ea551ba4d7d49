/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The Kie Suno Trigger in the editor: its subtitle, and the Production URL users paste as Callback URL,
 * checked to be the URL the published workflow really answers on.
 */
import { randomUUID } from 'crypto';

import { docScreenshot, openEditor, STATE, withFailureScreenshot, type Editor } from './browser';
import { canvasNodeLines, openNdv, openWorkflow } from './editor';
import { client, createWorkflow, kieNodeTypes, triggerNode } from './n8n';

const { request } = require('../../scripts/n8n/http');

const NODE = 'Kie Suno Trigger';
const WEBHOOK_ID = randomUUID();

let editor: Editor | undefined;
let workflowId: string;
let productionUrl = '';

const page = () => editor!.page;
const ui = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshot(() => editor?.page, name, body), 180_000);

beforeAll(async () => {
	workflowId = await createWorkflow('UI: trigger', [triggerNode(NODE, WEBHOOK_ID, [0, 0])]);
	editor = await openEditor();
	await openWorkflow(page(), workflowId);
}, 180_000);

afterAll(async () => {
	await editor?.close();
	await (await client()).unpublishWorkflow(workflowId).catch(() => undefined);
});

ui('the canvas names the selected events in words', async () => {
	expect(await canvasNodeLines(page(), NODE)).toEqual([NODE, 'On complete, error']);
});

ui('the node shows its Production URL: <n8n>/webhook/<webhookId>/<path>', async () => {
	const { trigger } = await kieNodeTypes();
	const path = trigger.webhooks?.[0]?.path;
	await openNdv(page(), NODE);
	await page().locator('[data-test-id="node-parameters"] .webhooks .headline').click();
	await page().locator('[data-test-id="radio-button-production"]').click();
	const url = page().locator('[data-test-id="node-parameters"] .webhook-url');
	await expect(url.innerText()).resolves.toContain('/webhook/');
	productionUrl = (await url.innerText()).trim();
	expect(productionUrl).toBe(`${STATE.url}/webhook/${WEBHOOK_ID}/${path}`);
	await expect(page().locator('[data-test-id="node-parameters"]').innerText()).resolves.toContain('Production URL as the Callback URL');
	await docScreenshot(page(), 'trigger');
});

ui('after publishing, that URL is live and answered by the trigger (a body that is not a Kie callback gets 400)', async () => {
	expect(productionUrl).not.toBe('');
	const before = await request('POST', productionUrl, { json: { data: { task_id: 'x' } }, timeoutMs: 10_000 });
	expect(before.status).toBe(404); // not published yet: n8n itself answers
	await (await client()).publishWorkflow(workflowId);
	let res = before;
	for (let i = 0; i < 80 && res.status === 404; i++) {
		await new Promise((r) => setTimeout(r, 250)); // n8n registers webhooks about a second after publishing
		res = await request('POST', productionUrl, { json: { hello: 'not a Kie callback' }, timeoutMs: 10_000 });
	}
	expect(res.status).toBe(400);
	expect(res.text).toMatch(/Kie callback/i);
});
