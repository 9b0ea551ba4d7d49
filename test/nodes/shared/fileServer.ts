/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Throwaway HTTP listeners on 127.0.0.1 for the download tests: they count every request, keep its
 * headers, and record whether the client hung up before the response was complete.
 */
import { createHash } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

export interface Hit {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	/** Body bytes this server wrote for the request. */
	bytesWritten: number;
	/** True once the connection closed before the response ended (the client gave up). */
	closedEarly: boolean;
	/** Resolves when the response is done or the connection is gone. */
	settled: Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: Hit) => void | Promise<void>;

export interface FileServer {
	url: string;
	origin: string;
	port: number;
	hits: Hit[];
	close(): Promise<void>;
}

export async function startFileServer(handler: Handler): Promise<FileServer> {
	const hits: Hit[] = [];
	const server = createServer((req, res) => {
		let settle!: () => void;
		const hit: Hit = {
			method: req.method ?? '',
			path: req.url ?? '',
			headers: req.headers,
			bytesWritten: 0,
			closedEarly: false,
			settled: new Promise<void>((resolve) => (settle = resolve)),
		};
		hits.push(hit);
		const write = res.write.bind(res) as (chunk: Buffer | string, ...rest: unknown[]) => boolean;
		res.write = ((chunk: Buffer | string, ...rest: unknown[]) => {
			hit.bytesWritten += Buffer.byteLength(chunk);
			return write(chunk, ...rest);
		}) as typeof res.write;
		res.on('close', () => {
			hit.closedEarly = !res.writableFinished;
			settle();
		});
		void Promise.resolve(handler(req, res, hit)).catch(() => res.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const origin = `http://127.0.0.1:${port}`;
	return {
		url: origin,
		origin,
		port,
		hits,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** Waits (bounded) until the server is done with `hit`; a connection left open fails the test, not hangs it. */
export async function settledWithin(hit: Hit, ms = 3_000): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error(`the connection for ${hit.path} was still open after ${ms} ms`)), ms);
	});
	try {
		await Promise.race([hit.settled, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** Deterministic bytes (not all zeros, so a wrong offset shows). */
export function fileBytes(size: number, seed = 'kie'): Buffer {
	const out = Buffer.alloc(size);
	let block = createHash('sha256').update(seed).digest();
	for (let offset = 0; offset < size; offset += block.length) {
		block.copy(out, offset);
		block = createHash('sha256').update(block).digest();
	}
	return out;
}

/** Starts listeners for one test file and closes them after each test. */
export function useFileServers(): (handler: Handler) => Promise<FileServer> {
	const servers: FileServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(async (server) => await server.close()));
	});
	return async (handler) => {
		const server = await startFileServer(handler);
		servers.push(server);
		return server;
	};
}

/** The message of the error `promise` rejects with (fails the test when it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
	const error = await promise.then(
		() => undefined,
		(caught: Error) => caught,
	);
	if (!error) throw new Error('expected the download to fail');
	return error.message;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export const delay = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `chunk` every `everyMs` until `total` bytes are out or the client hangs up (bounded). */
export async function drip(res: ServerResponse, chunk: Buffer, everyMs: number, total: number): Promise<void> {
	let sent = 0;
	while (sent < total && !res.destroyed && !res.writableEnded) {
		const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
		if (!res.write(part)) {
			await new Promise<void>((resolve) => {
				const done = () => {
					res.off('drain', done).off('close', done);
					resolve();
				};
				res.on('drain', done).on('close', done);
			});
		}
		sent += part.length;
		if (everyMs > 0) await delay(everyMs);
	}
	if (!res.destroyed) res.end();
}
