/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): request faults and callback faults. */
import * as crypto from 'crypto';
import { useSandbox, startReceiver, addVocalsBody, generateBody, createTask, JSON_HEADERS } from './testkit';

const kit = useSandbox();
const createVocals = (over: Record<string, unknown> = {}) => createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody(over));

describe('request faults', () => {
	test('code fault -> HTTP 200 with that code; afterCount and times', async () => {
		kit.sb.addFault({ type: 'code', code: 455, afterCount: 1, times: 2 });
		const rs = [];
		for (let i = 0; i < 4; i++) rs.push(await kit.post('/api/v1/generate/add-vocals', addVocalsBody()));
		expect(rs.map((r) => r.json.code)).toEqual([200, 455, 455, 200]);
		expect(rs[1].status).toBe(200);
		expect(rs[1].json).toEqual({ code: 455, msg: 'Service unavailable: system maintenance', data: null });
		expect(kit.sb.tasks.size).toBe(2);
		kit.sb.addFault({ type: 'code', code: 500, msg: 'boom', path: '/api/v1/chat/credit' });
		expect((await kit.get('/api/v1/chat/credit')).json).toEqual({ code: 500, msg: 'boom', data: null });
		expect(kit.sb.faults).toHaveLength(0);
		expect(kit.sb.stats.faultsApplied).toBe(3);
	});

	test('by default a request fault hits every create and sync call on both routes, not details or uploads', async () => {
		kit.sb.addFault({ type: 'code', code: 430, times: 'always' });
		expect((await kit.post('/api/v1/generate', generateBody())).json.code).toBe(430);
		expect((await kit.post('/api/v1/jobs/createTask', { model: 'ai-music-api/generate-lyrics', input: { prompt: 'x' } })).json.code).toBe(430);
		expect((await kit.post('/api/v1/lyrics', { prompt: 'x', callBackUrl: 'https://e.com' })).json.code).toBe(430);
		expect((await kit.post('/api/v1/style/generate', { content: 'x' })).json.code).toBe(430);
		expect((await kit.get('/api/v1/generate/record-info?taskId=x')).json.code).toBe(200);
		expect((await kit.get('/api/v1/jobs/recordInfo?taskId=x')).json.code).toBe(422);
		expect((await kit.post('/api/file-base64-upload', { base64Data: 'aGk=', uploadPath: 'x' })).json.code).toBe(200);
		expect(kit.sb.tasks.size).toBe(0);
	});

	test('paths: categories, prefixes, exact paths and methods', async () => {
		kit.sb.addFault({ type: 'code', code: 500, path: 'details', times: 2 });
		expect((await kit.get('/api/v1/midi/record-info?taskId=x')).json.code).toBe(500);
		expect((await kit.get('/api/v1/jobs/recordInfo?taskId=x')).json.code).toBe(500);
		kit.sb.addFault({ type: 'code', code: 501, path: '/api/v1/generate/*', method: 'POST' });
		expect((await kit.get('/api/v1/generate/record-info?taskId=x')).json.code).toBe(200);
		expect((await kit.post('/api/v1/generate/mashup', {})).json.code).toBe(501);
		kit.sb.addFault({ type: 'code', code: 505, path: 'upload' });
		expect((await kit.post('/api/file-url-upload', { fileUrl: 'x' })).json).toEqual({ success: false, code: 505, msg: 'Feature disabled: the requested feature is currently disabled', data: null });
	});

	test('http faults: 502 HTML, 429 with Retry-After, a JSON body', async () => {
		kit.sb.addFault({ type: 'http', status: 502 });
		const r = await kit.post('/api/v1/generate/add-vocals', addVocalsBody());
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/text\/html/);
		expect(r.text).toMatch(/502 Bad Gateway/);
		kit.sb.addFault({ type: 'http', status: 429, retryAfter: 7, path: '/api/v1/generate/record-info' });
		const r2 = await kit.get('/api/v1/generate/record-info?taskId=x');
		expect(r2.status).toBe(429);
		expect(r2.headers.get('retry-after')).toBe('7');
		expect(r2.json).toEqual({ code: 429, msg: 'Too Many Requests', data: null });
		kit.sb.addFault({ type: 'http', status: 503, body: { code: 503, msg: 'busy' } });
		const r3 = await kit.post('/api/v1/jobs/createTask', {});
		expect([r3.status, r3.json]).toEqual([503, { code: 503, msg: 'busy' }]);
		expect(kit.sb.tasks.size).toBe(0);
	});

	test('delay fault delays, then answers normally', async () => {
		kit.sb.addFault({ type: 'delay', ms: 300 });
		const t0 = Date.now();
		const r = await kit.post('/api/v1/generate/add-vocals', addVocalsBody());
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
		expect(r.json.code).toBe(200);
	});

	test('reset fault destroys the socket and creates no task', async () => {
		kit.sb.addFault({ type: 'reset' });
		await expect(kit.post('/api/v1/generate/add-vocals', addVocalsBody())).rejects.toThrow();
		expect(kit.sb.tasks.size).toBe(0);
		expect(kit.sb.requests).toHaveLength(1);
	});

	test('acceptThenReset and acceptThenHang create the task but never answer; thenRespond answers late', async () => {
		kit.sb.addFault({ type: 'acceptThenReset' });
		await expect(kit.post('/api/v1/jobs/createTask', { model: 'ai-music-api/generate-lyrics', input: { prompt: 'x' } })).rejects.toThrow();
		expect(kit.sb.tasks.size).toBe(1);
		kit.sb.addFault({ type: 'acceptThenHang', ms: 200 });
		const t0 = Date.now();
		await expect(kit.post('/api/v1/generate/add-vocals', addVocalsBody())).rejects.toThrow();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
		expect(kit.sb.tasks.size).toBe(2);
		kit.sb.addFault({ type: 'acceptThenHang' });
		const body = JSON.stringify(addVocalsBody());
		await expect(fetch(`${kit.sb.url}/api/v1/generate/add-vocals`, { method: 'POST', headers: JSON_HEADERS, body, signal: AbortSignal.timeout(200) })).rejects.toThrow();
		expect(kit.sb.tasks.size).toBe(3);
		kit.sb.addFault({ type: 'acceptThenHang', ms: 150, thenRespond: true });
		const late = await kit.post('/api/v1/generate/add-vocals', addVocalsBody());
		expect(late.json).toEqual({ code: 200, msg: 'success', data: { taskId: expect.any(String) } });
		expect(kit.sb.tasks.size).toBe(4);
	});
});

describe('callback faults', () => {
	test('drop, duplicate, reverse order, late', async () => {
		const rx = await startReceiver();
		try {
			kit.sb.addFault({ type: 'callback', drop: ['text'] });
			const a = await createVocals({ callBackUrl: rx.url });
			kit.sb.addFault({ type: 'callback', duplicate: 3 });
			const b = await createVocals({ callBackUrl: rx.url });
			kit.sb.addFault({ type: 'callback', order: 'reverse' });
			const c = await createVocals({ callBackUrl: rx.url });
			kit.sb.addFault({ type: 'callback', lateMs: 300 });
			const d = await createVocals({ callBackUrl: rx.url });
			await kit.sb.waitFor(() => rx.received.length === 2 + 9 + 3 + 3, 5000);
			const stagesOf = (id: string) => rx.received.filter((r) => r.body.data.task_id === id).map((r) => r.body.data.callbackType);
			expect(stagesOf(a)).toEqual(['first', 'complete']);
			expect(kit.sb.callbacks.find((x) => x.taskId === a && x.stage === 'text')!.status).toBe('dropped (sandbox fault)');
			// three copies of each stage, stages in order (copies of one stage may arrive after the next stage's first copy on a busy machine)
			expect([...stagesOf(b)].sort()).toEqual(['complete', 'complete', 'complete', 'first', 'first', 'first', 'text', 'text', 'text']);
			expect([...new Set(stagesOf(b))]).toEqual(['text', 'first', 'complete']);
			expect(stagesOf(c)).toEqual(['complete', 'first', 'text']);
			expect(stagesOf(d)).toEqual(['text', 'first', 'complete']);
			const firstD = rx.received.find((r) => r.body.data.task_id === d)!;
			expect(firstD.time - kit.sb.tasks.get(d)!.stages.text!).toBeGreaterThanOrEqual(280);
		} finally {
			await rx.close();
		}
	});

	test('signature faults: bad, missing, stale', async () => {
		const rx = await startReceiver();
		try {
			kit.sb.configure({ hmacKey: 'k' });
			const ids: Record<string, string> = {};
			for (const signature of ['bad', 'missing', 'stale'] as const) {
				kit.sb.addFault({ type: 'callback', signature, kind: 'lyrics' });
				ids[signature] = await createTask(kit, '/api/v1/lyrics', { prompt: 'x', callBackUrl: rx.url });
			}
			await kit.sb.waitFor(() => rx.received.length === 3, 5000);
			const of = (s: string) => rx.received.find((r) => r.body.data.task_id === ids[s])!.headers;
			const bad = of('bad');
			expect(bad['x-webhook-signature']).not.toBe(crypto.createHmac('sha256', 'k').update(`${ids.bad}.${bad['x-webhook-timestamp']}`).digest('base64'));
			expect(of('missing')['x-webhook-signature']).toBeUndefined();
			const stale = of('stale');
			expect(Date.now() / 1000 - Number(stale['x-webhook-timestamp'])).toBeGreaterThan(3500);
			expect(stale['x-webhook-signature']).toBe(crypto.createHmac('sha256', 'k').update(`${ids.stale}.${stale['x-webhook-timestamp']}`).digest('base64'));
		} finally {
			await rx.close();
		}
	});

	test('task faults filter by family, route and kind; afterCount skips tasks', async () => {
		kit.sb.addFault({ type: 'outcome', status: 'GENERATE_LYRICS_FAILED', family: 'lyrics', route: 'jobs' });
		kit.sb.addFault({ type: 'outcome', status: 'CREATE_TASK_FAILED', kind: 'generate', afterCount: 1 });
		const perOpLyrics = await createTask(kit, '/api/v1/lyrics', { prompt: 'x', callBackUrl: 'https://e.com' });
		const jobsLyrics = (await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate-lyrics', input: { prompt: 'x' } })).data.taskId;
		const g1 = await createTask(kit, '/api/v1/generate', generateBody());
		const g2 = await createTask(kit, '/api/v1/generate', generateBody());
		for (const id of [perOpLyrics, jobsLyrics, g1, g2]) await kit.sb.waitForTask(id);
		expect([perOpLyrics, jobsLyrics, g1, g2].map((id) => kit.sb.tasks.get(id)!.status)).toEqual(['SUCCESS', 'GENERATE_LYRICS_FAILED', 'SUCCESS', 'CREATE_TASK_FAILED']);
	});

	test('faults over the HTTP control API: add (one or a list), list, clear', async () => {
		const f = await kit.post('/__sandbox/faults', { type: 'code', code: 430 }, {});
		expect(f.json).toMatchObject({ type: 'code', code: 430, times: 1, id: expect.any(Number), seen: 0, applied: 0 });
		const list = await kit.post('/__sandbox/faults', [{ type: 'delay', ms: 1 }, { type: 'callback', duplicate: 2 }], {});
		expect(list.json.map((x: { type: string }) => x.type)).toEqual(['delay', 'callback']);
		expect((await kit.get('/__sandbox/faults', {})).json).toHaveLength(3);
		expect((await kit.post('/api/v1/generate/add-vocals', addVocalsBody())).json.code).toBe(430);
		expect((await kit.post('/__sandbox/faults/clear', {}, {})).json).toEqual({ ok: true });
		expect(kit.sb.faults).toHaveLength(0);
	});
});

describe('hostile result URLs (resultUrls fault)', () => {
	test('details AND callbacks of the next task carry the given URLs; the sandbox itself never calls them', async () => {
		const rx = await startReceiver();
		const trap = await startReceiver();
		try {
			const hostile = [`${trap.url}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/'];
			kit.sb.addFault({ type: 'resultUrls', urls: hostile, family: 'music' });
			const id = await createTask(kit, '/api/v1/generate', generateBody({ callBackUrl: rx.url }));
			await kit.sb.waitFor(() => rx.received.length === 3, 5000);
			const track = rx.received[2].body.data.data[0];
			const urlsOf = (t: Record<string, unknown>) => Object.keys(t).filter((k) => /url/i.test(k)).map((k) => t[k]);
			expect(urlsOf(track)).toHaveLength(6);
			expect(new Set(urlsOf(track))).toEqual(new Set(hostile));
			const details = (await kit.call(`/api/v1/generate/record-info?taskId=${id}`)).data.response.sunoData;
			expect(new Set(details.flatMap(urlsOf))).toEqual(new Set(hostile));
			expect(kit.sb.tasks.get(id)!.resultUrls).toEqual(hostile);
			const other = await createTask(kit, '/api/v1/generate', generateBody());
			kit.sb.completeTask(other);
			expect(kit.sb.tasks.get(other)!.tracks[0].audioUrl).toBe(`${kit.sb.url}/files/${other}/1.mp3`);
			expect(trap.received).toHaveLength(0);
		} finally {
			await rx.close();
			await trap.close();
		}
	});

	test('non-music families: wav, video, cover and stems URLs are replaced too', async () => {
		const music = await createTask(kit, '/api/v1/generate', generateBody());
		const { tracks } = kit.sb.completeTask(music);
		kit.sb.addFault({ type: 'resultUrls', urls: ['http://10.0.0.1/evil'], times: 4 });
		const ids = [
			await createTask(kit, '/api/v1/wav/generate', { taskId: music, audioId: tracks[0].id, callBackUrl: 'https://e.com' }),
			await createTask(kit, '/api/v1/mp4/generate', { taskId: music, audioId: tracks[0].id, callBackUrl: 'https://e.com' }),
			await createTask(kit, '/api/v1/suno/cover/generate', { taskId: music, callBackUrl: 'https://e.com' }),
			await createTask(kit, '/api/v1/vocal-removal/generate', { taskId: music, audioId: tracks[1].id, callBackUrl: 'https://e.com' }),
		];
		for (const id of ids) kit.sb.completeTask(id);
		const ofIds = () => kit.sb.callbacks.filter((c) => ids.includes(c.taskId));
		await kit.sb.waitFor(() => ofIds().length === 4);
		const bodies = JSON.stringify(ofIds().map((c) => c.body)) + JSON.stringify(ids.map((id) => kit.sb.recordInfoData(kit.sb.tasks.get(id)!)));
		expect(bodies).not.toContain(kit.sb.url);
		expect(bodies.match(/http:\/\/10\.0\.0\.1\/evil/g)!.length).toBeGreaterThanOrEqual(12);
	});
});
