/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Issue 9 against the trigger: its URL is public and Kie signs only the task id, so a callback is a
 * doorbell. Forged and replayed callbacks start no execution carrying forged data and never
 * swallow the genuine callback; drifted but genuine callbacks are accepted; concurrent callbacks of
 * different tasks each start their execution exactly once. The Kie SANDBOX (a local test double of
 * Kie, not Kie) sends the genuine callbacks to a local n8n look-alike (triggerHarness.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { createTaskDirect, useFastClock } from '../../harness/sandbox';
import { fileBytes, useFileServers } from '../shared/fileServer';
import { JSON_HEADERS, signedHeaders } from './fixtures';
import type { Route } from './kieTasks';
import { API_KEY, completeBody, kieCredential, runningTask, useTriggerKie, verifiedItems } from './kieTasks';
import type { TriggerServer } from './triggerHarness';
import { callTrigger, startTriggerServer } from './triggerHarness';

const HMAC_KEY = 'hostile-test-hmac-key';
const kie = useTriggerKie({ hmacKey: HMAC_KEY, stageDelaysMs: { text: 20, first: 20, complete: 20 }, callbacks: { retries: 0, retryDelayMs: 10, timeoutMs: 5000 } });
useFastClock();
const fileServer = useFileServers();
let server: TriggerServer | undefined;

afterEach(async () => {
	await server?.close();
	server = undefined;
});

/** A forged "complete" for a real task, whose tracks name a trap listener (and the metadata address). */
function forged(taskId: string, trapUrl: string): IDataObject {
	return {
		code: 200,
		msg: 'All generated successfully.',
		data: { callbackType: 'complete', task_id: taskId, data: [{ id: 'forged', audio_url: `${trapUrl}/a.mp3`, image_url: 'http://169.254.169.254/latest/meta-data/', title: 'Forged' }] },
	};
}

const downloads = { options: { downloadAudio: true, downloadCover: true } };

describe.each(['perOperation', 'jobs'] as Route[])('forged and replayed callbacks (%s route)', (route) => {
	// Tasks here run until the test finishes them.
	beforeEach(() => kie.sb.configure({ stageDelaysMs: { text: 3_600_000, first: 3_600_000, complete: 3_600_000 } }));

	it('credential without HMAC key: a forged "complete" for a running task starts nothing, records nothing, fetches nothing; the genuine one starts Kie\'s execution', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(64)));
		const task = await runningTask(kie.sb, route);
		const setup = { credentials: kieCredential(kie.sb), parameters: downloads };
		const early = await callTrigger({ body: forged(task.taskId, trap.url), headers: JSON_HEADERS }, setup);
		expect(early.response).toMatchObject({ status: 200, body: { received: true } });
		expect(early.result).toEqual({ noWebhookResponse: true });
		expect(early.savedStaticData).toBeUndefined();

		kie.sb.completeTask(task.taskId);
		const genuine = await callTrigger({ body: completeBody(kie.sb.tasks.get(task.taskId)!), headers: JSON_HEADERS }, { ...setup, workflowStaticData: early.savedStaticData });
		const items = genuine.result!.workflowData![0];
		expect(items.map((item) => item.json)).toEqual(verifiedItems(kie.sb.tasks.get(task.taskId)!));
		expect(items.map((item) => Object.keys(item.binary!).sort())).toEqual([
			['audio', 'cover'],
			['audio', 'cover'],
		]);
		expect(JSON.stringify(items.map((item) => item.json))).not.toContain('forged');
		expect(trap.hits).toHaveLength(0);
	});

	it('credential without HMAC key: a forged body for a finished task starts Kie\'s items, never the body\'s; the genuine one is then its duplicate', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(64)));
		const task = await runningTask(kie.sb, route);
		kie.sb.completeTask(task.taskId);
		const setup = { credentials: kieCredential(kie.sb), parameters: downloads };
		const first = await callTrigger({ body: forged(task.taskId, trap.url), headers: JSON_HEADERS }, setup);
		expect(first.result!.workflowData![0].map((item) => item.json)).toEqual(verifiedItems(kie.sb.tasks.get(task.taskId)!));
		expect(trap.hits).toHaveLength(0);
		const genuine = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { ...setup, workflowStaticData: first.savedStaticData });
		expect(genuine.result).toEqual({ noWebhookResponse: true });
	});

	it('credential with HMAC key: unsigned or stale forgeries get 401; a replay of the genuine signed callback starts nothing new', async () => {
		const task = await runningTask(kie.sb, route);
		kie.sb.completeTask(task.taskId);
		const setup = { credentials: kieCredential(kie.sb, HMAC_KEY) };
		const unsigned = await callTrigger({ body: forged(task.taskId, 'http://127.0.0.1:9'), headers: JSON_HEADERS }, setup);
		expect(unsigned.response.status).toBe(401);
		const stale = await callTrigger({ body: completeBody(task), headers: signedHeaders(task.taskId, HMAC_KEY, Math.floor(Date.now() / 1000) - 301) }, setup);
		expect(stale.response.status).toBe(401);
		const genuine = await callTrigger({ body: completeBody(task), headers: signedHeaders(task.taskId, HMAC_KEY) }, setup);
		expect(genuine.result!.workflowData![0].map((item) => item.json)).toEqual(verifiedItems(kie.sb.tasks.get(task.taskId)!));
		const replay = await callTrigger({ body: completeBody(task), headers: signedHeaders(task.taskId, HMAC_KEY) }, { ...setup, workflowStaticData: genuine.savedStaticData });
		expect(replay.result).toEqual({ noWebhookResponse: true });
	});
});

describe('Kie\'s genuine callbacks on a bad day, through the n8n look-alike', () => {
	async function run(route: Route, fault: Parameters<typeof kie.sb.addFault>[0]) {
		server = await startTriggerServer({ credentials: kieCredential(kie.sb, HMAC_KEY) });
		kie.sb.addFault(fault);
		const taskId = await createTaskDirect(kie.sb, 'add-vocals', { title: 'Bad Day', callBackUrl: server.url }, API_KEY, route);
		await kie.sb.waitFor(() => server!.executions.length >= 1, 5000, 'an execution');
		await new Promise((resolve) => setTimeout(resolve, 100));
		return kie.sb.tasks.get(taskId)!;
	}

	it.each(['perOperation', 'jobs'] as Route[])('drifted but genuine callbacks (%s: numbers as strings, extra fields, null entries, CAPITAL callbackType) are accepted', async (route) => {
		const task = await run(route, { type: 'drift', where: 'callback', numbersAsStrings: true, extraFields: true, nullEntries: true, callbackTypeCase: 'upper' });
		const sent = kie.sb.callbacks.filter((c) => c.taskId === task.taskId && c.stage === 'complete');
		expect(JSON.stringify(sent[0].body)).toMatch(/COMPLETE/);
		expect(server!.executions.map((e) => e.items.map((i) => i.json))).toEqual([verifiedItems(task)]);
	});

	it.each(['perOperation', 'jobs'] as Route[])('CALLBACK_EXCEPTION with the tracks present (%s): one execution with the tracks', async (route) => {
		const task = await run(route, { type: 'outcome', status: 'CALLBACK_EXCEPTION', tracks: true, callback: 'error' });
		const status = route === 'jobs' ? 'fail' : 'CALLBACK_EXCEPTION';
		expect(server!.executions.map((e) => e.items.map((i) => [i.json.stage, i.json.status, i.json.audioUrl, i.json.verified]))).toEqual([
			task.tracks.map((track) => ['complete', status, track.audioUrl, true]),
		]);
	});

	it('concurrent callbacks of different tasks, each sent 3 times: each task starts its execution exactly once', async () => {
		kie.sb.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		server = await startTriggerServer({ credentials: kieCredential(kie.sb, HMAC_KEY) });
		const routes: Route[] = ['perOperation', 'jobs'];
		const taskIds: string[] = [];
		for (let i = 0; i < 8; i++) {
			kie.sb.addFault({ type: 'callback', duplicate: 3 });
			taskIds.push(await createTaskDirect(kie.sb, 'add-vocals', { title: `Concurrent ${i}`, callBackUrl: server.url }, API_KEY, routes[i % 2]));
		}
		await kie.sb.waitFor(() => server!.executions.length >= 8, 8000, '8 executions');
		await kie.sb.waitFor(() => kie.sb.callbacks.filter((c) => c.stage === 'complete' && c.attempt > 0).length >= 24, 8000, 'every duplicate');
		await new Promise((resolve) => setTimeout(resolve, 200));
		const perTask = taskIds.map((taskId) => server!.executions.filter((e) => e.items[0].json.taskId === taskId).length);
		expect(perTask).toEqual(new Array(8).fill(1));
		for (const execution of server!.executions) {
			expect(execution.items.map((i) => i.json)).toEqual(verifiedItems(kie.sb.tasks.get(execution.items[0].json.taskId as string)!));
		}
	});
});
