/* Tests of the Kie SANDBOX (local test double of Kie's API, not Kie). */
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { startKieSandbox, KieSandbox, KieCallbackBody } from './kieSandbox';

const KEY = 'sandbox-key';
const AUTH = { Authorization: `Bearer ${KEY}` };
const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };

interface Received {
	headers: http.IncomingHttpHeaders;
	body: KieCallbackBody;
	time: number;
}

/** A local callback receiver; `respond` decides the HTTP status per received call (0-based index). */
async function startReceiver(respond: (i: number) => number = () => 200) {
	const received: Received[] = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const i = calls++;
			received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), time: Date.now() });
			res.statusCode = respond(i);
			res.end('ok');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kie-callback`;
	return {
		url,
		received,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

/** Kie's documented add-vocals example body (reference section 1). */
const kieExampleBody = () => ({
	prompt: 'A calm and relaxing piano track.',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, strong drum beats',
	style: 'Jazz',
	uploadUrl: 'https://example.com/music.mp3',
	callBackUrl: 'https://example.com/callback',
	model: 'V4_5PLUS',
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
});

const instrumentalBody = (over: Record<string, unknown> = {}) => ({
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, fast drums',
	tags: 'relaxing, piano, soothing',
	callBackUrl: 'https://example.com/callback',
	...over,
});

let sb: KieSandbox;

async function post(path: string, body: unknown, headers: Record<string, string> = JSON_HEADERS) {
	const res = await fetch(sb.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

async function get(path: string, headers: Record<string, string> = AUTH) {
	const res = await fetch(sb.url + path, { headers });
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

async function createVocals(over: Record<string, unknown> = {}) {
	const r = await post('/api/v1/generate/add-vocals', { ...kieExampleBody(), ...over });
	expect(r.json.code).toBe(200);
	return r.json.data.taskId as string;
}

beforeAll(async () => {
	sb = await startKieSandbox({ stageDelaysMs: { text: 30, first: 30, complete: 30 }, callbacks: { retries: 3, retryDelayMs: 20, timeoutMs: 2000 } });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	sb.configure({ rateLimit: { max: 20, windowMs: 10000, response: 'body' }, hmacKey: undefined, credits: 1000 });
});

describe('envelope, auth, credit', () => {
	test('bad or missing auth gives HTTP 200 with code 401', async () => {
		for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Record<string, string>[]) {
			const r = await get('/api/v1/chat/credit', headers);
			expect(r.status).toBe(200);
			expect(r.json).toEqual({ code: 401, msg: 'You do not have access permissions', data: null });
		}
		const c = await post('/api/v1/generate/add-vocals', kieExampleBody(), { 'Content-Type': 'application/json' });
		expect(c.json).toEqual({ code: 401, msg: 'You do not have access permissions', data: null });
		expect(sb.tasks.size).toBe(0);
	});

	test('credit returns the balance; unknown route is a real 404', async () => {
		expect((await get('/api/v1/chat/credit')).json).toEqual({ code: 200, msg: 'success', data: 1000 });
		const r = await get('/api/v1/nope');
		expect(r.status).toBe(404);
	});

	test('credits are charged per task; not enough gives 402', async () => {
		sb.configure({ credits: 20 });
		await createVocals();
		expect((await get('/api/v1/chat/credit')).json.data).toBe(8);
		const r = await post('/api/v1/generate/add-vocals', kieExampleBody());
		expect(r.json).toEqual({ code: 402, msg: 'Insufficient credits', data: null });
	});
});

describe('create and validation', () => {
	test("Kie's documented add-vocals example is accepted", async () => {
		const r = await post('/api/v1/generate/add-vocals', kieExampleBody());
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 200, msg: 'success', data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
		const task = sb.tasks.get(r.json.data.taskId)!;
		expect(task.kind).toBe('add-vocals');
		expect(task.body).toEqual(kieExampleBody());
		expect(sb.requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/generate/add-vocals', body: kieExampleBody() });
		// example.com is never called: the deliveries are recorded as skipped
		await sb.waitForTask(task.taskId);
		await sb.waitFor(() => sb.callbacks.length === 3);
		expect(sb.callbacks.map((c) => [c.stage, c.attempt])).toEqual([
			['text', 0],
			['first', 0],
			['complete', 0],
		]);
		expect(String(sb.callbacks[0].status)).toMatch(/^skipped/);
	});

	test("Kie's documented add-instrumental example is accepted", async () => {
		const r = await post('/api/v1/generate/add-instrumental', instrumentalBody({ model: 'V5_5', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 }));
		expect(r.json.code).toBe(200);
	});

	test.each([
		['missing style', 'add-vocals', { style: undefined }, 'style is required'],
		['empty prompt', 'add-vocals', { prompt: '  ' }, 'prompt is required'],
		['unknown field', 'add-vocals', { tags: 'x' }, 'unknown field: tags'],
		['bad model', 'add-vocals', { model: 'V3' }, 'model must be one of V4_5PLUS, V5, V5_5'],
		['bad gender', 'add-vocals', { vocalGender: 'x' }, 'vocalGender must be one of m, f'],
		['3 decimals', 'add-vocals', { styleWeight: 0.615 }, 'styleWeight must have at most 2 decimal places'],
		['out of range', 'add-vocals', { audioWeight: 1.2 }, 'audioWeight must be between 0 and 1'],
		['bad url', 'add-vocals', { uploadUrl: 'ftp://x/y' }, 'uploadUrl must be a valid http(s) URL'],
		['missing callBackUrl', 'add-vocals', { callBackUrl: undefined }, 'callBackUrl is required'],
		['negativeTags > 200', 'add-instrumental', { negativeTags: 'x'.repeat(201) }, 'negativeTags must be at most 200 characters'],
		['tags > 1000', 'add-instrumental', { tags: 'x'.repeat(1001) }, 'tags must be at most 1000 characters'],
		['prompt on instrumental', 'add-instrumental', { prompt: 'x' }, 'unknown field: prompt'],
	])('%s -> code 422 naming the field', async (_n, kind, over, msg) => {
		const base = kind === 'add-vocals' ? kieExampleBody() : instrumentalBody();
		const r = await post(`/api/v1/generate/${kind}`, { ...base, ...over });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 422, msg, data: null });
		expect(sb.tasks.size).toBe(0);
	});

	test('body that is not JSON -> code 400', async () => {
		const r = await post('/api/v1/generate/add-vocals', 'not json{');
		expect(r.json).toEqual({ code: 400, msg: 'The parameter is not in a valid JSON format', data: null });
	});

	test('missingFieldStyle 500 mimics the observed {code:500,msg:"This field is required"}', async () => {
		sb.configure({ missingFieldStyle: '500' });
		try {
			const r = await post('/api/v1/generate/add-vocals', { ...kieExampleBody(), title: undefined });
			expect(r.json).toEqual({ code: 500, msg: 'This field is required', data: null });
		} finally {
			sb.configure({ missingFieldStyle: '422' });
		}
	});

	test('rate limit: the 21st create in the window is rejected (body mode), and the window slides', async () => {
		sb.configure({ rateLimit: { max: 20, windowMs: 400, response: 'body' } });
		const rs = await Promise.all(Array.from({ length: 21 }, () => post('/api/v1/generate/add-instrumental', instrumentalBody())));
		const codes = rs.map((r) => r.json.code);
		expect(codes.filter((c) => c === 200)).toHaveLength(20);
		const rejected = rs.find((r) => r.json.code === 429)!;
		expect(rejected.status).toBe(200);
		expect(rejected.json.msg).toMatch(/Rate limited/);
		expect(sb.stats.createRejectedRate).toBe(1);
		expect(sb.stats.creates).toBe(20);
		await new Promise((r) => setTimeout(r, 450));
		expect((await post('/api/v1/generate/add-instrumental', instrumentalBody())).json.code).toBe(200);
	});

	test('rate limit http mode: HTTP 429 with Retry-After', async () => {
		sb.configure({ rateLimit: { max: 2, windowMs: 3000, response: 'http' } });
		await post('/api/v1/generate/add-instrumental', instrumentalBody());
		await post('/api/v1/generate/add-instrumental', instrumentalBody());
		const r = await post('/api/v1/generate/add-instrumental', instrumentalBody());
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toMatch(/^[1-3]$/);
		expect(r.json.code).toBe(429);
	});

	test('a loopback uploadUrl is fetched first; a failing one gives 451', async () => {
		const ok = await post('/api/v1/generate/add-vocals', { ...kieExampleBody(), uploadUrl: `${sb.url}/files/nope/1.mp3` });
		expect(ok.json).toEqual({
			code: 451,
			msg: 'Unauthorized - Failed to fetch the image. Kindly verify any access limits set by you or your service provider',
			data: null,
		});
		const up = await post('/api/file-base64-upload', { base64Data: Buffer.from('hello audio').toString('base64'), uploadPath: 'in', fileName: 'a.mp3' });
		const taskId = await createVocals({ uploadUrl: up.json.data.downloadUrl });
		expect(sb.tasks.get(taskId)!.source).toMatchObject({ bytes: 11, sha256: crypto.createHash('sha256').update('hello audio').digest('hex') });
	});
});

describe('record-info', () => {
	test('progresses PENDING -> TEXT_SUCCESS -> FIRST_SUCCESS -> SUCCESS with camelCase tracks', async () => {
		sb.configure({ stageDelaysMs: { text: 150, first: 150, complete: 150 } });
		try {
			const taskId = await createVocals();
			const seen: string[] = [];
			const snapshots: Record<string, any> = {};
			for (let i = 0; i < 60; i++) {
				const r = await get(`/api/v1/generate/record-info?taskId=${taskId}`);
				expect(r.json.code).toBe(200);
				const d = r.json.data;
				if (seen[seen.length - 1] !== d.status) {
					seen.push(d.status);
					snapshots[d.status] = d;
				}
				if (d.status === 'SUCCESS') break;
				await new Promise((res) => setTimeout(res, 340)); // stays under 3 requests/s per task
			}
			expect(seen.filter((s, i) => seen.indexOf(s) === i)).toEqual(expect.arrayContaining(['PENDING', 'SUCCESS']));
			expect(seen.indexOf('PENDING')).toBe(0);
			const done = snapshots.SUCCESS;
			expect(done).toMatchObject({
				taskId,
				parentMusicId: '',
				status: 'SUCCESS',
				type: 'GENERATE',
				operationType: 'add_vocals',
				errorCode: null,
				errorMessage: null,
			});
			expect(JSON.parse(done.param)).toEqual(kieExampleBody());
			expect(done.response.taskId).toBe(taskId);
			expect(done.response.sunoData).toHaveLength(2);
			expect(Object.keys(done.response.sunoData[0]).sort()).toEqual(
				['id', 'audioUrl', 'streamAudioUrl', 'imageUrl', 'prompt', 'modelName', 'title', 'tags', 'createTime', 'duration', 'sourceAudioUrl', 'sourceImageUrl', 'sourceStreamAudioUrl'].sort(),
			);
			expect(done.response.sunoData[0]).toMatchObject({
				audioUrl: `${sb.url}/files/${taskId}/1.mp3`,
				imageUrl: `${sb.url}/files/${taskId}/1.jpeg`,
				streamAudioUrl: `${sb.url}/stream/${taskId}/1`,
				prompt: 'A calm and relaxing piano track.',
				modelName: 'chirp-v4-5',
				title: 'Relaxing Piano',
				tags: 'Jazz',
				createTime: expect.any(Number), // first task after reset: epoch ms
			});
			expect(snapshots.PENDING.response.sunoData).toBeNull();
			if (snapshots.FIRST_SUCCESS) expect(snapshots.FIRST_SUCCESS.response.sunoData).toHaveLength(1);
			// the second task uses the string form of createTime
			const t2 = await createVocals();
			sb.completeTask(t2);
			const r2 = await get(`/api/v1/generate/record-info?taskId=${t2}`);
			expect(r2.json.data.response.sunoData[0].createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		} finally {
			sb.configure({ stageDelaysMs: { text: 30, first: 30, complete: 30 } });
		}
	});

	test('unknown taskId -> data null; more than 3 requests/s per task -> code 429', async () => {
		expect((await get('/api/v1/generate/record-info?taskId=deadbeef')).json).toEqual({ code: 200, msg: 'success', data: null });
		const rs = [];
		for (let i = 0; i < 4; i++) rs.push(await get('/api/v1/generate/record-info?taskId=abc'));
		expect(rs.map((r) => r.json.code)).toEqual([200, 200, 200, 429]);
		expect(sb.stats.recordInfoRateViolations).toBe(1);
	});
});

describe('callbacks', () => {
	test('delivered in order text/first/complete with snake_case tracks and a valid HMAC', async () => {
		const rx = await startReceiver();
		try {
			sb.configure({ hmacKey: 'test-hmac-key' });
			const taskId = await createVocals({ callBackUrl: rx.url });
			await sb.waitFor(() => rx.received.length === 3, 5000);
			expect(rx.received.map((r) => r.body.data.callbackType)).toEqual(['text', 'first', 'complete']);
			expect(rx.received.map((r) => r.body.data.data!.length)).toEqual([0, 1, 2]);
			expect(rx.received[0].body).toEqual({ code: 200, msg: 'Text generation completed successfully.', data: { callbackType: 'text', task_id: taskId, data: [] } });
			const complete = rx.received[2].body;
			expect(complete.code).toBe(200);
			expect(complete.msg).toBe('All generated successfully.');
			expect(complete.data.task_id).toBe(taskId);
			const t = complete.data.data![0];
			expect(t).toEqual({
				id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				audio_url: `${sb.url}/files/${taskId}/1.mp3`,
				source_audio_url: `${sb.url}/source/${taskId}/1.mp3`,
				stream_audio_url: `${sb.url}/stream/${taskId}/1`,
				source_stream_audio_url: `${sb.url}/stream/${taskId}/1?source=1`,
				image_url: `${sb.url}/files/${taskId}/1.jpeg`,
				source_image_url: `${sb.url}/source/${taskId}/1.jpeg`,
				prompt: 'A calm and relaxing piano track.',
				model_name: 'chirp-v4-5',
				title: 'Relaxing Piano',
				tags: 'Jazz',
				createTime: expect.any(Number),
				duration: expect.any(Number),
			});
			for (const r of rx.received) {
				expect(r.headers['content-type']).toBe('application/json');
				const ts = r.headers['x-webhook-timestamp'] as string;
				expect(ts).toMatch(/^\d{10}$/);
				expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
				const expected = crypto.createHmac('sha256', 'test-hmac-key').update(`${r.body.data.task_id}.${ts}`).digest('base64');
				expect(r.headers['x-webhook-signature']).toBe(expected);
			}
			// the receiver may see the last body before the sandbox has recorded the answer
			await sb.waitFor((box) => box.stats.callbacksDelivered === 3, 2000, 'three deliveries recorded');
			expect(sb.stats.callbacksDelivered).toBe(3);
			expect(sb.callbacks.every((c) => c.status === 200 && c.attempt === 1)).toBe(true);
		} finally {
			await rx.close();
		}
	});

	test('without hmacKey no signature headers are sent', async () => {
		const rx = await startReceiver();
		try {
			await createVocals({ callBackUrl: rx.url });
			await sb.waitFor(() => rx.received.length === 3, 5000);
			expect(rx.received[0].headers['x-webhook-signature']).toBeUndefined();
		} finally {
			await rx.close();
		}
	});

	test('a failing receiver gets retries (1 + retries attempts at most)', async () => {
		const rx = await startReceiver((i) => (i < 2 ? 500 : 200)); // text fails twice, then succeeds
		const dead = await startReceiver(() => 503);
		try {
			const taskId = await createVocals({ callBackUrl: rx.url });
			await sb.waitFor(() => rx.received.length === 5, 5000);
			// the receiver sees the last body before the sandbox has recorded the answer to it
			await sb.waitFor(() => sb.callbacks.filter((c) => c.taskId === taskId).length === 5, 2000, 'five attempts recorded');
			const attempts = sb.callbacks.filter((c) => c.taskId === taskId).map((c) => [c.stage, c.attempt, c.status]);
			expect(attempts).toEqual([
				['text', 1, 500],
				['text', 2, 500],
				['text', 3, 200],
				['first', 1, 200],
				['complete', 1, 200],
			]);
			sb.configure({ stageDelaysMs: { text: 10, first: 10, complete: 10 } });
			const t2 = await createVocals({ callBackUrl: dead.url });
			await sb.waitFor(() => sb.callbacks.filter((c) => c.taskId === t2).length === 12, 5000);
			expect(sb.callbacks.filter((c) => c.taskId === t2 && c.stage === 'text').map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
			expect(sb.stats.callbacksFailed).toBe(3);
		} finally {
			sb.configure({ stageDelaysMs: { text: 30, first: 30, complete: 30 } });
			await rx.close();
			await dead.close();
		}
	});
});

describe('faults', () => {
	test('code fault -> HTTP 200 with that code; afterCount and times', async () => {
		sb.addFault({ type: 'code', code: 455, afterCount: 1, times: 2 });
		const rs = [];
		for (let i = 0; i < 4; i++) rs.push(await post('/api/v1/generate/add-vocals', kieExampleBody()));
		expect(rs.map((r) => r.json.code)).toEqual([200, 455, 455, 200]);
		expect(rs[1].status).toBe(200);
		expect(rs[1].json).toEqual({ code: 455, msg: 'Service unavailable: system maintenance', data: null });
		expect(sb.tasks.size).toBe(2);
		sb.addFault({ type: 'code', code: 500, msg: 'boom', path: '/api/v1/chat/credit' });
		expect((await get('/api/v1/chat/credit')).json).toEqual({ code: 500, msg: 'boom', data: null });
	});

	test('http faults: 502 HTML, 429 with Retry-After', async () => {
		sb.addFault({ type: 'http', status: 502 });
		const r = await post('/api/v1/generate/add-vocals', kieExampleBody());
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/text\/html/);
		expect(r.text).toMatch(/502 Bad Gateway/);
		sb.addFault({ type: 'http', status: 429, retryAfter: 7, path: '/api/v1/generate/record-info' });
		const r2 = await get('/api/v1/generate/record-info?taskId=x');
		expect(r2.status).toBe(429);
		expect(r2.headers.get('retry-after')).toBe('7');
		expect(sb.tasks.size).toBe(0);
	});

	test('delay fault delays, then answers normally', async () => {
		sb.addFault({ type: 'delay', ms: 300 });
		const t0 = Date.now();
		const r = await post('/api/v1/generate/add-vocals', kieExampleBody());
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
		expect(r.json.code).toBe(200);
	});

	test('reset fault destroys the socket and creates no task', async () => {
		sb.addFault({ type: 'reset' });
		await expect(post('/api/v1/generate/add-vocals', kieExampleBody())).rejects.toThrow();
		expect(sb.tasks.size).toBe(0);
		expect(sb.requests).toHaveLength(1);
	});

	test('acceptThenReset and acceptThenHang create the task but never answer', async () => {
		sb.addFault({ type: 'acceptThenReset' });
		await expect(post('/api/v1/generate/add-vocals', kieExampleBody())).rejects.toThrow();
		expect(sb.tasks.size).toBe(1);
		sb.addFault({ type: 'acceptThenHang', ms: 200 });
		const t0 = Date.now();
		await expect(post('/api/v1/generate/add-vocals', kieExampleBody())).rejects.toThrow();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
		expect(sb.tasks.size).toBe(2);
		sb.addFault({ type: 'acceptThenHang' });
		await expect(
			fetch(sb.url + '/api/v1/generate/add-vocals', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(kieExampleBody()), signal: AbortSignal.timeout(200) }),
		).rejects.toThrow();
		expect(sb.tasks.size).toBe(3);
		const ids = Array.from(sb.tasks.keys());
		await Promise.all(ids.map((id) => sb.waitForTask(id)));
		expect(sb.stats.creates).toBe(3);
	});

	test('callback faults: drop, duplicate, reverse order, late', async () => {
		const rx = await startReceiver();
		try {
			sb.addFault({ type: 'callback', drop: ['text'] });
			const a = await createVocals({ callBackUrl: rx.url });
			sb.addFault({ type: 'callback', duplicate: 3 });
			const b = await createVocals({ callBackUrl: rx.url });
			sb.addFault({ type: 'callback', order: 'reverse' });
			const c = await createVocals({ callBackUrl: rx.url });
			sb.addFault({ type: 'callback', lateMs: 300 });
			const d = await createVocals({ callBackUrl: rx.url });
			await sb.waitFor(() => rx.received.length === 2 + 9 + 3 + 3, 5000);
			const stagesOf = (id: string) => rx.received.filter((r) => r.body.data.task_id === id).map((r) => r.body.data.callbackType);
			expect(stagesOf(a)).toEqual(['first', 'complete']);
			expect(sb.callbacks.find((x) => x.taskId === a && x.stage === 'text')!.status).toBe('dropped (sandbox fault)');
			expect(stagesOf(b)).toEqual(['text', 'text', 'text', 'first', 'first', 'first', 'complete', 'complete', 'complete']);
			expect(stagesOf(c)).toEqual(['complete', 'first', 'text']);
			expect(stagesOf(d)).toEqual(['text', 'first', 'complete']);
			const dTask = sb.tasks.get(d)!;
			const firstD = rx.received.find((r) => r.body.data.task_id === d)!;
			expect(firstD.time - dTask.stages.text!).toBeGreaterThanOrEqual(280);
		} finally {
			await rx.close();
		}
	});

	test('callback signature fault sends a wrong signature', async () => {
		const rx = await startReceiver();
		try {
			sb.configure({ hmacKey: 'k' });
			sb.addFault({ type: 'callback', signature: 'bad' });
			const id = await createVocals({ callBackUrl: rx.url });
			await sb.waitFor(() => rx.received.length === 3, 5000);
			const r = rx.received[0];
			const good = crypto.createHmac('sha256', 'k').update(`${id}.${r.headers['x-webhook-timestamp']}`).digest('base64');
			expect(r.headers['x-webhook-signature']).not.toBe(good);
		} finally {
			await rx.close();
		}
	});

	test('outcome fault: GENERATE_AUDIO_FAILED after text, Kie failure shape', async () => {
		const rx = await startReceiver();
		try {
			sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
			const id = await createVocals({ callBackUrl: rx.url });
			await sb.waitForTask(id);
			await sb.waitFor(() => rx.received.length === 2, 5000);
			expect(rx.received.map((r) => r.body.data.callbackType)).toEqual(['text', 'error']);
			expect(rx.received[1].body).toEqual({
				code: 501,
				msg: 'Audio generation failed.',
				data: { callbackType: 'error', task_id: id, error: 'Generation failed due to technical issues' },
			});
			const ri = await get(`/api/v1/generate/record-info?taskId=${id}`);
			expect(ri.json.data).toMatchObject({ status: 'GENERATE_AUDIO_FAILED', errorCode: 501, errorMessage: 'Generation failed due to technical issues' });
		} finally {
			await rx.close();
		}
	});

	test('title markers choose the outcome and the [S] failure shape', async () => {
		const rx = await startReceiver();
		try {
			const id = await createVocals({ callBackUrl: rx.url, title: 'Song [sandbox:SENSITIVE_WORD_ERROR] [sandbox:shape=S]' });
			await sb.waitFor(() => rx.received.length === 1, 5000);
			await new Promise((r) => setTimeout(r, 120));
			expect(rx.received).toHaveLength(1);
			expect(rx.received[0].body).toEqual({ code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: id, data: null } });
			expect(sb.tasks.get(id)!.status).toBe('SENSITIVE_WORD_ERROR');
			const ri = await get(`/api/v1/generate/record-info?taskId=${id}`);
			expect(ri.json.data.response.sunoData).toBeNull();
		} finally {
			await rx.close();
		}
	});

	test('faults over the HTTP control API; reset; config', async () => {
		const f = await post('/__sandbox/faults', { type: 'code', code: 430 }, { 'Content-Type': 'application/json' });
		expect(f.json).toMatchObject({ type: 'code', code: 430, times: 1 });
		expect((await post('/api/v1/generate/add-vocals', kieExampleBody())).json.code).toBe(430);
		await createVocals();
		const tasks = await get('/__sandbox/tasks', {});
		expect(tasks.json).toHaveLength(1);
		const reqs = await get('/__sandbox/requests', {});
		expect(reqs.json.map((r: any) => r.path)).toEqual(['/api/v1/generate/add-vocals', '/api/v1/generate/add-vocals']);
		const cfg = await post('/__sandbox/config', { credits: 5, stageDelaysMs: { text: 40 } }, {});
		expect(cfg.json).toMatchObject({ currentCredits: 5, stageDelaysMs: { text: 40, first: 30, complete: 30 } });
		expect((await post('/api/v1/generate/add-vocals', kieExampleBody())).json.code).toBe(402);
		await post('/__sandbox/reset', {}, {});
		expect(sb.tasks.size).toBe(0);
		expect(sb.requests).toHaveLength(0);
		sb.configure({ stageDelaysMs: { text: 30 } });
	});
});

describe('generated files', () => {
	test('audio is deterministic, streamed with Content-Length, supports Range; image is a JPEG', async () => {
		const id = await createVocals();
		sb.completeTask(id);
		const res = await fetch(`${sb.url}/files/${id}/1.mp3`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('audio/mpeg');
		expect(res.headers.get('content-length')).toBe(String(64 * 1024));
		const buf = Buffer.from(await res.arrayBuffer());
		expect(buf.subarray(0, 3).toString()).toBe('ID3');
		expect(crypto.createHash('sha256').update(buf).digest('hex')).toBe(await sb.expectedAudioSha256(id, 1));
		const part = await fetch(`${sb.url}/files/${id}/1.mp3`, { headers: { Range: 'bytes=1000-1999' } });
		expect(part.status).toBe(206);
		expect(Buffer.from(await part.arrayBuffer()).equals(buf.subarray(1000, 2000))).toBe(true);
		const img = await fetch(`${sb.url}/files/${id}/2.jpeg`);
		expect(img.headers.get('content-type')).toBe('image/jpeg');
		const ib = Buffer.from(await img.arrayBuffer());
		expect([ib[0], ib[1], ib[ib.length - 2], ib[ib.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
		expect((await fetch(`${sb.url}/files/${id}/3.mp3`)).status).toBe(404);
		expect(sb.stats.fileBytesServed).toBeGreaterThanOrEqual(64 * 1024 + 1000);
	});
});

describe('file upload API', () => {
	test('stream upload of a few MB: same sha256, downloadUrl serves identical bytes', async () => {
		const data = crypto.randomBytes(6 * 1024 * 1024 + 123);
		const fd = new FormData();
		fd.append('uploadPath', 'audio/user-uploads');
		fd.append('file', new Blob([data], { type: 'audio/mpeg' }), 'orig.mp3');
		fd.append('fileName', 'my-song.mp3');
		const res = await fetch(`${sb.url}/api/file-stream-upload`, { method: 'POST', headers: AUTH, body: fd });
		const j: any = await res.json();
		expect(j).toEqual({
			success: true,
			code: 200,
			msg: 'File uploaded successfully',
			data: {
				fileName: 'my-song.mp3',
				filePath: 'audio/user-uploads/my-song.mp3',
				downloadUrl: `${sb.url}/uploads/audio/user-uploads/my-song.mp3`,
				fileSize: data.length,
				mimeType: 'audio/mpeg',
				uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
		});
		const sha = crypto.createHash('sha256').update(data).digest('hex');
		expect(sb.uploads[0]).toMatchObject({ route: 'stream', bytes: data.length, sha256: sha, storage: 'disk' });
		const dl = await fetch(j.data.downloadUrl);
		expect(dl.headers.get('content-type')).toBe('audio/mpeg');
		expect(Buffer.from(await dl.arrayBuffer()).equals(data)).toBe(true);
		expect(sb.requests[0].body).toMatchObject({ uploadPath: 'audio/user-uploads', fileName: 'my-song.mp3', file: { fileName: 'orig.mp3', bytes: data.length } });
	});

	test('base64 upload (data URL) and url upload', async () => {
		const data = crypto.randomBytes(3000);
		const r = await post('/api/file-base64-upload', { base64Data: `data:audio/wav;base64,${data.toString('base64')}`, uploadPath: 'b64', fileName: 'x.wav' });
		expect(r.json).toMatchObject({ success: true, code: 200, msg: 'File uploaded successfully', data: { fileName: 'x.wav', filePath: 'b64/x.wav', fileSize: 3000, mimeType: 'audio/wav' } });
		const back = Buffer.from(await (await fetch(r.json.data.downloadUrl)).arrayBuffer());
		expect(back.equals(data)).toBe(true);
		const u = await post('/api/file-url-upload', { fileUrl: r.json.data.downloadUrl, uploadPath: 'from-url', fileName: 'y.wav' });
		expect(u.json).toMatchObject({ success: true, data: { filePath: 'from-url/y.wav', fileSize: 3000 } });
		expect(sb.uploads[1].sha256).toBe(crypto.createHash('sha256').update(data).digest('hex'));
		const remote = await post('/api/file-url-upload', { fileUrl: 'https://example.com/a.mp3', uploadPath: 'x' });
		expect(remote.json).toMatchObject({ success: false, code: 400 });
	});

	test('missing file -> 400; bad auth -> 401', async () => {
		const fd = new FormData();
		fd.append('uploadPath', 'x');
		const res = await fetch(`${sb.url}/api/file-stream-upload`, { method: 'POST', headers: AUTH, body: fd });
		expect(await res.json()).toEqual({ success: false, code: 400, msg: 'file is required', data: null });
		const r = await post('/api/file-base64-upload', { uploadPath: 'x' });
		expect(r.json).toEqual({ success: false, code: 400, msg: 'base64Data is required', data: null });
		const fd2 = new FormData();
		fd2.append('file', new Blob([Buffer.from('abc')]), 'a.mp3');
		const unauth = await fetch(`${sb.url}/api/file-stream-upload`, { method: 'POST', body: fd2 });
		expect(((await unauth.json()) as any).code).toBe(401);
		expect(sb.uploads).toHaveLength(0);
	});
});
