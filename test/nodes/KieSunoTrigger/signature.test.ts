/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * HMAC verification (Kie: base64 HMAC-SHA256 of `${task_id}.${X-Webhook-Timestamp}`), via the real
 * WebhookContext. The check comes before anything that reads or writes state: a refused callback
 * costs no read from Kie (the Kie SANDBOX, a local test double of Kie, not Kie) and records nothing.
 */
import type { SandboxTask } from '../../sandbox/kieSandbox';
import { DEDUPE_STATIC_KEY } from '../../../nodes/KieSunoTrigger/dedupe';
import { detailsRequests, useFastClock } from '../../harness/sandbox';
import { fullSuccessExample, fullSuccessItem, JSON_HEADERS, signedHeaders, TASK_ID, textStageExample } from './fixtures';
import { completeBody, finishedTask, kieCredential, useTriggerKie, verifiedItems } from './kieTasks';
import type { CallResult } from './triggerHarness';
import { callTrigger, NODE_NAME } from './triggerHarness';

const HMAC_KEY = 'kie-hmac-key-for-tests';
const kie = useTriggerKie();
useFastClock();
const now = () => Math.floor(Date.now() / 1000);
const withKey = () => ({ credentials: kieCredential(kie.sb, HMAC_KEY) });

function expectRejected(call: CallResult, status: number, error: string) {
	expect(call.error).toBeUndefined();
	expect(call.result).toEqual({ noWebhookResponse: true });
	expect(call.response.status).toBe(status);
	expect(call.response.body).toEqual({ error });
	expect(call.response.ended).toBe(true);
	expect(call.savedStaticData).toBeUndefined();
	expect(detailsRequests(kie.sb)).toHaveLength(0);
}

async function signedCall(task: SandboxTask, headers: Record<string, string | string[]>) {
	return await callTrigger({ body: completeBody(task), headers }, withKey());
}

describe('with a webhookHmacKey on the credential', () => {
	test('a good signature is accepted: Kie gets 200 at once, the execution carries Kie\'s confirmed items', async () => {
		const task = await finishedTask(kie.sb);
		const call = await signedCall(task, signedHeaders(task.taskId, HMAC_KEY));
		expect(call.response).toMatchObject({ status: 200, body: { received: true }, ended: true });
		expect(call.result).toEqual({ workflowData: [verifiedItems(task).map((json) => ({ json }))], noWebhookResponse: true });
		expect(call.credentialLookups.map((lookup) => lookup.type)).toContain('kieApi');
	});

	// 10 s from the 300 s edge on either side, so a slow machine cannot move a case across it.
	test('a timestamp 290 s old is still accepted; 310 s in the future is not', async () => {
		const task = await finishedTask(kie.sb);
		const old = await signedCall(task, signedHeaders(task.taskId, HMAC_KEY, now() - 290));
		expect(old.result?.workflowData).toHaveLength(1);
		kie.sb.requests.length = 0;
		const future = await signedCall(task, signedHeaders(task.taskId, HMAC_KEY, now() + 310));
		expectRejected(future, 401, 'Signature check failed: X-Webhook-Timestamp is more than 300 s from now');
	});

	test.each([
		['a signature made with another key', (taskId: string) => signedHeaders(taskId, 'wrong-key'), 'X-Webhook-Signature does not match'],
		['a valid signature for another task id (the task id is what Kie signs)', () => signedHeaders('someothertask1234', HMAC_KEY), 'X-Webhook-Signature does not match'],
		['a stale timestamp (1 h old)', (taskId: string) => signedHeaders(taskId, HMAC_KEY, now() - 3600), 'X-Webhook-Timestamp is more than 300 s from now'],
		['no signature headers at all', () => JSON_HEADERS, 'Missing X-Webhook-Timestamp or X-Webhook-Signature header'],
		['a timestamp that is not a Unix time', (taskId: string) => ({ ...signedHeaders(taskId, HMAC_KEY), 'x-webhook-timestamp': 'yesterday' }), 'X-Webhook-Timestamp is not a Unix time'],
	])('%s → 401, no read from Kie', async (_name, headers, reason) => {
		const task = await finishedTask(kie.sb);
		expectRejected(await signedCall(task, headers(task.taskId)), 401, `Signature check failed: ${reason}`);
	});

	test.each(['x-webhook-signature', 'x-webhook-timestamp'])('%s missing → 401', async (header) => {
		const task = await finishedTask(kie.sb);
		const headers: Record<string, string> = signedHeaders(task.taskId, HMAC_KEY);
		delete headers[header];
		expectRejected(await signedCall(task, headers), 401, 'Signature check failed: Missing X-Webhook-Timestamp or X-Webhook-Signature header');
	});

	test('the check comes before the stage filter: an unselected stage with a bad signature → 401', async () => {
		const call = await callTrigger({ body: textStageExample(), headers: signedHeaders(TASK_ID, 'wrong-key') }, withKey());
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('the check comes before dedupe: a forged repeat of a seen callback gets 401, not "duplicate", and writes nothing', async () => {
		const stored = { [`node:${NODE_NAME}`]: { [DEDUPE_STATIC_KEY]: [[`${TASK_ID}|complete`, Date.now()]] } };
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, 'wrong-key') }, { ...withKey(), workflowStaticData: stored });
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('a repeated header (array value) uses its first value', async () => {
		const task = await finishedTask(kie.sb);
		const good = signedHeaders(task.taskId, HMAC_KEY);
		const call = await signedCall(task, { ...good, 'x-webhook-signature': [good['x-webhook-signature'], 'garbage'] });
		expect(call.result?.workflowData).toHaveLength(1);
	});
});

describe('without a key', () => {
	test('no credential selected: signatures are not checked, no credential is read, nothing is confirmed', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, 'wrong-key', 0) });
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
		expect(call.credentialLookups).toEqual([]);
	});

	test('a credential without webhookHmacKey: not checked, but still confirmed with Kie', async () => {
		const task = await finishedTask(kie.sb);
		const call = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { credentials: kieCredential(kie.sb) });
		expect(call.result?.workflowData).toEqual([verifiedItems(task).map((json) => ({ json }))]);
	});

	test('a selected credential that cannot be loaded fails closed (500), nothing starts, nothing is read', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY) }, { ...withKey(), credentialError: new Error('decryption failed') });
		expectRejected(call, 500, 'The Kie API credential of this trigger could not be loaded');
	});
});
