/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): music video tasks (family ref §10). */
import { useSandbox, startReceiver, createTask, finishedMusic, CB } from '../testkit';

const kit = useSandbox();
const details = async (id: string) => (await kit.call(`/api/v1/mp4/record-info?taskId=${id}`)).data;

test('validation: author and domainName at most 50 characters; unknown records', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const base = { taskId, audioId: audioIds[0], callBackUrl: CB };
	expect((await kit.post('/api/v1/mp4/generate', { ...base, author: 'x'.repeat(51) })).json).toEqual({ code: 422, msg: 'author must be at most 50 characters', data: null });
	expect((await kit.post('/api/v1/mp4/generate', { ...base, domainName: 'x'.repeat(51) })).json).toEqual({ code: 422, msg: 'domainName must be at most 50 characters', data: null });
	expect((await kit.post('/api/v1/mp4/generate', { ...base, taskId: 'nope' })).json).toEqual({ code: 422, msg: 'Record does not exist', data: null });
	expect((await kit.post('/api/v1/mp4/generate', { taskId, callBackUrl: CB })).json).toEqual({ code: 422, msg: 'audioId is required', data: null });
	await createTask(kit, '/api/v1/mp4/generate', { ...base, author: 'DJ Electronic', domainName: 'music.example.com' });
	await createTask(kit, '/api/v1/mp4/generate', base); // no once-only rule documented
	expect(kit.sb.credits).toBe(1000 - 12 - 2 - 2);
});

test('details: successFlag PENDING -> SUCCESS with response.videoUrl, times in ms', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	kit.sb.configure({ familyDelaysMs: { video: 5000 } });
	const id = await createTask(kit, '/api/v1/mp4/generate', { taskId, audioId: audioIds[1], callBackUrl: CB });
	const pending = { taskId: id, musicId: audioIds[1], callbackUrl: CB, musicIndex: 1, completeTime: null, response: null, successFlag: 'PENDING', createTime: expect.any(Number), errorCode: null, errorMessage: null };
	expect(await details(id)).toEqual(pending);
	kit.sb.completeTask(id);
	expect(await details(id)).toEqual({ ...pending, completeTime: expect.any(Number), response: { videoUrl: `${kit.sb.url}/files/${id}/video.mp4` }, successFlag: 'SUCCESS' });
});

test('callback {code:200, msg:"MP4 generated successfully.", data:{task_id, video_url}}; failure keeps video_url null', async () => {
	const rx = await startReceiver();
	try {
		const { taskId, audioIds } = await finishedMusic(kit);
		const id = await createTask(kit, '/api/v1/mp4/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_MP4_FAILED' });
		const failed = await createTask(kit, '/api/v1/mp4/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		const of = (t: string) => rx.received.find((r) => r.body.data.task_id === t)!.body;
		expect(of(id)).toEqual({ code: 200, msg: 'MP4 generated successfully.', data: { task_id: id, video_url: `${kit.sb.url}/files/${id}/video.mp4` } });
		expect(of(failed)).toEqual({ code: 501, msg: 'MP4 generation failed.', data: { task_id: failed, video_url: null } });
		expect((await details(failed)).successFlag).toBe('GENERATE_MP4_FAILED');
	} finally {
		await rx.close();
	}
});
