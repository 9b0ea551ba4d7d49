/**
 * The "Kie API" credential: its authenticate (Bearer header) and its test request, run by an
 * evaluator that mimics n8n's credentials tester (the request is built with n8n's expression
 * engine and sent with n8n-core's request helper; then HTTP errors fail, and each
 * `responseSuccessBody` rule fails when `get(body, key) === value`), against the Kie SANDBOX
 * (a local test double of Kie, not Kie).
 */
import type { ICredentialTestRequest, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { KieApi } from '../../credentials/KieApi.credentials';
import type { KieTestCredential } from '../harness/n8nCore';
import { applyAuthentication, createExecuteContext, testCredential } from '../harness/n8nCore';
import { useSandbox } from '../harness/sandbox';

const kie = useSandbox();
const credentialType = new KieApi();

type TestResult = { status: 'OK' | 'Error'; message: string; statusCode?: number };

function get(object: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), object);
}

/** What n8n's CredentialsTester does with a declarative `test` (request + rules). */
async function runCredentialTest(credentials: KieTestCredential): Promise<TestResult> {
	const test = credentialType.test as ICredentialTestRequest;
	const { context, workflow, node } = await createExecuteContext({ credentials });
	const resolve = (value: string | undefined) =>
		value?.startsWith('=')
			? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as never, undefined, ''))
			: value;
	let options: IHttpRequestOptions = {
		method: test.request.method ?? 'GET',
		baseURL: resolve(test.request.baseURL),
		url: resolve(test.request.url) ?? '',
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	options = await applyAuthentication(credentials, 'kieApi', options, workflow, node);
	let response: { statusCode: number; body: unknown };
	try {
		response = (await context.helpers.httpRequest(options)) as { statusCode: number; body: unknown };
	} catch (error) {
		return { status: 'Error', message: `Couldn't connect with these settings: ${(error as Error).message}` };
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		return { status: 'Error', message: `Couldn't connect with these settings (HTTP ${response.statusCode})`, statusCode: response.statusCode };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseCode' && response.statusCode === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, statusCode: response.statusCode };
		}
		if (rule.type === 'responseSuccessBody' && get(response.body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, statusCode: response.statusCode };
		}
	}
	return { status: 'OK', message: 'Connection successful!', statusCode: response.statusCode };
}

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
		expect(credentialType.test.request).toMatchObject({ baseURL: '={{$credentials.baseUrl}}', url: '/api/v1/chat/credit', method: 'GET' });
	});

	it('has a failing rule for every error code Kie documents for the credit endpoint', () => {
		const codes = (credentialType.test.rules ?? []).map((rule) => (rule.properties as { value: unknown }).value).sort();
		expect(codes).toEqual([401, 402, 404, 422, 429, 455, 500, 505]);
		for (const rule of credentialType.test.rules ?? []) {
			expect(rule.type).toBe('responseSuccessBody');
			expect((rule.properties as { key: string }).key).toBe('code');
		}
	});

	it('a good key passes', async () => {
		const result = await runCredentialTest(testCredential(kie.sb.url));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!', statusCode: 200 });
		const [request] = kie.sb.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v1/chat/credit');
		expect(request.headers.authorization).toBe('Bearer sandbox-key');
	});

	it('a bad key fails with the 401 rule\'s message, although Kie answers HTTP 200', async () => {
		const result = await runCredentialTest(testCredential(kie.sb.url, { apiKey: 'not-a-key' }));
		expect(result).toEqual({ status: 'Error', message: 'Invalid API key: Kie answered code 401', statusCode: 200 });
		expect(kie.sb.requests[0].headers.authorization).toBe('Bearer not-a-key');
	});

	it('an empty key fails too', async () => {
		const result = await runCredentialTest(testCredential(kie.sb.url, { apiKey: '' }));
		expect(result.status).toBe('Error');
		expect(result.message).toBe('Invalid API key: Kie answered code 401');
	});

	it.each([
		[402, 'The key works but the Kie account has no credits left (code 402)'],
		[429, 'Kie is rate limiting this key (code 429); try again shortly'],
		[455, 'Kie is under maintenance (code 455); try again later'],
		[500, 'Kie reported a server error (code 500); try again later'],
		[505, 'Kie reports this feature as disabled (code 505)'],
	])('body code %i fails with its own message', async (code, message) => {
		kie.sb.addFault({ type: 'code', code, path: '/api/v1/chat/credit' });
		const result = await runCredentialTest(testCredential(kie.sb.url));
		expect(result).toEqual({ status: 'Error', message, statusCode: 200 });
	});

	it('a wrong base URL (unknown route) fails', async () => {
		const result = await runCredentialTest(testCredential(`${kie.sb.url}/wrong-prefix`));
		expect(result.status).toBe('Error');
		expect(result.statusCode).toBe(404);
	});

	it('the base URL comes from the credential (a proxy or the sandbox)', async () => {
		const result = await runCredentialTest(testCredential('http://127.0.0.1:9'));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Couldn't connect with these settings/);
		expect(kie.sb.requests).toHaveLength(0);
	});
});
