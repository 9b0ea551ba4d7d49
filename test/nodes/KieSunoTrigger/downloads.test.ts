/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Trigger downloads (downloadAudio / downloadCover): only with a credential, only from the URLs in
 * Kie's confirmed answer (never the body's), after Kie got its 200. n8n-core's real httpRequest
 * (OutboundHttp) and prepareBinaryData (BinaryDataService) through WebhookContext; the Kie SANDBOX
 * (a local test double of Kie, not Kie) is the user's Kie host and serves the files.
 */
import { createHash } from 'crypto';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { useFastClock } from '../../harness/sandbox';
import type { RecordedRequest } from '../../sandbox/kieSandbox';
import { fileBytes, useFileServers } from '../shared/fileServer';
import { JSON_HEADERS } from './fixtures';
import type { Route } from './kieTasks';
import { completeBody, finishedTask, kieCredential, useTriggerKie, verifiedItems } from './kieTasks';
import { callTrigger } from './triggerHarness';

const kie = useTriggerKie({ audioBytes: 48 * 1024 });
useFastClock();
const fileServer = useFileServers();

const fileRequests = (): RecordedRequest[] => kie.sb.requests.filter((r) => r.path.startsWith('/files/'));
const bytesOf = (binary: IBinaryData) => Buffer.from(binary.data, 'base64');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const downloads = { options: { downloadAudio: true, downloadCover: true } };

async function call(body: IDataObject, parameters: IDataObject = downloads, onResponseEnd?: () => void) {
	return await callTrigger({ body, headers: JSON_HEADERS }, { parameters, credentials: kieCredential(kie.sb), onResponseEnd });
}

describe.each(['perOperation', 'jobs'] as Route[])('downloads of a confirmed callback (%s route)', (route) => {
	test('files become binary "audio"/"cover" with the served bytes; 200 sent first; no Authorization sent to the file host', async () => {
		const task = await finishedTask(kie.sb, route, 'Relaxing Piano');
		let fileRequestsAtAnswer = -1;
		const result = await call(completeBody(task), downloads, () => (fileRequestsAtAnswer = fileRequests().length));
		expect(result.error).toBeUndefined();
		expect(result.response).toMatchObject({ status: 200, body: { received: true } });
		expect(fileRequestsAtAnswer).toBe(0);

		const items = result.result!.workflowData![0];
		expect(items.map((item) => item.json)).toEqual(verifiedItems(task));
		for (const [index, item] of items.entries()) {
			const n = index + 1;
			const { audio, cover } = item.binary!;
			expect([audio.mimeType, audio.fileExtension, audio.fileName]).toEqual(['audio/mpeg', 'mp3', `Relaxing-Piano-${task.taskId}-${n}.mp3`]);
			expect(sha256(bytesOf(audio))).toBe(await kie.sb.fileSha256(task.tracks[index].audioUrl));
			expect(bytesOf(audio)).toHaveLength(48 * 1024);
			expect([cover.mimeType, cover.fileName]).toEqual(['image/jpeg', `Relaxing-Piano-${task.taskId}-${n}-cover.jpeg`]);
			expect(sha256(bytesOf(cover))).toBe(await kie.sb.fileSha256(task.tracks[index].imageUrl));
		}
		expect(fileRequests().map((r) => `${r.method} ${r.path}`).sort()).toEqual(
			[1, 2].flatMap((n) => [`GET /files/${task.taskId}/${n}.jpeg`, `GET /files/${task.taskId}/${n}.mp3`]).sort(),
		);
		for (const request of fileRequests()) {
			expect(request.headers.authorization).toBeUndefined();
			expect(JSON.stringify(request.headers)).not.toContain('sandbox-key');
		}
	});

	test('splitTracks off: one item, files as audio/cover, audio_1/cover_1', async () => {
		const task = await finishedTask(kie.sb, route);
		const result = await call(completeBody(task), { options: { ...downloads.options, splitTracks: false } });
		const items = result.result!.workflowData![0];
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ taskId: task.taskId, apiRoute: route, stage: 'complete', status: 'SUCCESS', trackCount: 2, verified: true });
		expect((items[0].json.tracks as IDataObject[]).map((t) => t.trackIndex)).toEqual([0, 1]);
		expect(Object.keys(items[0].binary!).sort()).toEqual(['audio', 'audio_1', 'cover', 'cover_1']);
		expect(sha256(bytesOf(items[0].binary!.audio_1))).toBe(await kie.sb.fileSha256(task.tracks[1].audioUrl));
	});
});

describe('what is downloaded is Kie\'s, never the body\'s', () => {
	test('only the cover when only downloadCover is on', async () => {
		const task = await finishedTask(kie.sb);
		const result = await call(completeBody(task), { options: { downloadCover: true } });
		expect(result.result!.workflowData![0].map((i) => Object.keys(i.binary ?? {}))).toEqual([['cover'], ['cover']]);
		expect(fileRequests().every((r) => r.path.endsWith('.jpeg'))).toBe(true);
	});

	test('URLs in the body pointing elsewhere are ignored: Kie\'s files are downloaded, the body\'s host gets zero hits', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		const task = await finishedTask(kie.sb);
		const body = completeBody(task);
		for (const track of (body.data as IDataObject).data as IDataObject[]) Object.assign(track, { audio_url: `${trap.url}/a.mp3`, image_url: 'http://169.254.169.254/latest' });
		const result = await call(body);
		const items = result.result!.workflowData![0];
		expect(items.map((item) => item.json)).toEqual(verifiedItems(task));
		expect(items.map((item) => Object.keys(item.binary!).sort())).toEqual([
			['audio', 'cover'],
			['audio', 'cover'],
		]);
		expect(trap.hits).toHaveLength(0);
	});

	test('Kie\'s own answer naming another loopback port: zero hits there, a downloadError, the tracks kept', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		kie.sb.addFault({ type: 'resultUrls', urls: [`${trap.url}/x.mp3`] });
		const task = await finishedTask(kie.sb);
		const items = (await call(completeBody(task))).result!.workflowData![0];
		expect(items.map((item) => item.json.downloadError)).toEqual(new Array(2).fill('audio: refused: 127.0.0.1 is a loopback address; cover: refused: 127.0.0.1 is a loopback address'));
		expect(items.map((item) => item.binary)).toEqual([undefined, undefined]);
		expect(trap.hits).toHaveLength(0);
	});

	test('a file Kie names that cannot be downloaded keeps the track, with downloadError', async () => {
		const task = await finishedTask(kie.sb);
		kie.sb.tasks.get(task.taskId)!.tracks[0].audioUrl = `${kie.sb.url}/files/0000000000000000/1.mp3`;
		const items = (await call(completeBody(task))).result!.workflowData![0];
		expect(items).toHaveLength(2);
		expect(items[0].json.downloadError).toMatch(/^audio: HTTP 404/);
		expect(Object.keys(items[0].binary!)).toEqual(['cover']);
		expect(items[1].json.downloadError).toBeUndefined();
		expect(Object.keys(items[1].binary!).sort()).toEqual(['audio', 'cover']);
	});
});
