/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): the per-account create limit shared by both routes, and 3 details reads/s per task. */
import { useSandbox, addInstrumentalBody, generateBody, createTask, sleep } from './testkit';

const kit = useSandbox({ apiKeys: ['sandbox-key', 'other-key'] });
const jobsLyrics = { model: 'ai-music-api/generate-lyrics', input: { prompt: 'x' } };

test('the 21st create in the window is rejected (body mode), and the window slides', async () => {
	kit.sb.configure({ rateLimit: { max: 20, windowMs: 2000, response: 'body' } });
	const rs = await Promise.all(Array.from({ length: 21 }, () => kit.post('/api/v1/generate/add-instrumental', addInstrumentalBody())));
	expect(rs.filter((r) => r.json.code === 200)).toHaveLength(20);
	const rejected = rs.find((r) => r.json.code === 429)!;
	expect(rejected.status).toBe(200);
	expect(rejected.json).toEqual({ code: 429, msg: 'Rate limited: at most 20 new generation requests per 2 seconds', data: null });
	expect(kit.sb.stats.createRejectedRate).toBe(1);
	expect(kit.sb.stats.creates).toBe(20);
	await sleep(Math.max(...kit.sb.requests.map((r) => r.time)) + 2050 - Date.now());
	expect((await kit.post('/api/v1/generate/add-instrumental', addInstrumentalBody())).json.code).toBe(200);
});

test('one window per API key, shared by the per-operation and the jobs route; per-route counters', async () => {
	kit.sb.configure({ rateLimit: { max: 3, windowMs: 10000 } });
	await createTask(kit, '/api/v1/generate', generateBody());
	expect((await kit.post('/api/v1/jobs/createTask', jobsLyrics)).json.code).toBe(200);
	await createTask(kit, '/api/v1/lyrics', { prompt: 'x', callBackUrl: 'https://e.com' });
	expect((await kit.post('/api/v1/jobs/createTask', jobsLyrics)).json.code).toBe(429);
	expect((await kit.post('/api/v1/generate', generateBody())).json.code).toBe(429);
	const other = { Authorization: 'Bearer other-key', 'Content-Type': 'application/json' };
	expect((await kit.post('/api/v1/jobs/createTask', jobsLyrics, other)).json.code).toBe(200);
	expect(kit.sb.stats.routes.perOperation).toMatchObject({ creates: 2, createRejectedRate: 1 });
	expect(kit.sb.stats.routes.jobs).toMatchObject({ creates: 2, createRejectedRate: 1 });
	expect(kit.sb.stats).toMatchObject({ creates: 4, createRejectedRate: 2 });
	expect(kit.sb.stats.families).toMatchObject({ music: 1, lyrics: 3 });
});

test('sync calls and rejected creates do not use up the window', async () => {
	kit.sb.configure({ rateLimit: { max: 1, windowMs: 10000 } });
	for (let i = 0; i < 3; i++) expect((await kit.post('/api/v1/style/generate', { content: 'Pop' })).json.code).toBe(200);
	expect((await kit.post('/api/v1/generate', generateBody({ model: 'V9' }))).json.code).toBe(422);
	expect((await kit.post('/api/v1/generate', generateBody())).json.code).toBe(200);
	expect(kit.sb.stats.syncCalls).toBe(3);
});

test('http mode: HTTP 429 with Retry-After, on both routes', async () => {
	kit.sb.configure({ rateLimit: { max: 2, windowMs: 3000, response: 'http' } });
	await kit.post('/api/v1/generate/add-instrumental', addInstrumentalBody());
	await kit.post('/api/v1/jobs/createTask', jobsLyrics);
	for (const r of [await kit.post('/api/v1/generate/add-instrumental', addInstrumentalBody()), await kit.post('/api/v1/jobs/createTask', jobsLyrics)]) {
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toMatch(/^[1-3]$/);
		expect(r.json).toEqual({ code: 429, msg: 'Rate limited: at most 2 new generation requests per 3 seconds', data: null });
	}
});

test('details: more than 3 reads/s of one task -> code 429, whichever details path or route; per-route violations', async () => {
	expect(await kit.call('/api/v1/generate/record-info?taskId=deadbeef')).toEqual({ code: 200, msg: 'success', data: null });
	const codes = [];
	codes.push((await kit.get('/api/v1/wav/record-info?taskId=deadbeef')).json.code);
	codes.push((await kit.get('/api/v1/jobs/recordInfo?taskId=deadbeef')).json.code);
	const over = await kit.get('/api/v1/jobs/recordInfo?taskId=deadbeef');
	expect([...codes, over.json.code]).toEqual([200, 422, 429]);
	expect(over.json).toEqual({ code: 429, msg: 'Rate limited: at most 3 record-info requests per second per task', data: null });
	expect((await kit.get('/api/v1/generate/record-info?taskId=deadbeef')).json.code).toBe(429);
	expect((await kit.get('/api/v1/generate/record-info?taskId=another')).json.code).toBe(200);
	expect(kit.sb.stats).toMatchObject({ recordInfo: 6, recordInfoRateViolations: 2 });
	expect(kit.sb.stats.routes.jobs).toMatchObject({ detailsReads: 2, detailsRateViolations: 1 });
	expect(kit.sb.stats.routes.perOperation).toMatchObject({ detailsReads: 4, detailsRateViolations: 1 });
	await sleep(1050);
	expect((await kit.get('/api/v1/generate/record-info?taskId=deadbeef')).json.code).toBe(200);
});
