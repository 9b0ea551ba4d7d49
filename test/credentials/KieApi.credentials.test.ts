/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The "Kie API" credential: its authenticate (Bearer header) and its test, run the way n8n's
 * credentials tester runs it (./credentialTester.ts: n8n-core's RoutingNode, then the rules)
 * against the Kie SANDBOX (a local test double of Kie, not Kie). Kie answers auth errors with
 * HTTP 200 and `code: 401`, so the test fails on every documented failing code and on any
 * answer without a credit balance; it passes only on `code: 200` with a balance.
 */
import { KieApi } from '../../credentials/KieApi.credentials';
import { applyAuthentication, createExecuteContext, testCredential } from '../harness/n8nCore';
import { useSandbox } from '../harness/sandbox';
import { runCredentialTest } from './credentialTester';

const kie = useSandbox();
const credentialType = new KieApi();
const CREDIT_PATH = '/api/v1/chat/credit';

/** Every failing code Kie documents (BASE §5) and what the test says for it. */
const DOCUMENTED: Array<[number, string]> = [
	[400, 'Kie rejected the request as invalid'],
	[401, 'Invalid API key'],
	[402, 'The key works but the Kie account has no credits left'],
	[403, 'Kie refused access: check any IP whitelist set for this key'],
	[404, 'Kie did not recognise the endpoint: check the Base URL'],
	[405, 'Kie refused the request method or rate'],
	[408, 'Kie timed out upstream; try again later'],
	[409, 'Kie reported a conflict'],
	[422, 'Kie rejected the request'],
	[429, 'Kie is rate limiting this key; try again shortly'],
	[430, 'Kie says the call frequency is too high; try again shortly'],
	[433, 'The usage limit of this API key is exceeded'],
	[451, 'Kie refused the request'],
	[455, 'Kie is under maintenance; try again later'],
	[500, 'Kie reported a server error; try again later'],
	[501, 'Kie reported a failure'],
	[505, 'Kie reports this feature as disabled'],
];
const NO_BALANCE = 'Kie did not accept the request: it answered without a credit balance';

describe('Kie API credential: fields and defaults', () => {
	it('has the interface\'s fields, types and defaults', () => {
		expect(credentialType.name).toBe('kieApi');
		expect(credentialType.displayName).toBe('Kie API');
		const byName = Object.fromEntries(credentialType.properties.map((property) => [property.name, property]));
		expect(Object.keys(byName)).toEqual(['apiKey', 'baseUrl', 'uploadBaseUrl', 'webhookHmacKey']);
		expect(byName.apiKey).toMatchObject({ type: 'string', required: true, default: '', typeOptions: { password: true } });
		expect(byName.baseUrl).toMatchObject({ type: 'string', default: 'https://api.kie.ai' });
		expect(byName.uploadBaseUrl).toMatchObject({ type: 'string', default: 'https://kieai.redpandaai.co' });
		expect(byName.webhookHmacKey).toMatchObject({ type: 'string', default: '', typeOptions: { password: true } });
		expect(byName.webhookHmacKey.required).toBeFalsy();
	});
});

describe('Kie API credential: authenticate', () => {
	it('adds "Authorization: Bearer <apiKey>" through n8n\'s expression engine', async () => {
		const credentials = testCredential('http://127.0.0.1:1', { apiKey: 'k-123' });
		const { workflow, node } = await createExecuteContext({ credentials });
		const options = await applyAuthentication(credentials, 'kieApi', { url: '/x', headers: { Accept: 'application/json' } }, workflow, node);
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer k-123' });
	});

	it('is a generic header, so n8n also applies it to the test request', () => {
		expect(credentialType.authenticate).toEqual({
			type: 'generic',
			properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
		});
	});
});

describe('Kie API credential: test request', () => {
	it('targets GET {baseUrl}/api/v1/chat/credit', () => {
		expect(credentialType.test.request).toEqual({ baseURL: '={{$credentials.baseUrl}}', url: CREDIT_PATH, method: 'GET' });
	});

	it('has a body rule for every failing code Kie documents, then two for an answer without a balance', () => {
		const rules = credentialType.test.rules ?? [];
		expect(rules.map((rule) => [rule.type, (rule.properties as { key: string }).key, (rule.properties as { value: unknown }).value])).toEqual([
			...DOCUMENTED.map(([code]) => ['responseSuccessBody', 'code', code]),
			['responseSuccessBody', 'data', null],
			['responseSuccessBody', 'data', undefined],
		]);
	});

	it('a good key passes, sending the Bearer key to the credential\'s base URL', async () => {
		expect(await runCredentialTest(testCredential(kie.sb.url))).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = kie.sb.requests;
		expect([request.method, request.path, request.headers.authorization]).toEqual(['GET', CREDIT_PATH, 'Bearer sandbox-key']);
	});

	it('a good key on an account with 0 credits still passes (the key works)', async () => {
		kie.sb.configure({ credits: 0 });
		expect((await runCredentialTest(testCredential(kie.sb.url))).status).toBe('OK');
	});

	it('a bad key fails with the 401 rule\'s message, although Kie answers HTTP 200', async () => {
		const result = await runCredentialTest(testCredential(kie.sb.url, { apiKey: 'not-a-key' }));
		expect(result).toEqual({ status: 'Error', message: 'Invalid API key (Kie code 401)' });
		expect(kie.sb.requests[0].headers.authorization).toBe('Bearer not-a-key');
	});

	it('an empty key fails too', async () => {
		expect(await runCredentialTest(testCredential(kie.sb.url, { apiKey: '' }))).toEqual({ status: 'Error', message: 'Invalid API key (Kie code 401)' });
	});

	it.each(DOCUMENTED)('body code %i fails with its own message', async (code, message) => {
		kie.sb.addFault({ type: 'code', code, path: CREDIT_PATH });
		expect(await runCredentialTest(testCredential(kie.sb.url))).toEqual({ status: 'Error', message: `${message} (Kie code ${code})` });
	});

	it.each([
		['an undocumented failing code (data null)', { code: 499, msg: 'new error', data: null }],
		['code 200 with data null', { code: 200, msg: 'success', data: null }],
		['code 200 without data', { code: 200, msg: 'success' }],
		['no code and no data', { msg: 'hello' }],
		['an empty object', {}],
	])('%s fails: no credit balance', async (_name, body) => {
		kie.sb.addFault({ type: 'http', status: 200, body, path: CREDIT_PATH });
		expect(await runCredentialTest(testCredential(kie.sb.url))).toEqual({ status: 'Error', message: NO_BALANCE });
	});

	it('an HTML page with HTTP 200 (a wrong host behind a proxy) fails', async () => {
		kie.sb.addFault({ type: 'http', status: 200, body: '<html>welcome</html>', contentType: 'text/html', path: CREDIT_PATH });
		expect((await runCredentialTest(testCredential(kie.sb.url))).status).toBe('Error');
	});

	it('a wrong base URL (unknown route) fails', async () => {
		const result = await runCredentialTest(testCredential(`${kie.sb.url}/wrong-prefix`));
		expect(result.status).toBe('Error');
		expect(kie.sb.requests.map((request) => request.path)).toEqual([`/wrong-prefix${CREDIT_PATH}`]);
	});

	it('an unreachable base URL fails with the network error', async () => {
		expect(await runCredentialTest(testCredential('http://127.0.0.1:9'))).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
		expect(kie.sb.requests).toHaveLength(0);
	});
});
