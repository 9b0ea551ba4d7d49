/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Generate Lyrics through n8n-core's real WorkflowExecute against the Kie SANDBOX (local test double
 * of Kie, not Kie), in the three completion modes: Kie's documented body on both routes, one item
 * per lyrics variant, validation before any request, Continue On Fail, pacing.
 */
import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { KieSuno } from '../../../../../nodes/KieSuno/KieSuno.node';
import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { FamilyTask } from '../audio/familyHarness';
import { createdTask, deliverToWaiting, startReceiver, useFamilySandbox } from '../audio/familyHarness';

const kie = useFamilySandbox();
const PROMPT = 'A nostalgic song about childhood memories in a small town';

const parameters = (overrides: IDataObject = {}) => ({ resource: 'lyrics', operation: 'generate', prompt: PROMPT, completion: 'poll', ...overrides });

const run = async (overrides: IDataObject = {}, options: { inputItems?: IDataObject[]; continueOnFail?: boolean } = {}) =>
	await runNode({
		parameters: parameters(overrides) as never,
		credentials: testCredential(kie.sb.url),
		inputItems: options.inputItems?.map((json) => ({ json })),
		continueOnFail: options.continueOnFail,
	});

/** The items interface.md prescribes for a finished lyrics task, from the sandbox's record. */
function variantItems(task: FamilyTask, itemIndex: number, apiRoute = 'perOperation'): INodeExecutionData[] {
	const variants = task.result.variants as Array<{ title: string; text: string }>;
	return variants.map((variant, index) => ({
		json: { taskId: task.taskId, taskType: 'lyrics', apiRoute, stage: 'complete', status: 'SUCCESS', code: 200, msg: null, index, count: variants.length, title: variant.title, text: variant.text },
		pairedItem: { item: itemIndex },
	}));
}

const lyricsTasks = () => [...kie.sb.tasks.values()].filter((task) => task.family === 'lyrics');

describe('Generate Lyrics: poll', () => {
	it('sends {prompt, callBackUrl} to /api/v1/lyrics and outputs one item per variant', async () => {
		const result = await run();
		expect(result.error).toBeUndefined();
		const task = createdTask(kie.sb, 'lyrics');
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/lyrics');
		expect(create.body).toStrictEqual({ prompt: PROMPT, callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback` });
		expect(reads.length).toBeGreaterThan(0);
		for (const read of reads) expect([read.path, read.query]).toEqual(['/api/v1/lyrics/record-info', { taskId: task.taskId }]);
		expect(task.result.variants).toHaveLength(2);
		expect(result.items).toEqual([variantItems(task, 0)]);
	});

	it('several inputs: each input\'s variants, in input order, paired to it', async () => {
		const result = await run({ prompt: '={{ $json.idea }}' }, { inputItems: [{ idea: 'rain on a tin roof' }, { idea: 'a night train north' }] });
		expect(result.error).toBeUndefined();
		const byPrompt = (prompt: string) => lyricsTasks().find((task) => task.body.prompt === prompt)!;
		expect(result.items).toEqual([[...variantItems(byPrompt('rain on a tin roof'), 0), ...variantItems(byPrompt('a night train north'), 1)]]);
	});

	it('works the same when Kie\'s details list the variants under "data" (CN docs)', async () => {
		kie.sb.configure({ lyricsDetailsKey: 'data' });
		const result = await run();
		expect(result.items).toEqual([variantItems(createdTask(kie.sb, 'lyrics'), 0)]);
	});

	it('API Route "jobs": ai-music-api/generate-lyrics with input {prompt}; the items are the per-operation ones but apiRoute', async () => {
		const result = await run({ options: { apiRoute: 'jobs' } });
		expect(result.error).toBeUndefined();
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body).toStrictEqual({
			model: 'ai-music-api/generate-lyrics',
			input: { prompt: PROMPT },
			callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback`,
		});
		expect(reads.every((read) => read.path === '/api/v1/jobs/recordInfo')).toBe(true);
		expect(result.items).toEqual([variantItems(createdTask(kie.sb, 'lyrics'), 0, 'jobs')]);
	});

	it.each([
		['SENSITIVE_WORD_ERROR', 400, 'Sensitive word detected in the request'],
		['GENERATE_LYRICS_FAILED', 501, 'Lyrics generation failed'],
	])('a task that ends %s is one error item with Kie\'s code and message (Continue On Fail)', async (status, code, message) => {
		kie.sb.addFault({ type: 'outcome', status });
		const result = await run({}, { continueOnFail: true });
		const task = createdTask(kie.sb, 'lyrics');
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType: 'lyrics', apiRoute: 'perOperation', stage: 'error', status, code, msg: message, error: message }, pairedItem: { item: 0 } }],
		]);
	});

	it('without Continue On Fail a failed task fails the run and names the task', async () => {
		kie.sb.addFault({ type: 'outcome', status: 'GENERATE_LYRICS_FAILED' });
		const result = await run();
		const task = createdTask(kie.sb, 'lyrics');
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Lyrics generation failed [item 0]');
		expect(String(result.error?.description)).toContain(`item 0: ${task.taskId} (GENERATE_LYRICS_FAILED: Lyrics generation failed)`);
	});
});

describe('Generate Lyrics: validation and pacing', () => {
	it('a prompt of 201 characters fails naming the limit and the item, before any request', async () => {
		const result = await run({ prompt: '={{ $json.prompt }}' }, { inputItems: [{ prompt: 'fine' }, { prompt: 'x'.repeat(201) }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Prompt" has 201 characters; Kie allows at most 200 [item 1]');
		expect(kie.nodeRequests()).toEqual([]);
	});

	it('exactly 200 characters is sent as is', async () => {
		const prompt = 'y'.repeat(200);
		await run({ prompt, completion: 'callback', callbackUrl: 'https://example.com/hook' });
		expect(kie.nodeRequests()[0].body).toStrictEqual({ prompt, callBackUrl: 'https://example.com/hook?kieTaskType=lyrics' });
	});

	it('an empty prompt with Continue On Fail: an error item for it, the others are created', async () => {
		const result = await run(
			{ prompt: '={{ $json.prompt }}', completion: 'callback', callbackUrl: 'https://example.com/hook' },
			{ inputItems: [{ prompt: 'one' }, { prompt: '   ' }, { prompt: 'three' }], continueOnFail: true },
		);
		const output = result.items[0];
		expect(output.map((item) => [item.json.stage, item.pairedItem])).toEqual([
			['pending', { item: 0 }],
			['error', { item: 1 }],
			['pending', { item: 2 }],
		]);
		expect(output[1].json.error).toBe('"Prompt" is required [item 1]');
		expect(kie.nodeRequests().map((request) => request.body.prompt)).toEqual(['one', 'three']);
	});

	it('"Return Task Only" outputs the pending task with the tagged callback URL', async () => {
		const result = await run({ completion: 'callback', callbackUrl: 'https://example.com/hook' });
		const task = createdTask(kie.sb, 'lyrics');
		expect(result.items).toEqual([
			[
				{
					json: { taskId: task.taskId, taskType: 'lyrics', apiRoute: 'perOperation', stage: 'pending', operation: 'generate', callbackUrl: 'https://example.com/hook?kieTaskType=lyrics' },
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(task.callBackUrl).toBe('https://example.com/hook?kieTaskType=lyrics');
	});

	it('paces creates: with 2 per 10 s, the third of three waits 10 s', async () => {
		const result = await run({ completion: 'callback', callbackUrl: 'https://example.com/hook', options: { maxCreatesPerWindow: 2, rateWindowSeconds: 10 } }, { inputItems: [{}, {}, {}] });
		expect(result.items[0]).toHaveLength(3);
		expect(kie.sleeps).toEqual([10_000]);
	});

	it('the options have no download settings (lyrics have no files) and no model', () => {
		const options = new KieSuno().description.properties.find(
			(property) => property.name === 'options' && property.displayOptions?.show?.resource?.[0] === 'lyrics',
		)!.options as INodeProperties[];
		expect(options.map((option) => option.name)).toEqual(['apiRoute', 'maxCreatesPerWindow', 'pollIntervalSeconds', 'rateWindowSeconds', 'timeoutMinutes']);
	});
});

describe('Generate Lyrics: resume', () => {
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await receiver.close();
	});

	it('waits, and Kie\'s lyrics callback resumes it with the variants read from Kie', async () => {
		kie.sb.configure({ familyDelaysMs: { lyrics: 3_600_000 } });
		receiver.received.length = 0;
		const waiting = await runNode({
			parameters: parameters({ completion: 'resume', options: { timeoutMinutes: 5 } }) as never,
			credentials: testCredential(kie.sb.url),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		expect(waiting.error).toBeUndefined();
		expect(waiting.status).toBe('waiting');
		const task = createdTask(kie.sb, 'lyrics');
		expect(task.callBackUrl).toBe(waiting.resumeUrl);

		kie.sb.completeTask(task.taskId);
		await kie.sb.waitFor(() => receiver.received.length >= 1, 5000, 'the lyrics callback');
		const [callback] = receiver.received;
		expect((callback.body.data as IDataObject).callbackType).toBe('complete');
		const result = await deliverToWaiting(waiting, callback, testCredential(kie.sb.url));
		// the items come from Kie's details (msg null), not from the callback's body
		expect(result).toEqual({ workflowData: [variantItems(task, 0)], noWebhookResponse: true });
	});
});
