/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/files.ts caps: a file over the byte cap or the time cap, or cancelled with the
 * execution, becomes a clear error and its connection is closed (the listener on 127.0.0.1 sees
 * the client hang up); in n8n's filesystem mode and in its memory mode.
 */
import { BinaryDataService } from 'n8n-core';

import type { DownloadPolicy, FileTarget } from '../../../nodes/shared/files';
import { downloadFile, downloadPolicy } from '../../../nodes/shared/files';
import { Container, createExecuteContext } from '../../harness/n8nCore';
import type { FileServer } from './fileServer';
import { delay, drip, failureOf, fileBytes, settledWithin, useFileServers } from './fileServer';

const serve = useFileServers();

const AUDIO = fileBytes(300 * 1024, 'audio');

async function fileHost(contentType: string | null = 'audio/mpeg') {
	return await serve((_req, res) => {
		res.writeHead(200, { 'Content-Length': AUDIO.length, ...(contentType ? { 'Content-Type': contentType } : {}) });
		res.end(AUDIO);
	});
}

async function context(abortSignal?: AbortSignal) {
	return (await createExecuteContext({ abortSignal })).context;
}

function policyFor(server: FileServer, overrides: Partial<DownloadPolicy> = {}): DownloadPolicy {
	return { ...downloadPolicy({}, [server.origin]), ...overrides };
}

const audioTarget = (url: string): FileTarget => ({ property: 'audio', url, kind: 'audio', fileName: 'Night-City-abc-1' });

describe('size and time caps (filesystem mode)', () => {
	it('a file over the cap by Content-Length fails before its body is read', async () => {
		const declared = 8 * 1024 * 1024;
		const host = await serve(async (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': declared });
			await drip(res, fileBytes(16 * 1024), 20, declared);
		});
		const policy = policyFor(host, { maxBytes: 1024 * 1024 });
		expect(await failureOf(downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policy))).toBe(
			`larger than 1 MB (Content-Length ${declared})`,
		);
		await settledWithin(host.hits[0]);
		expect(host.hits[0].closedEarly).toBe(true);
		expect(host.hits[0].bytesWritten).toBeLessThan(declared / 4);
	});

	it('a file over the cap without Content-Length fails while streaming, and the connection is closed early', async () => {
		const total = 64 * 1024 * 1024;
		const host = await serve(async (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/mpeg' }); // chunked, no length
			await drip(res, fileBytes(64 * 1024), 0, total);
		});
		const maxBytes = 1024 * 1024 + 5;
		expect(await failureOf(downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policyFor(host, { maxBytes })))).toBe(
			`larger than 1 MB`,
		);
		await settledWithin(host.hits[0]);
		expect(host.hits[0].closedEarly).toBe(true);
		expect(host.hits[0].bytesWritten).toBeLessThan(total / 4);
	});

	it('a file of exactly the cap is stored', async () => {
		const host = await fileHost(null);
		const binary = await downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policyFor(host, { maxBytes: AUDIO.length }));
		expect(binary.bytes).toBe(AUDIO.length);
	});

	it('a slow drip hits the time cap with a clear error, within bounds', async () => {
		const host = await serve(async (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': 10_000 });
			await drip(res, Buffer.from('x'), 50, 10_000); // would take 500 s
		});
		const started = Date.now();
		const message = await failureOf(downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policyFor(host, { timeoutMs: 600 })));
		const elapsed = Date.now() - started;
		expect(message).toBe('took longer than 0.6 s');
		expect(elapsed).toBeGreaterThanOrEqual(550);
		expect(elapsed).toBeLessThan(5_000);
		await settledWithin(host.hits[0]);
		expect(host.hits[0].closedEarly).toBe(true);
	});

	it('a host that never answers hits the time cap too', async () => {
		const host = await serve(() => undefined); // accepts, never responds
		const started = Date.now();
		expect(await failureOf(downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policyFor(host, { timeoutMs: 400 })))).toBe(
			'took longer than 0.4 s',
		);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('cancelling the execution stops the download and closes the connection', async () => {
		const host = await serve(async (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
			await drip(res, Buffer.from('x'), 50, 10_000);
		});
		const cancel = new AbortController();
		const download = failureOf(downloadFile(await context(cancel.signal), audioTarget(`${host.url}/a.mp3`), policyFor(host)));
		await delay(200);
		cancel.abort();
		expect(await download).toBe('download cancelled');
		await settledWithin(host.hits[0]);
		expect(host.hits[0].closedEarly).toBe(true);
	});
});

describe('downloadFile in memory mode (N8N_DEFAULT_BINARY_DATA_MODE=default)', () => {
	let service: { mode: string };
	let previousMode: string;
	beforeEach(async () => {
		await createExecuteContext({});
		service = Container.get(BinaryDataService) as unknown as { mode: string };
		previousMode = service.mode;
		service.mode = 'default'; // no manager for it: n8n-core buffers the stream (its memory mode)
	});
	afterEach(() => {
		service.mode = previousMode;
	});

	it('stores the bytes base64 in the item', async () => {
		const host = await fileHost();
		const binary = await downloadFile(await context(), audioTarget(`${host.url}/a.mp3`), policyFor(host));
		expect(binary.id).toBeUndefined();
		expect(binary).toMatchObject({ mimeType: 'audio/mpeg', fileName: 'Night-City-abc-1.mp3', bytes: AUDIO.length });
		expect(Buffer.from(binary.data, 'base64').equals(AUDIO)).toBe(true);
	});

	it('still enforces the streamed byte cap and the time cap', async () => {
		const host = await serve(async (req, res) => {
			res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
			if (req.url === '/slow') await drip(res, Buffer.from('x'), 50, 10_000);
			else await drip(res, fileBytes(64 * 1024), 0, 32 * 1024 * 1024);
		});
		const ctx = await context();
		expect(await failureOf(downloadFile(ctx, audioTarget(`${host.url}/big`), policyFor(host, { maxBytes: 100_000 })))).toBe(
			'larger than 100000 bytes',
		);
		expect(await failureOf(downloadFile(ctx, audioTarget(`${host.url}/slow`), policyFor(host, { timeoutMs: 300 })))).toBe(
			'took longer than 0.3 s',
		);
		await Promise.all(host.hits.map(async (hit) => await settledWithin(hit)));
		expect(host.hits.map((hit) => hit.closedEarly)).toEqual([true, true]);
	});
});
