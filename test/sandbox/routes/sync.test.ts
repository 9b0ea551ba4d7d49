/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): the synchronous calls: timestamped lyrics, boost style, persona (family ref §5.2-5.4). */
import { useSandbox, createTask, finishedMusic, generateBody } from '../testkit';

const kit = useSandbox();
const MISSING = { code: 422, msg: 'Record does not exist', data: null };

describe('timestamped lyrics', () => {
	test('aligned words from the track\'s lyrics (camelCase keys), waveform, hootCer, isStreamed', async () => {
		const { taskId, audioIds } = await finishedMusic(kit, { customMode: true, instrumental: false, prompt: "[Verse]\nWaggin' tails all day long", style: 'Pop', title: 'Dog' });
		const r = await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: audioIds[0] });
		expect(r).toEqual({ code: 200, msg: 'success', data: { alignedWords: expect.any(Array), waveformData: expect.any(Array), hootCer: expect.any(Number), isStreamed: false } });
		expect(r.data.alignedWords.map((w: { word: string }) => w.word)).toEqual(["[Verse]\nWaggin'", 'tails', 'all', 'day', 'long']);
		expect(r.data.alignedWords[0]).toEqual({ word: "[Verse]\nWaggin'", success: true, startS: 1.36, endS: expect.any(Number), palign: 0 });
		const ends = r.data.alignedWords.map((w: { startS: number; endS: number }) => [w.startS, w.endS]);
		for (let i = 1; i < ends.length; i++) expect(ends[i][0]).toBeGreaterThanOrEqual(ends[i - 1][1]);
		expect(r.data.waveformData).toHaveLength(16);
		expect(await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: audioIds[0] })).toEqual(r);
		kit.sb.configure({ timestampedLyricsCasing: 'snake' });
		const snake = await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: audioIds[0] });
		expect(snake.data.alignedWords[0]).toEqual({ word: "[Verse]\nWaggin'", success: true, start_s: 1.36, end_s: r.data.alignedWords[0].endS, p_align: 0 });
	});

	test('instrumental tracks give no words; unknown or unfinished sources are refused', async () => {
		const { taskId, audioIds } = await finishedMusic(kit);
		expect((await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: audioIds[1] })).data.alignedWords).toEqual([]);
		expect(await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: 'nope' })).toEqual(MISSING);
		expect(await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId })).toEqual({ code: 422, msg: 'audioId is required', data: null });
		expect(await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId, audioId: audioIds[1], callBackUrl: 'https://e.com' })).toEqual({ code: 422, msg: 'unknown field: callBackUrl', data: null });
		kit.sb.configure({ stageDelaysMs: { text: 10, first: 10, complete: 5000 } });
		const running = await createTask(kit, '/api/v1/generate', generateBody());
		await kit.sb.waitForTask(running, 'FIRST_SUCCESS');
		const visible = kit.sb.tasks.get(running)!.tracks[0].id;
		expect(await kit.call('/api/v1/generate/get-timestamped-lyrics', { taskId: running, audioId: visible })).toEqual({ code: 422, msg: 'The source task is not completed yet', data: null });
	});
});

describe('boost style', () => {
	test('the [LIVE] shape: result, 0.4 credits consumed, successFlag "成功", errorMsg, epoch-ms createTime', async () => {
		const r = await kit.call('/api/v1/style/generate', { content: 'Pop, Mysterious' });
		expect(r).toEqual({
			code: 200,
			msg: 'success',
			data: {
				taskId: expect.stringMatching(/^[0-9a-f]{32}$/),
				param: 'Pop, Mysterious',
				result: expect.stringMatching(/^Pop, Mysterious built around /),
				creditsConsumed: 0.4,
				creditsRemaining: 999.6,
				successFlag: '成功',
				errorCode: null,
				errorMsg: null,
				createTime: expect.any(Number),
			},
		});
		expect(kit.sb.credits).toBe(999.6);
		kit.sb.configure({ boostStyleShape: 'docs' });
		const docs = (await kit.call('/api/v1/style/generate', { content: 'Rock' })).data;
		expect(docs).toMatchObject({ errorMessage: null, createTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) });
		expect(docs.errorMsg).toBeUndefined();
	});

	test('content is required; no credits -> 402; counted as sync calls, not creates', async () => {
		expect(await kit.call('/api/v1/style/generate', {})).toEqual({ code: 422, msg: 'content is required', data: null });
		kit.sb.configure({ credits: 0.3 });
		expect(await kit.call('/api/v1/style/generate', { content: 'x' })).toEqual({ code: 402, msg: 'Insufficient credits', data: null });
		expect(kit.sb.stats).toMatchObject({ syncCalls: 2, creates: 0 });
		expect(kit.sb.stats.routes.perOperation.syncCalls).toBe(2);
	});
});

describe('persona', () => {
	test('{personaId, name, description}; once per track (409); vocal window 10-30 s; unknown track', async () => {
		const { taskId, audioIds } = await finishedMusic(kit);
		const body = { taskId, audioId: audioIds[0], name: 'Electronic Pop Singer', description: 'Modern electronic pop singer, dynamic rhythms, synth tones' };
		expect(await kit.call('/api/v1/generate/generate-persona', { ...body, vocalStart: 12.5, vocalEnd: 50 })).toEqual({ code: 422, msg: 'vocalEnd - vocalStart must be between 10 and 30 seconds', data: null });
		expect(await kit.call('/api/v1/generate/generate-persona', { ...body, vocalEnd: 5 })).toEqual({ code: 422, msg: 'vocalEnd - vocalStart must be between 10 and 30 seconds', data: null });
		expect(await kit.call('/api/v1/generate/generate-persona', { ...body, name: undefined })).toEqual({ code: 422, msg: 'name is required', data: null });
		const r = await kit.call('/api/v1/generate/generate-persona', { ...body, vocalStart: 12.5, vocalEnd: 38, style: 'Electronic Pop' });
		expect(r).toEqual({ code: 200, msg: 'success', data: { personaId: expect.stringMatching(/^[0-9a-f]{32}$/), name: body.name, description: body.description } });
		expect(await kit.call('/api/v1/generate/generate-persona', body)).toEqual({ code: 409, msg: 'Persona already exists', data: null });
		expect((await kit.call('/api/v1/generate/generate-persona', { ...body, audioId: audioIds[1] })).code).toBe(200);
		expect(await kit.call('/api/v1/generate/generate-persona', { ...body, taskId: 'nope' })).toEqual(MISSING);
	});
});
