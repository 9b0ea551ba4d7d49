/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * End to end within jest: the Kie SANDBOX creates a task and POSTs its real, signed callbacks
 * (all stages, with fault injection) to a local n8n look-alike that routes them into the
 * trigger's webhook() through n8n-core's WebhookContext.
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import type { CallbackAttempt, KieSandbox, SandboxFault } from '../../sandbox/kieSandbox';
import { startKieSandbox } from '../../sandbox/kieSandbox';
import { signedHeaders } from './fixtures';
import type { TriggerServer, TriggerSetup } from './triggerHarness';
import { startTriggerServer } from './triggerHarness';

const API_KEY = 'sandbox-key';
const HMAC_KEY = 'sandbox-hmac-key';
const RETRIES = 2;

let sb: KieSandbox;
let server: TriggerServer | undefined;

beforeAll(async () => {
	sb = await startKieSandbox({
		apiKeys: [API_KEY],
		hmacKey: HMAC_KEY,
		audioBytes: 16 * 1024,
		stageDelaysMs: { text: 10, first: 10, complete: 10 },
		callbacks: { retries: RETRIES, retryDelayMs: 10, timeoutMs: 5000 },
	});
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	forgetInProcessClaims();
});
afterEach(async () => {
	await server?.close();
	server = undefined;
});

const credentials = { apiKey: API_KEY, baseUrl: '', webhookHmacKey: HMAC_KEY };

async function startServer(setup: TriggerSetup = {}): Promise<TriggerServer> {
	server = await startTriggerServer({ credentials, ...setup });
	return server;
}

async function createTask(callBackUrl: string, fault?: SandboxFault): Promise<string> {
	if (fault) sb.addFault(fault);
	const res = await fetch(`${sb.url}/api/v1/generate/add-instrumental`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			uploadUrl: 'https://example.com/music.mp3',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal',
			tags: 'relaxing, piano',
			callBackUrl,
		}),
	});
	const created = (await res.json()) as { code: number; data: { taskId: string } };
	expect(created.code).toBe(200);
	return created.data.taskId;
}

/** Waits until the sandbox has made `count` delivery attempts for the task, and returns them. */
async function attempts(taskId: string, count: number): Promise<CallbackAttempt[]> {
	await sb.waitFor(() => sb.callbacks.filter((c) => c.taskId === taskId && c.attempt > 0).length >= count, 8000, `${count} callbacks`);
	// Give a possible extra (unexpected) attempt a moment to show up.
	await new Promise((resolve) => setTimeout(resolve, 50));
	return sb.callbacks.filter((c) => c.taskId === taskId && c.attempt > 0);
}

const summary = (list: CallbackAttempt[]) => list.map((c) => [c.stage, c.status, c.responseBody && JSON.parse(c.responseBody)]);

test('text and first start nothing; complete starts exactly one execution', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url);
	const sent = await attempts(taskId, 3);
	expect(summary(sent)).toEqual([
		['text', 200, { received: true, ignored: 'stage text not selected' }],
		['first', 200, { received: true, ignored: 'stage first not selected' }],
		['complete', 200, { received: true }],
	]);
	expect(sent.every((c) => c.headers['X-Webhook-Signature'] !== undefined)).toBe(true);
	expect(trigger.executions).toHaveLength(1);
	const items = trigger.executions[0].items.map((i) => i.json);
	expect(items.map((i) => [i.taskId, i.stage, i.status, i.trackIndex, i.trackCount])).toEqual([
		[taskId, 'complete', 'SUCCESS', 0, 2],
		[taskId, 'complete', 'SUCCESS', 1, 2],
	]);
	expect(items[0].audioUrl).toBe(`${sb.url}/files/${taskId}/1.mp3`);
});

test('every stage selected: one execution per stage', async () => {
	const trigger = await startServer({ parameters: { events: ['text', 'first', 'complete', 'error'] } });
	const taskId = await createTask(trigger.url);
	await attempts(taskId, 3);
	expect(trigger.executions.map((e) => [e.items.length, e.items[0].json.stage])).toEqual([
		[1, 'text'],
		[1, 'first'],
		[2, 'complete'],
	]);
});

test('duplicate:5 fault: still exactly one execution', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, { type: 'callback', duplicate: 5 });
	const sent = await attempts(taskId, 15);
	const complete = sent.filter((c) => c.stage === 'complete');
	expect(complete.map((c) => [c.status, JSON.parse(c.responseBody!)])).toEqual([
		[200, { received: true }],
		...Array.from({ length: 4 }, () => [200, { received: true, ignored: 'duplicate' }]),
	]);
	expect(trigger.executions).toHaveLength(1);
	// The record n8n saved holds the one accepted key.
	const saved = (trigger.stored['node:Kie Suno Trigger'] as IDataObject).kieSunoSeen as Array<[string, number]>;
	expect(saved.map(([key]) => key)).toEqual([`${taskId}|complete`]);
});

test('duplicate:5 with downloads on: one execution even while the first is still downloading', async () => {
	const trigger = await startServer({ parameters: { options: { downloadAudio: true, downloadCover: true } } });
	const taskId = await createTask(trigger.url, { type: 'callback', duplicate: 5 });
	await attempts(taskId, 15);
	await sb.waitFor(() => trigger.executions.length >= 1, 5000);
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(trigger.executions).toHaveLength(1);
	const [first, second] = trigger.executions[0].items;
	expect(Object.keys(first.binary!).sort()).toEqual(['audio', 'cover']);
	expect(Object.keys(second.binary!).sort()).toEqual(['audio', 'cover']);
	expect(Buffer.from(first.binary!.audio.data, 'base64')).toHaveLength(16 * 1024);
});

test('reverse order (complete first): one execution, then text and first are ignored', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, { type: 'callback', order: 'reverse' });
	const sent = await attempts(taskId, 3);
	expect(summary(sent)).toEqual([
		['complete', 200, { received: true }],
		['first', 200, { received: true, ignored: 'stage first not selected' }],
		['text', 200, { received: true, ignored: 'stage text not selected' }],
	]);
	expect(trigger.executions).toHaveLength(1);
});

test.each(['bad', 'missing', 'stale'] as const)('signature %s: 401 for every attempt, nothing starts', async (signature) => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, { type: 'callback', signature });
	const sent = await attempts(taskId, 3 * (1 + RETRIES));
	expect(sent.map((c) => c.status)).toEqual(new Array(3 * (1 + RETRIES)).fill(401));
	expect(JSON.parse(sent[0].responseBody!).error).toMatch(/^Signature check failed: /);
	expect(trigger.executions).toHaveLength(0);
	expect(trigger.stored).toEqual({});
});

test('a failed task starts one execution with its error item', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, { type: 'outcome', status: 'GENERATE_AUDIO_FAILED', after: 'text' });
	const sent = await attempts(taskId, 2);
	expect(sent.map((c) => [c.stage, c.status])).toEqual([
		['text', 200],
		['error', 200],
	]);
	expect(trigger.executions.map((e) => e.items.map((i) => i.json))).toEqual([
		[
			{
				taskId,
				stage: 'error',
				status: null,
				code: 501,
				msg: 'Audio generation failed.',
				error: 'Generation failed due to technical issues',
			},
		],
	]);
});

test('after a restart, a replayed (freshly signed) callback is still a duplicate', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url);
	const sent = await attempts(taskId, 3);
	expect(trigger.executions).toHaveLength(1);
	const stored = trigger.stored;
	await trigger.close();

	forgetInProcessClaims(); // new process
	const restarted = await startServer({ staticData: stored });
	const complete = sent.find((c) => c.stage === 'complete')!;
	const res = await fetch(restarted.url, {
		method: 'POST',
		headers: signedHeaders(taskId, HMAC_KEY),
		body: JSON.stringify(complete.body),
	});
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual({ received: true, ignored: 'duplicate' });
	expect(restarted.executions).toHaveLength(0);
});

test('a non-JSON POST to the URL gets 400 from the node, and a broken JSON body 422 from n8n', async () => {
	const trigger = await startServer();
	const plain = await fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
	expect(plain.status).toBe(400);
	expect(await plain.json()).toEqual({ error: 'Not a Kie callback: The body is not valid JSON' });
	const form = await fetch(trigger.url, { method: 'POST', body: new URLSearchParams({ code: '200' }) });
	expect(form.status).toBe(400);
	expect(await form.json()).toEqual({
		error: 'Not a Kie callback: Content-Type must be application/json, got "application/x-www-form-urlencoded"',
	});
	const broken = await fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
	expect(broken.status).toBe(422);
	expect(trigger.executions).toHaveLength(0);
});
