/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): outage windows. */
import { useSandbox, generateBody, createTask, JSON_HEADERS, sleep } from './testkit';

const kit = useSandbox();

test.each([
	['http500', 500, 'application/json', '{"code":500,"msg":"Internal Server Error","data":null}'],
	['http502', 502, 'text/html', /502 Bad Gateway/],
	['http503', 503, 'text/html', /503 Service Temporarily Unavailable/],
	['http504', 504, 'text/html', /504 Gateway Time-out/],
	['code500', 200, 'application/json;charset=UTF-8', '{"code":500,"msg":"Server error","data":null}'],
	['code455', 200, 'application/json;charset=UTF-8', '{"code":455,"msg":"Service unavailable: system maintenance","data":null}'],
] as const)('mode %s answers HTTP %s and creates nothing', async (mode, status, ctype, body) => {
	const outage = kit.sb.addOutage({ paths: ['create'], durationMs: 5000, mode });
	const r = await kit.post('/api/v1/generate', generateBody());
	expect(r.status).toBe(status);
	expect(r.headers.get('content-type')).toBe(ctype);
	if (typeof body === 'string') expect(r.text).toBe(body);
	else expect(r.text).toMatch(body);
	expect(kit.sb.tasks.size).toBe(0);
	expect(kit.sb.requests).toHaveLength(1);
	expect(outage.hits).toBe(1);
	expect(kit.sb.stats.outageHits).toBe(1);
});

test('mode reset destroys the socket; nothing is processed', async () => {
	kit.sb.addOutage({ durationMs: 5000, mode: 'reset' });
	await expect(kit.post('/api/v1/generate', generateBody())).rejects.toThrow();
	await expect(kit.get('/api/v1/chat/credit')).rejects.toThrow();
	expect(kit.sb.tasks.size).toBe(0);
});

test('mode timeout never answers; the socket is cut when the window ends (or when the client gives up)', async () => {
	kit.sb.addOutage({ paths: ['details'], durationMs: 300, mode: 'timeout' });
	const t0 = Date.now();
	const cut = kit.get('/api/v1/generate/record-info?taskId=x');
	const aborted = fetch(`${kit.sb.url}/api/v1/jobs/recordInfo?taskId=x`, { headers: JSON_HEADERS, signal: AbortSignal.timeout(100) });
	await expect(aborted).rejects.toThrow();
	await expect(cut).rejects.toThrow();
	expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
	expect((await kit.get('/api/v1/generate/record-info?taskId=x')).json).toEqual({ code: 200, msg: 'success', data: null });
});

test('a window in the future: normal before, failing inside, normal after; only the named paths', async () => {
	const outage = kit.sb.addOutage({ paths: ['details', '/api/v1/chat/credit'], fromMs: 600, durationMs: 700, mode: 'code455' });
	const id = await createTask(kit, '/api/v1/generate', generateBody());
	expect((await kit.get(`/api/v1/generate/record-info?taskId=${id}`)).json.code).toBe(200);
	await sleep(outage.startsAt! - Date.now() + 10);
	expect((await kit.get(`/api/v1/generate/record-info?taskId=${id}`)).json.code).toBe(455);
	expect((await kit.get('/api/v1/jobs/recordInfo?taskId=x')).json.code).toBe(455);
	expect((await kit.get('/api/v1/chat/credit')).json.code).toBe(455);
	expect((await kit.post('/api/v1/generate', generateBody())).json.code).toBe(200);
	expect(kit.sb.outages).toHaveLength(1);
	await sleep(outage.endsAt! - Date.now() + 10);
	expect((await kit.get(`/api/v1/generate/record-info?taskId=${id}`)).json.code).toBe(200);
	expect(kit.sb.outages).toHaveLength(0);
});

test("startOn 'firstHit': the window starts at the first matching request, however late it comes", async () => {
	const outage = kit.sb.addOutage({ paths: ['details'], durationMs: 300, mode: 'code500', startOn: 'firstHit' });
	expect([outage.startsAt, outage.endsAt]).toEqual([null, null]);
	await sleep(350);
	expect((await kit.post('/api/v1/generate', generateBody())).json.code).toBe(200);
	expect(outage.startsAt).toBeNull();
	expect((await kit.get('/api/v1/generate/record-info?taskId=x')).json.code).toBe(500);
	expect(outage.endsAt! - outage.startsAt!).toBe(300);
	await sleep(outage.endsAt! - Date.now() + 10);
	expect((await kit.get('/api/v1/generate/record-info?taskId=x')).json.code).toBe(200);
	expect(() => kit.sb.addOutage({ durationMs: 10, startOn: 'later' as never })).toThrow("outage startOn must be 'firstHit' when given");
});

test('bounded windows and known modes only', () => {
	expect(() => kit.sb.addOutage({ durationMs: 0 })).toThrow('outage durationMs must be above 0 and at most 600000');
	expect(() => kit.sb.addOutage({ durationMs: 600001 })).toThrow('outage durationMs must be above 0 and at most 600000');
	expect(() => kit.sb.addOutage({ durationMs: 10, fromMs: -1 })).toThrow('outage fromMs must be between 0 and 600000');
	expect(() => kit.sb.addOutage({ durationMs: 10, mode: 'gone' as never })).toThrow(/unknown outage mode: gone/);
});

test('outages over the control API: add (one or a list), list, clear; control itself is never out', async () => {
	const one = await kit.post('/__sandbox/outages', { durationMs: 5000, mode: 'http502', paths: '*' }, {});
	expect(one.json).toMatchObject({ id: expect.any(Number), paths: ['*'], mode: 'http502', hits: 0 });
	const two = await kit.post('/__sandbox/outages', [{ durationMs: 1000 }, { durationMs: 1000, mode: 'reset', paths: 'upload' }], {});
	expect(two.json.map((o: { mode: string }) => o.mode)).toEqual(['http502', 'reset']);
	expect((await kit.get('/__sandbox/outages', {})).json).toHaveLength(3);
	expect((await kit.get('/api/v1/chat/credit')).status).toBe(502);
	expect((await kit.post('/__sandbox/outages', { durationMs: 0 }, {})).json).toEqual({ ok: false, error: 'outage durationMs must be above 0 and at most 600000' });
	expect((await fetch(`${kit.sb.url}/__sandbox/outages`, { method: 'DELETE' })).status).toBe(200);
	expect((await kit.get('/api/v1/chat/credit')).json.code).toBe(200);
});
