/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): the jobs route, createTask validation and recordInfo. */
import { useSandbox, createTask, finishedMusic, finishedStems, sleep, Kit } from '../testkit';

const kit = useSandbox();
const M = (name: string) => `ai-music-api/${name}`;
const U = 'https://example.com/a.mp3';
const GEN = { custom_mode: false, instrumental: true, model: 'V6', prompt: 'lofi' };

async function jobsTask(k: Kit, name: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
	const r = await k.post('/api/v1/jobs/createTask', { model: M(name), input, ...extra });
	expect(r.json).toEqual({ code: 200, msg: 'success', data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
	return r.json.data.taskId;
}
const recordInfo = async (id: string) => (await kit.call(`/api/v1/jobs/recordInfo?taskId=${id}`)).data;

test('every Suno jobs model is accepted with the registry\'s required inputs (and the family it makes)', async () => {
	const music = await finishedMusic(kit);
	const stems = await finishedStems(kit);
	const source = { task_id: music.taskId, audio_id: music.audioIds[0] };
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['generate', GEN, 'music'],
		['extend', { audio_id: music.audioIds[0], model: 'V6' }, 'music'],
		['upload-and-cover-audio', { instrumental: true, model: 'V6', upload_url: U }, 'music'],
		['upload-and-extend-audio', { model: 'V6', upload_url: U }, 'music'],
		['add-vocals', { negative_tags: 'metal', style: 'Jazz', title: 'T', upload_url: U }, 'music'],
		['add-instrumental', { negative_tags: 'metal', tags: 'piano', title: 'T', upload_url: U }, 'music'],
		['replace-section', { full_lyrics: '[Verse]', infill_end_s: 30, infill_start_s: 10, prompt: 'p', tags: 't', title: 'T' }, 'music'],
		['mashup', { model: 'V6', style: 'Jazz', title: 'T', upload_url_list: [U, U] }, 'music'],
		['generate-lyrics', { prompt: 'a town' }, 'lyrics'],
		['convert-to-wav-format', source, 'wav'],
		['separate-vocals', { ...source, type: 'separate_vocal' }, 'stems'],
		['generate-midi-from-audio', { task_id: stems.taskId }, 'midi'],
		['create-music-video', { ...source, author: 'me' }, 'video'],
		['cover-generate', { task_id: music.taskId }, 'coverImage'],
	];
	for (const [name, input, family] of cases) {
		const id = await jobsTask(kit, name, input);
		expect([kit.sb.tasks.get(id)!.family, kit.sb.tasks.get(id)!.route, kit.sb.tasks.get(id)!.jobsModel]).toEqual([family, 'jobs', M(name)]);
	}
	expect(kit.sb.stats.routes.jobs.creates).toBe(14);
});

test.each([
	['no model', { input: {} }, 'model is required'],
	['an unknown model', { model: M('nope'), input: {} }, 'model is not supported: ai-music-api/nope'],
	['no input', { model: M('generate') }, 'input is required'],
	['an unknown top-level field', { model: M('generate'), input: GEN, extra: 1 }, 'unknown field: extra'],
	['a bad callBackUrl', { model: M('generate'), input: GEN, callBackUrl: 'nope' }, 'callBackUrl must be a valid http(s) URL'],
	['camelCase input', { model: M('add-vocals'), input: { negativeTags: 'x', style: 's', title: 't', upload_url: U } }, 'unknown field: negativeTags'],
	['add-vocals without upload_url', { model: M('add-vocals'), input: { negative_tags: 'x', style: 's', title: 't' } }, 'upload_url is required'],
	['add-instrumental negative_tags > 200', { model: M('add-instrumental'), input: { negative_tags: 'x'.repeat(201), tags: 't', title: 't', upload_url: U } }, 'negative_tags must be at most 200 characters'],
	['extend with default_param_flag', { model: M('extend'), input: { audio_id: 'a', model: 'V6', default_param_flag: true } }, 'unknown field: default_param_flag'],
	['generate with a bad input.model', { model: M('generate'), input: { ...GEN, model: 'V9' } }, 'model must be one of V6, V6_MINI, V6_WILD, V5_5, V5, V4_5PLUS, V4_5ALL, V4_5, V4'],
	['generate non-custom without prompt', { model: M('generate'), input: { ...GEN, prompt: undefined } }, 'prompt is required'],
	['mashup without style', { model: M('mashup'), input: { model: 'V6', title: 'T', upload_url_list: [U, U] } }, 'style is required'],
	['replace-section without full_lyrics', { model: M('replace-section'), input: { infill_end_s: 30, infill_start_s: 10, prompt: 'p', tags: 't', title: 'T' } }, 'full_lyrics is required'],
	['separate-vocals without a source', { model: M('separate-vocals'), input: { type: 'separate_vocal' } }, 'task_id and audio_id (or audio_url) are required'],
	['generate-lyrics prompt > 200', { model: M('generate-lyrics'), input: { prompt: 'x'.repeat(201) } }, 'prompt must be at most 200 characters'],
])('%s -> 422', async (_n, body, msg) => {
	expect((await kit.post('/api/v1/jobs/createTask', body)).json).toEqual({ code: 422, msg, data: null });
	expect(kit.sb.stats.routes.jobs.createRejectedValidation).toBe(1);
});

test('records, knobs: unknown sources, add-vocals without prompt, jobsModels, jobsSeparateVocals registry, audio_url source', async () => {
	const missing = { code: 422, msg: 'Record does not exist', data: null };
	expect((await kit.post('/api/v1/jobs/createTask', { model: M('convert-to-wav-format'), input: { task_id: 'x', audio_id: 'y' } })).json).toEqual(missing);
	await jobsTask(kit, 'add-vocals', { negative_tags: 'x', style: 's', title: 't', upload_url: U });
	kit.sb.configure({ jobsModels: 'v6Only' });
	expect((await kit.post('/api/v1/jobs/createTask', { model: M('generate'), input: { ...GEN, model: 'V5' } })).json.msg).toBe('model must be one of V6, V6_MINI, V6_WILD');
	const stems = await jobsTask(kit, 'separate-vocals', { audio_url: U });
	expect(kit.sb.tasks.get(stems)!.source).toEqual({ audioUrl: U, musicIndex: 0, duration: 198.44 });
	kit.sb.configure({ jobsSeparateVocals: 'registry' });
	expect((await kit.post('/api/v1/jobs/createTask', { model: M('separate-vocals'), input: { audio_url: U } })).json).toEqual({ code: 422, msg: 'stem_name is required', data: null });
	await jobsTask(kit, 'separate-vocals', { audio_url: U, stem_name: 'Piano', type: 'split_stem_advanced' });
});

test('recordInfo: waiting -> queuing -> generating -> success, with the documented fields', async () => {
	kit.sb.configure({ familyDelaysMs: { lyrics: 3000 } });
	const body = { model: M('generate-lyrics'), callBackUrl: 'https://example.com/cb', input: { prompt: 'a town' } };
	const id = (await kit.call('/api/v1/jobs/createTask', body)).data.taskId;
	const task = kit.sb.tasks.get(id)!;
	const first = await recordInfo(id);
	expect(first).toEqual({
		taskId: id,
		model: M('generate-lyrics'),
		state: 'waiting',
		param: JSON.stringify(body),
		resultJson: '',
		failCode: '',
		failMsg: '',
		creditsConsumed: null,
		costTime: null,
		createTime: task.createdAt,
		updateTime: task.createdAt,
		completeTime: null,
	});
	await sleep(task.createdAt + 1400 - Date.now());
	expect((await recordInfo(id)).state).toBe('queuing');
	await sleep(task.createdAt + 2400 - Date.now());
	expect((await recordInfo(id)).state).toBe('generating');
	kit.sb.completeTask(id);
	const done = await recordInfo(id);
	expect(done).toMatchObject({ state: 'success', failCode: '', failMsg: '', creditsConsumed: 0.4, costTime: task.completedAt! - task.createdAt, completeTime: task.completedAt, updateTime: task.completedAt });
	expect(JSON.parse(done.resultJson)).toEqual({ resultObject: { lyricsData: task.result.variants } });
});

test('resultJson per family (with the knobs for the undocumented ones); music songs in the jobs shape', async () => {
	const music = await finishedMusic(kit);
	const stems = await finishedStems(kit);
	const src = { task_id: music.taskId, audio_id: music.audioIds[0] };
	const done = async (name: string, input: Record<string, unknown>) => {
		const id = await jobsTask(kit, name, input);
		kit.sb.completeTask(id);
		return { id, result: JSON.parse((await recordInfo(id)).resultJson), task: kit.sb.tasks.get(id)! };
	};
	const gen = await done('generate', GEN);
	expect(gen.result.data).toHaveLength(2);
	const t = gen.task.tracks[0];
	expect(gen.result.data[0]).toEqual({ id: t.id, title: t.title, duration: 198.44, audio_url: t.audioUrl, stream_audio_url: t.streamAudioUrl, image_url: t.imageUrl, model_name: 'chirp-v4-5', prompt: '', tags: '', createTime: t.createTime });
	const wav = await done('convert-to-wav-format', src);
	expect(wav.result).toEqual({ resultUrls: [`${kit.sb.url}/files/${wav.id}/audio.wav`] });
	const video = await done('create-music-video', { task_id: music.taskId, audio_id: music.audioIds[1] });
	expect(video.result).toEqual({ resultUrls: [`${kit.sb.url}/files/${video.id}/video.mp4`] });
	const sep = await done('separate-vocals', src);
	expect(sep.result.resultObject).toMatchObject({ vocalUrl: `${kit.sb.url}/files/${sep.id}/vocal.mp3`, instrumentalUrl: `${kit.sb.url}/files/${sep.id}/instrumental.mp3`, drumsUrl: null });
	const midi = await done('generate-midi-from-audio', { task_id: stems.taskId });
	expect(midi.result).toEqual({ resultObject: { state: 'complete', instruments: midi.task.result.instruments } });
	const cover = await done('cover-generate', { task_id: music.taskId });
	expect(cover.result).toEqual({ resultUrls: cover.task.result.images });
	kit.sb.configure({ jobsResultShapes: { stems: 'resultUrls', midi: 'midiData', coverImage: 'images' } });
	expect(JSON.parse((await recordInfo(sep.id)).resultJson)).toEqual({ resultUrls: sep.task.result.stems.map((s: { url: string }) => s.url) });
	expect(Object.keys(JSON.parse((await recordInfo(midi.id)).resultJson))).toEqual(['midiData']);
	expect(JSON.parse((await recordInfo(cover.id)).resultJson)).toEqual({ images: cover.task.result.images });
});

test('fail: failCode / failMsg (e.g. a refunded upstream failure), nothing consumed; forced words as the state', async () => {
	kit.sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED', code: 400, error: 'Generation failed, please try again later' });
	const failed = await jobsTask(kit, 'generate', GEN);
	await kit.sb.waitForTask(failed);
	expect(await recordInfo(failed)).toMatchObject({ state: 'fail', failCode: '400', failMsg: 'Generation failed, please try again later', resultJson: '', creditsConsumed: 0 });
	kit.sb.addFault({ type: 'outcome', status: 'DONE' });
	const word = await jobsTask(kit, 'generate', GEN);
	kit.sb.completeTask(word);
	expect((await recordInfo(word)).state).toBe('DONE');
	kit.sb.addFault({ type: 'outcome', status: 'DONE', jobsState: 'finished' });
	const custom = await jobsTask(kit, 'generate', GEN);
	kit.sb.completeTask(custom);
	const d = await recordInfo(custom);
	expect(d.state).toBe('finished');
	expect(JSON.parse(d.resultJson).data).toHaveLength(2);
});

test('a task is read only on its own route: unknown / per-operation tasks -> 422 "recordInfo is null"; jobs tasks on record-info paths -> data null', async () => {
	const perOp = await finishedMusic(kit);
	const jobs = await jobsTask(kit, 'generate-lyrics', { prompt: 'x' });
	const isNull = { code: 422, msg: 'recordInfo is null', data: null };
	expect(await kit.call('/api/v1/jobs/recordInfo?taskId=deadbeef')).toEqual(isNull);
	expect(await kit.call(`/api/v1/jobs/recordInfo?taskId=${perOp.taskId}`)).toEqual(isNull);
	expect(await kit.call('/api/v1/jobs/recordInfo')).toEqual({ code: 422, msg: 'taskId is required', data: null });
	expect(await kit.call(`/api/v1/lyrics/record-info?taskId=${jobs}`)).toEqual({ code: 200, msg: 'success', data: null });
	expect((await kit.post('/api/v1/jobs/recordInfo', {})).status).toBe(404);
	expect((await kit.get('/api/v1/jobs/createTask')).status).toBe(404);
	await createTask(kit, '/api/v1/wav/generate', { taskId: perOp.taskId, audioId: perOp.audioIds[0], callBackUrl: 'https://e.com' });
});
