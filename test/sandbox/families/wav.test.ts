/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): WAV tasks (family ref §7). */
import { useSandbox, startReceiver, createTask, finishedMusic, generateBody, CB } from '../testkit';

const kit = useSandbox();
const details = async (id: string) => (await kit.call(`/api/v1/wav/record-info?taskId=${id}`)).data;
const MISSING = { code: 422, msg: 'Record does not exist', data: null };
const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

test('validation, unknown records, unfinished tracks', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	expect((await kit.post('/api/v1/wav/generate', { taskId, callBackUrl: CB })).json).toEqual({ code: 422, msg: 'audioId is required', data: null });
	expect((await kit.post('/api/v1/wav/generate', { taskId, audioId: audioIds[0] })).json).toEqual({ code: 422, msg: 'Please enter callBackUrl.', data: null });
	expect((await kit.post('/api/v1/wav/generate', { taskId: 'nope', audioId: audioIds[0], callBackUrl: CB })).json).toEqual(MISSING);
	expect((await kit.post('/api/v1/wav/generate', { taskId, audioId: 'nope', callBackUrl: CB })).json).toEqual(MISSING);
	const lyrics = await createTask(kit, '/api/v1/lyrics', { prompt: 'x', callBackUrl: CB });
	expect((await kit.post('/api/v1/wav/generate', { taskId: lyrics, audioId: audioIds[0], callBackUrl: CB })).json).toEqual(MISSING);
	kit.sb.configure({ stageDelaysMs: { text: 5000, first: 5000, complete: 5000 } });
	const running = await createTask(kit, '/api/v1/generate', generateBody());
	const unseen = kit.sb.tasks.get(running)!.tracks[0].id; // not returned by Kie yet
	expect((await kit.post('/api/v1/wav/generate', { taskId: running, audioId: unseen, callBackUrl: CB })).json).toEqual(MISSING);
	expect(kit.sb.stats.createRejectedRecord).toBe(4);
});

test('a second WAV of the same track -> 409 with the earlier WAV task id as data', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const first = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: CB });
	expect((await kit.post('/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: CB })).json).toEqual({ code: 409, msg: 'WAV record already exists', data: first });
	await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[1], callBackUrl: CB });
});

test('details: pending, then successFlag SUCCESS with response.audioWavUrl; the status key knob', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	kit.sb.configure({ familyDelaysMs: { wav: 5000 } });
	const id = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[1], callBackUrl: CB });
	expect(await details(id)).toEqual({
		taskId: id,
		musicId: audioIds[1],
		callbackUrl: CB,
		musicIndex: 1,
		completeTime: null,
		response: null,
		successFlag: 'PENDING',
		createTime: expect.stringMatching(DATE),
		errorCode: null,
		errorMessage: null,
	});
	kit.sb.completeTask(id);
	expect(await details(id)).toEqual({
		taskId: id,
		musicId: audioIds[1],
		callbackUrl: CB,
		musicIndex: 1,
		completeTime: expect.stringMatching(DATE),
		response: { audioWavUrl: `${kit.sb.url}/files/${id}/audio.wav` },
		successFlag: 'SUCCESS',
		createTime: expect.stringMatching(DATE),
		errorCode: null,
		errorMessage: null,
	});
	kit.sb.configure({ wavStatusKey: 'status' });
	const d = await details(id);
	expect([d.status, d.successFlag]).toEqual(['SUCCESS', undefined]);
});

test('callback {code:200,msg:"success",data:{audioWavUrl, task_id}} or audio_wav_url with the knob', async () => {
	const rx = await startReceiver();
	try {
		const { taskId, audioIds } = await finishedMusic(kit);
		const a = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 1, 5000);
		kit.sb.configure({ wavCallbackKey: 'audio_wav_url' });
		const b = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[1], callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		expect(rx.received.map((r) => r.body)).toEqual([
			{ code: 200, msg: 'success', data: { audioWavUrl: `${kit.sb.url}/files/${a}/audio.wav`, task_id: a } },
			{ code: 200, msg: 'success', data: { audio_wav_url: `${kit.sb.url}/files/${b}/audio.wav`, task_id: b } },
		]);
	} finally {
		await rx.close();
	}
});

test('a WAV may come from a music task made on the jobs route', async () => {
	const r = await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate', input: { custom_mode: false, instrumental: true, model: 'V6', prompt: 'x' } });
	const task = kit.sb.completeTask(r.data.taskId);
	await createTask(kit, '/api/v1/wav/generate', { taskId: task.taskId, audioId: task.tracks[0].id, callBackUrl: CB });
});
