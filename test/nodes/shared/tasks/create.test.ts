/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/tasks/create.ts: the route choice (auto / perOperation / jobs) and the create
 * request, against the Kie SANDBOX (a local test double of Kie, not Kie).
 */
import { coverImage } from '../../../../nodes/shared/kie/coverImage';
import { music } from '../../../../nodes/shared/kie/music';
import type { CreateOperation } from '../../../../nodes/shared/kie/types';
import { wav } from '../../../../nodes/shared/kie/wav';
import { chooseRoute, createRequest, createTask, routeProblem } from '../../../../nodes/shared/tasks/create';
import { createExecuteContext, testCredential } from '../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

const noJobsModel: CreateOperation = { operation: 'someday', perOperationPath: '/api/v1/someday', jobsVerified: false };

describe('chooseRoute', () => {
	it.each([
		['V6', 'jobs'],
		['V6_MINI', 'jobs'],
		['V6_WILD', 'jobs'],
		['V5_5', 'perOperation'],
		['V5', 'perOperation'],
		['V4_5PLUS', 'perOperation'],
		[undefined, 'perOperation'],
	])('auto with model %p on Add Vocals → %s', (model, route) => {
		expect(chooseRoute(music.operations.addVocals, model, 'auto')).toBe(route);
		expect(chooseRoute(music.operations.addInstrumental, model, 'auto')).toBe(route);
	});

	it('auto keeps V6 on the per-operation route where the jobs route is not verified', () => {
		expect(chooseRoute(music.operations.uploadAndExtend, 'V6', 'auto')).toBe('perOperation');
		expect(chooseRoute(coverImage.operations.generateCoverImage, undefined, 'auto')).toBe('perOperation');
		expect(chooseRoute(noJobsModel, 'V6', 'auto')).toBe('perOperation');
	});

	it('a forced route is used whatever the model', () => {
		expect(chooseRoute(music.operations.addVocals, 'V6', 'perOperation')).toBe('perOperation');
		expect(chooseRoute(music.operations.addVocals, 'V5', 'jobs')).toBe('jobs');
		expect(chooseRoute(music.operations.uploadAndExtend, 'V6', 'jobs')).toBe('jobs');
	});

	it('forcing jobs where Kie documents no jobs model is a problem named before any request', () => {
		expect(routeProblem(noJobsModel, 'jobs')).toBe('Kie documents no jobs-route model for this operation; use "API Route" Auto or Per-Operation');
		expect(routeProblem(noJobsModel, 'perOperation')).toBeUndefined();
		expect(routeProblem(music.operations.addVocals, 'jobs')).toBeUndefined();
	});
});

describe('createRequest', () => {
	const body = { uploadUrl: 'https://e.com/v.mp3', title: 't', tags: 'piano', negativeTags: 'n', model: 'V6', callBackUrl: 'https://n8n.example.com/cb' };

	it('per-operation: the camelCase body as it is, to the operation\'s path', () => {
		expect(createRequest(music.operations.addInstrumental, 'perOperation', body)).toEqual({ path: '/api/v1/generate/add-instrumental', body });
	});

	it('jobs: createTask with the model, callBackUrl and snake_case input', () => {
		expect(createRequest(music.operations.addInstrumental, 'jobs', body)).toEqual({
			path: '/api/v1/jobs/createTask',
			body: {
				model: 'ai-music-api/add-instrumental',
				callBackUrl: 'https://n8n.example.com/cb',
				input: { upload_url: 'https://e.com/v.mp3', title: 't', tags: 'piano', negative_tags: 'n', model: 'V6' },
			},
		});
	});
});

describe('createTask', () => {
	const body = { uploadUrl: 'https://e.com/v.mp3', title: 't', tags: 'piano', negativeTags: 'n', model: 'V6', callBackUrl: 'https://example.com/cb' };
	const context = async () => (await createExecuteContext({ credentials: testCredential(kie.sb.url) })).context;

	it.each(['perOperation', 'jobs'] as const)('returns Kie\'s task id (%s route), one request, the task made on that route', async (route) => {
		const taskId = await createTask(await context(), music.operations.addInstrumental, route, body, 0);
		expect(createRequests(kie.sb)).toHaveLength(1);
		expect(kie.sb.tasks.get(taskId)?.route).toBe(route);
		expect(kie.sb.tasks.get(taskId)?.model).toBe('V6');
	});

	it('a repeat Kie refuses but names (WAV: 409 + the earlier task) is that task', async () => {
		kie.sb.addFault({ type: 'code', code: 409, msg: 'WAV record already exists', data: { taskId: 'earlier-wav-task' }, path: wav.operations.convertToWav.perOperationPath });
		const taskId = await createTask(await context(), wav.operations.convertToWav, 'perOperation', { taskId: 'm', audioId: 'a', callBackUrl: 'https://example.com/cb' }, 0);
		expect(taskId).toBe('earlier-wav-task');
	});

	it('the same code without a task id is an error', async () => {
		kie.sb.addFault({ type: 'code', code: 409, msg: 'WAV record already exists', data: null, path: wav.operations.convertToWav.perOperationPath });
		await expect(createTask(await context(), wav.operations.convertToWav, 'perOperation', { taskId: 'm', audioId: 'a', callBackUrl: 'https://example.com/cb' }, 0)).rejects.toThrow(
			'Kie reported a conflict (code 409)',
		);
	});

	it('an operation without that exception does not take a 409\'s task id for its own', async () => {
		kie.sb.addFault({ type: 'code', code: 409, msg: 'conflict', data: { taskId: 'someone-else' } });
		await expect(createTask(await context(), music.operations.addInstrumental, 'perOperation', body, 3)).rejects.toThrow('Kie reported a conflict (code 409)');
	});

	it('success without a task id is an error naming the item', async () => {
		kie.sb.addFault({ type: 'code', code: 200, msg: 'success', data: null });
		await expect(createTask(await context(), music.operations.addInstrumental, 'jobs', body, 2)).rejects.toThrow('Kie answered success but sent no task ID [item 2]');
	});
});
