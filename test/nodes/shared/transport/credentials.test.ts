/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/transport/credentials.ts: the credential's hosts, the origins downloads trust, and
 * secrets kept out of every error, down to what n8n saves with the execution.
 */
import { credentialHosts, redactSecrets, trustedOrigins } from '../../../../nodes/shared/transport';
import { KIE_PATHS } from '../../../../nodes/shared/transport';
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
		});
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
	const SECRET = 'sk-REDACTME-0123456789abcdef';
	const HMAC = 'hmac-REDACTME-fedcba9876543210';
	const credential = { apiKey: SECRET, webhookHmacKey: HMAC };

	beforeEach(() => kie.sb.configure({ apiKeys: ['sandbox-key', SECRET] }));

	const expectClean = (value: unknown) => {
		for (const text of deepStrings(value)) {
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(HMAC);
		}
		expect(JSON.stringify(value)).not.toContain(SECRET);
		expect(JSON.stringify(value)).not.toContain(HMAC);
	};

	const faults = [
		{ name: '422 echoing the key', fault: { type: 'code' as const, code: 422, msg: `bad key ${SECRET}` } },
		{ name: '401 echoing the key', fault: { type: 'code' as const, code: 401, msg: `key ${SECRET} is not valid` } },
		{ name: 'unknown code echoing both secrets', fault: { type: 'code' as const, code: 499, msg: `${SECRET} / ${HMAC}` } },
		{ name: '500 echoing a Bearer header', fault: { type: 'code' as const, code: 500, msg: `got header Authorization: Bearer ${SECRET}` } },
		{ name: '429 (retried) echoing the key', fault: { type: 'code' as const, code: 429, msg: `slow down ${SECRET}`, times: 'always' as const } },
		{ name: 'HTTP 502 page echoing the key', fault: { type: 'http' as const, status: 502, body: `<html>${SECRET}</html>` } },
		{ name: 'HTTP 400 JSON echoing the key', fault: { type: 'http' as const, status: 400, body: { code: 400, msg: SECRET } } },
	];

	it.each(faults)('$name: no property of the error (message, description, errorResponse…) holds a secret', async ({ fault }) => {
		kie.sb.addFault(fault);
		const error = await sendExpectingError(kie.sb, create(), credential);
		expect(createRequests(kie.sb)[0].headers.authorization).toBe(`Bearer ${SECRET}`);
		for (const text of [error.message, String(error.description), JSON.stringify(error)]) {
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(HMAC);
		}
		expectClean(error);
	});

	it('the Kie message is still shown, with the key masked', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: `bad key ${SECRET}` });
		const error = await sendExpectingError(kie.sb, create(), credential);
		expect(error.message).toBe('Kie rejected the parameters (code 422): bad key ***');
	});

	it.each(['perOperation', 'jobs'])('through the real node (%s route): neither the recorded error nor the saved run data hold the key', async (apiRoute) => {
		kie.sb.addFault({ type: 'code', code: 422, msg: `bad key ${SECRET}` });
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
		kie.sb.addFault({ type: 'code', code: 401, msg: `key ${SECRET} rejected`, path: KIE_PATHS.credit, times: 'always' });
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
		expect(redactSecrets(`a ${SECRET} b ${HMAC} c`, [SECRET, HMAC])).toBe('a *** b *** c');
		expect(redactSecrets('Authorization: Bearer abc.def-123, next', [])).toBe('Authorization: Bearer ***, next');
		expect(redactSecrets('nothing here', [SECRET])).toBe('nothing here');
	});
});
