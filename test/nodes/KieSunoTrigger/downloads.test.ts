/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * downloadAudio / downloadCover with the Kie SANDBOX serving the files: n8n-core's real
 * httpRequest (OutboundHttp) and prepareBinaryData (BinaryDataService) through WebhookContext.
 */
import { createHash } from 'crypto';

import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import type { KieSandbox, RecordedRequest } from '../../sandbox/kieSandbox';
import { startKieSandbox } from '../../sandbox/kieSandbox';
import { JSON_HEADERS } from './fixtures';
import { callTrigger } from './triggerHarness';

const API_KEY = 'sandbox-key';
let sb: KieSandbox;

beforeAll(async () => {
	sb = await startKieSandbox({
		apiKeys: [API_KEY],
		audioBytes: 48 * 1024,
		stageDelaysMs: { text: 5, first: 5, complete: 5 },
		callbacks: { retries: 0, retryDelayMs: 5, timeoutMs: 1000 },
	});
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	forgetInProcessClaims();
});

/** Runs a task to completion in the sandbox and returns the complete callback Kie would send. */
async function completedCallback(): Promise<{ taskId: string; body: IDataObject }> {
	const res = await fetch(`${sb.url}/api/v1/generate/add-vocals`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			prompt: 'A calm and relaxing piano track.',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal',
			style: 'Jazz',
			uploadUrl: 'https://example.com/music.mp3',
			// Not loopback: the sandbox records the callbacks instead of sending them.
			callBackUrl: 'https://example.com/callback',
		}),
	});
	const created = (await res.json()) as { code: number; data: { taskId: string } };
	expect(created.code).toBe(200);
	const taskId = created.data.taskId;
	await sb.waitForTask(taskId, 'SUCCESS', 5000);
	const callback = await sb.waitFor(() => sb.callbacks.find((c) => c.taskId === taskId && c.stage === 'complete'), 5000);
	return { taskId, body: JSON.parse(JSON.stringify(callback!.body)) as IDataObject };
}

const fileRequests = (): RecordedRequest[] => sb.requests.filter((r) => r.path.startsWith('/files/'));
const bytesOf = (binary: IBinaryData) => Buffer.from(binary.data, 'base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function servedCover(taskId: string, n: number): Promise<Buffer> {
	const res = await fetch(`${sb.url}/files/${taskId}/${n}.jpeg`);
	return Buffer.from(await res.arrayBuffer());
}

const downloads = { options: { downloadAudio: true, downloadCover: true } };

test('files become binary "audio"/"cover" with the served bytes; 200 sent first; no Authorization sent', async () => {
	const { taskId, body } = await completedCallback();
	let fileRequestsAtAnswer = -1;
	const call = await callTrigger(
		{ body, headers: JSON_HEADERS },
		{
			parameters: downloads,
			credentials: { apiKey: API_KEY, baseUrl: sb.url, webhookHmacKey: '' },
			onResponseEnd: () => (fileRequestsAtAnswer = fileRequests().length),
		},
	);
	expect(call.error).toBeUndefined();
	const triggerRequests = fileRequests().slice();

	// Answered Kie before any download started.
	expect(call.response.status).toBe(200);
	expect(call.response.body).toEqual({ received: true });
	expect(fileRequestsAtAnswer).toBe(0);
	expect(call.result?.noWebhookResponse).toBe(true);

	const items = call.result!.workflowData![0];
	expect(items).toHaveLength(2);
	for (const [index, item] of items.entries()) {
		const n = index + 1;
		expect(item.json).toMatchObject({
			taskId,
			stage: 'complete',
			trackIndex: index,
			trackCount: 2,
			audioUrl: `${sb.url}/files/${taskId}/${n}.mp3`,
			imageUrl: `${sb.url}/files/${taskId}/${n}.jpeg`,
		});
		expect(item.json.downloadError).toBeUndefined();
		const { audio, cover } = item.binary!;
		expect(audio.mimeType).toBe('audio/mpeg');
		expect(audio.fileExtension).toBe('mp3');
		expect(audio.fileName).toMatch(new RegExp(`-${taskId.slice(0, 12)}-${n}\\.mp3$`));
		expect(bytesOf(audio)).toHaveLength(48 * 1024);
		expect(sha256(bytesOf(audio))).toBe(await sb.expectedAudioSha256(taskId, n));
		expect(cover.mimeType).toBe('image/jpeg');
		expect(cover.fileName).toMatch(new RegExp(`-${taskId.slice(0, 12)}-${n}-cover\\.jpeg$`));
		expect(bytesOf(cover).equals(await servedCover(taskId, n))).toBe(true);
	}

	expect(triggerRequests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
		`GET /files/${taskId}/1.jpeg`,
		`GET /files/${taskId}/1.mp3`,
		`GET /files/${taskId}/2.jpeg`,
		`GET /files/${taskId}/2.mp3`,
	]);
	// Neither the Kie key nor any other credential travels to the file host.
	for (const request of triggerRequests) {
		expect(request.headers.authorization).toBeUndefined();
		expect(JSON.stringify(request.headers)).not.toContain(API_KEY);
	}
});

test('only the cover when only downloadCover is on', async () => {
	const { body } = await completedCallback();
	const call = await callTrigger({ body, headers: JSON_HEADERS }, { parameters: { options: { downloadCover: true } } });
	const items = call.result!.workflowData![0];
	expect(items.map((i) => Object.keys(i.binary ?? {}))).toEqual([['cover'], ['cover']]);
	expect(fileRequests().every((r) => r.path.endsWith('.jpeg'))).toBe(true);
});

test('splitTracks off: one item, files as audio/cover, audio_1/cover_1', async () => {
	const { taskId, body } = await completedCallback();
	const call = await callTrigger(
		{ body, headers: JSON_HEADERS },
		{ parameters: { options: { ...downloads.options, splitTracks: false } } },
	);
	const items = call.result!.workflowData![0];
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({ taskId, stage: 'complete', status: 'SUCCESS', trackCount: 2 });
	expect((items[0].json.tracks as IDataObject[]).map((t) => t.trackIndex)).toEqual([0, 1]);
	expect(Object.keys(items[0].binary!).sort()).toEqual(['audio', 'audio_1', 'cover', 'cover_1']);
	expect(sha256(bytesOf(items[0].binary!.audio))).toBe(await sb.expectedAudioSha256(taskId, 1));
	expect(sha256(bytesOf(items[0].binary!.audio_1))).toBe(await sb.expectedAudioSha256(taskId, 2));
});

test('a file that cannot be downloaded keeps the track, with downloadError', async () => {
	const { body } = await completedCallback();
	const tracks = (body.data as IDataObject).data as IDataObject[];
	tracks[0].audio_url = `${sb.url}/files/0000000000000000/1.mp3`;
	const call = await callTrigger({ body, headers: JSON_HEADERS }, { parameters: downloads });
	const items = call.result!.workflowData![0];
	expect(items).toHaveLength(2);
	expect(items[0].json.downloadError).toMatch(/^audio: /);
	expect(Object.keys(items[0].binary!)).toEqual(['cover']);
	expect(items[1].json.downloadError).toBeUndefined();
	expect(Object.keys(items[1].binary!).sort()).toEqual(['audio', 'cover']);
});
