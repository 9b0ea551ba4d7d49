/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Generate Cover Image through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local
 * test double of Kie, not Kie): task type coverImage, its own details endpoint, and Kie's "one
 * cover per music task" rule, whose 400/409 answer names the existing task (family §5.1, §13 #22).
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, finishedMusicTask, outputOf, runMusic, useVirtualClock } from './helpers';

// coverRepeat is restored before each test (useSandbox re-applies these options).
const kie = useSandbox({ ...FAST_SANDBOX, familyDelaysMs: { coverImage: 40 }, coverRepeat: '400' });
useVirtualClock();

const PATH = '/api/v1/suno/cover/generate';
const DETAILS = '/api/v1/suno/cover/record-info';

const callbackParameters = (taskId: string) => ({ taskId, completion: 'callback', callbackUrl: CALLBACK });

describe('Generate Cover Image', () => {
	it('sends the reference\'s body; the callback URL is tagged with the task type for the trigger', async () => {
		const music = await finishedMusicTask(kie.sb);
		const result = await runMusic(kie.sb, 'generateCoverImage', callbackParameters(music.taskId));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ taskId: music.taskId, callBackUrl: `${CALLBACK}?kieTaskType=coverImage` }]);
		const [item] = outputOf(result);
		expect(item).toStrictEqual({
			taskId: item.taskId,
			taskType: 'coverImage',
			apiRoute: 'perOperation',
			stage: 'pending',
			operation: 'generateCoverImage',
			callbackUrl: `${CALLBACK}?kieTaskType=coverImage`,
		});
		expect(kie.sb.tasks.get(item.taskId as string)?.family).toBe('coverImage');
	});

	it('poll: waits on the cover details endpoint and outputs imageUrls, with the images as binary data', async () => {
		const music = await finishedMusicTask(kie.sb);
		const result = await runMusic(kie.sb, 'generateCoverImage', { taskId: music.taskId, options: { downloadFiles: true, pollIntervalSeconds: 5 } });
		const [item] = outputOf(result);
		const cover = [...kie.sb.tasks.values()].find((task) => task.family === 'coverImage');
		expect(item).toMatchObject({ taskId: cover?.taskId, taskType: 'coverImage', stage: 'complete' });
		expect(item.imageUrls).toEqual((cover?.result as { images: string[] }).images);
		expect(item.imageUrls).toHaveLength(2);
		expect(Object.keys(result.items[0][0].binary ?? {}).sort()).toEqual(['image', 'image_1']);
		expect(result.items[0][0].binary?.image.mimeType).toBe('image/png');
		expect(kie.sb.requests.some((request) => request.path === DETAILS)).toBe(true);
	});

	it.each([
		['400 (English docs)', '400'],
		['409 (Chinese code list)', '409'],
	] as const)('a repeat for the same music task answers %s with the existing task, which is awaited', async (_name, coverRepeat) => {
		kie.sb.configure({ coverRepeat });
		const music = await finishedMusicTask(kie.sb);
		const first = outputOf(await runMusic(kie.sb, 'generateCoverImage', callbackParameters(music.taskId)))[0];
		const repeat = await runMusic(kie.sb, 'generateCoverImage', { taskId: music.taskId, options: { pollIntervalSeconds: 5 } });
		const [item] = outputOf(repeat);
		expect(item).toMatchObject({ taskId: first.taskId, taskType: 'coverImage', stage: 'complete' });
		expect(item.imageUrls).toHaveLength(2);
		// Kie refused the second create: only one cover task exists, and the node did not resend.
		expect([...kie.sb.tasks.values()].filter((task) => task.family === 'coverImage')).toHaveLength(1);
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(2);
	});

	it('an unknown music task: Kie\'s 422 is surfaced, nothing resent', async () => {
		const result = await runMusic(kie.sb, 'generateCoverImage', callbackParameters('0123456789abcdef0123456789abcdef'));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): Record does not exist');
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(1);
	});

	it('the task ID is required, and nothing is sent', async () => {
		const result = await runMusic(kie.sb, 'generateCoverImage', callbackParameters('={{ $json.missing }}'));
		expect(result.error?.message).toBe('"Task ID" is required [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});
});
