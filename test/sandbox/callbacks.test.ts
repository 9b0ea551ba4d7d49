/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): callback delivery, HMAC signing, retries, loopback-only. */
import * as crypto from 'crypto';
import { useSandbox, startReceiver, addVocalsBody, createTask, finishedMusic, sleep } from './testkit';

const kit = useSandbox();

const sign = (key: string, taskId: string, ts: string) => crypto.createHmac('sha256', key).update(`${taskId}.${ts}`).digest('base64');

test('delivered in order text/first/complete with snake_case tracks and a valid HMAC of the task id', async () => {
	const rx = await startReceiver();
	try {
		kit.sb.configure({ hmacKey: 'test-hmac-key' });
		const taskId = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 3, 5000);
		expect(rx.received.map((r) => r.body.data.callbackType)).toEqual(['text', 'first', 'complete']);
		expect(rx.received.map((r) => r.body.data.data.length)).toEqual([0, 1, 2]);
		expect(rx.received[0].body).toEqual({ code: 200, msg: 'Text generation completed successfully.', data: { callbackType: 'text', task_id: taskId, data: [] } });
		expect(rx.received[1].body.msg).toBe('First track generated successfully.');
		const complete = rx.received[2].body;
		expect(complete.msg).toBe('All generated successfully.');
		expect(complete.data.data[0]).toEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			audio_url: `${kit.sb.url}/files/${taskId}/1.mp3`,
			source_audio_url: `${kit.sb.url}/source/${taskId}/1.mp3`,
			stream_audio_url: `${kit.sb.url}/stream/${taskId}/1`,
			source_stream_audio_url: `${kit.sb.url}/stream/${taskId}/1?source=1`,
			image_url: `${kit.sb.url}/files/${taskId}/1.jpeg`,
			source_image_url: `${kit.sb.url}/source/${taskId}/1.jpeg`,
			prompt: 'A calm and relaxing piano track.',
			model_name: 'chirp-v4-5',
			title: 'Relaxing Piano',
			tags: 'Jazz',
			createTime: expect.any(Number),
			duration: 198.44,
		});
		for (const r of rx.received) {
			expect(r.headers['content-type']).toBe('application/json');
			expect(r.headers['user-agent']).toBe('KieSandbox/1.0 (local test double, not Kie)');
			const ts = r.headers['x-webhook-timestamp'] as string;
			expect(ts).toMatch(/^\d{10}$/);
			expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
			expect(r.headers['x-webhook-signature']).toBe(sign('test-hmac-key', taskId, ts));
		}
		await kit.sb.waitFor((box) => box.stats.callbacksDelivered === 3, 2000, 'three deliveries recorded');
		expect(kit.sb.callbacks.every((c) => c.status === 200 && c.attempt === 1 && c.responseBody === 'ok')).toBe(true);
	} finally {
		await rx.close();
	}
});

test('non-music callbacks are signed with the task id too (wav: data.task_id, cover: data.taskId)', async () => {
	const rx = await startReceiver();
	try {
		kit.sb.configure({ hmacKey: 'k2' });
		const { taskId, audioIds } = await finishedMusic(kit);
		const wav = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: rx.url });
		const cover = await createTask(kit, '/api/v1/suno/cover/generate', { taskId, callBackUrl: rx.url });
		await kit.sb.waitFor(() => rx.received.length === 2, 5000);
		for (const r of rx.received) {
			const id = r.body.data.task_id || r.body.data.taskId;
			expect([wav, cover]).toContain(id);
			expect(r.headers['x-webhook-signature']).toBe(sign('k2', id, r.headers['x-webhook-timestamp'] as string));
		}
	} finally {
		await rx.close();
	}
});

test('without hmacKey no signature headers are sent', async () => {
	const rx = await startReceiver();
	try {
		await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => rx.received.length === 3, 5000);
		expect(rx.received[0].headers['x-webhook-signature']).toBeUndefined();
		expect(rx.received[0].headers['x-webhook-timestamp']).toBeUndefined();
	} finally {
		await rx.close();
	}
});

test('a failing receiver gets retries (1 + retries attempts at most)', async () => {
	const rx = await startReceiver((i) => (i < 2 ? 500 : 200)); // text fails twice, then succeeds
	const dead = await startReceiver(() => 503);
	try {
		const taskId = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: rx.url }));
		await kit.sb.waitFor(() => kit.sb.callbacks.filter((c) => c.taskId === taskId).length === 5, 5000, 'five attempts recorded');
		expect(kit.sb.callbacks.filter((c) => c.taskId === taskId).map((c) => [c.stage, c.attempt, c.status])).toEqual([
			['text', 1, 500],
			['text', 2, 500],
			['text', 3, 200],
			['first', 1, 200],
			['complete', 1, 200],
		]);
		const t2 = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: dead.url }));
		await kit.sb.waitFor(() => kit.sb.callbacks.filter((c) => c.taskId === t2).length === 12, 5000);
		expect(kit.sb.callbacks.filter((c) => c.taskId === t2 && c.stage === 'text').map((c) => c.attempt)).toEqual([1, 2, 3, 4]);
		expect(kit.sb.stats.callbacksFailed).toBe(3);
		expect(dead.received).toHaveLength(12);
	} finally {
		await rx.close();
		await dead.close();
	}
});

test('only http:// loopback URLs are called: others are recorded as skipped and a count of hits proves it', async () => {
	const rx = await startReceiver();
	try {
		const hostile = ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/cb', 'https://127.0.0.1:1/cb', `http://localhost.example.com/cb`];
		for (const callBackUrl of hostile) await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl }));
		await kit.sb.waitFor(() => kit.sb.callbacks.length === hostile.length * 3, 5000);
		expect(new Set(kit.sb.callbacks.map((c) => c.status))).toEqual(new Set(['skipped: the sandbox only calls back http:// loopback URLs']));
		expect(kit.sb.callbacks.every((c) => c.attempt === 0)).toBe(true);
		expect(kit.sb.stats.callbackAttempts).toBe(0);
		expect(kit.sb.stats.callbacksSkipped).toBe(12);
		expect(rx.received).toHaveLength(0);
	} finally {
		await rx.close();
	}
});

test('a jobs task without callBackUrl records one skipped terminal callback', async () => {
	const r = await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate-lyrics', input: { prompt: 'rain' } });
	await kit.sb.waitForTask(r.data.taskId);
	await sleep(30);
	expect(kit.sb.callbacks.map((c) => [c.stage, c.status, c.url])).toEqual([['complete', 'skipped: no callBackUrl', null]]);
});
