/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): task lifecycle and forced outcomes (faults, markers, completeTask, forceOutcome). */
import { useSandbox, startReceiver, addVocalsBody, generateBody, createTask, finishedMusic, CB, sleep } from './testkit';

const kit = useSandbox();
const details = async (path: string, taskId: string) => (await kit.call(`${path}?taskId=${taskId}`)).data;
const music = (id: string) => details('/api/v1/generate/record-info', id);

test('outcome fault GENERATE_AUDIO_FAILED: text, then the error in Kie failure shape; details carry the error', async () => {
	const rx = await startReceiver();
	try {
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
		const id = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: rx.url }));
		await kit.sb.waitForTask(id);
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		expect(rx.received.map((r) => r.body.data.callbackType)).toEqual(['text', 'error']);
		expect(rx.received[1].body).toEqual({ code: 501, msg: 'Audio generation failed.', data: { callbackType: 'error', task_id: id, error: 'Generation failed due to technical issues' } });
		expect(await music(id)).toMatchObject({ status: 'GENERATE_AUDIO_FAILED', errorCode: 501, errorMessage: 'Generation failed due to technical issues', response: { sunoData: [] } });
	} finally {
		await rx.close();
	}
});

test('title markers choose the outcome, the stage before it and the [S] failure shape; complete-only drops text/first', async () => {
	const rx = await startReceiver();
	try {
		const a = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: rx.url, title: 'Song [sandbox:SENSITIVE_WORD_ERROR] [sandbox:shape=S]' }));
		const b = await createTask(kit, '/api/v1/generate', generateBody({ customMode: true, style: 'Pop', title: 'B [sandbox:GENERATE_AUDIO_FAILED] [sandbox:after=first]', callBackUrl: rx.url }));
		const c = await createTask(kit, '/api/v1/generate', generateBody({ customMode: true, style: 'Pop', title: 'C [sandbox:complete-only]', callBackUrl: rx.url }));
		for (const id of [a, b, c]) await kit.sb.waitForTask(id);
		await kit.sb.waitFor(() => rx.received.length === 5, 5000);
		const of = (id: string) => rx.received.filter((r) => r.body.data.task_id === id).map((r) => r.body);
		expect(of(a)).toEqual([{ code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: a, data: null } }]);
		expect(of(b).map((x) => x.data.callbackType)).toEqual(['text', 'first', 'error']);
		expect(of(c).map((x) => x.data.callbackType)).toEqual(['complete']);
		expect((await music(a)).response.sunoData).toBeNull();
		expect((await music(b)).response.sunoData).toHaveLength(1);
	} finally {
		await rx.close();
	}
});

test('an unknown status word (DONE): the task runs to its end, details show DONE with the tracks, no terminal callback', async () => {
	kit.sb.addFault({ type: 'outcome', status: 'DONE' });
	const id = await createTask(kit, '/api/v1/generate', generateBody());
	const task = await kit.sb.waitForTask(id);
	await sleep(30);
	expect(task.status).toBe('DONE');
	const d = await music(id);
	expect(d.status).toBe('DONE');
	expect(d.response.sunoData).toHaveLength(2);
	expect(kit.sb.callbacks.map((c) => c.stage)).toEqual(['text', 'first']);
});

test('CALLBACK_EXCEPTION with tracks: Kie rendered and billed, details show the failure status AND both tracks', async () => {
	kit.sb.addFault({ type: 'outcome', status: 'CALLBACK_EXCEPTION', tracks: true, callback: 'none' });
	const id = await createTask(kit, '/api/v1/generate', generateBody());
	await kit.sb.waitForTask(id);
	await sleep(30);
	const d = await music(id);
	expect(d).toMatchObject({ status: 'CALLBACK_EXCEPTION', errorCode: 500, errorMessage: 'Error during callback process' });
	expect(d.response.sunoData.map((t: { audioUrl: string }) => t.audioUrl)).toEqual([`${kit.sb.url}/files/${id}/1.mp3`, `${kit.sb.url}/files/${id}/2.mp3`]);
	expect(kit.sb.callbacks.map((c) => c.stage)).toEqual(['text', 'first']);
});

test('outcome faults with times apply to the next N tasks', async () => {
	kit.sb.addFault({ type: 'outcome', status: 'CREATE_TASK_FAILED', times: 2 });
	const ids = [];
	for (let i = 0; i < 3; i++) ids.push(await createTask(kit, '/api/v1/generate', generateBody()));
	for (const id of ids) await kit.sb.waitForTask(id);
	expect(ids.map((id) => kit.sb.tasks.get(id)!.status)).toEqual(['CREATE_TASK_FAILED', 'CREATE_TASK_FAILED', 'SUCCESS']);
});

test('non-music failures: one error callback with the result key null (or absent), details without a result', async () => {
	const rx = await startReceiver();
	try {
		const { taskId, audioIds } = await finishedMusic(kit);
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_WAV_FAILED' });
		const wav = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		await kit.sb.waitForTask(wav);
		kit.sb.configure({ familyFailureShape: 'keyAbsent' });
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_MP4_FAILED', code: 531, msg: 'refunded' });
		const mp4 = await createTask(kit, '/api/v1/mp4/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		expect(rx.received[0].body).toEqual({ code: 501, msg: 'WAV generation failed.', data: { task_id: wav, audioWavUrl: null } });
		expect(rx.received[1].body).toEqual({ code: 531, msg: 'refunded', data: { task_id: mp4 } });
		expect(await details('/api/v1/wav/record-info', wav)).toMatchObject({ successFlag: 'GENERATE_WAV_FAILED', response: null, errorCode: 501, errorMessage: 'WAV generation failed' });
	} finally {
		await rx.close();
	}
});

test('forceOutcome changes a running task and keeps its timing; completeTask finishes now with any word', async () => {
	kit.sb.configure({ stageDelaysMs: { text: 150, first: 150, complete: 150 } });
	const a = await createTask(kit, '/api/v1/generate', generateBody());
	kit.sb.forceOutcome(a, { status: 'GENERATE_AUDIO_FAILED', after: 'text' });
	const task = await kit.sb.waitForTask(a);
	expect(Object.keys(task.stages)).toEqual(['text', 'error']);
	expect(task.stages.error! - task.createdAt).toBeGreaterThanOrEqual(280);
	expect(task.timeline.map((t) => t.stage)).toEqual(['text', 'error']);
	const b = await createTask(kit, '/api/v1/generate', generateBody());
	const done = kit.sb.completeTask(b, 'DONE');
	expect(done).toMatchObject({ status: 'DONE', finished: true, visibleTracks: 2 });
	expect(() => kit.sb.forceOutcome(b, 'SUCCESS')).toThrow(`task ${b} has already finished`);
	expect(() => kit.sb.completeTask('nope')).toThrow('unknown task nope');
});

test('numbers and unknown words as forced statuses of integer-flag families; waitForTask with statuses', async () => {
	const { taskId } = await finishedMusic(kit);
	kit.sb.addFault({ type: 'outcome', status: 7 });
	const cover = await createTask(kit, '/api/v1/suno/cover/generate', { taskId, callBackUrl: CB });
	await kit.sb.waitForTask(cover, [7 as unknown as string]);
	expect((await details('/api/v1/suno/cover/record-info', cover)).successFlag).toBe(7);
	const wait = kit.sb.waitForTask(taskId, 'NEVER', 50);
	await expect(wait).rejects.toThrow(`timed out waiting for task ${taskId} to reach NEVER`);
});
