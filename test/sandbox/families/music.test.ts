/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/* Kie SANDBOX (local test double, not Kie): music tasks: record-info over time, track contents, later failures. */
import { useSandbox, addVocalsBody, addInstrumentalBody, generateBody, createTask, finishedMusic, CB, sleep } from '../testkit';

const kit = useSandbox();
const recordInfo = async (id: string) => (await kit.call(`/api/v1/generate/record-info?taskId=${id}`)).data;
const TRACK_KEYS = ['id', 'audioUrl', 'streamAudioUrl', 'imageUrl', 'prompt', 'modelName', 'title', 'tags', 'createTime', 'duration', 'sourceAudioUrl', 'sourceImageUrl', 'sourceStreamAudioUrl'];

test('record-info progresses PENDING -> TEXT_SUCCESS -> FIRST_SUCCESS -> SUCCESS with camelCase tracks', async () => {
	kit.sb.configure({ stageDelaysMs: { text: 400, first: 400, complete: 400 } }); // the first read must land before the text stage, even on a busy machine
	const taskId = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody());
	const seen: string[] = [];
	const snapshots: Record<string, any> = {};
	for (let i = 0; i < 60; i++) {
		const d = await recordInfo(taskId);
		if (seen[seen.length - 1] !== d.status) {
			seen.push(d.status);
			snapshots[d.status] = d;
		}
		if (d.status === 'SUCCESS') break;
		await sleep(340); // stays under 3 requests/s per task
	}
	expect(seen[0]).toBe('PENDING');
	expect(seen[seen.length - 1]).toBe('SUCCESS');
	const done = snapshots.SUCCESS;
	expect(done).toEqual({
		taskId,
		parentMusicId: '',
		param: JSON.stringify(addVocalsBody()),
		response: { taskId, sunoData: expect.any(Array) },
		status: 'SUCCESS',
		type: 'GENERATE',
		operationType: 'add_vocals',
		errorCode: null,
		errorMessage: null,
	});
	expect(done.response.sunoData).toHaveLength(2);
	expect(Object.keys(done.response.sunoData[0]).sort()).toEqual([...TRACK_KEYS].sort());
	expect(done.response.sunoData[0]).toMatchObject({
		audioUrl: `${kit.sb.url}/files/${taskId}/1.mp3`,
		imageUrl: `${kit.sb.url}/files/${taskId}/1.jpeg`,
		streamAudioUrl: `${kit.sb.url}/stream/${taskId}/1`,
		prompt: 'A calm and relaxing piano track.',
		modelName: 'chirp-v4-5',
		title: 'Relaxing Piano',
		tags: 'Jazz',
		createTime: expect.any(Number), // first task: epoch ms
		duration: 198.44,
	});
	expect(snapshots.PENDING.response).toEqual({ taskId, sunoData: null });
	if (snapshots.TEXT_SUCCESS) expect(snapshots.TEXT_SUCCESS.response.sunoData).toEqual([]);
	if (snapshots.FIRST_SUCCESS) expect(snapshots.FIRST_SUCCESS.response.sunoData).toHaveLength(1);
	const t2 = await createTask(kit, '/api/v1/generate/add-instrumental', addInstrumentalBody());
	kit.sb.completeTask(t2);
	const second = (await recordInfo(t2)).response.sunoData[0];
	expect(second.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/); // second task: the string form
	expect([second.prompt, second.tags]).toEqual(['', 'relaxing, piano, soothing']);
});

test('operationType per operation; parentMusicId for extend; track text from the request', async () => {
	const src = await finishedMusic(kit, { customMode: true, instrumental: false, prompt: '[Verse] la la', style: 'Pop', title: 'Src' });
	const srcTrack = kit.sb.tasks.get(src.taskId)!.tracks[0];
	expect([srcTrack.prompt, srcTrack.tags, srcTrack.title]).toEqual(['[Verse] la la', 'Pop', 'Src']);
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['/api/v1/generate/extend', { defaultParamFlag: false, audioId: src.audioIds[0], model: 'V6', callBackUrl: CB }, 'extend'],
		['/api/v1/generate/upload-cover', { uploadUrl: 'https://e.com/a.mp3', prompt: 'jazz', customMode: false, instrumental: true, model: 'V6', callBackUrl: CB }, 'upload_cover'],
		['/api/v1/generate/upload-extend', { uploadUrl: 'https://e.com/a.mp3', defaultParamFlag: false, model: 'V6', callBackUrl: CB }, 'upload_extend'],
		['/api/v1/generate/replace-section', { taskId: src.taskId, audioId: src.audioIds[0], prompt: 'p', tags: 'Rock', title: 'R', infillStartS: 0, infillEndS: 20, callBackUrl: CB }, 'replace_section'],
		['/api/v1/generate/mashup', { uploadUrlList: ['https://e.com/a.mp3', 'https://e.com/b.mp3'], customMode: false, prompt: 'mix', model: 'V6', callBackUrl: CB }, 'mashup'],
		['/api/v1/generate', generateBody(), 'generate'],
	];
	for (const [path, body, operationType] of cases) {
		const id = await createTask(kit, path, body);
		kit.sb.completeTask(id);
		const d = await recordInfo(id);
		expect([d.status, d.operationType, d.parentMusicId]).toEqual(['SUCCESS', operationType, operationType === 'extend' ? src.audioIds[0] : '']);
		if (operationType === 'extend') expect([d.response.sunoData[0].prompt, d.response.sunoData[0].title]).toEqual(['[Verse] la la', 'Src (extended)']);
		if (operationType === 'replace_section') expect(d.response.sunoData[0].tags).toBe('Rock');
	}
	const described = kit.sb.tasks.get(src.taskId)!;
	expect(described.model).toBe('V6');
});

test('extend / replace-section of an unknown track, or extend with another model, are accepted and fail later', async () => {
	const src = await finishedMusic(kit, { model: 'V5' });
	const unknown = await createTask(kit, '/api/v1/generate/extend', { defaultParamFlag: false, audioId: 'nope', model: 'V6', callBackUrl: CB });
	const mismatch = await createTask(kit, '/api/v1/generate/extend', { defaultParamFlag: false, audioId: src.audioIds[1], model: 'V6', callBackUrl: CB });
	const matching = await createTask(kit, '/api/v1/generate/extend', { defaultParamFlag: false, audioId: src.audioIds[1], model: 'V5', callBackUrl: CB });
	const replace = await createTask(kit, '/api/v1/generate/replace-section', { taskId: 'nope', audioId: src.audioIds[0], prompt: 'p', tags: 't', title: 'x', infillStartS: 0, infillEndS: 20, callBackUrl: CB });
	for (const id of [unknown, mismatch, matching, replace]) await kit.sb.waitForTask(id);
	expect(await recordInfo(unknown)).toMatchObject({ status: 'GENERATE_AUDIO_FAILED', errorCode: 501, errorMessage: 'The source audio does not exist', response: { sunoData: null } });
	expect((await recordInfo(mismatch)).errorMessage).toBe("Model version must match the source audio's model version");
	expect((await recordInfo(matching)).status).toBe('SUCCESS');
	expect((await recordInfo(replace)).status).toBe('GENERATE_AUDIO_FAILED');
	kit.sb.configure({ sourceChecks: false });
	const lenient = await createTask(kit, '/api/v1/generate/extend', { defaultParamFlag: false, audioId: 'nope', model: 'V6', callBackUrl: CB });
	expect((await kit.sb.waitForTask(lenient)).status).toBe('SUCCESS');
});

test('a task is read only on the music details path of its own route; unknown ids answer data null', async () => {
	const { taskId } = await finishedMusic(kit);
	expect(await kit.call('/api/v1/generate/record-info?taskId=deadbeef')).toEqual({ code: 200, msg: 'success', data: null });
	expect(await kit.call(`/api/v1/lyrics/record-info?taskId=${taskId}`)).toEqual({ code: 200, msg: 'success', data: null });
	expect(await kit.call('/api/v1/generate/record-info')).toEqual({ code: 422, msg: 'taskId is required', data: null });
	const jobs = await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate', input: { custom_mode: false, instrumental: true, model: 'V6', prompt: 'x' } });
	expect(await kit.call(`/api/v1/generate/record-info?taskId=${jobs.data.taskId}`)).toEqual({ code: 200, msg: 'success', data: null });
});

test('tracksPerTask and trackDurationS', async () => {
	kit.sb.configure({ tracksPerTask: 3, trackDurationS: 61.5 });
	const { taskId } = await finishedMusic(kit);
	const d = await recordInfo(taskId);
	expect(d.response.sunoData.map((t: { duration: number }) => t.duration)).toEqual([61.5, 61.5, 61.5]);
});
