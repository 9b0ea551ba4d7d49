/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Get Task Details through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie). `apiRoute: auto` (default) asks the per-operation route, then the jobs
 * route, so a task made on either route is found and gives the same items (apart from `apiRoute`).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createTaskDirect, detailsRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';
import { expectedTrackItems, isoCreateTime } from '../common/completion/helpers';

const kie = useSandbox({ credits: 100000, stageDelaysMs: { text: 60_000, first: 60_000, complete: 60_000 } });
const clock = useFastClock();

const ROUTES = ['perOperation', 'jobs'] as const;

async function details(taskIds: string[], options: INodeParameters = {}, continueOnFail = false, taskType?: string) {
	return await runNode({
		parameters: { resource: 'music', operation: 'getTaskDetails', taskId: '={{ $json.taskId }}', ...(taskType ? { taskType } : {}), options },
		credentials: testCredential(kie.sb.url),
		inputItems: taskIds.map((taskId) => ({ json: { taskId } })),
		continueOnFail,
	});
}

const create = async (route: (typeof ROUTES)[number], overrides: IDataObject = {}) => await createTaskDirect(kie.sb, 'add-vocals', overrides, 'sandbox-key', route);

describe.each(ROUTES)('Get Task Details of a task made on the %s route', (route) => {
	it('auto finds it: one item per track, the same items poll and resume give', async () => {
		const taskId = await create(route, { title: 'Night City', prompt: '[Verse] lights', style: 'Synthwave' });
		kie.sb.completeTask(taskId);
		const result = await details([taskId]);
		expect(result.status).toBe('success');
		expect(result.items[0]).toEqual(expectedTrackItems(kie.sb.tasks.get(taskId)!, 0));
		expect(result.items[0][0].json).toMatchObject({ title: 'Night City', tags: 'Synthwave', prompt: '[Verse] lights', apiRoute: route });
		const reads = detailsRequests(kie.sb);
		expect(reads.map((read) => read.path)).toEqual(
			route === 'jobs' ? ['/api/v1/generate/record-info', '/api/v1/jobs/recordInfo'] : ['/api/v1/generate/record-info'],
		);
		for (const read of reads) expect([read.query, read.headers.authorization]).toEqual([{ taskId }, 'Bearer sandbox-key']);
	});

	it('the route forced where it was made finds it with one read; the other route does not know it', async () => {
		const taskId = await create(route);
		const found = await details([taskId], { apiRoute: route });
		expect(found.items[0][0].json).toMatchObject({ taskId, apiRoute: route, stage: 'pending' });
		const other = route === 'jobs' ? 'perOperation' : 'jobs';
		const missing = await details([taskId], { apiRoute: other });
		expect(missing.error?.message).toBe(`Kie has no music task with ID "${taskId}" on the ${other} route [item 0]`);
	});

	it('a pending task: one track-free item with stage "pending" and Kie\'s word', async () => {
		const taskId = await create(route);
		const result = await details([taskId]);
		const status = result.items[0][0].json.status;
		if (route === 'perOperation') expect(status).toBe('PENDING');
		else expect(['waiting', 'queuing', 'generating']).toContain(status);
		expect(result.items[0]).toEqual([
			{ json: { taskId, taskType: 'music', apiRoute: route, stage: 'pending', status, code: 200, msg: null, trackIndex: null, trackCount: 0 }, pairedItem: { item: 0 } },
		]);
	});

	it('a record-info read is retried on a transient 5xx', async () => {
		const taskId = await create(route);
		kie.sb.addFault({ type: 'http', status: 502, path: 'details', times: 1 });
		const result = await details([taskId], { apiRoute: route });
		expect(result.items[0][0].json.stage).toBe('pending');
		expect(clock.delays).toEqual([1000]);
	});
});

describe('Get Task Details: failures Kie reports', () => {
	it.each([
		['GENERATE_AUDIO_FAILED', 501, 'Generation failed due to technical issues'],
		['SENSITIVE_WORD_ERROR', 400, 'Sensitive word detected in the request'],
		['CREATE_TASK_FAILED', 500, 'Task creation failed'],
	] as const)('per-operation %s: one error item with errorCode and errorMessage', async (status, code, msg) => {
		const taskId = await create('perOperation');
		kie.sb.completeTask(taskId, status);
		const result = await details([taskId]);
		expect(result.items[0]).toEqual([
			{ json: { taskId, taskType: 'music', apiRoute: 'perOperation', stage: 'error', status, code, msg, error: msg }, pairedItem: { item: 0 } },
		]);
	});

	it('a failed task without errorMessage gets a message for its status', async () => {
		const taskId = await create('perOperation');
		kie.sb.completeTask(taskId, { status: 'SENSITIVE_WORD_ERROR', error: '' });
		const result = await details([taskId]);
		expect(result.items[0][0].json).toMatchObject({ stage: 'error', status: 'SENSITIVE_WORD_ERROR', msg: 'Kie filtered the content for sensitive words; change the lyrics, style or title' });
	});

	it('jobs state "fail" with failCode and failMsg: one error item saying what Kie said', async () => {
		const taskId = await create('jobs');
		kie.sb.completeTask(taskId, { status: 'GENERATE_AUDIO_FAILED', failCode: '422', failMsg: 'prompt contains sensitive words' });
		const result = await details([taskId]);
		expect(result.items[0]).toEqual([
			{
				json: { taskId, taskType: 'music', apiRoute: 'jobs', stage: 'error', status: 'fail', code: 422, msg: 'prompt contains sensitive words', error: 'prompt contains sensitive words' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a refunded upstream failure on the jobs route says to run it again', async () => {
		const taskId = await create('jobs');
		kie.sb.completeTask(taskId, { status: 'GENERATE_AUDIO_FAILED', failCode: '400', failMsg: 'Upstream error, please try again later.' });
		const result = await details([taskId]);
		expect(result.items[0][0].json.msg).toBe('Upstream error, please try again later. (Kie\'s upstream failed and Kie refunds the credits: run it again)');
		expect(result.items[0][0].json.code).toBe(400);
	});

	it('CALLBACK_EXCEPTION with the tracks Kie rendered: the tracks, not an error', async () => {
		const taskId = await create('perOperation');
		kie.sb.completeTask(taskId, { status: 'CALLBACK_EXCEPTION', tracks: true });
		const result = await details([taskId]);
		const task = kie.sb.tasks.get(taskId)!;
		expect(result.items[0].map((item) => [item.json.stage, item.json.status, item.json.code, item.json.audioUrl])).toEqual(
			task.tracks.map((track) => ['complete', 'CALLBACK_EXCEPTION', 500, track.audioUrl]),
		);
	});
});

describe('Get Task Details: input and errors', () => {
	it('createTime as epoch ms and as "YYYY-MM-DD HH:mm:ss" both become the same ISO format', async () => {
		// the sandbox alternates: 1st task epoch ms, 2nd task a date-time string
		const [first, second] = [await create('perOperation'), await create('perOperation')];
		kie.sb.completeTask(first);
		kie.sb.completeTask(second);
		expect([typeof kie.sb.tasks.get(first)!.tracks[0].createTime, typeof kie.sb.tasks.get(second)!.tracks[0].createTime]).toEqual(['number', 'string']);
		const items = (await details([first, second])).items[0];
		for (const taskId of [first, second]) {
			expect(items.filter((item) => item.json.taskId === taskId).map((item) => item.json.createTime)).toEqual(
				kie.sb.tasks.get(taskId)!.tracks.map((track) => isoCreateTime(track.createTime)),
			);
		}
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('an unknown task: an error that names the task ID, both routes and the item', async () => {
		const result = await details(['0123456789abcdef0123456789abcdef']);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie has no music task with ID "0123456789abcdef0123456789abcdef" on either API route [item 0]');
		expect(result.error?.description).toContain('Check the Task ID and the Task Type');
		expect(detailsRequests(kie.sb)).toHaveLength(2);
	});

	it('the Task Type decides where to look: a music task is no WAV task', async () => {
		const taskId = await create('perOperation');
		const result = await details([taskId], {}, false, 'wav');
		expect(result.error?.message).toBe(`Kie has no wav task with ID "${taskId}" on either API route [item 0]`);
		expect(detailsRequests(kie.sb).map((read) => read.path)).toEqual(['/api/v1/wav/record-info', '/api/v1/jobs/recordInfo']);
	});

	it('the task ID is trimmed and required', async () => {
		const taskId = await create('perOperation');
		expect((await details([`  ${taskId}  `])).items[0][0].json.taskId).toBe(taskId);
		kie.sb.requests.length = 0;
		const missing = await details(['']);
		expect(missing.error?.message).toBe('"Task ID" is required [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('a Kie error fails the run, or gives a paired error item with Continue On Fail', async () => {
		kie.sb.addFault({ type: 'code', code: 401, path: 'details', times: 'always' });
		const failed = await details(['abc']);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe('Kie rejected the API key (code 401)');
		const tolerant = await details(['abc', 'def'], {}, true);
		expect(tolerant.items[0]).toEqual([
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 0 } },
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 1 } },
		]);
		expect(clock.delays).toEqual([]);
	});
});
