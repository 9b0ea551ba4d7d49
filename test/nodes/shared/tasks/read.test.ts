/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/tasks/read.ts: a task is read where it was made (the family's details endpoint, or
 * jobs recordInfo); findTask asks both routes when the route is not known. Against the Kie
 * SANDBOX (a local test double of Kie, not Kie), where a task is visible only on its own route.
 */
import { findTask, readTask } from '../../../../nodes/shared/tasks/read';
import { createExecuteContext, testCredential } from '../../../harness/n8nCore';
import { createTaskDirect, detailsRequests, useFastClock, useSandbox } from '../../../harness/sandbox';

const kie = useSandbox({ credits: 100000, stageDelaysMs: { text: 3_600_000 } });
useFastClock();

const context = async () => (await createExecuteContext({ credentials: testCredential(kie.sb.url) })).context;
const paths = () => detailsRequests(kie.sb).map((request) => `${request.path}?taskId=${request.query.taskId}`);

describe('readTask', () => {
	it('per-operation: record-info of the task, interpreted', async () => {
		const taskId = await createTaskDirect(kie.sb, 'add-vocals');
		kie.sb.completeTask(taskId);
		const state = await readTask(await context(), { taskId, taskType: 'music', apiRoute: 'perOperation' });
		expect([state.known, state.finished, state.stage, state.status, state.items.length]).toEqual([true, true, 'complete', 'SUCCESS', 2]);
		expect(paths()).toEqual([`/api/v1/generate/record-info?taskId=${taskId}`]);
	});

	it('jobs: recordInfo of the task, interpreted', async () => {
		const taskId = await createTaskDirect(kie.sb, 'add-vocals', {}, 'sandbox-key', 'jobs');
		const pending = await readTask(await context(), { taskId, taskType: 'music', apiRoute: 'jobs' });
		expect([pending.known, pending.finished, pending.stage]).toEqual([true, false, 'pending']);
		expect(['waiting', 'queuing', 'generating']).toContain(pending.status);
		kie.sb.completeTask(taskId);
		const done = await readTask(await context(), { taskId, taskType: 'music', apiRoute: 'jobs' });
		expect([done.finished, done.stage, done.items.length, done.items[0].apiRoute]).toEqual([true, 'complete', 2, 'jobs']);
		expect(paths()).toEqual([`/api/v1/jobs/recordInfo?taskId=${taskId}`, `/api/v1/jobs/recordInfo?taskId=${taskId}`]);
	});

	it('jobs: "recordInfo is null" (code 422) is an unknown task, not an error', async () => {
		const state = await readTask(await context(), { taskId: 'nope', taskType: 'music', apiRoute: 'jobs' });
		expect([state.known, state.finished]).toEqual([false, false]);
	});

	it('jobs: any other 422 is Kie\'s error', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: 'taskId is invalid', path: 'details' });
		await expect(readTask(await context(), { taskId: 'nope', taskType: 'music', apiRoute: 'jobs' })).rejects.toThrow(
			'Kie rejected the parameters (code 422): taskId is invalid',
		);
	});

	it('a task made on one route is unknown on the other', async () => {
		const jobsTask = await createTaskDirect(kie.sb, 'add-instrumental', {}, 'sandbox-key', 'jobs');
		const perOperationTask = await createTaskDirect(kie.sb, 'add-instrumental');
		expect((await readTask(await context(), { taskId: jobsTask, taskType: 'music', apiRoute: 'perOperation' })).known).toBe(false);
		expect((await readTask(await context(), { taskId: perOperationTask, taskType: 'music', apiRoute: 'jobs' })).known).toBe(false);
	});
});

describe('findTask', () => {
	it('auto finds a per-operation task with one read', async () => {
		const taskId = await createTaskDirect(kie.sb);
		const found = await findTask(await context(), taskId, 'music', 'auto');
		expect([found.known, found.apiRoute]).toEqual([true, 'perOperation']);
		expect(paths()).toEqual([`/api/v1/generate/record-info?taskId=${taskId}`]);
	});

	it('auto finds a jobs task after the per-operation route says it does not know it', async () => {
		const taskId = await createTaskDirect(kie.sb, 'add-instrumental', {}, 'sandbox-key', 'jobs');
		const found = await findTask(await context(), taskId, 'music', 'auto');
		expect([found.known, found.apiRoute, found.items[0].apiRoute]).toEqual([true, 'jobs', 'jobs']);
		expect(paths()).toEqual([`/api/v1/generate/record-info?taskId=${taskId}`, `/api/v1/jobs/recordInfo?taskId=${taskId}`]);
	});

	it('auto: a task neither route knows is unknown after asking both', async () => {
		const found = await findTask(await context(), 'ghost', 'music', 'auto');
		expect([found.known, found.apiRoute]).toEqual([false, 'jobs']);
		expect(paths()).toHaveLength(2);
	});

	it('a forced route asks only there', async () => {
		const taskId = await createTaskDirect(kie.sb, 'add-instrumental', {}, 'sandbox-key', 'jobs');
		const found = await findTask(await context(), taskId, 'music', 'perOperation');
		expect([found.known, found.apiRoute]).toEqual([false, 'perOperation']);
		expect(paths()).toEqual([`/api/v1/generate/record-info?taskId=${taskId}`]);
	});
});
