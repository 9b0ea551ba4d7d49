/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Get Credits through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double
 * of Kie, not Kie).
 */
import { runNode, testCredential } from '../../../../harness/n8nCore';
import { useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 4321 });
const clock = useFastClock();

const CREDIT_PATH = '/api/v1/chat/credit';
const parameters = { resource: 'account', operation: 'getCredits' };

describe('Get Credits', () => {
	it('outputs { credits: <number> } paired to the input item', async () => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('success');
		expect(result.items).toEqual([[{ json: { credits: 4321 }, pairedItem: { item: 0 } }]]);
		const [request] = kie.sb.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe(CREDIT_PATH);
		expect(request.headers.authorization).toBe('Bearer sandbox-key');
		expect(kie.sb.requests).toHaveLength(1);
	});

	it('one output item per input item', async () => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url), inputItems: [{ json: {} }, { json: {} }, { json: {} }] });
		expect(result.items[0]).toEqual([0, 1, 2].map((item) => ({ json: { credits: 4321 }, pairedItem: { item } })));
	});

	it('a fractional balance stays a number', async () => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data: 12.5, path: CREDIT_PATH });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.items[0][0].json).toStrictEqual({ credits: 12.5 });
	});

	it('a numeric string is converted to a number', async () => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data: '77', path: CREDIT_PATH });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.items[0][0].json).toStrictEqual({ credits: 77 });
	});

	it('an answer without a number is an error, not { credits: NaN }', async () => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data: { balance: 5 }, path: CREDIT_PATH });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie answered the credit request without a number');
	});

	it.each([null, '', true, []])('data %p is an error, not a balance of 0 or 1', async (data) => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data, path: CREDIT_PATH });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Kie answered the credit request without a number');
	});

	it('a wrong key: Kie\'s HTTP 200 { code: 401 } fails the run with the mapped message', async () => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url, { apiKey: 'wrong-key-42' }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the API key (code 401)');
		expect(result.error?.description).toContain('This happened while reading the account credits.');
		expect(kie.sb.requests).toHaveLength(1);
	});

	it('with Continue On Fail: an error item per input, paired', async () => {
		const result = await runNode({
			parameters,
			credentials: testCredential(kie.sb.url, { apiKey: 'wrong-key-42' }),
			inputItems: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(result.items[0]).toEqual([
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 0 } },
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 1 } },
		]);
	});

	it('the credit read is retried on 429 and maintenance (455), then succeeds', async () => {
		kie.sb.addFault({ type: 'code', code: 429, path: CREDIT_PATH, times: 1 });
		kie.sb.addFault({ type: 'code', code: 455, path: CREDIT_PATH, times: 1 });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.items[0][0].json).toStrictEqual({ credits: 4321 });
		expect(kie.sb.requests).toHaveLength(3);
		expect(clock.delays).toEqual([1000, 2000]);
	});

	it('505 (feature disabled) is reported as such, at once: waiting cannot enable it', async () => {
		kie.sb.addFault({ type: 'code', code: 505, path: CREDIT_PATH });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.error?.message).toBe('Kie reports this feature as disabled (code 505)');
		expect(kie.sb.requests).toHaveLength(1);
		expect(clock.delays).toEqual([]);
	});

	it('a body code 500 on the read is retried (Kie\'s server trouble may pass)', async () => {
		kie.sb.addFault({ type: 'code', code: 500, path: CREDIT_PATH, times: 1 });
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.items[0][0].json).toStrictEqual({ credits: 4321 });
		expect(clock.delays).toEqual([1000]);
	});
});
