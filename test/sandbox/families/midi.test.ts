/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): MIDI tasks (family ref §9). */
import { useSandbox, startReceiver, createTask, finishedMusic, finishedStems, CB } from '../testkit';

const kit = useSandbox();
const details = async (id: string) => (await kit.call(`/api/v1/midi/record-info?taskId=${id}`)).data;
const MISSING = { code: 422, msg: 'Record does not exist', data: null };

interface Note {
	pitch: number;
	start: number | string;
	end: number | string;
	velocity: number;
}

test('the source must be a finished stems task; audioId must be one of its originData ids', async () => {
	const stems = await finishedStems(kit);
	expect((await kit.post('/api/v1/midi/generate', { callBackUrl: CB })).json).toEqual({ code: 422, msg: 'taskId is required', data: null });
	expect((await kit.post('/api/v1/midi/generate', { taskId: stems.music.taskId, callBackUrl: CB })).json).toEqual(MISSING);
	expect((await kit.post('/api/v1/midi/generate', { taskId: stems.taskId, audioId: stems.music.audioIds[0], callBackUrl: CB })).json).toEqual(MISSING);
	kit.sb.configure({ familyDelaysMs: { stems: 5000 } });
	const running = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId: stems.music.taskId, audioId: stems.music.audioIds[1], callBackUrl: CB });
	expect((await kit.post('/api/v1/midi/generate', { taskId: running, callBackUrl: CB })).json).toEqual({ code: 422, msg: 'The source task is not completed yet', data: null });
	kit.sb.completeTask(running, 'GENERATE_AUDIO_FAILED');
	expect((await kit.post('/api/v1/midi/generate', { taskId: running, callBackUrl: CB })).json).toEqual(MISSING);
	const originId = kit.sb.tasks.get(stems.taskId)!.result.stems[1].id;
	const id = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, audioId: originId, callBackUrl: CB });
	expect(kit.sb.tasks.get(id)!.params.audioId).toBe(originId);
});

test('details: integer successFlag 0 -> 1 and midiData.instruments with numeric notes', async () => {
	const stems = await finishedStems(kit);
	kit.sb.configure({ familyDelaysMs: { midi: 5000 } });
	const id = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: CB });
	const pending = await details(id);
	expect(pending).toEqual({ taskId: id, recordTaskId: -1, audioId: null, callbackUrl: CB, completeTime: null, midiData: null, successFlag: 0, createTime: expect.any(Number), errorCode: null, errorMessage: null });
	kit.sb.completeTask(id);
	const done = await details(id);
	expect(done).toMatchObject({ successFlag: 1, completeTime: expect.any(Number), midiData: { state: 'complete', instruments: expect.any(Array) } });
	const instruments = done.midiData.instruments as Array<{ name: string; notes: Note[] }>;
	expect(instruments.length).toBeGreaterThanOrEqual(2);
	expect(instruments[0].name).toBe('Drums');
	const notes = instruments.flatMap((i) => i.notes);
	expect(notes).toHaveLength(kit.sb.tasks.get(id)!.result.noteCount);
	for (const n of notes) {
		expect(Number.isInteger(n.pitch)).toBe(true);
		expect(typeof n.start).toBe('number');
		expect(Number(n.end)).toBeGreaterThan(Number(n.start));
		expect(n.velocity).toBeGreaterThan(0);
		expect(n.velocity).toBeLessThanOrEqual(1);
	}
});

test('callback: task_id at the top level, some start/end as strings like Kie\'s example; data.taskId with the knob', async () => {
	const rx = await startReceiver();
	try {
		const stems = await finishedStems(kit);
		const a = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 1, 5000);
		const body = rx.received[0].body;
		expect(Object.keys(body)).toEqual(['task_id', 'code', 'msg', 'data']);
		expect(body).toMatchObject({ task_id: a, code: 200, msg: 'success', data: { state: 'complete' } });
		const first = body.data.instruments[0].notes as Note[];
		expect(typeof first[0].start).toBe('string');
		expect(typeof first[1].start).toBe('number');
		const numeric = body.data.instruments.map((i: { name: string; notes: Note[] }) => ({ name: i.name, notes: i.notes.map((n) => ({ ...n, start: Number(n.start), end: Number(n.end) })) }));
		expect(numeric).toEqual(kit.sb.tasks.get(a)!.result.instruments);
		kit.sb.configure({ midiCallbackTaskId: 'data', midiStringNumbers: 'none' });
		const b = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		expect(rx.received[1].body).toEqual({ code: 200, msg: 'success', data: { taskId: b, state: 'complete', instruments: kit.sb.tasks.get(b)!.result.instruments } });
	} finally {
		await rx.close();
	}
});

test('failures: successFlag 2 (create failed) or 3 (MIDI failed); error callback; strings in details with the knob', async () => {
	const rx = await startReceiver();
	try {
		const stems = await finishedStems(kit);
		kit.sb.addFault({ type: 'outcome', status: 'CREATE_TASK_FAILED' });
		const created = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: rx.url });
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_MIDI_FAILED' });
		const midi = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		expect((await details(created)).successFlag).toBe(2);
		expect(await details(midi)).toMatchObject({ successFlag: 3, midiData: null, errorCode: 501, errorMessage: 'MIDI generation failed' });
		expect(rx.received.find((r) => r.body.task_id === midi)!.body).toEqual({ task_id: midi, code: 501, msg: 'MIDI generation failed.', data: { state: 'failed', instruments: null } });
		kit.sb.configure({ midiStringNumbers: 'both' });
		const c = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: CB });
		kit.sb.completeTask(c);
		expect(typeof (await details(c)).midiData.instruments[0].notes[0].start).toBe('string');
	} finally {
		await rx.close();
	}
});

test('midiEmptyForSplitStem: a split_stem source gives no instruments', async () => {
	kit.sb.configure({ midiEmptyForSplitStem: true });
	const music = await finishedMusic(kit);
	const stems = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId: music.taskId, audioId: music.audioIds[0], type: 'split_stem', callBackUrl: CB });
	kit.sb.completeTask(stems);
	const id = await createTask(kit, '/api/v1/midi/generate', { taskId: stems, callBackUrl: CB });
	kit.sb.completeTask(id);
	expect((await details(id)).midiData).toEqual({ state: 'complete', instruments: [] });
	expect(kit.sb.tasks.get(id)!.result.noteCount).toBe(0);
});
