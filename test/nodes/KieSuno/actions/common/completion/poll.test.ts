/**
 * `completion: poll` through n8n-core's real WorkflowExecute/ExecuteContext against the Kie
 * sandbox (local test double of Kie, not Kie). The node's transport clock is faked (sleeps
 * advance virtual time) except in the request-rate test, which runs on real time against the
 * sandbox's real limit of 3 record-info requests per second per task.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../../harness/n8nCore';
import type { FailureStatus, KieSandbox } from '../../../../../sandbox/kieSandbox';
import type { FakeClock } from './helpers';
import {
	createRequests,
	expectedTrackItems,
	installFakeClock,
	realDelay,
	recordInfoRequests,
	startTestSandbox,
	taskWithTitle,
	tasksInOrder,
	vocalsParameters,
} from './helpers';

const FAILURES: Array<{ status: FailureStatus; code: number; message: string }> = [
	{ status: 'CREATE_TASK_FAILED', code: 500, message: 'Task creation failed' },
	{ status: 'GENERATE_AUDIO_FAILED', code: 501, message: 'Generation failed due to technical issues' },
	{ status: 'CALLBACK_EXCEPTION', code: 500, message: 'Error during callback process' },
	{ status: 'SENSITIVE_WORD_ERROR', code: 400, message: 'Sensitive word detected in the request' },
];

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
	sb.configure({ stageDelaysMs: { text: 30, first: 30, complete: 30 }, tracksPerTask: 2 });
});

afterEach(() => {
	clock?.restore();
	clock = undefined;
});

const credential = () => testCredential(sb.url);
const titles = (...list: string[]): INodeExecutionData[] => list.map((title) => ({ json: { title } }));

describe('poll: success', () => {
	it('follows PENDING → TEXT_SUCCESS → FIRST_SUCCESS → SUCCESS and outputs the normalized tracks', async () => {
		sb.configure({ stageDelaysMs: { text: 100, first: 100, complete: 100 } });
		// What record-info answered, per task, in order.
		const served = new Map<string, string[]>();
		const original = sb.recordInfoData.bind(sb);
		sb.recordInfoData = (task) => {
			const data = original(task);
			served.set(task.taskId, [...(served.get(task.taskId) ?? []), data.status]);
			return data;
		};
		// Each sleep lasts until the task has moved on, so every stage is seen exactly once.
		clock = installFakeClock(async () => {
			const [task] = tasksInOrder(sb);
			const seen = served.get(task.taskId)?.at(-1);
			await sb.waitFor(() => task.status !== seen, 5000, 'the next stage');
		});
		try {
			const result = await runNode({ parameters: vocalsParameters(), credentials: credential(), inputItems: titles('Night City') });

			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');
			const task = taskWithTitle(sb, 'Night City');
			expect(served.get(task.taskId)).toEqual(['PENDING', 'TEXT_SUCCESS', 'FIRST_SUCCESS', 'SUCCESS']);
			// The default poll interval is 15 s; the node slept exactly that between rounds.
			expect(clock.sleeps).toEqual([15_000, 15_000, 15_000]);
			expect(result.items).toEqual([expectedTrackItems(task, 0)]);
			expect(result.items[0]).toHaveLength(2);
		} finally {
			sb.recordInfoData = original;
		}
	});

	it('sends Kie <baseUrl>/n8n-nodes-kie-suno/unused-callback as callBackUrl when Callback URL is empty', async () => {
		// Kie requires a callBackUrl. Without one the node points Kie at Kie's own API host, so no
		// third party receives the callbacks; the path does not exist there and Kie's retries end.
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters(),
			// a trailing slash on the Base URL must not produce "//n8n-nodes-kie-suno"
			credentials: testCredential(`${sb.url}/`),
			inputItems: titles('Empty Callback'),
		});
		expect(result.status).toBe('success');
		const [create] = createRequests(sb);
		expect(create.body).toEqual({
			uploadUrl: 'https://example.com/instrumental.mp3',
			title: 'Empty Callback',
			prompt: '[Verse] Night city lights shining bright',
			style: 'Jazz',
			negativeTags: 'heavy metal',
			callBackUrl: `${sb.url}/n8n-nodes-kie-suno/unused-callback`,
		});
	});

	it('sends the given Callback URL as callBackUrl and still polls', async () => {
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({ callbackUrl: 'https://hooks.example.com/kie?x=1' }),
			credentials: credential(),
			inputItems: titles('Own Callback'),
		});
		expect(result.status).toBe('success');
		expect(createRequests(sb)[0].body.callBackUrl).toBe('https://hooks.example.com/kie?x=1');
		expect(result.items).toEqual([expectedTrackItems(taskWithTitle(sb, 'Own Callback'), 0)]);
	});

	it('uses the configured poll interval', async () => {
		clock = installFakeClock(async () => await realDelay(40));
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 7 } }),
			credentials: credential(),
			inputItems: titles('Seven'),
		});
		expect(result.status).toBe('success');
		expect(clock.sleeps.length).toBeGreaterThan(0);
		expect(new Set(clock.sleeps)).toEqual(new Set([7000]));
		// one record-info request per round
		expect(recordInfoRequests(sb)).toHaveLength(clock.sleeps.length + 1);
	});
});

describe('poll: failed tasks', () => {
	it.each(FAILURES)('$status with Continue On Fail → one error item naming the task', async ({ status, code, message }) => {
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters(),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles(`Doomed [sandbox:${status}]`),
		});
		expect(result.status).toBe('success');
		const [task] = tasksInOrder(sb);
		expect(task.status).toBe(status);
		expect(result.items).toEqual([
			[
				{
					json: { taskId: task.taskId, stage: 'error', status, code, msg: message, error: message },
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it.each(FAILURES)('$status (sandbox outcome fault) without Continue On Fail → node error naming the task', async ({ status, message }) => {
		clock = installFakeClock();
		sb.addFault({ type: 'outcome', status });
		const result = await runNode({ parameters: vocalsParameters(), credentials: credential(), inputItems: titles('Doomed') });
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		const [task] = tasksInOrder(sb);
		expect(result.error?.message).toBe(`${message} [item 0]`);
		expect(result.error?.description).toBe(
			`Failed or unfinished tasks: item 0: ${task.taskId} (${status}: ${message}). Turn on "Continue On Fail" to get an item per task instead.`,
		);
	});

	it('without Continue On Fail, the error lists the failed task and the finished ones', async () => {
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters(),
			credentials: credential(),
			inputItems: titles('Fine', 'Broken [sandbox:GENERATE_AUDIO_FAILED]', 'Also Fine'),
		});
		expect(result.status).toBe('error');
		const fine = taskWithTitle(sb, 'Fine');
		const broken = taskWithTitle(sb, 'Broken [sandbox:GENERATE_AUDIO_FAILED]');
		const alsoFine = taskWithTitle(sb, 'Also Fine');
		expect(result.error?.message).toBe('Generation failed due to technical issues [item 1]');
		expect(result.error?.description).toBe(
			`Failed or unfinished tasks: item 1: ${broken.taskId} (GENERATE_AUDIO_FAILED: Generation failed due to technical issues).` +
				` Finished tasks (their tracks are on Kie for 14 days): item 0: ${fine.taskId}, item 2: ${alsoFine.taskId}.` +
				' Turn on "Continue On Fail" to get an item per task instead.',
		);
	});
});

describe('poll: timeout', () => {
	const timeoutMessage = (taskId: string, status: string) =>
		`Task ${taskId} did not finish within 0.05 minute(s) (last status: ${status}). It may still finish on Kie: read it later with Get Task Details.`;

	it('a task that never finishes → error item with the task ID and "did not finish" (Continue On Fail)', async () => {
		sb.configure({ stageDelaysMs: { text: 3_600_000 } });
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({ options: { timeoutMinutes: 0.05, pollIntervalSeconds: 1 } }),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles('Endless'),
		});
		expect(result.status).toBe('success');
		const [task] = tasksInOrder(sb);
		expect(task.status).toBe('PENDING');
		const message = timeoutMessage(task.taskId, 'PENDING');
		expect(result.items).toEqual([
			[
				{
					json: { taskId: task.taskId, stage: 'error', status: 'PENDING', code: null, msg: message, error: message },
					pairedItem: { item: 0 },
				},
			],
		]);
		// 3 s of virtual time at 1 s per round: 4 reads, 3 sleeps, then it gives up.
		expect(clock.sleeps).toEqual([1000, 1000, 1000]);
		expect(recordInfoRequests(sb, task.taskId)).toHaveLength(4);
	});

	it('reports the last status seen, and without Continue On Fail fails naming the task', async () => {
		sb.configure({ stageDelaysMs: { text: 0, first: 3_600_000 } });
		await realDelay(1);
		clock = installFakeClock(async () => await realDelay(10));
		const result = await runNode({
			parameters: vocalsParameters({ options: { timeoutMinutes: 0.05, pollIntervalSeconds: 1 } }),
			credentials: credential(),
			inputItems: titles('Stuck After Lyrics'),
		});
		expect(result.status).toBe('error');
		const [task] = tasksInOrder(sb);
		expect(task.status).toBe('TEXT_SUCCESS');
		expect(result.error?.message).toBe(`${timeoutMessage(task.taskId, 'TEXT_SUCCESS')} [item 0]`);
		expect(result.error?.description).toBe(
			`Failed or unfinished tasks: item 0: ${task.taskId} (timed out, status TEXT_SUCCESS). Turn on "Continue On Fail" to get an item per task instead.`,
		);
	});
});

describe('poll: many items', () => {
	it('10 items with mixed outcomes: each result paired to its input, in input order', async () => {
		clock = installFakeClock(async () => await realDelay(20));
		const inputTitles = Array.from({ length: 10 }, (_, i) => {
			switch (i % 5) {
				case 1:
					return `Song ${i} [sandbox:GENERATE_AUDIO_FAILED]`;
				case 2:
					return `Song ${i} [sandbox:SENSITIVE_WORD_ERROR]`;
				case 3:
					return ''; // invalid: no task
				case 4:
					return `Song ${i} [sandbox:CALLBACK_EXCEPTION]`;
				default:
					return `Song ${i}`;
			}
		});
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 2 } }),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles(...inputTitles),
		});
		expect(result.status).toBe('success');
		expect(createRequests(sb)).toHaveLength(8);

		const expected: INodeExecutionData[] = inputTitles.flatMap((title, i): INodeExecutionData[] => {
			if (title === '') {
				const msg = `"Title" is required [item ${i}]`;
				return [
					{
						json: { taskId: null, stage: 'error', code: null, msg, error: msg, description: 'Enter a value for "Title" (title).' },
						pairedItem: { item: i },
					},
				];
			}
			const task = taskWithTitle(sb, title);
			if (i % 5 === 0) return expectedTrackItems(task, i);
			const failure = FAILURES.find((entry) => entry.status === task.status)!;
			return [
				{
					json: { taskId: task.taskId, stage: 'error', status: failure.status, code: failure.code, msg: failure.message, error: failure.message },
					pairedItem: { item: i },
				},
			];
		});
		expect(result.items).toEqual([expected]);
		// every successful task's tracks carry its own input's title
		for (const item of result.items[0]) {
			const input = (item.pairedItem as { item: number }).item;
			if (item.json.stage === 'complete') expect(item.json.title).toBe(inputTitles[input]);
		}
	});
});

describe('poll: request rate (real clock, Kie limit of 3 record-info requests per second per task)', () => {
	it('reads each task at most once per poll interval and never trips the limit', async () => {
		sb.configure({
			recordInfoRateLimit: { max: 3, windowMs: 1000 },
			stageDelaysMs: { text: 300, first: 300, complete: 500 },
		});
		const started = Date.now();
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 1 } }),
			credentials: credential(),
			inputItems: titles('R0', 'R1', 'R2', 'R3', 'R4', 'R5'), // more than the 5 parallel reads
		});
		const elapsed = Date.now() - started;
		expect(result.status).toBe('success');
		expect(result.items[0]).toHaveLength(12);
		expect(sb.stats.recordInfoRateViolations).toBe(0);

		for (const task of tasksInOrder(sb)) {
			const times = recordInfoRequests(sb, task.taskId).map((request) => request.time);
			expect(times.length).toBeGreaterThanOrEqual(2);
			expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
			const gaps = times.slice(1).map((time, i) => time - times[i]);
			// one read per interval (50 ms allowance for loopback jitter between the two requests)
			for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
			// no read after the one that saw SUCCESS
			const completedAt = task.stages.complete!;
			expect(times.filter((time) => time >= completedAt).length).toBe(1);
		}
	}, 20_000);
});
