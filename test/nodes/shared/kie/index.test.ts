/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** nodes/shared/kie/index.ts: the descriptor registry, callback family detection, task-id locations. */
import { callbackRouteHint, callbackTaskId, DESCRIPTORS, descriptorFor, detectTaskType, isTaskType, TASK_TYPES } from '../../../../nodes/shared/kie';

describe('registry', () => {
	it('has one descriptor per task type, each naming itself', () => {
		expect(Object.keys(DESCRIPTORS).sort()).toEqual([...TASK_TYPES].sort());
		for (const taskType of TASK_TYPES) expect(descriptorFor(taskType).taskType).toBe(taskType);
	});

	it('every create operation has a per-operation path, and a jobs model where it claims to be verified there', () => {
		for (const descriptor of Object.values(DESCRIPTORS)) {
			for (const [name, operation] of Object.entries(descriptor.operations)) {
				expect(operation.operation).toBe(name);
				expect(operation.perOperationPath).toMatch(/^\/api\/v1\//);
				if (operation.jobsVerified) expect(operation.jobsModel).toMatch(/^ai-music-api\/[a-z-]+$/);
			}
		}
	});

	it('isTaskType knows exactly the seven values', () => {
		expect(TASK_TYPES).toEqual(['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage']);
		expect(['music', 'coverImage', 'Music', 'audio', '', null, '__proto__'].map(isTaskType)).toEqual([true, true, false, false, false, false, false]);
	});
});

describe('detectTaskType', () => {
	it('the most specific family wins: a stems body with a callbackType is stems, not music', () => {
		expect(detectTaskType({ code: 200, data: { callbackType: 'complete', task_id: 't', vocal_removal_info: {} } })).toEqual({ taskType: 'stems', certain: true });
	});

	it('a lyrics-looking list that also has audio is music', () => {
		const body = { code: 200, data: { callbackType: 'complete', task_id: 't', data: [{ text: 'x', audio_url: 'https://x/a.mp3' }] } };
		expect(detectTaskType(body)).toEqual({ taskType: 'music', certain: true });
	});

	it('an empty lyrics list cannot be told from a song\'s text stage: music', () => {
		expect(detectTaskType({ code: 200, data: { callbackType: 'complete', task_id: 't', data: [] } })).toEqual({ taskType: 'music', certain: true });
	});

	it('nothing recognisable: music, uncertain (the 0.1 behaviour for a bare failure body)', () => {
		expect(detectTaskType({ code: 501, msg: 'failed', data: { task_id: 't' } })).toEqual({ taskType: 'music', certain: false });
		expect(detectTaskType({})).toEqual({ taskType: 'music', certain: false });
	});
});

describe('callbackTaskId and callbackRouteHint', () => {
	it('reads data.task_id, data.taskId, task_id, taskId in that order; strings only', () => {
		expect(callbackTaskId({ data: { task_id: 'a', taskId: 'b' }, task_id: 'c', taskId: 'd' })).toBe('a');
		expect(callbackTaskId({ data: { taskId: 'b' }, task_id: 'c', taskId: 'd' })).toBe('b');
		expect(callbackTaskId({ task_id: 'c', taskId: 'd' })).toBe('c');
		expect(callbackTaskId({ taskId: 'd' })).toBe('d');
		expect(callbackTaskId({ data: { task_id: 5 }, taskId: ' e ' })).toBe('e');
		expect(callbackTaskId({ data: { task_id: '' } })).toBeUndefined();
	});

	it('a top-level camelCase taskId with a data object is the jobs route\'s callback', () => {
		expect(callbackRouteHint({ taskId: 'j', data: { task_id: 'j' } })).toBe('jobs');
		expect(callbackRouteHint({ taskId: 'j' })).toBeUndefined();
		expect(callbackRouteHint({ data: { task_id: 'j' } })).toBeUndefined();
	});
});
