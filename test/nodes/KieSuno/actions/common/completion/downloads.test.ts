/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Downloads at the end of `completion: poll`, on both routes, through n8n-core's real
 * WorkflowExecute (httpRequest, BinaryDataService) against the Kie sandbox (local test double of
 * Kie, not Kie), which is the user's own Kie host here (a trusted origin on 127.0.0.1).
 * Issue 9: URLs in Kie's answers that name loopback, private or metadata addresses are never
 * fetched (a counting listener sees zero hits), redirects to them are refused, and an oversized
 * file stops at the cap: each becomes a `downloadError` on its item, never a failed run.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import { fileBytes, useFileServers } from '../../../../shared/fileServer';
import type { FakeClock, Route } from './helpers';
import { createRequests, expectedTrackItems, installFakeClock, ROUTES, startTestSandbox, storedBinaryDigest, taskWithTitle, vocalsParameters } from './helpers';

let sb: KieSandbox;
let clock: FakeClock | undefined;
const fileServer = useFileServers();

beforeAll(async () => {
	sb = await startTestSandbox({ audioBytes: 24 * 1024 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	clock = installFakeClock();
});
afterEach(() => {
	clock?.restore();
	clock = undefined;
});

const DOWNLOADS = { downloadAudio: true, downloadCover: true };

async function pollWithDownloads(route: Route, title: string, options: Record<string, unknown> = {}) {
	return await runNode({
		parameters: vocalsParameters({ options: { ...DOWNLOADS, ...options } }, route),
		credentials: testCredential(sb.url),
		inputItems: [{ json: { title } }],
	});
}

const jsonOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

describe.each(ROUTES)('downloads after poll (%s route)', (route: Route) => {
	it('every track gets "audio" and "cover" with the bytes Kie served; the items are the route-independent ones', async () => {
		const result = await pollWithDownloads(route, 'Fetched');
		expect(result.error).toBeUndefined();
		const task = taskWithTitle(sb, 'Fetched');
		const items = result.items[0];
		expect(jsonOf(items)).toEqual(jsonOf(expectedTrackItems(task, 0)));
		for (const [index, item] of items.entries()) {
			const { audio, cover } = item.binary!;
			expect([audio.mimeType, audio.fileName]).toEqual(['audio/mpeg', `Fetched-${task.taskId}-${index + 1}.mp3`]);
			expect([cover.mimeType, cover.fileName]).toEqual(['image/jpeg', `Fetched-${task.taskId}-${index + 1}-cover.jpeg`]);
			expect(await storedBinaryDigest(audio)).toEqual({ sha256: await sb.fileSha256(task.tracks[index].audioUrl), bytes: 24 * 1024 });
			expect((await storedBinaryDigest(cover)).sha256).toBe(await sb.fileSha256(task.tracks[index].imageUrl));
		}
		// The Kie key never travels to a file host.
		for (const request of sb.requests.filter((r) => r.path.startsWith('/files/'))) expect(request.headers.authorization).toBeUndefined();
	});

	it('result URLs on another loopback port: zero requests there, a downloadError per item, the tracks kept', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		sb.addFault({ type: 'resultUrls', urls: [`${trap.url}/steal.mp3`] });
		const result = await pollWithDownloads(route, 'Trap');
		expect(result.error).toBeUndefined();
		expect(trap.hits).toHaveLength(0);
		const items = result.items[0];
		expect(items.map((item) => item.json.stage)).toEqual(['complete', 'complete']);
		for (const item of items) {
			expect(item.json.audioUrl).toBe(`${trap.url}/steal.mp3`);
			expect(item.json.downloadError).toBe('audio: refused: 127.0.0.1 is a loopback address; cover: refused: 127.0.0.1 is a loopback address');
			expect(item.binary).toBeUndefined();
		}
		expect(createRequests(sb)).toHaveLength(1);
	});

	it.each([
		['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/iam', /^audio: refused: 169\.254\.169\.254 is /],
		['a private address', 'http://10.0.0.1/file.mp3', /^audio: refused: 10\.0\.0\.1 is /],
		['localhost by name', 'http://localhost:1/file.mp3', /^audio: refused: localhost is /],
		['a decimal IPv4 form of 127.0.0.1', 'http://2130706433/file.mp3', /^audio: refused: 127\.0\.0\.1 is /],
		['a non-http URL', 'file:///etc/passwd', /^audio: refused: not an http\(s\) URL/],
	])('result URLs naming %s are refused before any connection', async (_name, url, error) => {
		sb.addFault({ type: 'resultUrls', urls: [url] });
		const result = await pollWithDownloads(route, 'Internal', { downloadCover: false });
		expect(result.error).toBeUndefined();
		for (const item of result.items[0]) {
			expect(item.json.downloadError).toMatch(error);
			expect(item.binary).toBeUndefined();
		}
	});

	it('a redirect from Kie\'s host to another loopback port is refused: zero hits there', async () => {
		const trap = await fileServer((_req, res) => void res.end(fileBytes(100)));
		sb.addFault({ type: 'resultUrls', urls: [`${sb.url}/redirect?to=${encodeURIComponent(`${trap.url}/inner.mp3`)}`] });
		const result = await pollWithDownloads(route, 'Redirected', { downloadCover: false });
		expect(result.error).toBeUndefined();
		expect(trap.hits).toHaveLength(0);
		for (const item of result.items[0]) expect(item.json.downloadError).toBe('audio: redirect to a loopback address refused (127.0.0.1)');
	});

	it('an oversized file stops at the cap (streamed, no Content-Length): a downloadError, the run goes on', async () => {
		const HUGE = 256 * 1024 * 1024;
		sb.addFault({ type: 'resultUrls', urls: [`${sb.url}/special/nolength.mp3?bytes=${HUGE}`] });
		const before = sb.stats.fileBytesServed;
		const result = await pollWithDownloads(route, 'Huge', { downloadCover: false, maxFileSizeMb: 1 });
		expect(result.error).toBeUndefined();
		for (const item of result.items[0]) {
			expect(item.json.downloadError).toBe('audio: larger than 1 MB');
			expect(item.binary).toBeUndefined();
		}
		// Both downloads were cut off soon after the cap, far from the 256 MiB each would have taken.
		expect(sb.stats.fileBytesServed - before).toBeLessThan(2 * 32 * 1024 * 1024);
	});

	it('an oversized file by its Content-Length is refused before the body', async () => {
		sb.addFault({ type: 'resultUrls', urls: [`${sb.url}/special/big.mp3?bytes=${3 * 1024 * 1024}`] });
		const result = await pollWithDownloads(route, 'Declared', { downloadCover: false, maxFileSizeMb: 1 });
		for (const item of result.items[0]) expect(item.json.downloadError).toBe(`audio: larger than 1 MB (Content-Length ${3 * 1024 * 1024})`);
	});
});
