/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Boost Style through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double
 * of Kie, not Kie): synchronous and billed (0.4 credits), so it is never resent when Kie may have
 * received it; the live answer and the documented one differ (family §5.3, §13 #20).
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, FAST_SANDBOX, outputOf, runMusic, useVirtualClock } from './helpers';

const kie = useSandbox({ ...FAST_SANDBOX, boostStyleShape: 'live' });
useVirtualClock();

const PATH = '/api/v1/style/generate';
/** What the sandbox makes of a content (its words plus a fixed tail). */
const boosted = (content: string) => `${content} built around a hushed intro with sparse felt piano, breathy synth pads and a slow-building groove`;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('Boost Style', () => {
	it('sends {content} and outputs style (Kie\'s result) with the credits it cost', async () => {
		const before = kie.sb.credits;
		const result = await runMusic(kie.sb, 'boostStyle', { content: 'Pop, Mysterious' });
		const items = outputOf(result);
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ content: 'Pop, Mysterious' }]);
		expect(items).toEqual([
			{
				style: boosted('Pop, Mysterious'),
				content: 'Pop, Mysterious',
				creditsConsumed: 0.4,
				creditsRemaining: kie.sb.credits,
				createTime: expect.stringMatching(ISO),
			},
		]);
		expect(kie.sb.credits).toBeCloseTo(before - 0.4, 5);
		expect(result.items[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('the documented answer shape (errorMessage, text createTime) gives the same fields', async () => {
		kie.sb.configure({ boostStyleShape: 'docs' });
		const [item] = outputOf(await runMusic(kie.sb, 'boostStyle', { content: 'Jazz' }));
		expect(item).toEqual({ style: boosted('Jazz'), content: 'Jazz', creditsConsumed: 0.4, creditsRemaining: kie.sb.credits, createTime: expect.stringMatching(ISO) });
	});

	it('one output item per input item, in order, paired', async () => {
		const inputItems = ['Rock', 'Folk', 'Metal'].map((style) => ({ json: { style } }));
		const result = await runMusic(kie.sb, 'boostStyle', { content: '={{ $json.style }}' }, { inputItems });
		expect(outputOf(result).map((item) => item.style)).toEqual(['Rock', 'Folk', 'Metal'].map(boosted));
		expect(result.items[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('never resent when the connection drops after Kie received it', async () => {
		kie.sb.addFault({ type: 'acceptThenReset', path: PATH });
		const result = await runMusic(kie.sb, 'boostStyle', { content: 'Pop' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/^The connection to Kie failed after the request was sent \(ECONNRESET\)/);
		expect(String(result.error?.description)).toContain('It was not sent again');
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(1);
	});

	it('a rate-limit answer (nothing done) is retried', async () => {
		kie.sb.addFault({ type: 'code', code: 429, path: PATH });
		const [item] = outputOf(await runMusic(kie.sb, 'boostStyle', { content: 'Pop' }));
		expect(item.style).toBe(boosted('Pop'));
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(2);
	});

	it.each([
		['an empty result with Kie\'s error text', { result: '', errorMsg: 'upstream busy' }, 'Kie answered without a boosted style: upstream busy [item 0]'],
		['a failure flag', { result: 'x', successFlag: '失败', errorMessage: null }, 'Kie answered without a boosted style (status 失败) [item 0]'],
	])('code 200 with %s is an error', async (_name, data, message) => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data, path: PATH });
		const result = await runMusic(kie.sb, 'boostStyle', { content: 'Pop' });
		expect(result.error?.message).toBe(message);
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(1);
	});

	it('Continue On Fail: Kie\'s refusal becomes an error item for that input only', async () => {
		kie.sb.configure({ credits: 0.5 });
		const inputItems = [{ json: { style: 'Rock' } }, { json: { style: 'Folk' } }];
		const result = await runMusic(kie.sb, 'boostStyle', { content: '={{ $json.style }}' }, { inputItems, continueOnFail: true });
		const [ok, refused] = outputOf(result);
		expect(ok.style).toBe(boosted('Rock'));
		expect(refused).toEqual({ error: 'Not enough Kie credits (code 402)', code: 402, description: expect.stringContaining('Top up') });
	});

	it('the content is required, and nothing is sent', async () => {
		const result = await runMusic(kie.sb, 'boostStyle', { content: '={{ "  " }}' });
		expect(result.error?.message).toBe('"Content" is required [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});
});
