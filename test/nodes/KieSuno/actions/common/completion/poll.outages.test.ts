/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `completion: poll` on Kie's bad days (issue 9), on both routes, through n8n-core's real
 * WorkflowExecute against the Kie sandbox (local test double of Kie, not Kie):
 * - details outages and 429/430/455 on reads never fail a task Kie already billed: the poll waits
 *   them out and ends with the tracks, and the create is never sent twice;
 * - answers that cannot improve end the task at once: a rejected key, no credits, and a task Kie
 *   still does not know after the grace period.
 * Outages are real-time windows (short here; the 30 s one is in the fault suite); the node's
 * clock is virtual, each sleep taking 1/100 of its length in real time.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { UNKNOWN_TASK_GRACE_MS } from '../../../../../../nodes/KieSuno/actions/common/completion/poll';
import { runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieSandbox, Outage } from '../../../../../sandbox/kieSandbox';
import type { FakeClock, Route } from './helpers';
import { createRequests, expectedTrackItems, installFakeClock, realDelay, recordInfoRequests, ROUTES, startTestSandbox, taskWithTitle, tasksInOrder, vocalsParameters } from './helpers';

let sb: KieSandbox;
let clock: FakeClock | undefined;

beforeAll(async () => {
	sb = await startTestSandbox();
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	sb.configure({ stageDelaysMs: { text: 30, first: 30, complete: 30 } });
});
afterEach(() => {
	clock?.restore();
	clock = undefined;
});

const credential = () => testCredential(sb.url);
const titles = (...list: string[]): INodeExecutionData[] => list.map((title) => ({ json: { title } }));
const scaledClock = () => installFakeClock(async (ms) => await realDelay(Math.min(ms / 100, 300)));

describe.each(ROUTES)('poll through Kie\'s outages (%s route)', (route: Route) => {
	it.each(['http502', 'http503', 'reset', 'code500', 'code455'] as const)(
		'a details outage (%s) ends with the tracks and exactly one create',
		async (mode) => {
			clock = scaledClock();
			// Kie goes down for reads the moment the task exists, so the first poll falls into it.
			let outage: Outage | undefined;
			sb.once('task', () => (outage = sb.addOutage({ paths: ['details'], durationMs: 600, mode })));
			const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), inputItems: titles('Through The Storm') });
			expect(result.error).toBeUndefined();
			expect(outage?.hits).toBeGreaterThanOrEqual(1);
			expect(createRequests(sb)).toHaveLength(1);
			expect(sb.tasks.size).toBe(1);
			expect(result.items).toEqual([expectedTrackItems(taskWithTitle(sb, 'Through The Storm'), 0)]);
			// Rounds back off while Kie fails (15 s, then 30 s, then at most 60 s).
			expect(clock.sleeps.filter((ms) => ms >= 15_000)).toEqual(expect.arrayContaining([30_000]));
		},
	);

	it.each([429, 430, 455])('reads answered %i for a while: waited out, the tracks, one create', async (code) => {
		clock = scaledClock();
		sb.addFault({ type: 'code', code, path: 'details', times: 6 });
		const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), inputItems: titles('Busy Kie') });
		expect(result.error).toBeUndefined();
		expect(createRequests(sb)).toHaveLength(1);
		expect(result.items).toEqual([expectedTrackItems(taskWithTitle(sb, 'Busy Kie'), 0)]);
		expect(recordInfoRequests(sb).length).toBeGreaterThan(6);
	});

	it('an outage that outlasts Timeout: a timeout item that names the last failure', async () => {
		clock = installFakeClock(async () => await realDelay(5));
		sb.addOutage({ paths: ['details'], durationMs: 60_000, mode: 'http502' });
		const result = await runNode({
			parameters: vocalsParameters({ options: { timeoutMinutes: 0.05, pollIntervalSeconds: 1 } }, route),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles('Dark'),
		});
		const [task] = tasksInOrder(sb);
		const failure = 'Kie reported a server error (code 502) (after 2 attempts)';
		const msg = `Task ${task.taskId} did not finish within 0.05 minute(s) (last status: unknown; Kie's last answer: ${failure}). It may still finish on Kie: read it later with Get Task Details.`;
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType: 'music', apiRoute: route, stage: 'error', status: null, code: null, msg, error: msg, timedOut: true }, pairedItem: { item: 0 } }],
		]);
		expect(createRequests(sb)).toHaveLength(1);
	});

	it.each([
		[401, 'Kie rejected the API key (code 401)'],
		[402, 'Not enough Kie credits (code 402)'],
	])('a read answered %i fails the task at once (it cannot heal by waiting)', async (code, message) => {
		clock = scaledClock();
		sb.addFault({ type: 'code', code, path: 'details', times: 'always' });
		const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), continueOnFail: true, inputItems: titles('Locked Out') });
		const [task] = tasksInOrder(sb);
		const msg = `Could not read task ${task.taskId}: ${message}`;
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType: 'music', apiRoute: route, stage: 'error', status: null, code: null, msg, error: msg }, pairedItem: { item: 0 } }],
		]);
		expect(recordInfoRequests(sb)).toHaveLength(1);
		expect(clock.sleeps).toEqual([]);
	});

	it('a task Kie does not know is given a grace period, then fails naming the route', async () => {
		clock = installFakeClock(async () => await realDelay(2));
		const unknown = route === 'jobs' ? { code: 422, msg: 'recordInfo is null', data: null } : { code: 200, msg: 'success', data: null };
		sb.addFault({ type: 'code', ...unknown, path: 'details', times: 'always' });
		const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), continueOnFail: true, inputItems: titles('Lost') });
		const [task] = tasksInOrder(sb);
		const msg = `Kie does not know task ${task.taskId} on the ${route} route`;
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType: 'music', apiRoute: route, stage: 'error', status: null, code: null, msg, error: msg }, pairedItem: { item: 0 } }],
		]);
		// One read per 15 s round until the 120 s grace is over.
		expect(UNKNOWN_TASK_GRACE_MS).toBe(120_000);
		expect(clock.sleeps).toEqual(new Array(8).fill(15_000));
		expect(recordInfoRequests(sb)).toHaveLength(9);
	});
});
