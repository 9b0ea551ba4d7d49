/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): lyrics tasks (family ref §6). */
import { useSandbox, startReceiver, createTask, CB } from '../testkit';

const kit = useSandbox();
const body = (over: Record<string, unknown> = {}) => ({ prompt: 'A nostalgic song about childhood memories in a small town', callBackUrl: CB, ...over });
const details = async (id: string) => (await kit.call(`/api/v1/lyrics/record-info?taskId=${id}`)).data;

test.each([
	['no prompt', { prompt: undefined }, 'prompt is required'],
	['prompt > 200', { prompt: 'x'.repeat(201) }, 'prompt must be at most 200 characters'],
	['no callBackUrl', { callBackUrl: undefined }, 'Please enter callBackUrl.'],
	['a model', { model: 'V6' }, 'unknown field: model'],
])('%s -> 422', async (_n, over, msg) => {
	expect((await kit.post('/api/v1/lyrics', body(over))).json).toEqual({ code: 422, msg, data: null });
});

test('details: pending, then two variants under response.lyricsData (or response.data with the knob)', async () => {
	kit.sb.configure({ familyDelaysMs: { lyrics: 5000 } });
	const id = await createTask(kit, '/api/v1/lyrics', body({ prompt: 'x'.repeat(200) }));
	expect(await details(id)).toEqual({
		taskId: id,
		param: JSON.stringify(body({ prompt: 'x'.repeat(200) })),
		response: { taskId: id, lyricsData: null },
		status: 'PENDING',
		type: 'LYRICS',
		errorCode: null,
		errorMessage: null,
	});
	kit.sb.completeTask(id);
	const done = await details(id);
	expect(done.status).toBe('SUCCESS');
	expect(done.response.lyricsData).toEqual([
		{ text: expect.stringMatching(/^\[Verse\]\n/), title: expect.any(String), status: 'complete', errorMessage: '' },
		{ text: expect.stringMatching(/variant 2$/), title: expect.any(String), status: 'complete', errorMessage: '' },
	]);
	kit.sb.configure({ lyricsDetailsKey: 'data', lyricsVariants: 1 });
	const other = await createTask(kit, '/api/v1/lyrics', body());
	kit.sb.completeTask(other);
	expect(Object.keys((await details(other)).response)).toEqual(['taskId', 'data']);
	expect((await details(other)).response.data).toHaveLength(1);
	expect(kit.sb.tasks.get(other)!.result.variants[0].title).toBe('A Nostalgic Song');
});

test('one complete callback with snake_case variants, task id in data.task_id (or data.taskId); errors have data null', async () => {
	const rx = await startReceiver();
	try {
		const a = await createTask(kit, '/api/v1/lyrics', body({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 1, 5000);
		kit.sb.configure({ lyricsCallbackTaskIdKey: 'taskId' }); // shape knobs apply when a callback is sent
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_LYRICS_FAILED' });
		const b = await createTask(kit, '/api/v1/lyrics', body({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		const variants = kit.sb.tasks.get(a)!.result.variants as Array<{ text: string; title: string }>;
		expect(rx.received[0].body).toEqual({
			code: 200,
			msg: 'All generated successfully.',
			data: { callbackType: 'complete', task_id: a, data: variants.map((v) => ({ error_message: '', status: 'complete', text: v.text, title: v.title })) },
		});
		expect(rx.received[1].body).toEqual({ code: 501, msg: 'Lyrics generation failed.', data: { callbackType: 'error', taskId: b, data: null } });
		expect(await details(b)).toMatchObject({ status: 'GENERATE_LYRICS_FAILED', response: { lyricsData: null }, errorCode: 501, errorMessage: 'Lyrics generation failed' });
	} finally {
		await rx.close();
	}
});

test('same prompt, different tasks: the text is stable per task', async () => {
	const a = await createTask(kit, '/api/v1/lyrics', body());
	kit.sb.completeTask(a);
	const first = (await details(a)).response.lyricsData;
	expect((await details(a)).response.lyricsData).toEqual(first);
	expect(kit.sb.stats.families.lyrics).toBe(1);
	expect(kit.sb.credits).toBe(999.6);
});
