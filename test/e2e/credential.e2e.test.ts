/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { VERSIONS, client, sandbox } from './helpers';

describe.each(VERSIONS)('n8n $version: credential test (POST /rest/credentials/test)', (v) => {
	const data = (apiKey: string) => ({ apiKey, baseUrl: v.sandboxUrl, uploadBaseUrl: v.sandboxUrl, webhookHmacKey: v.hmacKey });

	it('passes with the sandbox key and calls GET /api/v1/chat/credit with it', async () => {
		const since = Date.now();
		const { good } = v.credentials;
		const res = await client(v).testCredential({ id: good.id, name: good.name, type: 'kieApi', data: data(good.apiKey) });
		expect(res).toEqual(expect.objectContaining({ status: 'OK' }));
		const reqs = await sandbox(v).requests({ path: '/api/v1/chat/credit', since });
		expect(reqs.length).toBeGreaterThanOrEqual(1);
		expect(reqs[reqs.length - 1].method).toBe('GET');
		expect(reqs[reqs.length - 1].headers.authorization).toBe(`Bearer ${good.apiKey}`);
	});

	it('fails with a bad key (sandbox answers HTTP 200 + code 401)', async () => {
		const since = Date.now();
		const { bad } = v.credentials;
		const res = await client(v).testCredential({ id: bad.id, name: bad.name, type: 'kieApi', data: data(bad.apiKey) });
		expect(res.status).toBe('Error');
		expect(typeof res.message).toBe('string');
		const reqs = await sandbox(v).requests({ path: '/api/v1/chat/credit', since });
		expect(reqs.map((r) => r.headers.authorization)).toContain(`Bearer ${bad.apiKey}`);
	});

	it('fails when the stored good credential is tested with a bad key typed into the form', async () => {
		const { good } = v.credentials;
		const res = await client(v).testCredential({ id: good.id, name: good.name, type: 'kieApi', data: data('typed-wrong-key') });
		expect(res.status).toBe('Error');
	});
});
