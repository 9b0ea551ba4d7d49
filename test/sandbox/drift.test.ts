/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): drifted but genuine answers (drift faults and the drift keys of outcome faults). */
import { useSandbox, startReceiver, generateBody, createTask, finishedMusic, finishedStems, CB } from './testkit';

const kit = useSandbox();
const details = async (path: string, taskId: string) => (await kit.call(`${path}?taskId=${taskId}`)).data;

async function musicCallbacks(fault: Record<string, unknown>) {
	const rx = await startReceiver();
	try {
		kit.sb.addFault({ type: 'drift', ...fault } as never);
		const id = await createTask(kit, '/api/v1/generate', generateBody({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 3, 5000);
		return { id, bodies: rx.received.map((r) => r.body) };
	} finally {
		await rx.close();
	}
}

test('numbersAsStrings: every number inside data becomes a string; the envelope code stays a number', async () => {
	kit.sb.configure({ createTimeFormat: 'ms' });
	const { bodies } = await musicCallbacks({ numbersAsStrings: true, where: 'callback' });
	const track = bodies[2].data.data[0];
	expect(bodies[2].code).toBe(200);
	expect(track.duration).toBe('198.44');
	expect(track.createTime).toMatch(/^\d{13}$/);
	const all = await musicCallbacks({ numbersAsStrings: 'all', where: 'callback' });
	expect(all.bodies[0].code).toBe('200');
});

test('extraFields: unknown keys on the body, on data and on every track', async () => {
	const { bodies } = await musicCallbacks({ extraFields: { surprise: 1 } });
	const complete = bodies[2];
	expect(complete.surprise).toBe(1);
	expect(complete.data.surprise).toBe(1);
	expect(complete.data.data.map((t: { surprise: number }) => t.surprise)).toEqual([1, 1]);
	const dflt = await musicCallbacks({ extraFields: true });
	expect(dflt.bodies[0]).toMatchObject({ sandboxExtra: 'an unknown field (sandbox drift)', sandbox_extra_flag: true });
});

test('nullEntries: a null inside the track list of callbacks and of details', async () => {
	const { id, bodies } = await musicCallbacks({ nullEntries: true });
	expect(bodies[0].data.data).toEqual([null]);
	expect(bodies[1].data.data[1]).toBeNull();
	expect(bodies[2].data.data).toHaveLength(3);
	expect(bodies[2].data.data[1]).toBeNull();
	expect(bodies[2].data.data[2].id).toBe(kit.sb.tasks.get(id)!.tracks[1].id);
	const sunoData = (await details('/api/v1/generate/record-info', id)).response.sunoData;
	expect(sunoData.map((t: unknown) => t === null)).toEqual([false, true, false]);
});

test('callbackTypeCase drifts the callbackType; statusCase lowercases the details status', async () => {
	const upper = await musicCallbacks({ callbackTypeCase: 'upper', statusCase: 'lower' });
	expect(upper.bodies.map((b) => b.data.callbackType)).toEqual(['TEXT', 'FIRST', 'COMPLETE']);
	expect((await details('/api/v1/generate/record-info', upper.id)).status).toBe('success');
	const cap = await musicCallbacks({ callbackTypeCase: 'capitalized' });
	expect(cap.bodies.map((b) => b.data.callbackType)).toEqual(['Text', 'First', 'Complete']);
});

test('successFlag as int on a string family, as string on an integer family; an outcome fault carries drift keys too', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	kit.sb.configure({ familyDelaysMs: { wav: 5000, midi: 5000 } });
	kit.sb.addFault({ type: 'drift', successFlagType: 'int', family: 'wav' });
	const wav = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: CB });
	expect((await details('/api/v1/wav/record-info', wav)).successFlag).toBe(0);
	kit.sb.completeTask(wav);
	expect((await details('/api/v1/wav/record-info', wav)).successFlag).toBe(1);
	const stems = await finishedStems(kit); // completes its stems task itself
	kit.sb.addFault({ type: 'outcome', status: 'SUCCESS', successFlagType: 'string', numbersAsStrings: true, where: 'details' });
	const midi = await createTask(kit, '/api/v1/midi/generate', { taskId: stems.taskId, callBackUrl: CB });
	expect((await details('/api/v1/midi/record-info', midi)).successFlag).toBe('0');
	kit.sb.completeTask(midi);
	const d = await details('/api/v1/midi/record-info', midi);
	expect(d.successFlag).toBe('1');
	expect(d.recordTaskId).toBe('-1');
	expect(typeof d.midiData.instruments[0].notes[0].pitch).toBe('string');
});

test('where: details leaves callbacks alone, and the other way round', async () => {
	const rx = await startReceiver();
	try {
		kit.sb.addFault({ type: 'drift', numbersAsStrings: true, where: 'details' });
		const id = await createTask(kit, '/api/v1/generate', generateBody({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 3, 5000);
		expect(rx.received[2].body.data.data[0].duration).toBe(198.44);
		expect((await details('/api/v1/generate/record-info', id)).response.sunoData[0].duration).toBe('198.44');
	} finally {
		await rx.close();
	}
});

test('drift on the jobs route: the state case and the resultJson contents', async () => {
	kit.sb.addFault({ type: 'drift', statusCase: 'upper', nullEntries: true, where: 'details' });
	const r = await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate', input: { custom_mode: false, instrumental: true, model: 'V6', prompt: 'x' } });
	kit.sb.completeTask(r.data.taskId);
	const d = await details('/api/v1/jobs/recordInfo', r.data.taskId);
	expect(d.state).toBe('SUCCESS');
	expect(JSON.parse(d.resultJson).data[1]).toBeNull();
});
