/**
 * Get Task Details through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie): record-info's camelCase maps to the interface's flat items.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createTaskDirect, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000, stageDelaysMs: { text: 60_000, first: 60_000, complete: 60_000 } });
const clock = useFastClock();

/** The item fields fixed by the public interface (interface.md, "Output items"). */
const TRACK_FIELDS = [
	'taskId',
	'stage',
	'status',
	'code',
	'msg',
	'trackIndex',
	'trackCount',
	'id',
	'audioUrl',
	'streamAudioUrl',
	'imageUrl',
	'title',
	'tags',
	'prompt',
	'modelName',
	'duration',
	'createTime',
].sort();

async function details(taskIds: string[], continueOnFail = false) {
	return await runNode({
		parameters: { resource: 'music', operation: 'getTaskDetails', taskId: '={{ $json.taskId }}' },
		credentials: testCredential(kie.sb.url),
		inputItems: taskIds.map((taskId) => ({ json: { taskId } })),
		continueOnFail,
	});
}

const toIso = (value: number | string) =>
	typeof value === 'number' ? new Date(value).toISOString() : new Date(`${value.replace(' ', 'T')}Z`).toISOString();

describe('Get Task Details', () => {
	it('a finished task: one item per track, exactly the interface\'s fields and values', async () => {
		const taskId = await createTaskDirect(kie.sb, 'add-vocals', { title: 'Night City', prompt: '[Verse] lights', style: 'Synthwave' });
		kie.sb.completeTask(taskId);
		const task = kie.sb.tasks.get(taskId)!;
		expect(task.status).toBe('SUCCESS');

		const result = await details([taskId]);
		expect(result.status).toBe('success');
		const items = result.items[0];
		expect(items).toHaveLength(task.tracks.length);
		items.forEach((item: INodeExecutionData, index) => {
			const track = task.tracks[index];
			expect(Object.keys(item.json).sort()).toEqual(TRACK_FIELDS);
			expect(item.json).toStrictEqual({
				taskId,
				stage: 'complete',
				status: 'SUCCESS',
				code: 200,
				msg: null,
				trackIndex: index,
				trackCount: task.tracks.length,
				id: track.id,
				audioUrl: track.audioUrl,
				streamAudioUrl: track.streamAudioUrl,
				imageUrl: track.imageUrl,
				title: 'Night City',
				tags: 'Synthwave',
				prompt: '[Verse] lights',
				modelName: 'chirp-v4-5',
				duration: track.duration,
				createTime: toIso(track.createTime),
			});
			expect(item.pairedItem).toEqual({ item: 0 });
		});
		const recordInfo = kie.sb.requests.filter((request) => request.path === '/api/v1/generate/record-info');
		expect(recordInfo).toHaveLength(1);
		expect(recordInfo[0].query).toEqual({ taskId });
		expect(recordInfo[0].headers.authorization).toBe('Bearer sandbox-key');
	});

	it('createTime as epoch ms and as "YYYY-MM-DD HH:mm:ss" both become the same ISO format', async () => {
		// the sandbox alternates: 1st task epoch ms, 2nd task a date-time string
		const first = await createTaskDirect(kie.sb);
		const second = await createTaskDirect(kie.sb);
		kie.sb.completeTask(first);
		kie.sb.completeTask(second);
		expect(typeof kie.sb.tasks.get(first)!.tracks[0].createTime).toBe('number');
		expect(typeof kie.sb.tasks.get(second)!.tracks[0].createTime).toBe('string');

		const result = await details([first, second]);
		const items = result.items[0];
		for (const item of items) expect(item.json.createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(items.filter((item) => item.json.taskId === first).map((item) => item.json.createTime)).toEqual(
			kie.sb.tasks.get(first)!.tracks.map((track) => toIso(track.createTime)),
		);
		expect(items.filter((item) => item.json.taskId === second).map((item) => item.json.createTime)).toEqual(
			kie.sb.tasks.get(second)!.tracks.map((track) => toIso(track.createTime)),
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('a pending task: one track-free item with stage "pending"', async () => {
		const taskId = await createTaskDirect(kie.sb);
		const result = await details([taskId]);
		expect(result.items[0]).toEqual([
			{
				json: { taskId, stage: 'pending', status: 'PENDING', code: 200, msg: null, trackIndex: null, trackCount: 0 },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('an unknown task (record-info data null): an error that names the task ID and the item', async () => {
		const result = await details(['0123456789abcdef0123456789abcdef']);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie has no task with ID "0123456789abcdef0123456789abcdef" [item 0]');
		expect(result.error?.description).toContain('Check the Task ID');
	});

	it.each([
		['GENERATE_AUDIO_FAILED', 501, 'Generation failed due to technical issues'],
		['SENSITIVE_WORD_ERROR', 400, 'Sensitive word detected in the request'],
		['CREATE_TASK_FAILED', 500, 'Task creation failed'],
		['CALLBACK_EXCEPTION', 500, 'Error during callback process'],
	] as const)('a failed task (%s): one stage "error" item with errorCode and errorMessage', async (status, errorCode, errorMessage) => {
		const taskId = await createTaskDirect(kie.sb);
		kie.sb.completeTask(taskId, status);
		const task = kie.sb.tasks.get(taskId)!;
		expect(task.errorCode).toBe(errorCode);
		expect(task.errorMessage).toBe(errorMessage);

		const result = await details([taskId]);
		expect(result.status).toBe('success');
		expect(result.items[0]).toEqual([
			{
				json: { taskId, stage: 'error', status, code: errorCode, msg: errorMessage, error: errorMessage },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a failed task without errorMessage gets a message for its status', async () => {
		const taskId = await createTaskDirect(kie.sb);
		kie.sb.completeTask(taskId, { status: 'SENSITIVE_WORD_ERROR', error: '' });
		const result = await details([taskId]);
		expect(result.items[0][0].json).toMatchObject({
			stage: 'error',
			status: 'SENSITIVE_WORD_ERROR',
			msg: 'Kie filtered the content for sensitive words; change the lyrics, style or title',
		});
	});

	it('the intermediate stages map to "text" (no tracks) and "first" (one track)', async () => {
		kie.sb.configure({ stageDelaysMs: { text: 0, first: 60_000, complete: 60_000 } });
		const textTask = await createTaskDirect(kie.sb);
		await kie.sb.waitForTask(textTask, 'TEXT_SUCCESS', 5000);
		kie.sb.configure({ stageDelaysMs: { text: 0, first: 0, complete: 60_000 } });
		const firstTask = await createTaskDirect(kie.sb);
		await kie.sb.waitForTask(firstTask, 'FIRST_SUCCESS', 5000);
		kie.sb.configure({ stageDelaysMs: { text: 60_000, first: 60_000, complete: 60_000 } });

		const result = await details([textTask, firstTask]);
		const [text, first] = [result.items[0].filter((i) => i.json.taskId === textTask), result.items[0].filter((i) => i.json.taskId === firstTask)];
		expect(text).toHaveLength(1);
		expect(text[0].json).toMatchObject({ stage: 'text', status: 'TEXT_SUCCESS', trackCount: 0, trackIndex: null });
		expect(first).toHaveLength(1);
		expect(first[0].json).toMatchObject({ stage: 'first', status: 'FIRST_SUCCESS', trackCount: 1, trackIndex: 0 });
		expect(first[0].json.audioUrl).toBe(kie.sb.tasks.get(firstTask)!.tracks[0].audioUrl);
	});

	it('the task ID is trimmed and required', async () => {
		const taskId = await createTaskDirect(kie.sb);
		const ok = await details([`  ${taskId}  `]);
		expect(ok.items[0][0].json.taskId).toBe(taskId);

		kie.sb.requests.length = 0;
		const missing = await details(['']);
		expect(missing.error?.message).toBe('"Task ID" is required [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('a Kie error fails the run, or gives a paired error item with Continue On Fail', async () => {
		kie.sb.addFault({ type: 'code', code: 401, path: '/api/v1/generate/record-info', times: 'always' });
		const failed = await details(['abc']);
		expect(failed.status).toBe('error');
		expect(failed.error?.message).toBe('Kie rejected the API key (code 401)');

		const tolerant = await details(['abc', 'def'], true);
		expect(tolerant.items[0]).toEqual([
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 0 } },
			{ json: { error: 'Kie rejected the API key (code 401)' }, pairedItem: { item: 1 } },
		]);
		expect(clock.delays).toEqual([]);
	});

	it('record-info is a read: a transient 5xx is retried', async () => {
		const taskId = await createTaskDirect(kie.sb);
		kie.sb.addFault({ type: 'http', status: 502, path: '/api/v1/generate/record-info', times: 1 });
		const result = await details([taskId]);
		expect(result.status).toBe('success');
		expect(result.items[0][0].json.stage).toBe('pending');
		expect(clock.delays).toEqual([1000]);
	});
});
