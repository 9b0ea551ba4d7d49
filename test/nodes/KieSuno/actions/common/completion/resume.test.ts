/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `completion: resume` through n8n-core's real WorkflowExecute (execute → putExecutionToWait), and
 * the node's webhook() through n8n-core's real WebhookContext on the waiting run's stored data.
 * Kie's callbacks are the ones the Kie sandbox (local test double, not Kie) really posts to the
 * execution's resume URL. A callback is a doorbell: Kie gets its 200 at once, then the node reads
 * the tasks from Kie and resumes with what Kie answered once every task has finished.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { resolveResumeUrl } from '../../../../../../nodes/KieSuno/actions/common/completion/resume';
import { finishedTasks } from '../../../../../../nodes/KieSuno/actions/common/completion/resumeWebhook';
import { runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import type { FakeClock, Route } from './helpers';
import { createRequests, expectedTrackItems, installFakeClock, PROBE_NODE, realDelay, recordInfoRequests, ROUTES, setProbe, startTestSandbox, taskWithTitle, vocalsParameters } from './helpers';
import type { Receiver } from './resumeHarness';
import { callbacksFor, deliver, HMAC_KEY, nodeOutput, readsBeforeWaiting, resumeAtTimeout, resumeCredential, resumeWithWorkflowData, savedState, signedHeaders, startReceiver, startWaiting, titles } from './resumeHarness';

const NEVER = 3_600_000;

let sb: KieSandbox;
let receiver: Receiver;
let clock: FakeClock | undefined;

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
	finishedTasks.clear();
	receiver.received.length = 0;
	sb.configure({ stageDelaysMs: { text: NEVER, first: NEVER, complete: NEVER }, recordInfoRateLimit: { max: 1000, windowMs: 1000 } });
	clock = installFakeClock(async (ms) => await realDelay(Math.min(ms / 100, 200)));
});
afterEach(() => {
	clock?.restore();
	clock = undefined;
});

const credential = () => resumeCredential(sb);

describe.each(ROUTES)('resume: going to wait (%s route)', (route: Route) => {
	it('creates the tasks with the resume URL as callBackUrl, saves the task list (with its route) and waits until now + timeout', async () => {
		const waiting = await startWaiting(sb, receiver, ['A', 'B'], { route });

		expect(waiting.error).toBeUndefined();
		expect(waiting.status).toBe('waiting');
		expect(waiting.statusUpdates).toContain('waiting');
		// now (the node's clock) + Timeout (2 minutes)
		expect(waiting.waitTill!.getTime()).toBe(clock!.now() + 120_000);
		expect(waiting.resumeUrl).toBe(`${receiver.waitingBaseUrl}/1?signature=${waiting.runExecutionData.resumeToken}`);
		const creates = createRequests(sb);
		expect(creates.map((create) => create.path)).toEqual(new Array(2).fill(route === 'jobs' ? '/api/v1/jobs/createTask' : '/api/v1/generate/add-vocals'));
		for (const create of creates) expect(create.body.callBackUrl).toBe(waiting.resumeUrl);
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(2));

		const [a, b] = [taskWithTitle(sb, 'A'), taskWithTitle(sb, 'B')];
		const entry = (item: number, taskId: string) => (route === 'jobs' ? [item, taskId, 1] : [item, taskId]);
		expect(savedState(waiting.runExecutionData)).toEqual({ n: 2, y: 'music', t: [entry(0, a.taskId), entry(1, b.taskId)], f: [], d: waiting.waitTill!.getTime() });
	});

	it('replaces its input with timedOut error items, so n8n passing the input through at waitTill is never mistaken for results', async () => {
		const waiting = await startWaiting(sb, receiver, ['A', 'B'], { route, timeoutMinutes: 0.5 });
		const timeoutItem = (taskId: string, item: number): INodeExecutionData => {
			const msg = `Task ${taskId} sent no final callback within 0.5 minute(s) (last status: unknown). It may still finish on Kie: read it later with Get Task Details.`;
			return { json: { taskId, taskType: 'music', apiRoute: route, stage: 'error', status: null, code: null, msg, error: msg, timedOut: true }, pairedItem: { item } };
		};
		const expected = [timeoutItem(taskWithTitle(sb, 'A').taskId, 0), timeoutItem(taskWithTitle(sb, 'B').taskId, 1)];
		expect(waiting.items).toEqual([expected]);
		expect(waiting.runExecutionData.executionData!.nodeExecutionStack[0].data.main).toEqual([expected]);

		// n8n-core's WorkflowExecute runs the stored execution on, as the WaitTracker does on timeout.
		const run = await resumeAtTimeout(waiting);
		expect(run.status).toBe('success');
		expect(nodeOutput(run)).toEqual(expected);
	});
});

describe.each(ROUTES)('resume: Kie finished before the execution could wait (%s route)', (route) => {
	it('outputs Kie\'s results at once instead of pausing: their callbacks came while n8n could not resume anything', async () => {
		sb.configure({ stageDelaysMs: { text: 0, first: 0, complete: 0 } });
		sb.addFault({ type: 'delay', ms: 300, times: 2 });
		const run = await startWaiting(sb, receiver, ['Quick', 'Quicker'], { route });
		expect(run.status).toBe('success');
		expect(run.waitTill).toBeUndefined();
		const [quick, quicker] = [taskWithTitle(sb, 'Quick'), taskWithTitle(sb, 'Quicker')];
		expect(sb.tasks.get(quick.taskId)!.status).toBe('SUCCESS');
		expect(run.items).toEqual([[...expectedTrackItems(quick, 0), ...expectedTrackItems(quicker, 1)]]);
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(2));
	});
});

describe('resume: going to wait with items that got no task', () => {
	it('keeps them (Continue On Fail) in the saved state', async () => {
		const waiting = await startWaiting(sb, receiver, ['A', '', 'C'], { timeoutMinutes: 1, continueOnFail: true });
		expect(waiting.status).toBe('waiting');
		expect(savedState(waiting.runExecutionData)).toEqual({
			n: 3,
			y: 'music',
			t: [
				[0, taskWithTitle(sb, 'A').taskId, 1],
				[2, taskWithTitle(sb, 'C').taskId, 1],
			],
			f: [[1, '"Title" is required [item 1]']],
			d: waiting.waitTill!.getTime(),
		});
	});
});

describe.each(ROUTES)('resume: webhook() (%s route)', (route: Route) => {
	it('Kie gets 200 at once; it resumes with Kie\'s items only when every task is finished', async () => {
		const waiting = await startWaiting(sb, receiver, ['A', 'B'], { route });
		const [a, b] = [taskWithTitle(sb, 'A'), taskWithTitle(sb, 'B')];

		sb.completeTask(a.taskId);
		const aCallbacks = await callbacksFor(sb, receiver, a.taskId, route === 'jobs' ? 1 : 3);
		for (const cb of aCallbacks) expect(`${receiver.waitingBaseUrl.replace(/\/webhook-waiting$/, '')}${cb.url}`).toBe(waiting.resumeUrl);

		// A is complete, B still pending: answered, still waiting
		const aComplete = await deliver(waiting, aCallbacks.at(-1)!, credential());
		expect(aComplete.response).toMatchObject({ statusCode: 200, body: { received: true }, ended: true });
		expect(aComplete.result).toEqual({ noWebhookResponse: true });

		sb.completeTask(b.taskId);
		const bCallbacks = await callbacksFor(sb, receiver, b.taskId, route === 'jobs' ? 1 : 3);
		const bComplete = await deliver(waiting, bCallbacks.at(-1)!, credential());
		const expectedItems = [...expectedTrackItems(sb.tasks.get(a.taskId)!, 0), ...expectedTrackItems(sb.tasks.get(b.taskId)!, 1)];
		expect(bComplete.result).toEqual({ workflowData: [expectedItems], noWebhookResponse: true });
		expect(bComplete.response).toMatchObject({ statusCode: 200, body: { received: true }, ended: true });

		// n8n makes workflowData the waiting node's output
		const run = await resumeWithWorkflowData(waiting, bComplete.result.workflowData!);
		expect(run.status).toBe('success');
		expect(nodeOutput(run)!.map((item) => item.json)).toEqual(expectedItems.map((item) => item.json));
	});

	it('resumes with error items for failed tasks and for items that never got a task', async () => {
		const waiting = await startWaiting(sb, receiver, ['A', '', 'C [sandbox:GENERATE_AUDIO_FAILED]'], { route, timeoutMinutes: 1, continueOnFail: true });
		const [a, c] = [taskWithTitle(sb, 'A'), taskWithTitle(sb, 'C [sandbox:GENERATE_AUDIO_FAILED]')];
		sb.completeTask(a.taskId);
		sb.completeTask(c.taskId, 'GENERATE_AUDIO_FAILED');
		await callbacksFor(sb, receiver, a.taskId, 1);
		const cError = (await callbacksFor(sb, receiver, c.taskId, 1)).at(-1)!;
		const { result } = await deliver(waiting, cError, credential());
		const notCreated = '"Title" is required [item 1]';
		const status = route === 'jobs' ? 'fail' : 'GENERATE_AUDIO_FAILED';
		expect(result.workflowData).toEqual([
			[
				...expectedTrackItems(sb.tasks.get(a.taskId)!, 0),
				{ json: { taskId: null, stage: 'error', code: null, msg: notCreated, error: notCreated }, pairedItem: { item: 1 } },
				{
					json: { taskId: c.taskId, taskType: 'music', apiRoute: route, stage: 'error', status, code: 501, msg: 'Generation failed due to technical issues', error: 'Generation failed due to technical issues' },
					pairedItem: { item: 2 },
				},
			],
		]);
	});

	it('one callback is enough when the others were lost: every finished task is read from Kie', async () => {
		sb.addFault({ type: 'callback', drop: ['text', 'first', 'complete', 'error'], times: 1, afterCount: 1 });
		const waiting = await startWaiting(sb, receiver, ['Heard', 'Silent'], { route });
		const [heard, silent] = [taskWithTitle(sb, 'Heard'), taskWithTitle(sb, 'Silent')];
		sb.completeTask(silent.taskId);
		sb.completeTask(heard.taskId);
		const callback = (await callbacksFor(sb, receiver, heard.taskId, 1)).at(-1)!;
		await realDelay(50);
		expect(receiver.received.filter((cb) => cb.body.data?.task_id === silent.taskId)).toEqual([]);
		const { result } = await deliver(waiting, callback, credential());
		expect(result.workflowData).toEqual([[...expectedTrackItems(heard, 0), ...expectedTrackItems(silent, 1)]]);
	});
});

describe('resume: requests that resume nothing', () => {
	it.each([
		['a wrong key', 'bad', 'X-Webhook-Signature does not match'],
		['no signature headers', 'missing', 'Missing X-Webhook-Timestamp or X-Webhook-Signature header'],
		['an hour-old timestamp', 'stale', 'X-Webhook-Timestamp is more than 300 s from now'],
	] as const)('a callback signed with %s gets 401 before any read; the same callback correctly signed resumes', async (_label, signature, reason) => {
		sb.addFault({ type: 'callback', signature });
		const waiting = await startWaiting(sb, receiver, ['Signed'], { route: 'perOperation' });
		const task = taskWithTitle(sb, 'Signed');
		sb.completeTask(task.taskId);
		const complete = (await callbacksFor(sb, receiver, task.taskId, 3))[2];
		const rejected = await deliver(waiting, complete, credential());
		expect(rejected.result).toEqual({ noWebhookResponse: true });
		expect(rejected.response).toMatchObject({ statusCode: 401, body: { error: `Signature check failed: ${reason}` }, ended: true });
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(1));

		const signed = await deliver(waiting, { body: complete.body, headers: signedHeaders(task.taskId) }, credential());
		expect(signed.result.workflowData).toEqual([expectedTrackItems(sb.tasks.get(task.taskId)!, 0)]);
	});

	it('without webhookHmacKey on the credential, unsigned callbacks are accepted', async () => {
		const waiting = await startWaiting(sb, receiver, ['Unsigned']);
		const task = taskWithTitle(sb, 'Unsigned');
		sb.completeTask(task.taskId);
		const [complete] = await callbacksFor(sb, receiver, task.taskId, 1);
		const { result } = await deliver(waiting, { body: complete.body }, resumeCredential(sb, { webhookHmacKey: '' }));
		expect(result.workflowData).toEqual([expectedTrackItems(sb.tasks.get(task.taskId)!, 0)]);
	});

	it.each([
		[{ hello: 'world' }, { 'content-type': 'application/json' }, 'No task id ("data.task_id", "data.taskId" or "task_id")'],
		['not json', { 'content-type': 'text/plain' }, 'The body is not valid JSON'],
		[{ code: 200 }, { 'content-type': 'application/x-www-form-urlencoded' }, 'Content-Type must be application/json, got "application/x-www-form-urlencoded"'],
		[{ code: 200, data: { task_id: '../../etc' } }, { 'content-type': 'application/json' }, 'The task id is not a Kie task id'],
	])('a body that is not a doorbell (%j, %j) gets 400 and no read', async (body, headers, reason) => {
		const waiting = await startWaiting(sb, receiver, ['Malformed']);
		const { result, response } = await deliver(waiting, { body, headers }, credential());
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 400, body: { error: `Not a Kie callback: ${reason}` } });
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(1));
	});

	it('a drifted but genuine body (unknown callbackType, numbers as strings) is a doorbell', async () => {
		const waiting = await startWaiting(sb, receiver, ['Drift']);
		const task = taskWithTitle(sb, 'Drift');
		sb.completeTask(task.taskId);
		const body = { code: '200', msg: 7, data: { callbackType: 'DONE', task_id: task.taskId, data: [null, 'x'] } };
		const { result } = await deliver(waiting, { body, headers: signedHeaders(task.taskId) }, credential());
		expect(result.workflowData).toEqual([expectedTrackItems(task, 0)]);
	});

	it('a callback for a task of another execution is ignored, without a read', async () => {
		await startWaiting(sb, receiver, ['Mine']);
		const waiting = await startWaiting(sb, receiver, ['Also Mine']);
		const { result } = await deliver(
			waiting,
			{ body: { code: 200, msg: 'ok', data: { callbackType: 'complete', task_id: 'someoneelse', data: [] } }, headers: signedHeaders('someoneelse') },
			credential(),
		);
		expect(result).toEqual({ webhookResponse: { received: true, ignored: 'unknown task' } });
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(2));
	});
});

describe('resume: resume URL reachability', () => {
	// A public-looking Kie host that can never resolve (RFC 2606): the check runs before any request.
	const PUBLIC_KIE = 'https://kie.invalid';

	/** resolveResumeUrl in n8n-core's real ExecuteContext of a run whose resume URL is on `waitingBaseUrl`. */
	async function resolveWith(kieBaseUrl: string, waitingBaseUrl: string) {
		setProbe(async (context) => [[{ json: { url: await resolveResumeUrl(context, 1) } }]]);
		return await runNode({ node: PROBE_NODE, parameters: {}, credentials: testCredential(kieBaseUrl), webhookWaitingBaseUrl: waitingBaseUrl });
	}

	it.each([
		['http://127.0.0.1:5678/webhook-waiting', '127.0.0.1'],
		['http://localhost:5678/webhook-waiting', 'localhost'],
		['http://192.168.1.20:5678/webhook-waiting', '192.168.1.20'],
		['http://n8n.local:5678/webhook-waiting', 'n8n.local'],
	])('refuses a resume URL on %s when Kie is public: no task is created', async (waitingBaseUrl, host) => {
		const result = await runNode({
			parameters: vocalsParameters({ completion: 'resume' }),
			credentials: testCredential(PUBLIC_KIE),
			inputItems: titles('Unreachable'),
			webhookWaitingBaseUrl: waitingBaseUrl,
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`Kie cannot reach this n8n: its resume URL points at "${host}", which is not reachable from the internet`);
		expect(result.error?.description).toContain('WEBHOOK_URL');
		expect(result.error?.description).toContain('"Poll Until Done"');
		expect(result.error?.description).toContain('No task was created.');
		expect(sb.requests).toHaveLength(0);
	});

	it('allows a public resume URL with a public Kie', async () => {
		const result = await resolveWith(PUBLIC_KIE, 'https://n8n.example.com/webhook-waiting');
		expect(result.error).toBeUndefined();
		expect(result.items[0][0].json.url).toBe(`https://n8n.example.com/webhook-waiting/1?signature=${result.runExecutionData.resumeToken}`);
	});

	it('allows a loopback resume URL when Kie itself is on loopback (the sandbox)', async () => {
		const waiting = await startWaiting(sb, receiver, ['Local']);
		expect(waiting.status).toBe('waiting');
		expect(createRequests(sb)[0].body.callBackUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook-waiting\/1\?signature=/);
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
