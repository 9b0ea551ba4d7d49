/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): envelope, auth, credits, routing and the control API. */
import { useSandbox, addVocalsBody, generateBody, createTask, finishedMusic, CB } from './testkit';

const kit = useSandbox();
const DENIED = { code: 401, msg: 'You do not have access permissions', data: null };

describe('envelope, auth, credit', () => {
	test('bad or missing auth gives HTTP 200 with code 401 on every Kie route, and creates nothing', async () => {
		for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Record<string, string>[]) {
			const r = await kit.get('/api/v1/chat/credit', headers);
			expect(r.status).toBe(200);
			expect(r.json).toEqual(DENIED);
		}
		const noAuth = { 'Content-Type': 'application/json' };
		expect((await kit.post('/api/v1/generate/add-vocals', addVocalsBody(), noAuth)).json).toEqual(DENIED);
		expect((await kit.post('/api/v1/jobs/createTask', { model: 'ai-music-api/generate', input: {} }, noAuth)).json).toEqual(DENIED);
		expect((await kit.post('/api/v1/style/generate', { content: 'x' }, noAuth)).json).toEqual(DENIED);
		expect((await kit.get('/api/v1/wav/record-info?taskId=x', {})).json).toEqual(DENIED);
		expect((await kit.get('/api/v1/jobs/recordInfo?taskId=x', {})).json).toEqual(DENIED);
		expect(kit.sb.tasks.size).toBe(0);
	});

	test('credit returns the balance; an unknown route or method is a real HTTP 404', async () => {
		expect(await kit.call('/api/v1/chat/credit')).toEqual({ code: 200, msg: 'success', data: 1000 });
		const r = await kit.get('/api/v1/nope');
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ code: 404, msg: 'Not Found: /api/v1/nope', data: null });
		expect((await kit.get('/api/v1/generate')).status).toBe(404);
		expect((await kit.post('/api/v1/generate/record-info', {})).status).toBe(404);
	});

	test('credits are charged per family; not enough gives 402 and no task', async () => {
		kit.sb.configure({ credits: 13 });
		const { taskId, audioIds } = await finishedMusic(kit);
		expect((await kit.call('/api/v1/chat/credit')).data).toBe(1);
		expect(await kit.call('/api/v1/mp4/generate', { taskId, audioId: audioIds[0], callBackUrl: CB })).toEqual({ code: 402, msg: 'Insufficient credits', data: null });
		await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: CB });
		expect((await kit.call('/api/v1/chat/credit')).data).toBe(0.6);
		expect(await kit.call('/api/v1/generate', generateBody())).toEqual({ code: 402, msg: 'Insufficient credits', data: null });
		expect(kit.sb.stats.createRejectedCredits).toBe(2);
		expect(kit.sb.tasks.size).toBe(2);
	});

	test('a body that is not JSON -> code 400 on creates (both routes) and sync calls', async () => {
		const bad = { code: 400, msg: 'The parameter is not in a valid JSON format', data: null };
		for (const path of ['/api/v1/generate/add-vocals', '/api/v1/lyrics', '/api/v1/jobs/createTask', '/api/v1/style/generate']) {
			expect((await kit.post(path, 'not json{')).json).toEqual(bad);
		}
		expect(kit.sb.stats.createRejectedValidation).toBe(3);
	});

	test('every response is labelled as the test double', async () => {
		expect((await kit.get('/api/v1/chat/credit')).headers.get('x-kie-sandbox')).toBe('test-double');
	});
});

describe('control API (/__sandbox/, no auth)', () => {
	test('banner, requests (filtered), tasks (filtered), one task, its details, config, reset', async () => {
		kit.sb.configure({ stageDelaysMs: { text: 5000, first: 5000, complete: 5000 } });
		expect((await kit.get('/__sandbox/', {})).json).toMatchObject({ sandbox: 'Kie SANDBOX (local test double, not Kie)', url: kit.sb.url, stats: { requests: 0 } });
		const music = await createTask(kit, '/api/v1/generate', generateBody());
		await kit.post('/api/v1/jobs/createTask', { model: 'ai-music-api/generate-lyrics', input: { prompt: 'a town' } });
		const byPath = await kit.get('/__sandbox/requests?path=/api/v1/generate', {});
		expect(byPath.json.map((r: { path: string; body: unknown }) => [r.path, r.body])).toEqual([['/api/v1/generate', generateBody()]]);
		expect((await kit.get('/__sandbox/tasks?family=lyrics', {})).json.map((t: { route: string }) => t.route)).toEqual(['jobs']);
		expect((await kit.get('/__sandbox/tasks?route=perOperation', {})).json.map((t: { taskId: string }) => t.taskId)).toEqual([music]);
		const one = await kit.get(`/__sandbox/tasks/${music}`, {});
		expect(one.json).toMatchObject({ taskId: music, family: 'music', status: 'PENDING', recordInfo: { taskId: music, status: 'PENDING' } });
		expect((await kit.get(`/__sandbox/tasks/${music}/details`, {})).json).toEqual((await kit.get(`/api/v1/generate/record-info?taskId=${music}`)).json.data);
		expect((await kit.get('/__sandbox/tasks/nope', {})).status).toBe(404);
		const cfg = await kit.post('/__sandbox/config', { credits: 5, stageDelaysMs: { text: 40 }, wavStatusKey: 'status' }, {});
		expect(cfg.json).toMatchObject({ currentCredits: 5, stageDelaysMs: { text: 40, first: 5000, complete: 5000 }, wavStatusKey: 'status' });
		expect((await kit.get('/__sandbox/config', {})).json.url).toBe(kit.sb.url);
		expect((await kit.post('/__sandbox/reset', {}, {})).json).toEqual({ ok: true });
		expect(kit.sb.tasks.size).toBe(0);
		expect(kit.sb.requests).toHaveLength(0);
		expect(kit.sb.credits).toBe(5); // reset restores the configured balance
	});

	test('complete and outcome of a task over HTTP', async () => {
		kit.sb.configure({ stageDelaysMs: { text: 300, first: 300, complete: 300 } });
		const a = await createTask(kit, '/api/v1/generate', generateBody());
		const done = await kit.post(`/__sandbox/tasks/${a}/complete`, {}, {});
		expect(done.json).toMatchObject({ taskId: a, status: 'SUCCESS', finished: true });
		const b = await createTask(kit, '/api/v1/generate', generateBody());
		const forced = await kit.post(`/__sandbox/tasks/${b}/outcome`, { status: 'SENSITIVE_WORD_ERROR' }, {});
		expect(forced.json.outcome).toMatchObject({ status: 'SENSITIVE_WORD_ERROR', final: 'error', after: 'create', code: 400 });
		await kit.sb.waitForTask(b);
		expect(kit.sb.tasks.get(b)!.status).toBe('SENSITIVE_WORD_ERROR');
		expect((await kit.post(`/__sandbox/tasks/${b}/outcome`, { status: 'SUCCESS' }, {})).json).toEqual({ ok: false, error: `task ${b} has already finished` });
		const failing = await kit.post(`/__sandbox/tasks/${a}/complete`, { status: 'CREATE_TASK_FAILED' }, {});
		expect(failing.json.status).toBe('CREATE_TASK_FAILED');
	});

	test('bad control requests: not JSON, unknown route, bad fault', async () => {
		const notJson = await fetch(`${kit.sb.url}/__sandbox/faults`, { method: 'POST', body: '{' });
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toEqual({ ok: false, error: 'body is not JSON' });
		const unknown = await kit.get('/__sandbox/nope', {});
		expect(unknown.status).toBe(404);
		expect(unknown.json).toEqual({ ok: false, error: 'unknown sandbox control route GET /__sandbox/nope' });
		expect((await kit.post('/__sandbox/faults', { type: 'nope' }, {})).json).toEqual({ ok: false, error: 'unknown fault type: nope' });
		expect((await kit.post('/__sandbox/faults', { type: 'resultUrls', urls: [] }, {})).json).toEqual({ ok: false, error: 'a resultUrls fault needs urls: a non-empty list of strings' });
	});
});
