/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): cover image tasks (family ref §5.1). */
import { useSandbox, startReceiver, createTask, finishedMusic, generateBody, CB, sleep } from '../testkit';

const kit = useSandbox();
const details = async (id: string) => (await kit.call(`/api/v1/suno/cover/record-info?taskId=${id}`)).data;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test('the music task must exist and be finished; once per music task (400 with the existing taskId, or 409 with the knob)', async () => {
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId: 'nope', callBackUrl: CB })).json).toEqual({ code: 422, msg: 'Record does not exist', data: null });
	kit.sb.configure({ stageDelaysMs: { text: 5000, first: 5000, complete: 5000 } });
	const running = await createTask(kit, '/api/v1/generate', generateBody());
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId: running, callBackUrl: CB })).json).toEqual({ code: 422, msg: 'The source task is not completed yet', data: null });
	kit.sb.completeTask(running, 'GENERATE_AUDIO_FAILED');
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId: running, callBackUrl: CB })).json).toEqual({ code: 422, msg: 'Record does not exist', data: null });
	const { taskId } = await finishedMusic(kit);
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId })).json).toEqual({ code: 422, msg: 'Please enter callBackUrl.', data: null });
	const first = await createTask(kit, '/api/v1/suno/cover/generate', { taskId, callBackUrl: CB });
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId, callBackUrl: CB })).json).toEqual({ code: 400, msg: 'Cover already generated for this task', data: { taskId: first } });
	kit.sb.configure({ coverRepeat: '409' });
	expect((await kit.post('/api/v1/suno/cover/generate', { taskId, callBackUrl: CB })).json).toEqual({ code: 409, msg: 'Cover record already exists', data: { taskId: first } });
});

test('details: successFlag 0, then 2 (generating) in the second half, then 1 with response.images; ISO times; errorCode 200 on success', async () => {
	const { taskId } = await finishedMusic(kit);
	kit.sb.configure({ familyDelaysMs: { coverImage: 2000 } });
	const id = await createTask(kit, '/api/v1/suno/cover/generate', { taskId, callBackUrl: CB });
	const pending = await details(id);
	expect(pending).toEqual({ taskId: id, parentTaskId: taskId, callbackUrl: CB, completeTime: null, response: null, successFlag: 0, createTime: expect.stringMatching(ISO), errorCode: null, errorMessage: null });
	await sleep(kit.sb.tasks.get(id)!.createdAt + 1100 - Date.now());
	expect((await details(id)).successFlag).toBe(2);
	kit.sb.completeTask(id);
	expect(await details(id)).toEqual({
		...pending,
		completeTime: expect.stringMatching(ISO),
		response: { images: [`${kit.sb.url}/files/${id}/1.png`, `${kit.sb.url}/files/${id}/2.png`] },
		successFlag: 1,
		errorCode: 200,
		errorMessage: '',
	});
});

test('callback: camelCase data.taskId and images, no callbackType; failure: successFlag 3 and images null', async () => {
	const rx = await startReceiver();
	try {
		const a = await finishedMusic(kit);
		const b = await finishedMusic(kit);
		const ok = await createTask(kit, '/api/v1/suno/cover/generate', { taskId: a.taskId, callBackUrl: rx.url });
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_COVER_FAILED' });
		const failed = await createTask(kit, '/api/v1/suno/cover/generate', { taskId: b.taskId, callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		const of = (t: string) => rx.received.find((r) => r.body.data.taskId === t)!.body;
		expect(of(ok)).toEqual({ code: 200, msg: 'success', data: { taskId: ok, images: [`${kit.sb.url}/files/${ok}/1.png`, `${kit.sb.url}/files/${ok}/2.png`] } });
		expect(of(failed)).toEqual({ code: 501, msg: 'Cover generation failed.', data: { taskId: failed, images: null } });
		expect(await details(failed)).toMatchObject({ successFlag: 3, response: null, errorCode: 501, errorMessage: 'Cover generation failed' });
		await createTask(kit, '/api/v1/suno/cover/generate', { taskId: b.taskId, callBackUrl: CB }); // a failed cover does not block a new one
	} finally {
		await rx.close();
	}
});
