/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/KieSunoTrigger/verify.ts through the trigger (real WebhookContext) and the Kie SANDBOX (a
 * local test double of Kie, not Kie): where the task is looked for, how long Kie's lag and outages
 * are waited out, and that nothing Kie does not confirm starts an execution. The transport clock
 * is virtual (sleeps are instant unless a test says otherwise).
 */
import type { IDataObject } from 'n8n-workflow';

import { VERIFY_RETRY } from '../../../nodes/KieSunoTrigger/verify';
import { MAX_VERIFYING } from '../../../nodes/KieSunoTrigger/receive';
import { transportClock } from '../../../nodes/shared/transport';
import { detailsRequests, useFastClock } from '../../harness/sandbox';
import { JSON_HEADERS } from './fixtures';
import type { Route } from './kieTasks';
import { completeBody, finishedTask, kieCredential, runningTask, useTriggerKie, verifiedItems } from './kieTasks';
import { callTrigger } from './triggerHarness';

const kie = useTriggerKie();
const clock = useFastClock();
const ALL = { events: ['text', 'first', 'complete', 'error'] };

async function ring(body: IDataObject, parameters: IDataObject = {}) {
	const call = await callTrigger({ body, headers: JSON_HEADERS }, { credentials: kieCredential(kie.sb), parameters });
	expect(call.error).toBeUndefined();
	expect(call.response).toMatchObject({ status: 200, body: { received: true }, ended: true });
	return call;
}

const reads = () => detailsRequests(kie.sb).map((request) => request.path);
const started = (call: Awaited<ReturnType<typeof ring>>) => call.result?.workflowData?.[0].map((item) => item.json);

describe('where the task is looked for', () => {
	it('a per-operation song body: the song details endpoint only', async () => {
		const task = await finishedTask(kie.sb);
		expect(started(await ring(completeBody(task)))).toEqual(verifiedItems(task));
		expect(reads()).toEqual(['/api/v1/generate/record-info']);
	});

	it('the jobs route\'s body: jobs recordInfo only', async () => {
		const task = await finishedTask(kie.sb, 'jobs');
		expect(started(await ring(completeBody(task)))).toEqual(verifiedItems(task));
		expect(reads()).toEqual(['/api/v1/jobs/recordInfo']);
	});

	it('a jobs task rung with a per-operation-looking body: the per-operation route, then jobs', async () => {
		const task = await finishedTask(kie.sb, 'jobs');
		const body = { ...completeBody({ ...task, route: 'perOperation' }), data: { callbackType: 'complete', task_id: task.taskId, data: [] } };
		expect(started(await ring(body))).toEqual(verifiedItems(task));
		expect(reads()).toEqual(['/api/v1/generate/record-info', '/api/v1/jobs/recordInfo']);
	});

	it('a body that names no family: the guessed family first, then every other one', async () => {
		const task = await finishedTask(kie.sb);
		expect(started(await ring({ data: { task_id: task.taskId } }))).toEqual(verifiedItems(task));
		expect(reads()).toEqual(['/api/v1/generate/record-info']);
	});

	it('a task id Kie does not know anywhere: every family on both routes is asked once, then nothing starts', async () => {
		const call = await ring({ data: { task_id: 'no-such-task-0001' } });
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(reads()).toHaveLength(14);
		expect(new Set(reads()).size).toBe(8);
		expect(clock.delays).toEqual([]);
		expect(call.savedStaticData).toBeUndefined();
	});
});

/** Rings with a credential and notes, when the trigger answers Kie, how many reads Kie had answered and how long it had waited. */
async function ringNotingAnswer(body: IDataObject) {
	let atAnswer: { reads: number; waitedMs: number } | undefined;
	const call = await callTrigger(
		{ body, headers: JSON_HEADERS },
		{
			credentials: kieCredential(kie.sb),
			onResponseEnd: () => (atAnswer = { reads: reads().length, waitedMs: clock.delays.reduce((sum, ms) => sum + ms, 0) }),
		},
	);
	expect(call.response).toMatchObject({ status: 200, body: { received: true }, ended: true });
	return { call, atAnswer };
}

describe('when Kie gets its answer: not before its task was read (an acknowledged callback is never sent again)', () => {
	it('a finished task: answered after the read that confirmed it, before the execution starts', async () => {
		const task = await finishedTask(kie.sb);
		const { call, atAnswer } = await ringNotingAnswer(completeBody(task));
		expect(atAnswer).toEqual({ reads: 1, waitedMs: 0 });
		expect(started(call)).toEqual(verifiedItems(task));
	});

	it('Kie still lags: answered after the first read and before the first pause, then confirmed later', async () => {
		const task = await runningTask(kie.sb, 'jobs');
		let waits = 0;
		transportClock.sleep = async (ms: number) => {
			clock.delays.push(ms);
			if (++waits === 2) kie.sb.completeTask(task.taskId);
		};
		const { call, atAnswer } = await ringNotingAnswer(completeBody(task));
		expect(atAnswer).toEqual({ reads: 1, waitedMs: 0 });
		expect(reads()).toHaveLength(3);
		expect(started(call)).toEqual(verifiedItems(kie.sb.tasks.get(task.taskId)!));
	});

	it('a task Kie does not know: answered after Kie said so, and nothing starts', async () => {
		const { call, atAnswer } = await ringNotingAnswer(completeBody({ taskId: 'nosuchtask0001', route: 'perOperation', tracks: [] } as never));
		expect(atAnswer?.reads).toBeGreaterThanOrEqual(1);
		expect(atAnswer?.waitedMs).toBe(0);
		expect(call.result).toEqual({ noWebhookResponse: true });
	});
});

describe('Kie lags behind its own callback, or fails for a moment', () => {
	it('claimed complete while Kie still shows the task running: asked again after 1, 2, 4, 8 and 15 s, then nothing starts', async () => {
		const task = await runningTask(kie.sb);
		const call = await ring(completeBody({ ...task, tracks: [] }));
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(clock.delays).toEqual(VERIFY_RETRY.delaysMs);
		expect(VERIFY_RETRY.delaysMs).toEqual([1000, 2000, 4000, 8000, 15_000]);
		expect(reads()).toEqual(new Array(6).fill('/api/v1/generate/record-info'));
		expect(call.savedStaticData).toBeUndefined();
	});

	it('Kie catches up during the waits: the execution starts with what Kie then says', async () => {
		const task = await runningTask(kie.sb, 'jobs');
		let waits = 0;
		transportClock.sleep = async () => {
			if (++waits === 2) kie.sb.completeTask(task.taskId);
		};
		const call = await ring(completeBody(task));
		expect(started(call)).toEqual(verifiedItems(kie.sb.tasks.get(task.taskId)!));
		expect(reads()).toHaveLength(3);
	});

	it.each(['http502', 'reset', 'code455'] as const)('a details outage (%s) is waited out', async (mode) => {
		const task = await finishedTask(kie.sb);
		const outage = kie.sb.addOutage({ paths: ['details'], durationMs: 1000, mode });
		// Waits take a fifth of their length, so the retries (1 + 2 + 4 + 8 + 15 s) outlast the outage.
		transportClock.sleep = async (ms) => await new Promise((resolve) => setTimeout(resolve, Math.min(ms / 5, 1000)));
		const call = await ring(completeBody(task));
		expect(outage.hits).toBeGreaterThanOrEqual(1);
		expect(started(call)).toEqual(verifiedItems(task));
	});

	it('a rejected key (401) cannot heal: one read, nothing starts', async () => {
		const task = await finishedTask(kie.sb);
		const call = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { credentials: { ...kieCredential(kie.sb), apiKey: 'revoked-key' } });
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(reads()).toHaveLength(1);
		expect(clock.delays).toEqual([]);
	});
});

describe('the stage is Kie\'s, not the body\'s', () => {
	it('a doorbell claiming "error" for a finished song starts a complete execution, or nothing when only errors are selected', async () => {
		const task = await finishedTask(kie.sb);
		const errorBody = { code: 501, msg: 'Audio generation failed.', data: { callbackType: 'error', task_id: task.taskId, error: 'boom' } };
		expect(started(await ring(errorBody, ALL))).toEqual(verifiedItems(task));
		const onlyErrors = await ring(errorBody, { events: ['error'] });
		expect(onlyErrors.result).toEqual({ noWebhookResponse: true });
	});

	it('a doorbell claiming "error" for a running task is not confirmed: nothing starts', async () => {
		const task = await runningTask(kie.sb);
		const call = await ring({ code: 500, msg: 'x', data: { callbackType: 'error', task_id: task.taskId } }, ALL);
		expect(call.result).toEqual({ noWebhookResponse: true });
	});

	it('a task Kie says failed starts its error item; a CALLBACK_EXCEPTION with tracks starts the tracks', async () => {
		const failed = await runningTask(kie.sb, 'perOperation', 'Failed');
		kie.sb.completeTask(failed.taskId, 'GENERATE_AUDIO_FAILED');
		const msg = 'Generation failed due to technical issues';
		expect(started(await ring(completeBody(failed)))).toEqual([
			{ taskId: failed.taskId, taskType: 'music', apiRoute: 'perOperation', stage: 'error', status: 'GENERATE_AUDIO_FAILED', code: 501, msg, error: msg, verified: true },
		]);
		const billed = await runningTask(kie.sb, 'perOperation', 'Billed');
		kie.sb.completeTask(billed.taskId, { status: 'CALLBACK_EXCEPTION', tracks: true });
		const errorBody = { code: 500, msg: 'Callback exception.', data: { callbackType: 'error', task_id: billed.taskId, error: 'Error during callback process' } };
		const items = started(await ring(errorBody));
		expect(items?.map((item) => [item.stage, item.status, item.audioUrl])).toEqual(billed.tracks.map((track) => ['complete', 'CALLBACK_EXCEPTION', track.audioUrl]));
	});
});

describe('load', () => {
	it(`at most ${MAX_VERIFYING} confirmations at once: beyond that Kie is asked to call again (503, Retry-After)`, async () => {
		kie.sb.configure({ rateLimit: { max: 1000, windowMs: 10_000 } });
		const routes: Route[] = ['perOperation', 'jobs'];
		const tasks = await Promise.all(Array.from({ length: MAX_VERIFYING + 1 }, async (_, i) => await finishedTask(kie.sb, routes[i % 2], `Load ${i}`)));
		kie.sb.addFault({ type: 'delay', ms: 300, path: 'details', times: 'always' });
		const calls = await Promise.all(tasks.map(async (task) => await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { credentials: kieCredential(kie.sb) })));
		const busy = calls.filter((call) => call.response.status === 503);
		expect(busy).toHaveLength(1);
		expect(busy[0].response).toMatchObject({ body: { error: 'Busy confirming other callbacks with Kie; call again later' }, headers: { 'retry-after': '30' } });
		expect(calls.filter((call) => call.result?.workflowData !== undefined)).toHaveLength(MAX_VERIFYING);
	});
});
