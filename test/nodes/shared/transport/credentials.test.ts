/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/transport/credentials.ts: the credential's hosts, the origins downloads trust, and
 * secrets kept out of every error, down to what n8n saves with the execution.
 */
import { createHash } from 'crypto';

import { KIE_PATHS, credentialHosts, redactSecrets, trustedOrigins } from '../../../../nodes/shared/transport';
import { createExecuteContext, runNode, testCredential } from '../../../harness/n8nCore';
import { createRequests, deepStrings, useFastClock, useSandbox } from '../../../harness/sandbox';
import { create, sendExpectingError } from './kieRequests';

const kie = useSandbox({ credits: 100000 });
useFastClock();

describe('hosts and trusted origins', () => {
	it('trims trailing slashes, falls back to Kie\'s hosts, and keeps secrets of 4+ characters', async () => {
		const { context } = await createExecuteContext({ credentials: { apiKey: 'key-1234', baseUrl: 'http://127.0.0.1:8787//', uploadBaseUrl: '', webhookHmacKey: 'abc' } });
		expect(await credentialHosts(context)).toEqual({
			baseUrl: 'http://127.0.0.1:8787',
			uploadBaseUrl: 'https://kieai.redpandaai.co',
			secrets: ['key-1234'],
			// the account the shared create pacer is keyed on: a hash of the trimmed Base URL and the key
			account: createHash('sha256').update('http://127.0.0.1:8787\u0000key-1234').digest('hex'),
		});
	});

	it('names a different account for another key or Base URL, and never contains the key', async () => {
		const accountOf = async (credentials: Record<string, string>) =>
			(await credentialHosts((await createExecuteContext({ credentials })).context)).account;
		const one = await accountOf({ apiKey: 'key-1234', baseUrl: 'http://127.0.0.1:8787' });
		expect(await accountOf({ apiKey: 'key-1234', baseUrl: 'http://127.0.0.1:8787/' })).toBe(one);
		expect(await accountOf({ apiKey: 'key-5678', baseUrl: 'http://127.0.0.1:8787' })).not.toBe(one);
		expect(await accountOf({ apiKey: 'key-1234', baseUrl: 'http://127.0.0.1:8788' })).not.toBe(one);
		expect(one).not.toContain('key-1234');
	});

	it('downloads trust exactly the origins of the two Kie hosts (incl. port)', async () => {
		const { context } = await createExecuteContext({ credentials: testCredential('http://127.0.0.1:8787/', { uploadBaseUrl: 'http://localhost:9000/base' }) });
		expect(await trustedOrigins(context)).toEqual(['http://127.0.0.1:8787', 'http://localhost:9000']);
	});

	it('an unparseable host trusts nothing', async () => {
		const { context } = await createExecuteContext({ credentials: testCredential('not a url', { uploadBaseUrl: 'also not' }) });
		expect(await trustedOrigins(context)).toEqual([]);
	});
});

describe('secret redaction', () => {
	const PLANTED_API = 'sk-REDACTME-0123456789abcdef';
	const PLANTED_HMAC = 'hmac-REDACTME-fedcba9876543210';
	const credential = { apiKey: PLANTED_API, webhookHmacKey: PLANTED_HMAC };

	beforeEach(() => kie.sb.configure({ apiKeys: ['sandbox-key', PLANTED_API] }));

	const expectClean = (value: unknown) => {
		for (const text of deepStrings(value)) {
			expect(text).not.toContain(PLANTED_API);
			expect(text).not.toContain(PLANTED_HMAC);
		}
		expect(JSON.stringify(value)).not.toContain(PLANTED_API);
		expect(JSON.stringify(value)).not.toContain(PLANTED_HMAC);
	};

	const faults = [
		{ name: '422 echoing the key', fault: { type: 'code' as const, code: 422, msg: `bad key ${PLANTED_API}` } },
		{ name: '401 echoing the key', fault: { type: 'code' as const, code: 401, msg: `key ${PLANTED_API} is not valid` } },
		{ name: 'unknown code echoing both secrets', fault: { type: 'code' as const, code: 499, msg: `${PLANTED_API} / ${PLANTED_HMAC}` } },
		{ name: '500 echoing a Bearer header', fault: { type: 'code' as const, code: 500, msg: `got header Authorization: Bearer ${PLANTED_API}` } },
		{ name: '429 (retried) echoing the key', fault: { type: 'code' as const, code: 429, msg: `slow down ${PLANTED_API}`, times: 'always' as const } },
		{ name: 'HTTP 502 page echoing the key', fault: { type: 'http' as const, status: 502, body: `<html>${PLANTED_API}</html>` } },
		{ name: 'HTTP 400 JSON echoing the key', fault: { type: 'http' as const, status: 400, body: { code: 400, msg: PLANTED_API } } },
	];

	it.each(faults)('$name: no property of the error (message, description, errorResponse…) holds a secret', async ({ fault }) => {
		kie.sb.addFault(fault);
		const error = await sendExpectingError(kie.sb, create(), credential);
		expect(createRequests(kie.sb)[0].headers.authorization).toBe(`Bearer ${PLANTED_API}`);
		for (const text of [error.message, String(error.description), JSON.stringify(error)]) {
			expect(text).not.toContain(PLANTED_API);
			expect(text).not.toContain(PLANTED_HMAC);
		}
		expectClean(error);
	});

	it('the Kie message is still shown, with the key masked', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: `bad key ${PLANTED_API}` });
		const error = await sendExpectingError(kie.sb, create(), credential);
		expect(error.message).toBe('Kie rejected the parameters (code 422): bad key ***');
	});

	it.each(['perOperation', 'jobs'])('through the real node (%s route): neither the recorded error nor the saved run data hold the key', async (apiRoute) => {
		kie.sb.addFault({ type: 'code', code: 422, msg: `bad key ${PLANTED_API}` });
		const result = await runNode({
			parameters: {
				resource: 'music',
				operation: 'addVocals',
				uploadUrl: 'https://example.com/music.mp3',
				title: 't',
				prompt: 'p',
				style: 's',
				negativeTags: 'n',
				completion: 'callback',
				callbackUrl: 'https://example.com/callback',
				options: { apiRoute },
			},
			credentials: testCredential(kie.sb.url, credential),
		});
		expect(result.status).toBe('error');
		expect(createRequests(kie.sb)[0].path).toBe(apiRoute === 'jobs' ? '/api/v1/jobs/createTask' : '/api/v1/generate/add-vocals');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): bad key ***');
		expectClean(result.error);
		expectClean(result.run.data);
	});

	it('through the real node with Continue On Fail: the error items hold no secret', async () => {
		kie.sb.addFault({ type: 'code', code: 401, msg: `key ${PLANTED_API} rejected`, path: KIE_PATHS.credit, times: 'always' });
		const result = await runNode({
			parameters: { resource: 'account', operation: 'getCredits' },
			credentials: testCredential(kie.sb.url, credential),
			continueOnFail: true,
			inputItems: [{ json: {} }, { json: {} }],
		});
		expect(result.status).toBe('success');
		expect(result.items[0]).toHaveLength(2);
		expect(String(result.items[0][0].json.error)).toBe('Kie rejected the API key (code 401)');
		expectClean(result.items);
		expectClean(result.run.data);
	});

	it('redactSecrets masks every secret and any Bearer token', () => {
		expect(redactSecrets(`a ${PLANTED_API} b ${PLANTED_HMAC} c`, [PLANTED_API, PLANTED_HMAC])).toBe('a *** b *** c');
		expect(redactSecrets('Authorization: Bearer abc.def-123, next', [])).toBe('Authorization: Bearer ***, next');
		expect(redactSecrets('nothing here', [PLANTED_API])).toBe('nothing here');
	});
});
