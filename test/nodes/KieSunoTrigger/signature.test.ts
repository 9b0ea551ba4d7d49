/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** HMAC verification (Kie: base64 HMAC-SHA256 of `${task_id}.${X-Webhook-Timestamp}`), via the real WebhookContext. */
import { DEDUPE_STATIC_KEY, forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import { fullSuccessExample, fullSuccessItem, JSON_HEADERS, signedHeaders, TASK_ID, textStageExample } from './fixtures';
import type { CallResult } from './triggerHarness';
import { callTrigger, NODE_NAME } from './triggerHarness';

const HMAC_KEY = 'kie-hmac-key-for-tests';
const withKey = { credentials: { apiKey: 'kie-api-key', webhookHmacKey: HMAC_KEY } };
const now = () => Math.floor(Date.now() / 1000);

beforeEach(() => forgetInProcessClaims());

function expectRejected(call: CallResult, status: number, error: string) {
	expect(call.error).toBeUndefined();
	expect(call.result).toEqual({ noWebhookResponse: true });
	expect(call.response.status).toBe(status);
	expect(call.response.body).toEqual({ error });
	expect(call.response.ended).toBe(true);
	expect(call.savedStaticData).toBeUndefined();
}

describe('with a webhookHmacKey on the credential', () => {
	test('a good signature is accepted', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY) }, withKey);
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
		expect(call.credentialLookups).toEqual([{ type: 'kieApi', nodeCredentials: { id: 'cred-1', name: 'Kie account' } }]);
	});

	test('a timestamp 299 s old is still accepted; 301 s in the future is not', async () => {
		const old = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY, now() - 299) }, withKey);
		expect(old.result?.workflowData).toHaveLength(1);
		const future = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY, now() + 301) }, withKey);
		expectRejected(future, 401, 'Signature check failed: X-Webhook-Timestamp is more than 300 s from now');
	});

	test('a signature made with another key → 401', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, 'wrong-key') }, withKey);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('a valid signature for another task id → 401 (the task id is what Kie signs)', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders('someothertask1234', HMAC_KEY) }, withKey);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('a stale timestamp (1 h old) → 401', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY, now() - 3600) }, withKey);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Timestamp is more than 300 s from now');
	});

	test('signature header missing → 401', async () => {
		const headers: Record<string, string> = signedHeaders(TASK_ID, HMAC_KEY);
		delete headers['x-webhook-signature'];
		const call = await callTrigger({ body: fullSuccessExample(), headers }, withKey);
		expectRejected(call, 401, 'Signature check failed: Missing X-Webhook-Timestamp or X-Webhook-Signature header');
	});

	test('timestamp header missing → 401', async () => {
		const headers: Record<string, string> = signedHeaders(TASK_ID, HMAC_KEY);
		delete headers['x-webhook-timestamp'];
		const call = await callTrigger({ body: fullSuccessExample(), headers }, withKey);
		expectRejected(call, 401, 'Signature check failed: Missing X-Webhook-Timestamp or X-Webhook-Signature header');
	});

	test('key set but no signature headers at all → 401', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, withKey);
		expectRejected(call, 401, 'Signature check failed: Missing X-Webhook-Timestamp or X-Webhook-Signature header');
	});

	test('a timestamp that is not a Unix time → 401', async () => {
		const headers = { ...signedHeaders(TASK_ID, HMAC_KEY), 'x-webhook-timestamp': 'yesterday' };
		const call = await callTrigger({ body: fullSuccessExample(), headers }, withKey);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Timestamp is not a Unix time');
	});

	test('the check comes before the stage filter: an unselected stage with a bad signature → 401', async () => {
		const call = await callTrigger({ body: textStageExample(), headers: signedHeaders(TASK_ID, 'wrong-key') }, withKey);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('the check comes before dedupe: a forged repeat of a seen callback gets 401, not "duplicate", and writes nothing', async () => {
		const stored = { [`node:${NODE_NAME}`]: { [DEDUPE_STATIC_KEY]: [[`${TASK_ID}|complete`, Date.now()]] } };
		const call = await callTrigger(
			{ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, 'wrong-key') },
			{ ...withKey, workflowStaticData: stored },
		);
		expectRejected(call, 401, 'Signature check failed: X-Webhook-Signature does not match');
	});

	test('a repeated header (array value) uses its first value', async () => {
		const good = signedHeaders(TASK_ID, HMAC_KEY);
		const headers = { ...good, 'x-webhook-signature': [good['x-webhook-signature'], 'garbage'] };
		const call = await callTrigger({ body: fullSuccessExample(), headers }, withKey);
		expect(call.result?.workflowData).toHaveLength(1);
	});
});

describe('without a key', () => {
	test('no credential selected: signatures are not checked and no credential is read', async () => {
		const call = await callTrigger({ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, 'wrong-key', 0) });
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
		expect(call.credentialLookups).toEqual([]);
	});

	test('credential without webhookHmacKey: not checked', async () => {
		const call = await callTrigger(
			{ body: fullSuccessExample(), headers: JSON_HEADERS },
			{ credentials: { apiKey: 'kie-api-key', webhookHmacKey: '' } },
		);
		expect(call.result?.workflowData).toEqual([[{ json: fullSuccessItem }]]);
		expect(call.credentialLookups).toHaveLength(1);
	});

	test('a selected credential that cannot be loaded fails closed (500), nothing starts', async () => {
		const call = await callTrigger(
			{ body: fullSuccessExample(), headers: signedHeaders(TASK_ID, HMAC_KEY) },
			{ ...withKey, credentialError: new Error('decryption failed') },
		);
		expectRejected(call, 500, 'The Kie API credential of this trigger could not be loaded');
	});
});
