/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * "Internal addresses" for the SSRF scenarios: a loopback listener that stands for whatever sits
 * on a private network (a database admin page, cloud metadata). It counts every connection and
 * request, so "zero requests to internal addresses" is measured, not assumed. It binds 127.0.0.1
 * and, where the system has them, 127.0.0.2 and ::1 on the same port, so the spellings of loopback
 * a URL can use (decimal, hex, IPv4-mapped, localhost) all land here. Loopback only.
 *
 * Addresses that cannot be listened on here (10/8, 169.254.169.254, fd00::/8, metadata names)
 * are still named in the URLs; a download of one that is not refused before any request shows as
 * a downloadError that is not "refused" (see refusedBeforeRequest).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface InternalHit {
	host: string;
	method: string;
	url: string;
	local: string;
	time: number;
}

export interface InternalTarget {
	port: number;
	/** http://127.0.0.1:<port> */
	base: string;
	/** TCP connections accepted (a TLS hello or a dropped request counts too). */
	connections(): number;
	hits(): InternalHit[];
	close(): Promise<void>;
}

const SECRET_BODY = 'INTERNAL-ONLY: this answer must never reach an n8n item\n';

function listen(server: http.Server, host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const onError = () => resolve(false);
		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			resolve(true);
		});
	});
}

export async function startInternalTarget(): Promise<InternalTarget> {
	const hits: InternalHit[] = [];
	let connections = 0;
	const servers: http.Server[] = [];
	const make = () => {
		const server = http.createServer((req, res) => {
			hits.push({ host: String(req.headers.host ?? ''), method: req.method ?? '', url: req.url ?? '', local: req.socket.localAddress ?? '', time: Date.now() });
			req.resume();
			res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': Buffer.byteLength(SECRET_BODY) });
			res.end(SECRET_BODY);
		});
		server.on('connection', () => connections++);
		servers.push(server);
		return server;
	};
	const first = make();
	if (!(await listen(first, '127.0.0.1', 0))) throw new Error('cannot listen on 127.0.0.1');
	const port = (first.address() as AddressInfo).port;
	// the same port on other loopback addresses, where the system allows it
	for (const host of ['127.0.0.2', '::1']) {
		const extra = make();
		if (!(await listen(extra, host, port))) servers.pop();
	}
	return {
		port,
		base: `http://127.0.0.1:${port}`,
		connections: () => connections,
		hits: () => hits.slice(),
		close: async () => {
			await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
		},
	};
}

/**
 * URLs that name internal addresses, each with what it is. `port` is the listener's; `sandbox`
 * is the Kie sandbox's origin (trusted by the credential), used for redirects.
 */
export function internalUrls(port: number, tag: string): Array<{ what: string; url: string; counted: boolean }> {
	const p = `/${tag}/file.mp3`;
	return [
		{ what: 'loopback 127.0.0.1', url: `http://127.0.0.1:${port}${p}`, counted: true },
		{ what: 'loopback 127.0.0.2', url: `http://127.0.0.2:${port}${p}`, counted: true },
		{ what: 'localhost', url: `http://localhost:${port}${p}`, counted: true },
		{ what: 'loopback, decimal 2130706433', url: `http://2130706433:${port}${p}`, counted: true },
		{ what: 'loopback, hex 0x7f.1', url: `http://0x7f.1:${port}${p}`, counted: true },
		{ what: 'IPv4-mapped [::ffff:127.0.0.1]', url: `http://[::ffff:127.0.0.1]:${port}${p}`, counted: true },
		{ what: 'IPv6 loopback [::1]', url: `http://[::1]:${port}${p}`, counted: true },
		{ what: 'unspecified 0.0.0.0', url: `http://0.0.0.0:${port}${p}`, counted: true },
		{ what: 'https to loopback', url: `https://127.0.0.1:${port}${p}`, counted: true },
		{ what: 'metadata 169.254.169.254', url: `http://169.254.169.254/latest/meta-data/iam/${tag}`, counted: false },
		{ what: 'metadata.google.internal', url: `http://metadata.google.internal/computeMetadata/v1/${tag}`, counted: false },
		{ what: 'private 10.0.0.1', url: `http://10.0.0.1:${port}${p}`, counted: false },
		{ what: 'private 192.168.1.1', url: `http://192.168.1.1${p}`, counted: false },
		{ what: 'private 172.16.0.1', url: `http://172.16.0.1${p}`, counted: false },
		{ what: 'unique-local [fd00::1]', url: `http://[fd00::1]${p}`, counted: false },
		{ what: 'single-label host "intranet-db"', url: `http://intranet-db:${port}${p}`, counted: false },
	];
}

/** Redirects from the (trusted) sandbox origin to internal addresses. */
export function redirectUrls(sandboxUrl: string, port: number, tag: string): Array<{ what: string; url: string; counted: boolean }> {
	const to = (target: string, status = 302) => `${sandboxUrl}/redirect?status=${status}&to=${encodeURIComponent(target)}`;
	return [
		{ what: 'redirect 302 → 127.0.0.1', url: to(`http://127.0.0.1:${port}/${tag}/r1.mp3`), counted: true },
		{ what: 'redirect 307 → localhost', url: to(`http://localhost:${port}/${tag}/r2.mp3`, 307), counted: true },
		{ what: 'redirect 301 → [::1]', url: to(`http://[::1]:${port}/${tag}/r3.mp3`, 301), counted: true },
		{ what: 'redirect 308 → 169.254.169.254', url: to(`http://169.254.169.254/latest/meta-data/${tag}`, 308), counted: false },
		{ what: 'redirect → redirect → 127.0.0.1', url: to(to(`http://127.0.0.1:${port}/${tag}/r5.mp3`)), counted: true },
		{ what: 'redirect → file:///etc/passwd', url: to('file:///etc/passwd'), counted: false },
	];
}

/**
 * Whether every file of an item was refused before a request went out: each part of its
 * downloadError ("audio: refused: …; cover: redirect to … refused (…)") is a refusal, or the
 * no-credential trigger's "Not downloaded" (it downloads nothing at all).
 */
export function refusedBeforeRequest(downloadError: unknown, files: number): boolean {
	if (typeof downloadError !== 'string') return false;
	const parts = downloadError.split(/;\s+(?=[a-z_0-9]+: )/i);
	if (/^Not downloaded: the trigger has no Kie API credential/.test(downloadError)) return true;
	return parts.length === files && parts.every((part) => /refused/.test(part) && !/HTTP \d|ECONN|ETIMEDOUT|timed? ?out|socket|request failed/i.test(part));
}
