/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): vocal & stem separation tasks (family ref §8). */
import { useSandbox, startReceiver, createTask, finishedMusic, CB } from '../testkit';

const kit = useSandbox();
const details = async (id: string) => (await kit.call(`/api/v1/vocal-removal/record-info?taskId=${id}`)).data;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;
const NULL_STEMS = { instrumentalUrl: null, vocalUrl: null, backingVocalsUrl: null, drumsUrl: null, bassUrl: null, guitarUrl: null, pianoUrl: null, keyboardUrl: null, percussionUrl: null, stringsUrl: null, synthUrl: null, fxUrl: null, brassUrl: null, woodwindsUrl: null };
const SPLIT = ['vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];
const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

test('validation: type enum, stemName only (and required) for split_stem_advanced, unknown records', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const base = { taskId, audioId: audioIds[0], callBackUrl: CB };
	expect((await kit.post('/api/v1/vocal-removal/generate', { ...base, type: 'karaoke' })).json).toEqual({ code: 422, msg: 'type must be one of separate_vocal, split_stem, split_stem_advanced', data: null });
	expect((await kit.post('/api/v1/vocal-removal/generate', { ...base, type: 'split_stem_advanced' })).json).toEqual({ code: 422, msg: 'stemName is required', data: null });
	expect((await kit.post('/api/v1/vocal-removal/generate', { ...base, type: 'split_stem_advanced', stemName: 'Kazoo' })).json.msg).toMatch(/^stemName must be one of Lead Vocal, Drum Kit, /);
	expect((await kit.post('/api/v1/vocal-removal/generate', { ...base, audioId: 'nope' })).json).toEqual({ code: 422, msg: 'Record does not exist', data: null });
	await createTask(kit, '/api/v1/vocal-removal/generate', { ...base, type: 'split_stem_advanced', stemName: 'Piano' });
	await createTask(kit, '/api/v1/vocal-removal/generate', base);
	expect(kit.sb.credits).toBe(1000 - 12 - 10 - 10);
});

test('separate_vocal: details fill vocal + instrumental and originData; callback vocal_separation_info', async () => {
	const rx = await startReceiver();
	try {
		const { taskId, audioIds } = await finishedMusic(kit);
		const id = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId, audioId: audioIds[0], type: 'separate_vocal', callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 1, 5000);
		const vocal = `${kit.sb.url}/files/${id}/vocal.mp3`;
		const instrumental = `${kit.sb.url}/files/${id}/instrumental.mp3`;
		expect(rx.received[0].body).toEqual({
			code: 200,
			msg: 'vocal separation generated successfully.',
			data: { task_id: id, vocal_separation_info: { instrumental_url: instrumental, origin_url: '', vocal_url: vocal } },
		});
		const d = await details(id);
		expect(d).toEqual({
			taskId: id,
			musicId: audioIds[0],
			callbackUrl: rx.url,
			musicIndex: 0,
			completeTime: expect.any(Number),
			response: {
				id: null,
				originUrl: null,
				originData: [
					{ duration: 198.44, audio_url: vocal, stem_type_group_name: 'Vocals', id: expect.stringMatching(UUID) },
					{ duration: 198.44, audio_url: instrumental, stem_type_group_name: 'Instrumental', id: expect.stringMatching(UUID) },
				],
				...NULL_STEMS,
				vocalUrl: vocal,
				instrumentalUrl: instrumental,
			},
			successFlag: 'SUCCESS',
			createTime: expect.any(Number),
			errorCode: null,
			errorMessage: null,
		});
	} finally {
		await rx.close();
	}
});

test('split_stem: the instrument stems (+ pianoUrl in details only), instrumentalUrl null; vocal_removal_info with the knob', async () => {
	const rx = await startReceiver();
	try {
		kit.sb.configure({ stemsCallbackKey: 'vocal_removal_info' });
		const { taskId, audioIds } = await finishedMusic(kit);
		const id = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId, audioId: audioIds[1], type: 'split_stem', callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 1, 5000);
		const url = (s: string) => `${kit.sb.url}/files/${id}/${s}.mp3`;
		const info: Record<string, string> = { origin_url: '' };
		for (const s of SPLIT) info[`${s}_url`] = url(s);
		expect(rx.received[0].body).toEqual({ code: 200, msg: 'vocal Removal generated successfully.', data: { task_id: id, vocal_removal_info: info } });
		const response = (await details(id)).response;
		const filled: Record<string, string | null> = { ...NULL_STEMS };
		for (const s of [...SPLIT, 'piano']) filled[`${camel(s)}Url`] = url(s);
		expect(response).toEqual({ id: null, originUrl: null, originData: expect.any(Array), ...filled });
		expect(response.originData.map((o: { stem_type_group_name: string }) => o.stem_type_group_name)).toEqual(['Vocals', 'Backing Vocals', 'Drums', 'Bass', 'Guitar', 'Keyboard', 'Percussion', 'Strings', 'Synth', 'FX', 'Brass', 'Woodwinds', 'Piano']);
		expect(kit.sb.credits).toBe(1000 - 12 - 50);
	} finally {
		await rx.close();
	}
});

test('split_stem_advanced: callback origin_data [{extract, remove}]; failure keeps the key null', async () => {
	const rx = await startReceiver();
	try {
		const { taskId, audioIds } = await finishedMusic(kit);
		const id = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId, audioId: audioIds[0], type: 'split_stem_advanced', stemName: 'Piano', callBackUrl: rx.url });
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
		const failed = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId, audioId: audioIds[1], callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		const entry = (name: string, group: string) => ({ duration: 198.44, audio_url: `${kit.sb.url}/files/${id}/${name}.mp3`, stem_type_group_name: group, id: expect.stringMatching(UUID) });
		expect(rx.received.find((r) => r.body.data.task_id === id)!.body.data.vocal_separation_info).toEqual({ origin_data: [{ extract: entry('extract', 'Piano'), remove: entry('remove', 'No Piano') }] });
		expect(rx.received.find((r) => r.body.data.task_id === failed)!.body).toEqual({ code: 501, msg: 'Vocal separation failed.', data: { task_id: failed, vocal_separation_info: null } });
		expect(await details(failed)).toMatchObject({ successFlag: 'GENERATE_AUDIO_FAILED', response: null, errorCode: 501 });
	} finally {
		await rx.close();
	}
});
