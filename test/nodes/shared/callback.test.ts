/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/callback.ts: a callback is a doorbell. The parser needs a task id, the family and
 * the claimed stage; everything else is lenient (a 400 would make Kie give up on a genuine result).
 */
import type { Doorbell } from '../../../nodes/shared/callback';
import { API_ROUTE_TAG, parseDoorbell, TASK_TYPE_TAG, tagCallbackUrl } from '../../../nodes/shared/callback';

/** Kie's full success example (BASE §3), trimmed to the fields that matter here. */
const musicComplete = (taskId = '2fac5e0b1c2d9f72') => ({
	code: 200,
	msg: 'All generated successfully.',
	data: {
		callbackType: 'complete',
		task_id: taskId,
		data: [{ id: 'e231', audio_url: 'https://example.cn/1.mp3', title: 'Iron Man', createTime: 1786343609818, duration: 198.44 }],
	},
});

function doorbell(body: unknown, query: Record<string, string> = {}): Doorbell {
	const read = parseDoorbell(body, query);
	if (!read.ok) throw new Error(`expected a doorbell, got: ${read.reason}`);
	return read.doorbell;
}

const summary = (bell: Doorbell) => ({
	taskId: bell.taskId,
	taskType: bell.taskType,
	typeCertain: bell.typeCertain,
	claimedStage: bell.claimedStage,
	routeHint: bell.routeHint,
});

describe('parseDoorbell: what rings the bell', () => {
	it('Kie\'s music example: task id, family, claimed stage; the body is kept only as a hint', () => {
		const body = musicComplete();
		const bell = doorbell(body);
		expect(summary(bell)).toEqual({ taskId: '2fac5e0b1c2d9f72', taskType: 'music', typeCertain: true, claimedStage: 'complete', routeHint: undefined });
		expect(bell.body).toBe(body);
	});

	it.each([
		['text', 'text'],
		['first', 'first'],
		['complete', 'complete'],
		['error', 'error'],
		['failed', 'error'],
		['COMPLETE', 'complete'],
		['First', 'first'],
		['done', 'complete'],
	])('callbackType %p claims %p', (callbackType, stage) => {
		const body = musicComplete();
		body.data.callbackType = callbackType;
		expect(doorbell(body).claimedStage).toBe(stage);
	});

	it('a non-200 code claims an error whatever callbackType says; a code sent as a string "200" does not', () => {
		expect(doorbell({ ...musicComplete(), code: 531 }).claimedStage).toBe('error');
		expect(doorbell({ ...musicComplete(), code: '200' }).claimedStage).toBe('complete');
		expect(doorbell({ ...musicComplete(), code: '501' }).claimedStage).toBe('error');
	});

	it.each([
		['data.task_id', { code: 200, data: { callbackType: 'complete', task_id: 'abc123' } }],
		['data.taskId', { code: 200, data: { callbackType: 'complete', taskId: 'abc123' } }],
		['task_id at the top (MIDI, EN docs)', { code: 200, task_id: 'abc123', data: { instruments: [] } }],
		['taskId at the top only', { taskId: 'abc123' }],
		['surrounding spaces', { code: 200, data: { callbackType: 'complete', task_id: '  abc123 ' } }],
	])('finds the task id in %s', (_where, body) => {
		expect(doorbell(body).taskId).toBe('abc123');
	});

	it('data.task_id wins over the other locations', () => {
		expect(doorbell({ taskId: 'top', task_id: 'snake', data: { task_id: 'inner', taskId: 'camel' } }).taskId).toBe('inner');
	});
});

describe('parseDoorbell: drifted but genuine bodies are accepted', () => {
	it.each([
		['numbers as strings', (body: ReturnType<typeof musicComplete>) => Object.assign(body.data.data[0], { duration: '198.44', createTime: '1786343609818' })],
		['unknown extra fields everywhere', (body: ReturnType<typeof musicComplete>) => Object.assign(body, { extra: { nested: [1, 2] }, data: { ...body.data, newField: true } })],
		['null entries in the track list', (body: ReturnType<typeof musicComplete>) => (body.data.data as unknown[]).push(null)],
		['a track list that is not a list', (body: ReturnType<typeof musicComplete>) => ((body.data as Record<string, unknown>).data = { 0: 'x' })],
		['tracks that are strings', (body: ReturnType<typeof musicComplete>) => ((body.data as Record<string, unknown>).data = ['https://example.cn/1.mp3'])],
		['101 tracks', (body: ReturnType<typeof musicComplete>) => ((body.data as Record<string, unknown>).data = Array.from({ length: 101 }, () => ({})))],
		['no msg', (body: ReturnType<typeof musicComplete>) => delete (body as Record<string, unknown>).msg],
		['msg as a number', (body: ReturnType<typeof musicComplete>) => ((body as Record<string, unknown>).msg = 7)],
		['no code', (body: ReturnType<typeof musicComplete>) => delete (body as Record<string, unknown>).code],
		['data.error as an object', (body: ReturnType<typeof musicComplete>) => ((body.data as Record<string, unknown>).error = { reason: 'x' })],
	])('%s', (_name, edit) => {
		const body = musicComplete();
		edit(body);
		expect(summary(doorbell(body))).toEqual({
			taskId: '2fac5e0b1c2d9f72',
			taskType: 'music',
			typeCertain: true,
			claimedStage: 'complete',
			routeHint: undefined,
		});
	});

	it('a body with a task id and nothing else rings as an uncertain music task claiming complete', () => {
		expect(summary(doorbell({ data: { task_id: 'abc' } }))).toEqual({
			taskId: 'abc',
			taskType: 'music',
			typeCertain: false,
			claimedStage: 'complete',
			routeHint: undefined,
		});
	});
});

describe('parseDoorbell: the family is told by the body, or by the URL tag the node added', () => {
	it.each([
		['stems (vocal_removal_info)', { code: 200, data: { task_id: 't1', vocal_removal_info: { vocal_url: 'https://x/v.mp3' } } }, 'stems'],
		['stems (vocal_separation_info)', { code: 200, data: { task_id: 't1', vocal_separation_info: {} } }, 'stems'],
		['wav (audioWavUrl)', { code: 200, data: { task_id: 't1', audioWavUrl: 'https://x/a.wav' } }, 'wav'],
		['wav (audio_wav_url)', { code: 200, data: { task_id: 't1', audio_wav_url: 'https://x/a.wav' } }, 'wav'],
		['video', { code: 200, data: { task_id: 't1', video_url: 'https://x/v.mp4' } }, 'video'],
		['cover image (camelCase taskId)', { code: 200, data: { taskId: 't1', images: ['https://x/1.png'] } }, 'coverImage'],
		['midi (top-level task_id)', { code: 200, task_id: 't1', data: { instruments: [] } }, 'midi'],
		['lyrics', { code: 200, data: { callbackType: 'complete', task_id: 't1', data: [{ text: 'la la', title: 'A' }] } }, 'lyrics'],
		['music', musicComplete('t1'), 'music'],
	])('%s', (_name, body, taskType) => {
		const bell = doorbell(body);
		expect([bell.taskId, bell.taskType, bell.typeCertain]).toEqual(['t1', taskType, true]);
	});

	it('the URL tag names the family even when the body does not', () => {
		const bell = doorbell({ code: 200, data: { task_id: 't1' } }, { [TASK_TYPE_TAG]: 'wav' });
		expect([bell.taskType, bell.typeCertain, bell.claimedStage]).toEqual(['wav', true, 'complete']);
	});

	it('the URL tag wins over what the body looks like', () => {
		expect(doorbell(musicComplete('t1'), { [TASK_TYPE_TAG]: 'lyrics' }).taskType).toBe('lyrics');
	});

	it('an unknown tag value is ignored', () => {
		const bell = doorbell(musicComplete('t1'), { [TASK_TYPE_TAG]: '__proto__', [API_ROUTE_TAG]: 'elsewhere' });
		expect([bell.taskType, bell.routeHint]).toEqual(['music', undefined]);
	});
});

describe('parseDoorbell: the route hint', () => {
	it('the jobs route\'s body (top-level taskId and a data object) hints jobs', () => {
		const body = { taskId: 'j1', code: 200, msg: 'Success', data: { task_id: 'j1', callbackType: 'complete' } };
		expect(summary(doorbell(body))).toEqual({ taskId: 'j1', taskType: 'music', typeCertain: true, claimedStage: 'complete', routeHint: 'jobs' });
	});

	it('the URL tag names the route', () => {
		expect(doorbell(musicComplete('t1'), { [API_ROUTE_TAG]: 'jobs' }).routeHint).toBe('jobs');
		expect(doorbell(musicComplete('t1'), { [API_ROUTE_TAG]: 'perOperation' }).routeHint).toBe('perOperation');
	});

	it('a per-operation body gives no hint (the trigger then asks both routes)', () => {
		expect(doorbell(musicComplete('t1')).routeHint).toBeUndefined();
	});
});

describe('parseDoorbell: what is not a doorbell (never throws)', () => {
	it.each([
		['a string', 'hello', 'The body must be a JSON object'],
		['an array', [musicComplete()], 'The body must be a JSON object'],
		['null', null, 'The body must be a JSON object'],
		['a number', 42, 'The body must be a JSON object'],
		['an empty object', {}, 'No task id ("data.task_id", "data.taskId" or "task_id")'],
		['a numeric task id', { code: 200, data: { callbackType: 'complete', task_id: 12345 } }, 'No task id ("data.task_id", "data.taskId" or "task_id")'],
		['a blank task id', { data: { task_id: '   ' } }, 'No task id ("data.task_id", "data.taskId" or "task_id")'],
		['a task id with path characters', { data: { task_id: '../../etc/passwd' } }, 'The task id is not a Kie task id'],
		['a task id with a space inside', { data: { task_id: 'abc def' } }, 'The task id is not a Kie task id'],
		['a 201-character task id', { data: { task_id: 'a'.repeat(201) } }, 'The task id is not a Kie task id'],
	])('%s', (_name, body, reason) => {
		expect(parseDoorbell(body)).toEqual({ ok: false, reason });
	});

	it('a 200-character task id is still one', () => {
		expect(doorbell({ data: { task_id: 'a'.repeat(200) } }).taskId).toHaveLength(200);
	});

	// JSON can give an object its own toString/valueOf key; String() of it throws (seen as HTTP 500 in the fault suite).
	it.each([
		['music: callbackType', { code: 200, data: { task_id: 'abc', callbackType: { toString: 1 } } }, {}, 'complete'],
		['lyrics (tagged): callbackType', { code: 200, data: { task_id: 'abc', callbackType: { valueOf: 1, toString: 1 } } }, { [TASK_TYPE_TAG]: 'lyrics' }, 'complete'],
		['midi: state', { code: 200, data: { task_id: 'abc', state: { toString: 1 }, instruments: [] } }, {}, 'complete'],
	])('an object with its own toString in %s is read as no word, never thrown on', (_name, body, query, claimed) => {
		expect(doorbell(body, query as Record<string, string>).claimedStage).toBe(claimed);
	});
});

describe('tagCallbackUrl', () => {
	it('leaves a music task\'s URL on the per-operation route as the user gave it', () => {
		expect(tagCallbackUrl('https://n8n.example.com/webhook/abc/kie', 'music', 'perOperation')).toBe('https://n8n.example.com/webhook/abc/kie');
	});

	it('adds the route for the jobs route, whose callback names no family', () => {
		expect(tagCallbackUrl('https://n8n.example.com/webhook/abc/kie', 'music', 'jobs')).toBe(
			'https://n8n.example.com/webhook/abc/kie?kieTaskType=music&kieApiRoute=jobs',
		);
	});

	it('adds the family for other task types, keeping the user\'s own query', () => {
		expect(tagCallbackUrl('https://n8n.example.com/hook?x=1', 'wav', 'perOperation')).toBe('https://n8n.example.com/hook?x=1&kieTaskType=wav');
	});

	it('what it adds is what parseDoorbell reads back', () => {
		const url = new URL(tagCallbackUrl('https://n8n.example.com/hook', 'stems', 'jobs'));
		const bell = doorbell({ taskId: 's1', code: 200, data: { task_id: 's1', callbackType: 'complete' } }, Object.fromEntries(url.searchParams));
		expect([bell.taskType, bell.routeHint, bell.typeCertain]).toEqual(['stems', 'jobs', true]);
	});
});
