/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- JSON answers of the sandbox are untyped */
/* Helpers for the tests of the Kie SANDBOX (local test double of Kie's API, not Kie). */
import * as http from 'http';
import { AddressInfo } from 'net';
import { startKieSandbox, KieSandbox, KieSandboxOptions } from './kieSandbox';

export const KEY = 'sandbox-key';
export const AUTH = { Authorization: `Bearer ${KEY}` };
export const JSON_HEADERS = { ...AUTH, 'Content-Type': 'application/json' };
export const FAST = { stageDelaysMs: { text: 20, first: 20, complete: 20 }, callbacks: { retries: 3, retryDelayMs: 20, timeoutMs: 2000 } };

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

export interface Kit {
	readonly sb: KieSandbox;
	post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
	get(path: string, headers?: Record<string, string>): Promise<Reply>;
	/** A JSON envelope answer, asserting HTTP 200. */
	call(path: string, body?: unknown): Promise<any>;
}

async function reply(res: Response): Promise<Reply> {
	const text = await res.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

/** A fresh sandbox per test (cheap: a loopback listener), closed after it. */
export function useSandbox(options: KieSandboxOptions = {}): Kit {
	let sandbox: KieSandbox | undefined;
	beforeEach(async () => {
		sandbox = await startKieSandbox({ ...FAST, ...options });
	});
	afterEach(async () => {
		await sandbox?.close();
		sandbox = undefined;
	});
	const kit: Kit = {
		get sb(): KieSandbox {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
		post: async (path, body, headers = JSON_HEADERS) =>
			reply(await fetch(kit.sb.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })),
		get: async (path, headers = AUTH) => reply(await fetch(kit.sb.url + path, { headers })),
		call: async (path, body) => {
			const r = body === undefined ? await kit.get(path) : await kit.post(path, body);
			expect(r.status).toBe(200);
			return r.json;
		},
	};
	return kit;
}

export interface Received {
	headers: http.IncomingHttpHeaders;
	body: any;
	time: number;
}

/** A local callback receiver; `respond` decides the HTTP status per received call (0-based index). */
export async function startReceiver(respond: (i: number) => number = () => 200) {
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
	return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const CB = 'https://example.com/callback';

/** Kie's documented add-vocals example body (BASE §1). */
export const addVocalsBody = (over: Record<string, unknown> = {}) => ({
	prompt: 'A calm and relaxing piano track.',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, strong drum beats',
	style: 'Jazz',
	uploadUrl: 'https://example.com/music.mp3',
	callBackUrl: CB,
	model: 'V4_5PLUS',
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
	...over,
});

/** Kie's documented add-instrumental example body (BASE §2). */
export const addInstrumentalBody = (over: Record<string, unknown> = {}) => ({
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, fast drums',
	tags: 'relaxing, piano, soothing',
	callBackUrl: CB,
	...over,
});

/** Kie's minimal generate body (family ref §4.1). */
export const generateBody = (over: Record<string, unknown> = {}) => ({
	prompt: 'A short upbeat lo-fi loop, gentle piano',
	customMode: false,
	instrumental: true,
	model: 'V6',
	callBackUrl: CB,
	...over,
});

export async function createTask(kit: Kit, path: string, body: unknown): Promise<string> {
	const r = await kit.post(path, body);
	expect(r.json).toEqual({ code: 200, msg: 'success', data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
	return r.json.data.taskId as string;
}

/** A finished music task (per-operation route unless jobs), with its track ids. */
export async function finishedMusic(kit: Kit, over: Record<string, unknown> = {}): Promise<{ taskId: string; audioIds: string[] }> {
	const taskId = await createTask(kit, '/api/v1/generate', generateBody(over));
	const task = kit.sb.completeTask(taskId);
	return { taskId, audioIds: task.tracks.map((t) => t.id) };
}

/** A finished stems task from a finished music track. */
export async function finishedStems(kit: Kit, type = 'separate_vocal'): Promise<{ taskId: string; music: { taskId: string; audioIds: string[] } }> {
	const music = await finishedMusic(kit, { instrumental: false });
	const taskId = await createTask(kit, '/api/v1/vocal-removal/generate', { taskId: music.taskId, audioId: music.audioIds[0], type, callBackUrl: CB });
	kit.sb.completeTask(taskId);
	return { taskId, music };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
