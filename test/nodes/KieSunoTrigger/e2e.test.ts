/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * End to end within jest: the Kie SANDBOX (a local test double of Kie, not Kie) creates tasks on
 * both routes and POSTs its real, signed callbacks (all stages, with fault injection) to a local
 * n8n look-alike that routes them into the trigger's webhook() through n8n-core's WebhookContext.
 * The trigger has a credential and an HMAC key: it answers at once, confirms with Kie, and starts
 * one execution per confirmed (task, stage) with Kie's items.
 */
import type { IDataObject } from 'n8n-workflow';

import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import { createTaskDirect } from '../../harness/sandbox';
import type { CallbackAttempt, SandboxFault } from '../../sandbox/kieSandbox';
import { signedHeaders } from './fixtures';
import type { Route } from './kieTasks';
import { API_KEY, kieCredential, useTriggerKie, verifiedItems } from './kieTasks';
import type { TriggerServer, TriggerSetup } from './triggerHarness';
import { startTriggerServer } from './triggerHarness';

const HMAC_KEY = 'sandbox-hmac-key';
const RETRIES = 2;
const kie = useTriggerKie({
	hmacKey: HMAC_KEY,
	stageDelaysMs: { text: 20, first: 20, complete: 20 },
	callbacks: { retries: RETRIES, retryDelayMs: 10, timeoutMs: 5000 },
});
let server: TriggerServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

async function startServer(setup: TriggerSetup = {}): Promise<TriggerServer> {
	server = await startTriggerServer({ credentials: kieCredential(kie.sb, HMAC_KEY), ...setup });
	return server;
}

async function createTask(callBackUrl: string, route: Route = 'perOperation', fault?: SandboxFault, title = 'Relaxing Piano'): Promise<string> {
	if (fault) kie.sb.addFault(fault);
	return await createTaskDirect(kie.sb, 'add-instrumental', { title, callBackUrl }, API_KEY, route);
}

/** Waits until the sandbox has made `count` delivery attempts for the task, and returns them. */
async function attempts(taskId: string, count: number): Promise<CallbackAttempt[]> {
	await kie.sb.waitFor(() => kie.sb.callbacks.filter((c) => c.taskId === taskId && c.attempt > 0).length >= count, 8000, `${count} callbacks`);
	// Give a possible extra (unexpected) attempt, and the trigger's reads, a moment.
	await new Promise((resolve) => setTimeout(resolve, 100));
	return kie.sb.callbacks.filter((c) => c.taskId === taskId && c.attempt > 0);
}

const summary = (list: CallbackAttempt[]) => list.map((c) => [c.stage, c.status, c.responseBody && JSON.parse(c.responseBody)]);
const executionJson = (trigger: TriggerServer) => trigger.executions.map((e) => e.items.map((i) => i.json));

test('per-operation: text and first start nothing; complete starts exactly one execution with Kie\'s items', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url);
	const sent = await attempts(taskId, 3);
	expect(summary(sent)).toEqual([
		['text', 200, { received: true, ignored: 'stage text not selected' }],
		['first', 200, { received: true, ignored: 'stage first not selected' }],
		['complete', 200, { received: true }],
	]);
	expect(sent.every((c) => c.headers['X-Webhook-Signature'] !== undefined)).toBe(true);
	expect(executionJson(trigger)).toEqual([verifiedItems(kie.sb.tasks.get(taskId)!)]);
});

test('jobs: the one terminal callback starts exactly one execution with the same items (apiRoute jobs)', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, 'jobs');
	const sent = await attempts(taskId, 1);
	expect(sent.map((c) => c.body)).toEqual([{ taskId, code: 200, msg: 'Success', data: { task_id: taskId, callbackType: 'complete' } }]);
	expect(summary(sent)).toEqual([['complete', 200, { received: true }]]);
	const items = verifiedItems(kie.sb.tasks.get(taskId)!);
	expect(items.every((item) => item.apiRoute === 'jobs')).toBe(true);
	expect(executionJson(trigger)).toEqual([items]);
});

test('every stage selected: one execution per stage Kie confirmed', async () => {
	kie.sb.configure({ stageDelaysMs: { text: 300, first: 300, complete: 300 } });
	const trigger = await startServer({ parameters: { events: ['text', 'first', 'complete', 'error'] } });
	const taskId = await createTask(trigger.url);
	await attempts(taskId, 3);
	expect(trigger.executions.map((e) => [e.items.length, e.items[0].json.stage, e.items[0].json.verified])).toEqual([
		[1, 'text', true],
		[1, 'first', true],
		[2, 'complete', true],
	]);
});

test.each(['perOperation', 'jobs'] as Route[])('%s, duplicate:5 fault: still exactly one execution; the saved record holds the one confirmed key', async (route) => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, route, { type: 'callback', duplicate: 5 });
	const complete = (await attempts(taskId, route === 'jobs' ? 5 : 15)).filter((c) => c.stage === 'complete');
	expect(complete.map((c) => c.status)).toEqual(new Array(5).fill(200));
	expect(trigger.executions).toHaveLength(1);
	const saved = (trigger.stored['node:Kie Suno Trigger'] as IDataObject).kieSunoSeen as Array<[string, number]>;
	expect(saved.map(([key]) => key)).toEqual([`${taskId}|complete`]);
});

test('duplicate:5 with downloads on: one execution even while the first is still downloading', async () => {
	const trigger = await startServer({ parameters: { options: { downloadAudio: true, downloadCover: true } } });
	const taskId = await createTask(trigger.url, 'perOperation', { type: 'callback', duplicate: 5 });
	await attempts(taskId, 15);
	await kie.sb.waitFor(() => trigger.executions.length >= 1, 5000);
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(trigger.executions).toHaveLength(1);
	for (const item of trigger.executions[0].items) expect(Object.keys(item.binary!).sort()).toEqual(['audio', 'cover']);
	expect(Buffer.from(trigger.executions[0].items[0].binary!.audio.data, 'base64')).toHaveLength(16 * 1024);
});

test('reverse order (complete first): one execution, then first and text are ignored', async () => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, 'perOperation', { type: 'callback', order: 'reverse' });
	expect(summary(await attempts(taskId, 3))).toEqual([
		['complete', 200, { received: true }],
		['first', 200, { received: true, ignored: 'stage first not selected' }],
		['text', 200, { received: true, ignored: 'stage text not selected' }],
	]);
	expect(trigger.executions).toHaveLength(1);
});

test.each(['bad', 'missing', 'stale'] as const)('signature %s: 401 for every attempt, nothing starts, nothing is read', async (signature) => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, 'perOperation', { type: 'callback', signature });
	const sent = await attempts(taskId, 3 * (1 + RETRIES));
	expect(sent.map((c) => c.status)).toEqual(new Array(3 * (1 + RETRIES)).fill(401));
	expect(JSON.parse(sent[0].responseBody!).error).toMatch(/^Signature check failed: /);
	expect(trigger.executions).toHaveLength(0);
	expect(trigger.stored).toEqual({});
	expect(kie.sb.stats.recordInfo).toBe(0);
});

test.each(['perOperation', 'jobs'] as Route[])('%s: a failed task starts one execution with Kie\'s error item', async (route) => {
	const trigger = await startServer();
	const taskId = await createTask(trigger.url, route, { type: 'outcome', status: 'GENERATE_AUDIO_FAILED', after: 'text' });
	const sent = await attempts(taskId, route === 'jobs' ? 1 : 2);
	expect(sent.map((c) => [c.stage, c.status])).toEqual(route === 'jobs' ? [['error', 200]] : [['text', 200], ['error', 200]]);
	const msg = 'Generation failed due to technical issues';
	const status = route === 'jobs' ? 'fail' : 'GENERATE_AUDIO_FAILED';
	expect(executionJson(trigger)).toEqual([[{ taskId, taskType: 'music', apiRoute: route, stage: 'error', status, code: 501, msg, error: msg, verified: true }]]);
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
	const res = await fetch(restarted.url, { method: 'POST', headers: signedHeaders(taskId, HMAC_KEY), body: JSON.stringify(complete.body) });
	expect(res.status).toBe(200);
	expect(await res.json()).toEqual({ received: true });
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(restarted.executions).toHaveLength(0);
});

test('a non-JSON POST to the URL gets 400 from the node, and a broken JSON body 422 from n8n', async () => {
	const trigger = await startServer();
	const plain = await fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
	expect([plain.status, await plain.json()]).toEqual([400, { error: 'Not a Kie callback: The body is not valid JSON' }]);
	const form = await fetch(trigger.url, { method: 'POST', body: new URLSearchParams({ code: '200' }) });
	expect([form.status, await form.json()]).toEqual([400, { error: 'Not a Kie callback: Content-Type must be application/json, got "application/x-www-form-urlencoded"' }]);
	const broken = await fetch(trigger.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
	expect(broken.status).toBe(422);
	expect(trigger.executions).toHaveLength(0);
});
