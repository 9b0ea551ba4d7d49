/**
 * completion/results.ts: turning per-item outcomes and per-task results into output items.
 * resultsToItems runs inside n8n-core's real ExecuteContext (a probe node in the harness), with
 * downloads served by the Kie sandbox (local test double of Kie, not Kie).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome, TaskResult, WaitSettings } from '../../../../../../nodes/KieSuno/actions/music/completion/results';
import { errorItem, resultsToItems, timeoutMessage } from '../../../../../../nodes/KieSuno/actions/music/completion/results';
import { runNode } from '../../../../../harness/n8nCore';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import { PROBE_NODE, setProbe, startTestSandbox, storedBinaryDigest } from './helpers';

const settings = (overrides: Partial<WaitSettings> = {}): WaitSettings => ({
	pollIntervalMs: 15_000,
	timeoutMs: 15 * 60_000,
	download: { audio: false, cover: false },
	maxCreatesPerWindow: 20,
	rateWindowMs: 10_000,
	...overrides,
});

const created = (itemIndex: number, taskId: string): ItemOutcome => ({ type: 'created', task: { itemIndex, taskId, body: {} } });

const track = (taskId: string, trackIndex: number, extra: IDataObject = {}): IDataObject => ({
	taskId,
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
async function inContext(outcomes: ItemOutcome[], results: Map<string, TaskResult>, waitSettings: WaitSettings, failures: 'items' | 'throw') {
	setProbe(async (context) => [await resultsToItems(context, outcomes, results, waitSettings, failures)]);
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
	const failedItem = { taskId: 'failed', stage: 'error', status: 'GENERATE_AUDIO_FAILED', code: 501, msg: 'Audio generation failed', error: 'Audio generation failed' };
	const results = new Map<string, TaskResult>([
		['done', { type: 'done', failed: false, items: [track('done', 0), track('done', 1)] }],
		['failed', { type: 'done', failed: true, items: [failedItem] }],
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
			{ json: { taskId: 'slow', stage: 'error', status: 'FIRST_SUCCESS', code: null, msg: slow, error: slow }, pairedItem: { item: 3 } },
			{ json: errorItem({ type: 'skipped' }, 4).json, pairedItem: { item: 4 } },
			{ json: { taskId: 'missing', stage: 'error', status: null, code: null, msg: missing, error: missing }, pairedItem: { item: 5 } },
		];
		expect(result.items).toEqual([expected]);
	});

	it('with failures thrown: the error starts at the first failed task and lists every failed and finished task', async () => {
		const result = await inContext(outcomes, results, settings({ timeoutMs: 60_000 }), 'throw');
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Audio generation failed [item 2]');
		expect(result.error?.description).toBe(
			'Failed or unfinished tasks: item 2: failed (GENERATE_AUDIO_FAILED: Audio generation failed), ' +
				'item 3: slow (timed out, status FIRST_SUCCESS), item 5: missing (timed out, status unknown).' +
				' Finished tasks (their tracks are on Kie for 14 days): item 0: done.' +
				' Turn on "Continue On Fail" to get an item per task instead.',
		);
	});

	describe('with downloads', () => {
		let sb: KieSandbox;
		let taskId: string;

		beforeAll(async () => {
			sb = await startTestSandbox({ audioBytes: 4096, stageDelaysMs: { text: 0, first: 0, complete: 0 } });
			const response = await fetch(`${sb.url}/api/v1/generate/add-vocals`, {
				method: 'POST',
				headers: { Authorization: 'Bearer sandbox-key', 'Content-Type': 'application/json' },
				body: JSON.stringify({
					uploadUrl: 'https://example.com/a.mp3',
					title: 'Served',
					prompt: 'p',
					style: 's',
					negativeTags: 'n',
					callBackUrl: 'https://example.com/cb',
				}),
			});
			taskId = ((await response.json()) as { data: { taskId: string } }).data.taskId;
			await sb.waitForTask(taskId);
		});

		afterAll(async () => {
			await sb.close();
		});

		const fileRequests = () => sb.requests.filter((request) => request.path.startsWith('/files/'));

		it('downloads only the tracks of finished tasks and keeps pairing', async () => {
			const before = fileRequests().length;
			const task = sb.tasks.get(taskId)!;
			const withUrls = (i: number) => track(taskId, i, { audioUrl: task.tracks[i].audioUrl, imageUrl: task.tracks[i].imageUrl });
			const mixed = new Map<string, TaskResult>([
				[taskId, { type: 'done', failed: false, items: [withUrls(0), withUrls(1)] }],
				['failed', { type: 'done', failed: true, items: [{ ...failedItem, audioUrl: `${sb.url}/files/${taskId}/1.mp3` }] }],
			]);
			const result = await inContext(
				[created(0, 'failed'), created(1, taskId)],
				mixed,
				settings({ download: { audio: true, cover: false } }),
				'items',
			);
			expect(result.error).toBeUndefined();
			const [failedOut, first, second] = result.items[0];
			expect(failedOut).toEqual({ json: { ...failedItem, audioUrl: `${sb.url}/files/${taskId}/1.mp3` }, pairedItem: { item: 0 } });
			expect(failedOut.binary).toBeUndefined();
			expect(first.pairedItem).toEqual({ item: 1 });
			expect(second.pairedItem).toEqual({ item: 1 });
			expect(await storedBinaryDigest(first.binary!.audio)).toEqual({ sha256: await sb.expectedAudioSha256(taskId, 1), bytes: 4096 });
			expect(await storedBinaryDigest(second.binary!.audio)).toEqual({ sha256: await sb.expectedAudioSha256(taskId, 2), bytes: 4096 });
			expect(fileRequests().slice(before).map((request) => request.path).sort()).toEqual([
				`/files/${taskId}/1.mp3`,
				`/files/${taskId}/2.mp3`,
			]);
		});

		it('throws before downloading anything when a task failed and Continue On Fail is off', async () => {
			const before = fileRequests().length;
			const task = sb.tasks.get(taskId)!;
			const mixed = new Map<string, TaskResult>([
				[taskId, { type: 'done', failed: false, items: [track(taskId, 0, { audioUrl: task.tracks[0].audioUrl })] }],
				['failed', { type: 'done', failed: true, items: [failedItem] }],
			]);
			const result = await inContext([created(0, taskId), created(1, 'failed')], mixed, settings({ download: { audio: true, cover: true } }), 'throw');
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe('Audio generation failed [item 1]');
			expect(fileRequests().length).toBe(before);
		});
	});
});
