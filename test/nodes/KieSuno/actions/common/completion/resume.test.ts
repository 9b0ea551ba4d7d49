/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * `completion: resume` through n8n-core's real WorkflowExecute (execute → putExecutionToWait),
 * and the node's webhook() through n8n-core's real WebhookContext built on the waiting run's
 * runExecutionData (so customData is the execution's real metadata). Kie's callbacks are the
 * ones the Kie sandbox (local test double, not Kie) really sends to the execution's resume URL,
 * caught by a small receiver on 127.0.0.1 and handed to webhook() with their headers.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeParameters, IRun, IRunExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { KieSuno } from '../../../../../../nodes/KieSuno/KieSuno.node';
import { kieSignature } from '../../../../../../nodes/shared/signature';
import type { RunNodeResult } from '../../../../../harness/n8nCore';
import { createAdditionalData, createWebhookContext, runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieCallbackBody, KieSandbox } from '../../../../../sandbox/kieSandbox';
import { createRequests, expectedTrackItems, recordInfoRequests, startTestSandbox, taskWithTitle, vocalsParameters } from './helpers';

const HMAC_KEY = 'resume-test-hmac-key';
const NEVER = 3_600_000;
/** The sandbox's message on a `complete` callback, as Kie sends it. */
const COMPLETE_MSG = 'All generated successfully.';

interface ReceivedCallback {
	url: string;
	headers: Record<string, string>;
	body: KieCallbackBody;
}

/** Stands in for n8n's /webhook-waiting endpoint: records what Kie (the sandbox) posts. */
async function startReceiver() {
	const received: ReceivedCallback[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				url: req.url ?? '',
				headers: req.headers as Record<string, string>,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as KieCallbackBody,
			});
			res.end('{"received":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as AddressInfo).port;
	return {
		waitingBaseUrl: `http://127.0.0.1:${port}/webhook-waiting`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let sb: KieSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
	sb = await startTestSandbox({ hmacKey: HMAC_KEY, callbacks: { retries: 0, retryDelayMs: 10, timeoutMs: 5000 } });
	receiver = await startReceiver();
});

afterAll(async () => {
	await sb.close();
	await receiver.close();
});

beforeEach(() => {
	sb.reset();
	receiver.received.length = 0;
	sb.configure({
		stageDelaysMs: { text: NEVER, first: NEVER, complete: NEVER },
		recordInfoRateLimit: { max: 1000, windowMs: 1000 },
	});
});

const credential = (overrides: IDataObject = {}) => testCredential(sb.url, { webhookHmacKey: HMAC_KEY, ...overrides });
const titles = (...list: string[]): INodeExecutionData[] => list.map((title) => ({ json: { title } }));

async function startWaiting(inputTitles: string[], options: IDataObject = { timeoutMinutes: 2 }, continueOnFail = false) {
	return await runNode({
		parameters: vocalsParameters({ completion: 'resume', options: options as INodeParameters }),
		credentials: credential(),
		inputItems: titles(...inputTitles),
		webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		continueOnFail,
	});
}

/** The task list the node keeps in the execution's custom data. */
function savedState(run: IRunExecutionData): unknown {
	const metadata = run.resultData.metadata ?? {};
	const chunks = Number(metadata.kieSunoResume);
	let text = '';
	for (let i = 0; i < chunks; i++) text += metadata[`kieSunoResume${i}`];
	return JSON.parse(text);
}

/** Calls the node's webhook() as n8n does for a callback to the waiting execution. */
async function deliver(
	waiting: RunNodeResult,
	request: { body: unknown; headers?: Record<string, string> },
	credentials: IDataObject = credential(),
) {
	const { context, response } = await createWebhookContext({
		node: waiting.node,
		workflow: waiting.workflow,
		request: { body: request.body, headers: request.headers },
		credentials: credentials as never,
		// as n8n loads it from the database for every callback
		runExecutionData: JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData,
		executionId: '1',
	});
	const result: IWebhookResponseData = await new KieSuno().webhook.call(context);
	return { result, response };
}

async function callbacksFor(taskId: string, count: number): Promise<ReceivedCallback[]> {
	await sb.waitFor(() => receiver.received.filter((cb) => cb.body.data.task_id === taskId).length >= count, 5000, `callbacks of ${taskId}`);
	return receiver.received.filter((cb) => cb.body.data.task_id === taskId);
}

/** What n8n's WaitTracker does at waitTill: run the stored execution on; the waiting node is disabled. */
async function resumeAtTimeout(waiting: RunNodeResult): Promise<IRun> {
	const stored = JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData;
	stored.waitTill = new Date(stored.waitTill as unknown as string);
	return await continueExecution(waiting, stored);
}

/** Runs a stored execution on with n8n-core's WorkflowExecute. */
async function continueExecution(waiting: RunNodeResult, stored: IRunExecutionData): Promise<IRun> {
	const hooks = new ExecutionLifecycleHooks('manual', '1', { id: waiting.workflow.id, nodes: [], connections: {} } as never);
	const execute = new WorkflowExecute(createAdditionalData({ executionId: '1', hooks }), 'manual', stored);
	return await execute.processRunExecutionData(waiting.workflow);
}

/** What n8n does with a webhook() result carrying workflowData: it becomes the waiting node's output. */
async function resumeWithWorkflowData(waiting: RunNodeResult, workflowData: INodeExecutionData[][]): Promise<IRun> {
	const stored = JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData;
	stored.waitTill = new Date(stored.waitTill as unknown as string);
	// packages/cli/src/webhooks/webhook-helpers.ts (prepareExecutionData), n8n 2.41
	const resuming = stored.executionData!.nodeExecutionStack[0];
	resuming.data.main = workflowData;
	resuming.metadata = { ...resuming.metadata, forwardAllOutputs: true };
	return await continueExecution(waiting, stored);
}

const nodeOutput = (run: IRun) => run.data.resultData.runData['Kie Suno']?.at(-1)?.data?.main?.[0];

describe('resume: going to wait', () => {
	it('creates the tasks with the resume URL as callBackUrl, saves the task list in customData and waits until now + timeout', async () => {
		const before = Date.now();
		const waiting = await startWaiting(['A', 'B'], { timeoutMinutes: 2 });
		const after = Date.now();

		expect(waiting.error).toBeUndefined();
		expect(waiting.status).toBe('waiting');
		expect(waiting.statusUpdates).toContain('waiting');
		expect(waiting.waitTill!.getTime()).toBeGreaterThanOrEqual(before + 120_000);
		expect(waiting.waitTill!.getTime()).toBeLessThanOrEqual(after + 120_000);

		// $execution.resumeUrl: <webhookWaitingBaseUrl>/<executionId>?signature=<resumeToken>
		expect(waiting.resumeUrl).toBe(`${receiver.waitingBaseUrl}/1?signature=${waiting.runExecutionData.resumeToken}`);
		const creates = createRequests(sb);
		expect(creates).toHaveLength(2);
		for (const create of creates) expect(create.body.callBackUrl).toBe(waiting.resumeUrl);
		expect(recordInfoRequests(sb)).toHaveLength(0);

		const a = taskWithTitle(sb, 'A');
		const b = taskWithTitle(sb, 'B');
		expect(savedState(waiting.runExecutionData)).toEqual({
			n: 2,
			t: [
				[0, a.taskId],
				[1, b.taskId],
			],
			f: [],
			d: waiting.waitTill!.getTime(),
		});
	});

	it('replaces its input with timedOut error items, so n8n passing the input through at waitTill is never mistaken for results', async () => {
		const waiting = await startWaiting(['A', 'B'], { timeoutMinutes: 0.5 });
		const a = taskWithTitle(sb, 'A');
		const b = taskWithTitle(sb, 'B');
		const timeoutItem = (taskId: string, item: number): INodeExecutionData => {
			const msg = `Task ${taskId} sent no final callback within 0.5 minute(s) (last status: unknown). It may still finish on Kie: read it later with Get Task Details.`;
			return { json: { taskId, stage: 'error', status: null, code: null, msg, error: msg, timedOut: true }, pairedItem: { item } };
		};
		const expected = [timeoutItem(a.taskId, 0), timeoutItem(b.taskId, 1)];

		// What the waiting node hands on: its run data and the re-stacked input n8n will pass through.
		expect(waiting.items).toEqual([expected]);
		expect(waiting.runExecutionData.executionData!.nodeExecutionStack[0].data.main).toEqual([expected]);

		// Let n8n-core's WorkflowExecute run the stored execution on, as the WaitTracker does on timeout.
		const run = await resumeAtTimeout(waiting);
		expect(run.status).toBe('success');
		expect(nodeOutput(run)).toEqual(expected);
		for (const item of nodeOutput(run)!) expect(item.json).not.toHaveProperty('audioUrl');
	});

	it('keeps items whose task was not created (Continue On Fail) in the saved state', async () => {
		const waiting = await startWaiting(['A', '', 'C'], { timeoutMinutes: 1 }, true);
		expect(waiting.status).toBe('waiting');
		const a = taskWithTitle(sb, 'A');
		const c = taskWithTitle(sb, 'C');
		expect(savedState(waiting.runExecutionData)).toEqual({
			n: 3,
			t: [
				[0, a.taskId],
				[2, c.taskId],
			],
			f: [[1, '"Title" is required [item 1]']],
			d: waiting.waitTill!.getTime(),
		});
	});
});

describe('resume: webhook()', () => {
	it('text and first callbacks keep waiting; it resumes only when every task is finished', async () => {
		const waiting = await startWaiting(['A', 'B']);
		const a = taskWithTitle(sb, 'A');
		const b = taskWithTitle(sb, 'B');

		sb.completeTask(a.taskId);
		const aCallbacks = await callbacksFor(a.taskId, 3);
		expect(aCallbacks.map((cb) => cb.body.data.callbackType)).toEqual(['text', 'first', 'complete']);
		// Kie (the sandbox) called the execution's resume URL, signed
		for (const cb of aCallbacks) {
			expect(`${receiver.waitingBaseUrl.replace(/\/webhook-waiting$/, '')}${cb.url}`).toBe(waiting.resumeUrl);
			expect(cb.headers['x-webhook-signature']).toBe(kieSignature(a.taskId, cb.headers['x-webhook-timestamp'], HMAC_KEY));
		}

		const text = await deliver(waiting, aCallbacks[0]);
		expect(text.result).toEqual({ webhookResponse: { received: true, stage: 'text' } });
		const first = await deliver(waiting, aCallbacks[1]);
		expect(first.result).toEqual({ webhookResponse: { received: true, stage: 'first' } });

		// A is complete, B still pending: still waiting
		const aComplete = await deliver(waiting, aCallbacks[2]);
		expect(aComplete.result).toEqual({ webhookResponse: { received: true, waitingFor: b.taskId } });
		expect(aComplete.result.workflowData).toBeUndefined();

		sb.completeTask(b.taskId);
		const bCallbacks = await callbacksFor(b.taskId, 3);
		const bComplete = await deliver(waiting, bCallbacks[2]);
		// each task was settled by its own (signed) complete callback, which carries Kie's message
		const expectedItems = [
			...expectedTrackItems(sb.tasks.get(a.taskId)!, 0, COMPLETE_MSG),
			...expectedTrackItems(sb.tasks.get(b.taskId)!, 1, COMPLETE_MSG),
		];
		expect(bComplete.result).toEqual({ workflowData: [expectedItems], noWebhookResponse: true });
		// Kie got its answer before any download could delay it
		expect(bComplete.response).toMatchObject({ statusCode: 200, body: { received: true, resumed: true }, ended: true });

		// n8n makes workflowData the waiting node's output (item for item; see the BUG test for pairedItem)
		const run = await resumeWithWorkflowData(waiting, bComplete.result.workflowData!);
		expect(run.status).toBe('success');
		expect(nodeOutput(run)!.map((item) => item.json)).toEqual(expectedItems.map((item) => item.json));
	});

	// n8n-core's WorkflowExecute.addPairedItemLineage() re-pairs a resumed node's items by position
	// (for every node resumed by a webhook, not only this one); the README documents it. What the
	// node itself hands n8n pairs every track to the input that created it.
	it('hands n8n every track paired to the input that created it', async () => {
		const waiting = await startWaiting(['A', 'B']);
		const a = taskWithTitle(sb, 'A');
		const b = taskWithTitle(sb, 'B');
		sb.completeTask(a.taskId);
		sb.completeTask(b.taskId);
		const [, , complete] = await callbacksFor(b.taskId, 3);
		await callbacksFor(a.taskId, 3);
		const { result } = await deliver(waiting, complete);
		expect(result.workflowData![0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	// Tasks of one batch finish together, so their callbacks arrive together: reads are shared and
	// stop at the first unfinished task, so Kie's 3 reads/s per task holds and answers stay fast.
	it('a burst of complete callbacks stays within 3 record-info reads/s per task and is answered fast', async () => {
		sb.configure({ recordInfoRateLimit: { max: 3, windowMs: 1000 } });
		const inputs = Array.from({ length: 8 }, (_, i) => `Burst ${i}`);
		const waiting = await startWaiting(inputs);
		const tasks = inputs.map((title) => taskWithTitle(sb, title));
		for (const task of tasks) sb.completeTask(task.taskId);
		const completes = await Promise.all(tasks.map(async (task) => (await callbacksFor(task.taskId, 3))[2]));
		// n8n handles concurrent HTTP requests concurrently
		const answers = await Promise.all(
			completes.map(async (callback) => {
				const started = Date.now();
				const { result } = await deliver(waiting, callback);
				return { ms: Date.now() - started, resumed: result.workflowData !== undefined };
			}),
		);
		expect(answers.some((answer) => answer.resumed)).toBe(true);
		expect(sb.stats.recordInfoRateViolations).toBe(0);
		expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(1000);
	}, 30_000);

	it('a complete callback that arrives before record-info shows SUCCESS still counts for its own task', async () => {
		const waiting = await startWaiting(['Solo']);
		const solo = taskWithTitle(sb, 'Solo');
		const timestamp = String(Math.floor(Date.now() / 1000));
		const body = {
			code: 200,
			msg: 'All generated successfully.',
			data: {
				callbackType: 'complete',
				task_id: solo.taskId,
				data: [{ id: 't1', audio_url: 'https://cdn.example.com/1.mp3', title: 'Solo', createTime: '2025-01-01 00:00:00', duration: 1.5 }],
			},
		};
		const { result } = await deliver(waiting, {
			body,
			headers: { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': kieSignature(solo.taskId, timestamp, HMAC_KEY) },
		});
		expect(sb.tasks.get(solo.taskId)!.status).toBe('PENDING');
		expect(result.workflowData).toEqual([
			[
				{
					json: {
						taskId: solo.taskId,
						stage: 'complete',
						status: 'SUCCESS',
						code: 200,
						msg: 'All generated successfully.',
						trackIndex: 0,
						trackCount: 1,
						id: 't1',
						audioUrl: 'https://cdn.example.com/1.mp3',
						streamAudioUrl: null,
						imageUrl: null,
						title: 'Solo',
						tags: null,
						prompt: null,
						modelName: null,
						duration: 1.5,
						createTime: '2025-01-01T00:00:00.000Z',
					},
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('resumes with error items for failed tasks and for items that never got a task', async () => {
		const waiting = await startWaiting(['A', '', 'C [sandbox:GENERATE_AUDIO_FAILED]'], { timeoutMinutes: 1 }, true);
		const a = taskWithTitle(sb, 'A');
		const c = taskWithTitle(sb, 'C [sandbox:GENERATE_AUDIO_FAILED]');
		sb.completeTask(a.taskId);
		sb.completeTask(c.taskId, 'GENERATE_AUDIO_FAILED');
		await callbacksFor(a.taskId, 3);
		const [cError] = (await callbacksFor(c.taskId, 1)).filter((cb) => cb.body.data.callbackType === 'error');
		expect(cError.body).toEqual({
			code: 501,
			msg: 'Audio generation failed.',
			data: { callbackType: 'error', task_id: c.taskId, error: 'Generation failed due to technical issues' },
		});
		const { result } = await deliver(waiting, cError);
		const notCreated = '"Title" is required [item 1]';
		expect(result.workflowData).toEqual([
			[
				...expectedTrackItems(sb.tasks.get(a.taskId)!, 0),
				{ json: { taskId: null, stage: 'error', code: null, msg: notCreated, error: notCreated }, pairedItem: { item: 1 } },
				// C is settled by its own error callback: Kie's code and message, no record-info status
				{
					json: {
						taskId: c.taskId,
						stage: 'error',
						status: null,
						code: 501,
						msg: 'Audio generation failed.',
						error: 'Generation failed due to technical issues',
					},
					pairedItem: { item: 2 },
				},
			],
		]);
	});

	it.each([
		['a wrong key', 'bad', 'X-Webhook-Signature does not match'],
		['no signature headers', 'missing', 'Missing X-Webhook-Timestamp or X-Webhook-Signature header'],
		['an hour-old timestamp', 'stale', 'X-Webhook-Timestamp is more than 300 s from now'],
	] as const)('a callback signed with %s gets 401 and resumes nothing', async (_label, signature, reason) => {
		sb.addFault({ type: 'callback', signature });
		const waiting = await startWaiting(['Signed']);
		const task = taskWithTitle(sb, 'Signed');
		sb.completeTask(task.taskId);
		const [, , complete] = await callbacksFor(task.taskId, 3);
		const { result, response } = await deliver(waiting, complete);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 401, body: { error: `Signature check failed: ${reason}` }, ended: true });
		// an unauthenticated body never triggers reads
		expect(recordInfoRequests(sb)).toHaveLength(0);

		// the same callback, correctly signed, resumes
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signed = await deliver(waiting, {
			body: complete.body,
			headers: { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': kieSignature(task.taskId, timestamp, HMAC_KEY) },
		});
		expect(signed.result.workflowData).toEqual([expectedTrackItems(sb.tasks.get(task.taskId)!, 0, COMPLETE_MSG)]);
	});

	it('without webhookHmacKey on the credential, unsigned callbacks are accepted', async () => {
		const waiting = await startWaiting(['Unsigned']);
		const task = taskWithTitle(sb, 'Unsigned');
		sb.completeTask(task.taskId);
		const [, , complete] = await callbacksFor(task.taskId, 3);
		const { result } = await deliver(waiting, { body: complete.body }, credential({ webhookHmacKey: '' }));
		expect(result.workflowData).toEqual([expectedTrackItems(sb.tasks.get(task.taskId)!, 0, COMPLETE_MSG)]);
	});

	it.each([
		[{ hello: 'world' }, {}, '"code" must be an integer'],
		['not json', { 'content-type': 'text/plain' }, 'The body is not valid JSON'],
		[{ code: 200 }, { 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type must be application/json, got "application/x-www-form-urlencoded"'],
		[{ code: 200, msg: 'x', data: { callbackType: 'complete' } }, {}, '"data.task_id" must be a non-empty string'],
		[{ code: 200, msg: 'x', data: { callbackType: 'done', task_id: 'abc' } }, {}, '"data.callbackType" must be one of text, first, complete, error'],
	])('a malformed body %j (%j) gets 400', async (body, headers, reason) => {
		const waiting = await startWaiting(['Malformed']);
		const { result, response } = await deliver(waiting, { body, headers: headers as Record<string, string> });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 400, body: { error: `Not a Kie callback: ${reason}` } });
		expect(recordInfoRequests(sb)).toHaveLength(0);
	});

	it('a callback for a task of another execution is ignored', async () => {
		const waiting = await startWaiting(['Mine']);
		const timestamp = String(Math.floor(Date.now() / 1000));
		const { result } = await deliver(waiting, {
			body: { code: 200, msg: 'ok', data: { callbackType: 'complete', task_id: 'someoneelse', data: [] } },
			headers: { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': kieSignature('someoneelse', timestamp, HMAC_KEY) },
		});
		expect(result).toEqual({ webhookResponse: { received: true, ignored: 'unknown task' } });
		expect(recordInfoRequests(sb)).toHaveLength(0);
	});
});

describe('resume: resume URL reachability', () => {
	// A "public" Kie host that is still this machine: an IPv4-mapped IPv6 literal of 127.0.0.1
	// is not a private host by the node's rules, and anything sent there lands in the sandbox.
	const publicLookingKie = () => `http://[::ffff:127.0.0.1]:${sb.port}`;

	it.each([['http://127.0.0.1:5678/webhook-waiting', '127.0.0.1'], ['http://localhost:5678/webhook-waiting', 'localhost']])(
		'refuses a resume URL on %s when Kie is public: no task is created',
		async (waitingBaseUrl, host) => {
			const result = await runNode({
				parameters: vocalsParameters({ completion: 'resume' }),
				credentials: testCredential(publicLookingKie()),
				inputItems: titles('Unreachable'),
				webhookWaitingBaseUrl: waitingBaseUrl,
			});
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				`Kie cannot reach this n8n: its resume URL points at "${host}", which is not reachable from the internet`,
			);
			expect(result.error?.description).toContain('WEBHOOK_URL');
			expect(result.error?.description).toContain('"Poll Until Done"');
			expect(result.error?.description).toContain('No task was created.');
			expect(sb.requests).toHaveLength(0);
		},
	);

	it('allows a loopback resume URL when Kie itself is on loopback (the sandbox)', async () => {
		const waiting = await startWaiting(['Local']);
		expect(waiting.status).toBe('waiting');
		expect(createRequests(sb)[0].body.callBackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook-waiting\/1\?signature=/);
	});

	it('allows a public resume URL with a public Kie', async () => {
		const result = await runNode({
			parameters: vocalsParameters({ completion: 'resume' }),
			credentials: testCredential(publicLookingKie()),
			inputItems: titles('Public'),
			webhookWaitingBaseUrl: 'https://n8n.example.com/webhook-waiting',
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('waiting');
		expect(createRequests(sb)[0].body.callBackUrl).toBe(
			`https://n8n.example.com/webhook-waiting/1?signature=${result.runExecutionData.resumeToken}`,
		);
	});

	it('refuses more than 100 items before creating anything', async () => {
		const result = await runNode({
			parameters: vocalsParameters({ completion: 'resume' }),
			credentials: credential(),
			inputItems: titles(...Array.from({ length: 101 }, (_, i) => `T${i}`)),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Pause Until Callback" handles at most 100 items per execution, got 101');
		expect(sb.requests).toHaveLength(0);
	});
});
