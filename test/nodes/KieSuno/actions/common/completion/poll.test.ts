/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `completion: poll` through n8n-core's real WorkflowExecute/ExecuteContext against the Kie
 * sandbox (local test double of Kie, not Kie), on both of Kie's routes: V5 goes per-operation,
 * V6 (the default) to the jobs route. The node's transport clock is faked (sleeps advance virtual
 * time) except in the request-rate test, which runs on real time against the sandbox's real limit
 * of 3 details reads per second per task.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieSandbox, SandboxTask } from '../../../../../sandbox/kieSandbox';
import type { FakeClock, Route } from './helpers';
import {
	createRequests,
	expectedTrackItems,
	installFakeClock,
	MODEL_FOR,
	realDelay,
	recordInfoRequests,
	ROUTES,
	startTestSandbox,
	taskWithTitle,
	tasksInOrder,
	vocalsParameters,
} from './helpers';

const FAILURES = ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'SENSITIVE_WORD_ERROR'] as const;

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

/** The one error item of a failed task, as each route reports it (per-operation: record-info's word; jobs: state "fail"). */
function failedItem(task: SandboxTask, itemIndex: number): INodeExecutionData {
	const outcome = task.outcome!;
	const status = task.route === 'jobs' ? 'fail' : String(task.status);
	return {
		json: { taskId: task.taskId, taskType: 'music', apiRoute: task.route, stage: 'error', status, code: outcome.code, msg: outcome.error, error: outcome.error },
		pairedItem: { item: itemIndex },
	};
}

describe.each(ROUTES)('poll on the %s route', (route: Route) => {
	it('follows the task to the end, one read per 15 s round, and outputs the normalized tracks', async () => {
		sb.configure({ stageDelaysMs: { text: 100, first: 100, complete: 100 } });
		// What the details endpoint answered (status or state), and the task's status when it did.
		const served: string[] = [];
		const seen: string[] = [];
		const original = sb.recordInfoData.bind(sb);
		sb.recordInfoData = (task) => {
			const data = original(task) as { status?: string; state?: string };
			served.push(String(data.status ?? data.state));
			seen.push(String(task.status));
			return data;
		};
		// Each sleep lasts until the task has moved on, so every stage is seen exactly once.
		clock = installFakeClock(async () => {
			const [task] = tasksInOrder(sb);
			await sb.waitFor(() => task.status !== seen.at(-1), 5000, 'the next stage');
		});
		try {
			const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), inputItems: titles('Night City') });

			expect(result.error).toBeUndefined();
			expect(result.status).toBe('success');
			const task = taskWithTitle(sb, 'Night City');
			expect(task.route).toBe(route);
			expect(seen).toEqual(['PENDING', 'TEXT_SUCCESS', 'FIRST_SUCCESS', 'SUCCESS']);
			if (route === 'perOperation') expect(served).toEqual(['PENDING', 'TEXT_SUCCESS', 'FIRST_SUCCESS', 'SUCCESS']);
			else expect(served.slice(1)).toEqual(['generating', 'generating', 'success']);
			// The default poll interval is 15 s; the node slept exactly that between rounds.
			expect(clock.sleeps).toEqual([15_000, 15_000, 15_000]);
			expect(result.items).toEqual([expectedTrackItems(task, 0)]);
			expect(result.items[0]).toHaveLength(2);
		} finally {
			sb.recordInfoData = original;
		}
	});

	it('without a Callback URL, Kie gets <baseUrl>/n8n-nodes-kie-suno/unused-callback', async () => {
		// Kie needs a callBackUrl; without one the node points Kie at Kie's own host, so no third party gets the callbacks.
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({}, route),
			// a trailing slash on the Base URL must not produce "//n8n-nodes-kie-suno"
			credentials: testCredential(`${sb.url}/`),
			inputItems: titles('Empty Callback'),
		});
		expect(result.status).toBe('success');
		const fields = {
			uploadUrl: 'https://example.com/instrumental.mp3',
			title: 'Empty Callback',
			prompt: '[Verse] Night city lights shining bright',
			style: 'Jazz',
			negativeTags: 'heavy metal',
			model: MODEL_FOR[route],
		};
		const callBackUrl = `${sb.url}/n8n-nodes-kie-suno/unused-callback`;
		const [create] = createRequests(sb);
		if (route === 'perOperation') {
			expect(create.path).toBe('/api/v1/generate/add-vocals');
			expect(create.body).toStrictEqual({ ...fields, callBackUrl });
		} else {
			expect(create.path).toBe('/api/v1/jobs/createTask');
			expect(create.body).toStrictEqual({
				model: 'ai-music-api/add-vocals',
				input: { upload_url: fields.uploadUrl, title: fields.title, prompt: fields.prompt, style: fields.style, negative_tags: fields.negativeTags, model: 'V6' },
				callBackUrl,
			});
		}
	});

	it('sends the given Callback URL (tagged with the route on jobs) and still polls', async () => {
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({ callbackUrl: 'https://hooks.example.com/kie?x=1' }, route),
			credentials: credential(),
			inputItems: titles('Own Callback'),
		});
		expect(result.status).toBe('success');
		const sent = route === 'jobs' ? 'https://hooks.example.com/kie?x=1&kieTaskType=music&kieApiRoute=jobs' : 'https://hooks.example.com/kie?x=1';
		expect(createRequests(sb)[0].body.callBackUrl).toBe(sent);
		expect(result.items).toEqual([expectedTrackItems(taskWithTitle(sb, 'Own Callback'), 0)]);
	});

	it('uses the configured poll interval', async () => {
		clock = installFakeClock(async () => await realDelay(40));
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 7 } }, route),
			credentials: credential(),
			inputItems: titles('Seven'),
		});
		expect(result.status).toBe('success');
		expect(clock.sleeps.length).toBeGreaterThan(0);
		expect(new Set(clock.sleeps)).toEqual(new Set([7000]));
		// one details read per round
		expect(recordInfoRequests(sb)).toHaveLength(clock.sleeps.length + 1);
	});

	it.each(FAILURES)('%s with Continue On Fail → one error item naming the task', async (status) => {
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({}, route),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles(`Doomed [sandbox:${status}]`),
		});
		expect(result.status).toBe('success');
		const [task] = tasksInOrder(sb);
		expect(task.status).toBe(status);
		expect(result.items).toEqual([[failedItem(task, 0)]]);
	});

	it.each(FAILURES)('%s (outcome fault) without Continue On Fail → node error naming the task', async (status) => {
		clock = installFakeClock();
		sb.addFault({ type: 'outcome', status });
		const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), inputItems: titles('Doomed') });
		expect(result.status).toBe('error');
		expect(result.items).toEqual([]);
		const [task] = tasksInOrder(sb);
		const item = failedItem(task, 0).json;
		expect(result.error?.message).toBe(`${String(item.msg)} [item 0]`);
		expect(result.error?.description).toBe(
			`Failed or unfinished tasks: item 0: ${task.taskId} (${String(item.status)}: ${String(item.msg)}). Turn on "Continue On Fail" to get an item per task instead.`,
		);
	});

	it('CALLBACK_EXCEPTION with the tracks present (Kie rendered and billed): the tracks are the result', async () => {
		clock = installFakeClock();
		sb.addFault({ type: 'outcome', status: 'CALLBACK_EXCEPTION', tracks: true });
		const result = await runNode({ parameters: vocalsParameters({}, route), credentials: credential(), inputItems: titles('Billed') });
		expect(result.error).toBeUndefined();
		const task = taskWithTitle(sb, 'Billed');
		const status = route === 'jobs' ? 'fail' : 'CALLBACK_EXCEPTION';
		expect(result.items).toEqual([
			expectedTrackItems(task, 0).map((item) => ({ ...item, json: { ...item.json, status, code: 500, msg: 'Error during callback process' } })),
		]);
	});

	it('a task that never finishes → error item with the task ID, the last status and "did not finish"', async () => {
		sb.configure({ stageDelaysMs: { text: 3_600_000 } });
		clock = installFakeClock();
		const result = await runNode({
			parameters: vocalsParameters({ options: { timeoutMinutes: 0.05, pollIntervalSeconds: 1 } }, route),
			credentials: credential(),
			continueOnFail: true,
			inputItems: titles('Endless'),
		});
		expect(result.status).toBe('success');
		const [task] = tasksInOrder(sb);
		const status = String(result.items[0][0].json.status);
		expect(status).toBe(route === 'jobs' ? status : 'PENDING');
		if (route === 'jobs') expect(['waiting', 'queuing', 'generating']).toContain(status);
		const message = `Task ${task.taskId} did not finish within 0.05 minute(s) (last status: ${status}). It may still finish on Kie: read it later with Get Task Details.`;
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType: 'music', apiRoute: route, stage: 'error', status, code: null, msg: message, error: message, timedOut: true }, pairedItem: { item: 0 } }],
		]);
		// 3 s of virtual time at 1 s per round: 4 reads, 3 sleeps, then it gives up.
		expect(clock.sleeps).toEqual([1000, 1000, 1000]);
		expect(recordInfoRequests(sb, task.taskId)).toHaveLength(4);
	});
});

describe('poll: many items', () => {
	it('10 items on both routes with mixed outcomes: each result paired to its input, in input order', async () => {
		clock = installFakeClock(async () => await realDelay(20));
		const inputs = Array.from({ length: 10 }, (_, i) => {
			const model = i % 2 === 0 ? 'V6' : 'V5';
			switch (i % 5) {
				case 1:
					return { title: `Song ${i} [sandbox:GENERATE_AUDIO_FAILED]`, model };
				case 2:
					return { title: `Song ${i} [sandbox:SENSITIVE_WORD_ERROR]`, model };
				case 3:
					return { title: '', model }; // invalid: no task
				default:
					return { title: `Song ${i}`, model };
			}
		});
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 2, model: '={{ $json.model }}' } }),
			credentials: credential(),
			continueOnFail: true,
			inputItems: inputs.map((json) => ({ json })),
		});
		expect(result.status).toBe('success');
		expect(createRequests(sb)).toHaveLength(8);

		const expected: INodeExecutionData[] = inputs.flatMap(({ title }, i): INodeExecutionData[] => {
			if (title === '') {
				const msg = `"Title" is required [item ${i}]`;
				return [{ json: { taskId: null, stage: 'error', code: null, msg, error: msg, description: 'Enter a value for "Title" (title).' }, pairedItem: { item: i } }];
			}
			const task = taskWithTitle(sb, title);
			expect(task.route).toBe(i % 2 === 0 ? 'jobs' : 'perOperation');
			return i % 5 === 0 || i % 5 === 4 ? expectedTrackItems(task, i) : [failedItem(task, i)];
		});
		expect(result.items).toEqual([expected]);
	});
});

describe.each(ROUTES)('poll: request rate on the %s route (real clock, Kie limit of 3 details reads per second per task)', (route: Route) => {
	it('reads each task at most once per poll interval and never trips the limit', async () => {
		sb.configure({ recordInfoRateLimit: { max: 3, windowMs: 1000 }, stageDelaysMs: { text: 300, first: 300, complete: 500 } });
		// When each task's details first showed the end.
		const endSeen = new Map<string, number>();
		const original = sb.recordInfoData.bind(sb);
		sb.recordInfoData = (task) => {
			const data = original(task) as { status?: string; state?: string };
			if ((data.status ?? data.state)?.toUpperCase() === 'SUCCESS' && !endSeen.has(task.taskId)) endSeen.set(task.taskId, Date.now());
			return data;
		};
		const started = Date.now();
		const result = await runNode({
			parameters: vocalsParameters({ options: { pollIntervalSeconds: 1 } }, route),
			credentials: credential(),
			inputItems: titles('R0', 'R1', 'R2', 'R3', 'R4', 'R5'), // more than the 5 parallel reads
		}).finally(() => (sb.recordInfoData = original));
		const elapsed = Date.now() - started;
		expect(result.status).toBe('success');
		expect(result.items[0]).toHaveLength(12);
		expect(sb.stats.recordInfoRateViolations).toBe(0);
		expect(endSeen.size).toBe(6);

		for (const task of tasksInOrder(sb)) {
			const times = recordInfoRequests(sb, task.taskId).map((request) => request.time);
			expect(times.length).toBeGreaterThanOrEqual(2);
			expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 1);
			// one read per interval (50 ms allowance for loopback jitter between the two requests)
			for (const gap of times.slice(1).map((time, i) => time - times[i])) expect(gap).toBeGreaterThanOrEqual(950);
			// no read after the one that saw the end
			expect(times.filter((time) => time > endSeen.get(task.taskId)!)).toEqual([]);
		}
	}, 20_000);
});
