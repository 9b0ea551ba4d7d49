/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/files.ts downloads through n8n-core's real ExecuteContext and WebhookContext
 * (httpRequest, prepareBinaryData, BinaryDataService in filesystem mode) from throwaway listeners
 * on 127.0.0.1 that count hits. The listeners' origins are trusted here (like a user's Kie
 * sandbox); files.safety.test.ts covers what is refused, files.limits.test.ts the size and time
 * caps and n8n's memory mode.
 */
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { DownloadPolicy, FileTarget } from '../../../nodes/shared/files';
import { attachFiles, DEFAULT_DOWNLOAD_TIMEOUT_MS, downloadFile, downloadPolicy, safeFileName } from '../../../nodes/shared/files';
import { Container, createExecuteContext, createWebhookContext, testCredential } from '../../harness/n8nCore';
import type { FileServer } from './fileServer';
import { drip, failureOf, fileBytes, sha256, useFileServers } from './fileServer';

const serve = useFileServers();

const AUDIO = fileBytes(300 * 1024, 'audio');
const COVER = fileBytes(40 * 1024, 'cover');

/** Serves /a.mp3 and /c.jpeg with the given Content-Type (null: none), 404 elsewhere. */
async function fileHost(contentType: string | null = 'audio/mpeg') {
	return await serve((req, res) => {
		const body = req.url?.startsWith('/a.mp3') ? AUDIO : req.url?.startsWith('/c.jpeg') ? COVER : undefined;
		if (!body) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
		res.writeHead(200, { 'Content-Length': body.length, ...(contentType ? { 'Content-Type': contentType } : {}) });
		res.end(body);
	});
}

async function context() {
	// A Kie credential is configured: downloads must still never carry its key.
	return (await createExecuteContext({ credentials: testCredential('http://127.0.0.1:9') })).context;
}

function policyFor(server: FileServer, overrides: Partial<DownloadPolicy> = {}): DownloadPolicy {
	return { ...downloadPolicy({}, [server.origin]), ...overrides };
}

async function storedBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

const audioTarget = (url: string, overrides: Partial<FileTarget> = {}): FileTarget => ({
	property: 'audio',
	url,
	kind: 'audio',
	fileName: 'Night-City-abc-1',
	...overrides,
});

describe('downloadFile into n8n binary data (filesystem mode)', () => {
	it('stores exactly the served bytes with MIME type, extension and file name, without the Kie key', async () => {
		const host = await fileHost();
		const binary = await downloadFile(await context(), audioTarget(`${host.url}/a.mp3?sig=s3cr3t`), policyFor(host));
		expect(binary).toMatchObject({
			mimeType: 'audio/mpeg',
			fileExtension: 'mp3',
			fileName: 'Night-City-abc-1.mp3',
			bytes: AUDIO.length,
		});
		expect(binary.id).toMatch(/^filesystem-v2:/);
		expect(sha256(await storedBytes(binary))).toBe(sha256(AUDIO));
		expect(host.hits).toHaveLength(1);
		expect(host.hits[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(host.hits[0].headers)).not.toContain('sandbox-key');
		// asked for the raw bytes, so the byte cap counts file bytes
		expect(host.hits[0].headers['accept-encoding']).toBe('identity');
	});

	it.each([
		['a Content-Type', 'image/png', '/c.jpeg', 'image', 'image/png', 'png'],
		['no Content-Type: the URL extension', null, '/c.jpeg', 'image', 'image/jpeg', 'jpeg'],
		['octet-stream: the URL extension', 'application/octet-stream', '/a.mp3', 'audio', 'audio/mpeg', 'mp3'],
		['no hint at all: the kind (video)', null, '/a.mp3x', 'video', 'video/mp4', 'mp4'],
	] as const)('type from %s', async (_case, contentType, path, kind, mimeType, extension) => {
		const host = await serve((_req, res) => {
			res.writeHead(200, contentType ? { 'Content-Type': contentType } : {});
			res.end(COVER);
		});
		const binary = await downloadFile(await context(), audioTarget(`${host.url}${path}`, { kind, fileName: 'x' }), policyFor(host));
		expect(binary).toMatchObject({ mimeType, fileExtension: extension, fileName: `x.${extension}`, bytes: COVER.length });
	});

	it('HTTP 404 is an error that names the status', async () => {
		const host = await fileHost();
		expect(await failureOf(downloadFile(await context(), audioTarget(`${host.url}/gone.mp3`), policyFor(host)))).toBe('HTTP 404');
	});

	it('follows redirects within allowed hosts (relative Location too)', async () => {
		const host = await serve((req, res) => {
			if (req.url === '/r1') return void res.writeHead(302, { Location: `${host.url}/r2` }).end();
			if (req.url === '/r2') return void res.writeHead(307, { Location: '/file.mp3' }).end();
			res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO);
		});
		const binary = await downloadFile(await context(), audioTarget(`${host.url}/r1`), policyFor(host));
		expect(sha256(await storedBytes(binary))).toBe(sha256(AUDIO));
		expect(host.hits.map((hit) => hit.path)).toEqual(['/r1', '/r2', '/file.mp3']);
	});

	it('a refused connection says so without the URL query', async () => {
		const host = await fileHost();
		const origin = host.origin;
		await host.close();
		const message = await failureOf(downloadFile(await context(), audioTarget(`${origin}/a.mp3?token=s3cr3t`), downloadPolicy({}, [origin])));
		// n8n's NodeOperationError words ECONNREFUSED for users
		expect(message).toBe('The service refused the connection - perhaps it is offline');
		expect(message).not.toContain('s3cr3t');
	});

	it('streams an 8 MiB file to disk byte for byte', async () => {
		const big = fileBytes(8 * 1024 * 1024, 'big');
		const host = await serve(async (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/wav' });
			await drip(res, big, 0, big.length);
		});
		const binary = await downloadFile(await context(), audioTarget(`${host.url}/big`, { fileName: 'big' }), policyFor(host));
		expect(binary).toMatchObject({ mimeType: 'audio/wav', fileName: 'big.wav', bytes: big.length });
		expect(sha256(await storedBytes(binary))).toBe(sha256(big));
	});
});

describe('downloadFile from a webhook (the trigger)', () => {
	it("works with n8n-core's WebhookContext helpers", async () => {
		const host = await fileHost('image/jpeg');
		const node = { id: 't', name: 'Kie Suno Trigger', type: 'n8n-nodes-kie-suno.kieSuno', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const { context: webhook } = await createWebhookContext({ node, request: { body: {} } });
		const binary = await downloadFile(webhook, audioTarget(`${host.url}/c.jpeg`, { kind: 'image', fileName: 'cover' }), policyFor(host));
		expect(binary).toMatchObject({ fileName: 'cover.jpeg', mimeType: 'image/jpeg', bytes: COVER.length });
		expect(sha256(await storedBytes(binary))).toBe(sha256(COVER));
	});
});

describe('attachFiles', () => {
	it('attaches what downloads, reports what does not, skips missing URLs silently, and never throws', async () => {
		const host = await fileHost();
		const json: IDataObject = { taskId: 'abc', audioUrl: `${host.url}/a.mp3`, imageUrl: `${host.url}/nope.jpeg` };
		const targets: FileTarget[] = [
			audioTarget(`${host.url}/a.mp3`),
			{ property: 'cover', url: `${host.url}/nope.jpeg`, kind: 'image', fileName: 'c' },
			{ property: 'video', url: null, kind: 'video', fileName: 'v' },
			{ property: 'image', url: '', kind: 'image', fileName: 'i' },
			{ property: 'image_1', url: undefined, kind: 'image', fileName: 'i1' },
			{ property: 'vocal', url: 'http://169.254.169.254/latest/meta-data/', kind: 'audio', fileName: 'm' },
			{ property: 'drums', url: 'javascript:alert(1)', kind: 'audio', fileName: 'j' },
		];
		const result = await attachFiles(await context(), json, targets, policyFor(host));
		expect(Object.keys(result.binary ?? {})).toEqual(['audio']);
		expect(sha256(await storedBytes(result.binary!.audio))).toBe(sha256(AUDIO));
		expect(result.json).toEqual({
			...json,
			downloadError:
				'cover: HTTP 404; vocal: refused: 169.254.169.254 is a link-local (cloud metadata) address; drums: refused: not an http(s) URL',
		});
		expect(json.downloadError).toBeUndefined(); // the caller's object is not changed
		expect(host.hits.map((hit) => hit.path)).toEqual(['/a.mp3', '/nope.jpeg']);
	});

	it('no usable URL: the item is returned as is, without binary and without requests', async () => {
		const json = { taskId: 'abc' };
		const result = await attachFiles(await context(), json, [audioTarget(null as never)], downloadPolicy({}, []));
		expect(result).toEqual({ json });
		expect(result.json).toBe(json);
	});
});

describe('downloadPolicy and safeFileName', () => {
	it('downloadPolicy: maxFileSizeMb (default 500) in MiB, the time cap, trusted origins normalized', () => {
		expect(downloadPolicy({}, ['http://127.0.0.1:8787/api/', 'not a url', 'ftp://x'])).toEqual({
			maxBytes: 500 * 1024 * 1024,
			timeoutMs: DEFAULT_DOWNLOAD_TIMEOUT_MS,
			trustedOrigins: ['http://127.0.0.1:8787'],
		});
		expect(DEFAULT_DOWNLOAD_TIMEOUT_MS).toBe(600_000);
		expect(downloadPolicy({ maxFileSizeMb: 0.5 }, []).maxBytes).toBe(512 * 1024);
		expect(downloadPolicy({ maxFileSizeMb: '2' }, []).maxBytes).toBe(2 * 1024 * 1024);
		for (const bad of [0, -1, NaN, Infinity, 'abc', '', null, true]) {
			expect(downloadPolicy({ maxFileSizeMb: bad }, []).maxBytes).toBe(500 * 1024 * 1024);
		}
	});

	it('safeFileName: safe on every OS, joins non-empty parts', () => {
		expect(safeFileName('Héllo / Wörld: "x"?', 'abcdef123456', 2, 'cover')).toBe('Hello-World-x-abcdef123456-2-cover');
		expect(safeFileName('../../etc/passwd', 't', 1)).toBe('etcpasswd-t-1');
		expect(safeFileName('CON<>|*', null, undefined, '', 0)).toBe('CON-0');
		expect(safeFileName('  -- a   b --  ')).toBe('a-b');
		expect(safeFileName('x'.repeat(100), 'y')).toBe(`${'x'.repeat(60)}-y`);
		expect(safeFileName('日本語', '🎵')).toBe('kie-suno'); // only [\w-] survive
		expect(safeFileName('日本語', 'abc', 1)).toBe('abc-1');
		expect(safeFileName()).toBe('kie-suno');
		expect(safeFileName('///', null)).toBe('kie-suno');
	});
});
