/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * completion/results.ts: turning per-item outcomes and per-task results into output items.
 * resultsToItems runs inside n8n-core's real ExecuteContext (a probe node in the harness), with
 * downloads served by the Kie sandbox (local test double of Kie, not Kie).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome, TaskResult, WaitSettings } from '../../../../../../nodes/KieSuno/actions/common/completion/results';
import { errorItem, resultsToItems, timeoutMessage } from '../../../../../../nodes/KieSuno/actions/common/completion/results';
import type { DownloadPolicy } from '../../../../../../nodes/shared/files';
import { downloadPolicy } from '../../../../../../nodes/shared/files';
import type { TaskState } from '../../../../../../nodes/shared/tasks/interpret';
import { runNode } from '../../../../../harness/n8nCore';
import { createTaskDirect } from '../../../../../harness/sandbox';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import { PROBE_NODE, setProbe, startTestSandbox, storedBinaryDigest } from './helpers';

const settings = (overrides: Partial<WaitSettings> = {}): WaitSettings => ({
	pollIntervalMs: 15_000,
	timeoutMs: 15 * 60_000,
	files: { audio: false, cover: false, files: false },
	maxFileSizeMb: 500,
	maxCreatesPerWindow: 20,
	rateWindowMs: 10_000,
	...overrides,
});

const created = (itemIndex: number, taskId: string): ItemOutcome => ({
	type: 'created',
	task: { itemIndex, taskId, taskType: 'music', apiRoute: 'perOperation' },
});

/** A finished task's result (the state readTask would give). */
const done = (items: IDataObject[], stage: TaskState['stage'] = 'complete'): TaskResult => ({
	type: 'done',
	state: { known: true, finished: true, stage, status: String(items[0]?.status ?? ''), items },
});

const track = (taskId: string, trackIndex: number, extra: IDataObject = {}): IDataObject => ({
	taskId,
	taskType: 'music',
	apiRoute: 'perOperation',
	stage: 'complete',
	status: 'SUCCESS',
	code: 200,
	msg: null,
	trackIndex,
	trackCount: 2,
	title: `Song ${taskId}`,
	...extra,
});

/** Runs resultsToItems in the probe node; returns its output or its error. */
async function inContext(
	outcomes: ItemOutcome[],
	results: Map<string, TaskResult>,
	waitSettings: WaitSettings,
	failures: 'items' | 'throw',
	policy?: DownloadPolicy,
) {
	setProbe(async (context) => [await resultsToItems(context, outcomes, results, waitSettings, failures, policy)]);
	return await runNode({ node: PROBE_NODE, parameters: {}, inputItems: outcomes.map(() => ({ json: {} })) });
}

describe('errorItem', () => {
	it('an item whose task was not created carries the error, its HTTP-ish code and description', () => {
		const error = new NodeApiError({ name: 'Kie Suno', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as never, {}, {
			message: 'Not enough Kie credits (code 402)',
			description: 'Top up your Kie account',
			httpCode: '402',
		});
		expect(errorItem({ type: 'failed', error }, 3)).toEqual({
			json: {
				taskId: null,
				stage: 'error',
				code: 402,
				msg: 'Not enough Kie credits (code 402)',
				error: 'Not enough Kie credits (code 402)',
				description: 'Top up your Kie account',
			},
			pairedItem: { item: 3 },
		});
	});

	it('a non-numeric code becomes null and an empty description is left out', () => {
		const error = Object.assign(new Error('Could not connect'), { httpCode: 'ECONNREFUSED', description: '' });
		expect(errorItem({ type: 'failed', error }, 0)).toEqual({
			json: { taskId: null, stage: 'error', code: null, msg: 'Could not connect', error: 'Could not connect' },
			pairedItem: { item: 0 },
		});
	});

	it('an item never sent says so', () => {
		expect(errorItem({ type: 'skipped' }, 2)).toEqual({
			json: { taskId: null, stage: 'error', code: null, msg: 'Not sent', error: 'Not sent, because an earlier item failed' },
			pairedItem: { item: 2 },
		});
	});
});

describe('timeoutMessage', () => {
	it.each([
		[3_000, 'PENDING', '0.05'],
		[15 * 60_000, null, '15'],
		[20_000, 'TEXT_SUCCESS', '0.33'],
	])('%i ms, status %s → "%s minute(s)"', (timeoutMs, status, minutes) => {
		expect(timeoutMessage('t1', status, timeoutMs)).toBe(
			`Task t1 did not finish within ${minutes} minute(s) (last status: ${status ?? 'unknown'}). It may still finish on Kie: read it later with Get Task Details.`,
		);
	});
});

describe('resultsToItems', () => {
	const outcomes: ItemOutcome[] = [
		created(0, 'done'),
		{ type: 'failed', error: new NodeOperationError({ name: 'x' } as never, '"Title" is required [item 1]') },
		created(2, 'failed'),
		created(3, 'slow'),
		{ type: 'skipped' },
		created(5, 'missing'),
	];
	const failedItem = {
		taskId: 'failed',
		taskType: 'music',
		apiRoute: 'perOperation',
		stage: 'error',
		status: 'GENERATE_AUDIO_FAILED',
		code: 501,
		msg: 'Audio generation failed',
		error: 'Audio generation failed',
	};
	const results = new Map<string, TaskResult>([
		['done', done([track('done', 0), track('done', 1)])],
		['failed', done([failedItem], 'error')],
		['slow', { type: 'timeout', status: 'FIRST_SUCCESS' }],
		// 'missing' has no result at all: treated as timed out with an unknown status
	]);

	it('with failures as items: one entry per track or per problem, in input order, each paired to its input', async () => {
		const result = await inContext(outcomes, results, settings({ timeoutMs: 60_000 }), 'items');
		expect(result.error).toBeUndefined();
		const slow = timeoutMessage('slow', 'FIRST_SUCCESS', 60_000);
		const missing = timeoutMessage('missing', null, 60_000);
		const expected: INodeExecutionData[] = [
			{ json: track('done', 0), pairedItem: { item: 0 } },
			{ json: track('done', 1), pairedItem: { item: 0 } },
			{
				json: { taskId: null, stage: 'error', code: null, msg: '"Title" is required [item 1]', error: '"Title" is required [item 1]' },
				pairedItem: { item: 1 },
			},
			{ json: failedItem, pairedItem: { item: 2 } },
			{
				json: { taskId: 'slow', taskType: 'music', apiRoute: 'perOperation', stage: 'error', status: 'FIRST_SUCCESS', code: null, msg: slow, error: slow, timedOut: true },
				pairedItem: { item: 3 },
			},
			{ json: errorItem({ type: 'skipped' }, 4).json, pairedItem: { item: 4 } },
			{
				json: { taskId: 'missing', taskType: 'music', apiRoute: 'perOperation', stage: 'error', status: null, code: null, msg: missing, error: missing, timedOut: true },
				pairedItem: { item: 5 },
			},
		];
		expect(result.items).toEqual([expected]);
	});

	it('with failures thrown: the error starts at the first failed task and lists every failed and finished task', async () => {
		const result = await inContext(outcomes, results, settings({ timeoutMs: 60_000 }), 'throw');
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Audio generation failed [item 2]');
		expect(result.error?.description).toBe(
			'Failed or unfinished tasks: item 2: failed (GENERATE_AUDIO_FAILED: Audio generation failed), ' +
				'item 3: slow (unfinished, last status FIRST_SUCCESS), item 5: missing (unfinished, last status unknown).' +
				' Finished tasks (their results are on Kie for 14 days): item 0: done.' +
				' Turn on "Continue On Fail" to get an item per task instead.',
		);
	});

	describe('with downloads', () => {
		let sb: KieSandbox;
		let taskId: string;
		let policy: DownloadPolicy;

		beforeAll(async () => {
			sb = await startTestSandbox({ audioBytes: 4096, stageDelaysMs: { text: 0, first: 0, complete: 0 } });
			taskId = await createTaskDirect(sb, 'add-vocals', { title: 'Served' });
			await sb.waitForTask(taskId);
			policy = downloadPolicy({}, [new URL(sb.url).origin]);
		});

		afterAll(async () => {
			await sb.close();
		});

		const fileRequests = () => sb.requests.filter((request) => request.path.startsWith('/files/'));

		it('downloads only the tracks of finished tasks and keeps pairing', async () => {
			const before = fileRequests().length;
			const task = sb.tasks.get(taskId)!;
			const withUrls = (i: number) => track(taskId, i, { audioUrl: task.tracks[i].audioUrl, imageUrl: task.tracks[i].imageUrl });
			const failedWithUrl = { ...failedItem, audioUrl: `${sb.url}/files/${taskId}/1.mp3` };
			const mixed = new Map<string, TaskResult>([
				[taskId, done([withUrls(0), withUrls(1)])],
				['failed', done([failedWithUrl], 'error')],
			]);
			const files = { audio: true, cover: false, files: false };
			const result = await inContext([created(0, 'failed'), created(1, taskId)], mixed, settings({ files }), 'items', policy);
			expect(result.error).toBeUndefined();
			const [failedOut, first, second] = result.items[0];
			expect(failedOut).toEqual({ json: failedWithUrl, pairedItem: { item: 0 } });
			expect(failedOut.binary).toBeUndefined();
			expect(first.pairedItem).toEqual({ item: 1 });
			expect(second.pairedItem).toEqual({ item: 1 });
			expect(await storedBinaryDigest(first.binary!.audio)).toEqual({ sha256: await sb.expectedAudioSha256(taskId, 1), bytes: 4096 });
			expect(await storedBinaryDigest(second.binary!.audio)).toEqual({ sha256: await sb.expectedAudioSha256(taskId, 2), bytes: 4096 });
			expect(fileRequests().slice(before).map((request) => request.path).sort()).toEqual([`/files/${taskId}/1.mp3`, `/files/${taskId}/2.mp3`]);
		});

		it('without a download policy nothing is downloaded', async () => {
			const before = fileRequests().length;
			const task = sb.tasks.get(taskId)!;
			const mixed = new Map<string, TaskResult>([[taskId, done([track(taskId, 0, { audioUrl: task.tracks[0].audioUrl })])]]);
			const result = await inContext([created(0, taskId)], mixed, settings({ files: { audio: true, cover: true, files: true } }), 'items');
			expect(result.items[0][0].binary).toBeUndefined();
			expect(fileRequests().length).toBe(before);
		});

		it('throws before downloading anything when a task failed and Continue On Fail is off', async () => {
			const before = fileRequests().length;
			const task = sb.tasks.get(taskId)!;
			const mixed = new Map<string, TaskResult>([
				[taskId, done([track(taskId, 0, { audioUrl: task.tracks[0].audioUrl })])],
				['failed', done([failedItem], 'error')],
			]);
			const result = await inContext([created(0, taskId), created(1, 'failed')], mixed, settings({ files: { audio: true, cover: true, files: false } }), 'throw', policy);
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe('Audio generation failed [item 1]');
			expect(fileRequests().length).toBe(before);
		});
	});
});
