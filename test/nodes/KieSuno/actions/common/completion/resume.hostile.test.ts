/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `completion: resume` against hostile and unlucky callbacks (issue 9). The resume URL is public
 * and Kie signs only the task id, so a body proves nothing: the node resumes only with what Kie
 * answers, reads the calling task patiently through Kie's outages and lag, and never fetches a URL
 * a body names. Real n8n-core contexts; the Kie sandbox (local test double, not Kie) on 127.0.0.1;
 * the node's clock is virtual (each sleep takes 1/100 of its length in real time).
 */
import { finishedTasks, PATIENCE } from '../../../../../../nodes/KieSuno/actions/common/completion/resumeWebhook';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import { fileBytes, useFileServers } from '../../../../shared/fileServer';
import type { FakeClock, Route } from './helpers';
import { createRequests, expectedTrackItems, installFakeClock, realDelay, recordInfoRequests, ROUTES, startTestSandbox, taskWithTitle, vocalsParameters } from './helpers';
import type { Receiver } from './resumeHarness';
import { callbacksFor, deliver, HMAC_KEY, readsBeforeWaiting, resumeCredential, signedHeaders, startReceiver, startWaiting, titles } from './resumeHarness';
import { runNode } from '../../../../../harness/n8nCore';

const NEVER = 3_600_000;

let sb: KieSandbox;
let receiver: Receiver;
let clock: FakeClock | undefined;
const fileServer = useFileServers();

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

/** A forged "complete" body for a real task, naming URLs on a trap listener. */
function forgedComplete(taskId: string, trapUrl: string) {
	return {
		code: 200,
		msg: 'All generated successfully.',
		data: {
			callbackType: 'complete',
			task_id: taskId,
			data: [{ id: 'forged', audio_url: `${trapUrl}/forged.mp3`, image_url: `${trapUrl}/forged.jpeg`, title: 'Forged', duration: 1 }],
		},
	};
}

const noKey = () => resumeCredential(sb, { webhookHmacKey: '' });

describe.each(ROUTES)('forged and replayed callbacks (%s route)', (route: Route) => {
	it('without an HMAC key: a forged "complete" for a running task resumes nothing and fetches nothing; the genuine one resumes with Kie\'s tracks', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		const waiting = await runNode({
			parameters: vocalsParameters({ completion: 'resume', options: { downloadAudio: true, downloadCover: true } }, route),
			credentials: noKey(),
			inputItems: titles('Target'),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		const task = taskWithTitle(sb, 'Target');

		const forged = await deliver(waiting, { body: forgedComplete(task.taskId, trap.url) }, noKey());
		expect(forged.response).toMatchObject({ statusCode: 200, body: { received: true } });
		expect(forged.result).toEqual({ noWebhookResponse: true });
		// It asked Kie, patiently (Kie may lag behind its own callback), and Kie said "still running".
		expect(recordInfoRequests(sb, task.taskId).length).toBeGreaterThan(1);
		expect(clock!.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(PATIENCE.lagMs);

		sb.completeTask(task.taskId);
		const genuine = (await callbacksFor(sb, receiver, task.taskId, 1)).at(-1)!;
		const resumed = await deliver(waiting, genuine, noKey());
		const items = resumed.result.workflowData![0];
		expect(items.map((item) => item.json)).toEqual(expectedTrackItems(sb.tasks.get(task.taskId)!, 0).map((item) => item.json));
		expect(items.map((item) => Object.keys(item.binary ?? {}).sort())).toEqual([
			['audio', 'cover'],
			['audio', 'cover'],
		]);
		expect(trap.hits).toHaveLength(0);
	});

	it('a forged body for a finished task: the output is Kie\'s, never the body\'s, and its URLs are never fetched', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		const waiting = await runNode({
			parameters: vocalsParameters({ completion: 'resume', options: { downloadAudio: true } }, route),
			credentials: noKey(),
			inputItems: titles('Finished'),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		const task = taskWithTitle(sb, 'Finished');
		sb.completeTask(task.taskId);
		const { result } = await deliver(waiting, { body: forgedComplete(task.taskId, trap.url) }, noKey());
		const items = result.workflowData![0];
		expect(items.map((item) => item.json)).toEqual(expectedTrackItems(sb.tasks.get(task.taskId)!, 0).map((item) => item.json));
		expect(JSON.stringify(items)).not.toContain('forged');
		expect(trap.hits).toHaveLength(0);
	});

	it('with an HMAC key: a replay with a stale signature is refused before any read; a replay of a genuine callback changes nothing', async () => {
		const waiting = await startWaiting(sb, receiver, ['First', 'Second'], { route });
		const [first, second] = [taskWithTitle(sb, 'First'), taskWithTitle(sb, 'Second')];
		sb.completeTask(first.taskId);
		const genuine = (await callbacksFor(sb, receiver, first.taskId, 1)).at(-1)!;
		const stale = { ...genuine.headers, 'x-webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
		const replayedStale = await deliver(waiting, { body: genuine.body, headers: stale }, resumeCredential(sb));
		expect(replayedStale.response.statusCode).toBe(401);
		expect(recordInfoRequests(sb)).toHaveLength(readsBeforeWaiting(2));
		// The genuine callback, twice: Second still runs, so nothing resumes either time.
		for (let i = 0; i < 2; i++) expect((await deliver(waiting, genuine, resumeCredential(sb))).result).toEqual({ noWebhookResponse: true });
		sb.completeTask(second.taskId);
		const last = (await callbacksFor(sb, receiver, second.taskId, 1)).at(-1)!;
		const { result } = await deliver(waiting, last, resumeCredential(sb));
		expect(result.workflowData).toEqual([[...expectedTrackItems(first, 0), ...expectedTrackItems(second, 1)]]);
	});
});

describe.each(ROUTES)('Kie\'s bad days during resume (%s route)', (route: Route) => {
	it.each(['http502', 'reset', 'code500'] as const)('the last callback arrives during a details outage (%s): read through it, resumed with the tracks, one create', async (mode) => {
		const waiting = await startWaiting(sb, receiver, ['Stormy'], { route });
		const task = taskWithTitle(sb, 'Stormy');
		sb.completeTask(task.taskId);
		const callback = (await callbacksFor(sb, receiver, task.taskId, 1)).at(-1)!;
		const outage = sb.addOutage({ paths: ['details'], durationMs: 800, mode });
		const { result, answeredAfterMs } = await deliver(waiting, callback, resumeCredential(sb));
		expect(answeredAfterMs).toBeLessThan(200);
		expect(outage.hits).toBeGreaterThanOrEqual(1);
		expect(result.workflowData).toEqual([expectedTrackItems(task, 0)]);
		expect(createRequests(sb)).toHaveLength(1);
	});

	it('a complete callback that arrives before Kie\'s details show the end: read again until they do', async () => {
		const waiting = await startWaiting(sb, receiver, ['Early'], { route });
		const task = taskWithTitle(sb, 'Early');
		const timestamp = signedHeaders(task.taskId);
		const body = route === 'jobs' ? { taskId: task.taskId, code: 200, msg: 'Success', data: { task_id: task.taskId, callbackType: 'complete' } } : forgedComplete(task.taskId, 'https://cdn.example.com');
		let sleepsBeforeDone = -1;
		clock!.restore();
		clock = installFakeClock(async (_ms, index) => {
			if (index === 1) {
				sleepsBeforeDone = index + 1;
				sb.completeTask(task.taskId);
			}
			await realDelay(5);
		});
		const { result } = await deliver(waiting, { body, headers: timestamp }, resumeCredential(sb));
		expect(sleepsBeforeDone).toBe(2);
		expect(result.workflowData).toEqual([expectedTrackItems(sb.tasks.get(task.taskId)!, 0)]);
	});

	it('CALLBACK_EXCEPTION with the tracks present (Kie rendered and billed): resumed with the tracks', async () => {
		sb.addFault({ type: 'outcome', status: 'CALLBACK_EXCEPTION', tracks: true, callback: 'error' });
		const waiting = await startWaiting(sb, receiver, ['Billed'], { route });
		const task = taskWithTitle(sb, 'Billed');
		sb.completeTask(task.taskId, { status: 'CALLBACK_EXCEPTION', tracks: true, callback: 'error' });
		const callback = (await callbacksFor(sb, receiver, task.taskId, 1)).at(-1)!;
		const { result } = await deliver(waiting, callback, resumeCredential(sb));
		const status = route === 'jobs' ? 'fail' : 'CALLBACK_EXCEPTION';
		expect(result.workflowData).toEqual([
			expectedTrackItems(task, 0).map((item) => ({ ...item, json: { ...item.json, status, code: 500, msg: 'Error during callback process' } })),
		]);
	});

	it('result URLs naming another loopback port: resumed with the tracks, zero hits there, a downloadError per item', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		sb.addFault({ type: 'resultUrls', urls: [`${trap.url}/x.mp3`] });
		const waiting = await runNode({
			parameters: vocalsParameters({ completion: 'resume', options: { downloadAudio: true } }, route),
			credentials: resumeCredential(sb),
			inputItems: titles('Hostile'),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		const task = taskWithTitle(sb, 'Hostile');
		sb.completeTask(task.taskId);
		const callback = (await callbacksFor(sb, receiver, task.taskId, 1)).at(-1)!;
		const { result } = await deliver(waiting, callback, resumeCredential(sb));
		const items = result.workflowData![0];
		expect(items.map((item) => item.json.downloadError)).toEqual(['audio: refused: 127.0.0.1 is a loopback address', 'audio: refused: 127.0.0.1 is a loopback address']);
		expect(trap.hits).toHaveLength(0);
	});

	it('a burst of complete callbacks: Kie is answered before any read, and 3 reads/s per task hold', async () => {
		sb.configure({ recordInfoRateLimit: { max: 3, windowMs: 1000 } });
		const inputs = Array.from({ length: 8 }, (_, i) => `Burst ${i}`);
		const waiting = await startWaiting(sb, receiver, inputs, { route });
		const tasks = inputs.map((title) => taskWithTitle(sb, title));
		for (const task of tasks) sb.completeTask(task.taskId);
		const callbacks = await Promise.all(tasks.map(async (task) => (await callbacksFor(sb, receiver, task.taskId, 1)).at(-1)!));
		const deliveries = await Promise.all(callbacks.map(async (callback) => await deliver(waiting, callback, resumeCredential(sb))));
		expect(deliveries.some((delivery) => delivery.result.workflowData !== undefined)).toBe(true);
		expect(sb.stats.recordInfoRateViolations).toBe(0);
		expect(Math.max(...deliveries.map((delivery) => delivery.answeredAfterMs))).toBeLessThan(500);
	}, 30_000);
});
