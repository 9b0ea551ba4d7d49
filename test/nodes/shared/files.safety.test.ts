/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/files.ts refusals: internal literals, names and redirects against live listeners on
 * 127.0.0.1 that must see 0 hits (real n8n-core ExecuteContext), and the resolved/connected
 * address checks with a fake `httpRequest` whose socket says where it connected.
 */
import { Readable } from 'stream';
import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { FileTarget } from '../../../nodes/shared/files';
import { downloadFile, downloadPolicy, MAX_REDIRECTS } from '../../../nodes/shared/files';
import { createExecuteContext } from '../../harness/n8nCore';
import { failureOf, settledWithin, useFileServers } from './fileServer';

const serve = useFileServers();

const okHost = async () => await serve((_req, res) => void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end('data'));
const target = (url: unknown): FileTarget => ({ property: 'audio', url, kind: 'audio', fileName: 'f' });

async function realContext() {
	return (await createExecuteContext({})).context;
}

describe('refused before any connection (real ExecuteContext, listener counts hits)', () => {
	it.each([
		['http://127.0.0.1:PORT/a.mp3', 'refused: 127.0.0.1 is a loopback address'],
		['http://2130706433:PORT/a.mp3', 'refused: 127.0.0.1 is a loopback address'],
		['http://0x7f.1:PORT/a.mp3', 'refused: 127.0.0.1 is a loopback address'],
		['http://0177.0.0.1:PORT/a.mp3', 'refused: 127.0.0.1 is a loopback address'],
		['http://[::ffff:127.0.0.1]:PORT/a.mp3', 'refused: [::ffff:7f00:1] is a loopback (IPv4-mapped) address'],
		['http://localhost:PORT/a.mp3', 'refused: localhost is an internal host name'],
		['http://foo.localhost:PORT/a.mp3', 'refused: foo.localhost is an internal host name'],
		['http://user:pw@127.0.0.1:PORT/a.mp3', 'refused: the URL carries credentials'],
	])('%s', async (template, message) => {
		const host = await okHost();
		const url = template.replace('PORT', String(host.port));
		expect(await failureOf(downloadFile(await realContext(), target(url), downloadPolicy({}, [])))).toBe(message);
		expect(host.hits).toHaveLength(0);
	});

	it('a trusted origin is allowed on its exact origin only', async () => {
		const [trusted, other] = [await okHost(), await okHost()];
		const policy = downloadPolicy({}, [trusted.origin]);
		const context = await realContext();
		expect(await failureOf(downloadFile(context, target(`${other.url}/a.mp3`), policy))).toBe('refused: 127.0.0.1 is a loopback address');
		expect(await failureOf(downloadFile(context, target(`http://localhost:${trusted.port}/a.mp3`), policy))).toBe(
			'refused: localhost is an internal host name',
		);
		expect(other.hits).toHaveLength(0);
		expect(trusted.hits).toHaveLength(0);
		expect((await downloadFile(context, target(`${trusted.url}/a.mp3`), policy)).bytes).toBe(4);
		expect(trusted.hits).toHaveLength(1);
	});
});

describe('redirects (each hop checked; never followed to an internal address)', () => {
	it.each([
		['another loopback port', 'http://127.0.0.1:OTHER/a.mp3', 'redirect to a loopback address refused (127.0.0.1)'],
		['loopback by decimal', 'http://2130706433:OTHER/a.mp3', 'redirect to a loopback address refused (127.0.0.1)'],
		['localhost', 'http://localhost:OTHER/a.mp3', 'redirect to an internal host name refused (localhost)'],
		['cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'redirect to a link-local (cloud metadata) address refused (169.254.169.254)'],
		['a private address', 'http://10.0.0.7/x', 'redirect to a private address refused (10.0.0.7)'],
		['file:', 'file:///etc/passwd', 'redirect to a non-http(s) URL (file:) refused'],
		['credentials', 'http://a:b@example.com/x', 'redirect to a URL with credentials refused'],
	])('from a trusted origin to %s: refused, 0 hits there, and the first connection closed', async (_case, location, message) => {
		const other = await okHost();
		const trusted = await serve((_req, res) => void res.writeHead(302, { Location: location.replace('OTHER', String(other.port)) }).end());
		const failure = await failureOf(downloadFile(await realContext(), target(`${trusted.url}/a.mp3`), downloadPolicy({}, [trusted.origin])));
		expect(failure).toBe(message);
		expect(other.hits).toHaveLength(0);
		expect(trusted.hits).toHaveLength(1);
		await settledWithin(trusted.hits[0]);
	});

	it(`a redirect loop stops after ${MAX_REDIRECTS} redirects`, async () => {
		const host = await serve((req, res) => {
			const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0);
			res.writeHead(301, { Location: `/loop?n=${n + 1}` }).end();
		});
		expect(await failureOf(downloadFile(await realContext(), target(`${host.url}/loop`), downloadPolicy({}, [host.origin])))).toBe(
			`more than ${MAX_REDIRECTS} redirects`,
		);
		expect(host.hits.map((hit) => hit.path)).toEqual(['/loop', '/loop?n=1', '/loop?n=2', '/loop?n=3', '/loop?n=4', '/loop?n=5']);
	});

	it('a redirect without a Location is an error', async () => {
		const host = await serve((_req, res) => void res.writeHead(302).end());
		expect(await failureOf(downloadFile(await realContext(), target(`${host.url}/a`), downloadPolicy({}, [host.origin])))).toBe(
			'HTTP 302 redirect without a Location',
		);
	});
});

describe('resolved and connected address checks (fake httpRequest)', () => {
	type Lookup = (host: string, options: { all: true }, callback: (error: Error | null, addresses: Array<{ address: string; family: number }>) => void) => void;

	/** A response body whose socket says where it connected (n8n 1.x hands over the IncomingMessage). */
	function body(remoteAddress?: string): Readable & { socket?: { remoteAddress?: string } } {
		const stream = Readable.from([Buffer.from('file bytes')], { objectMode: false }) as Readable & { socket?: { remoteAddress?: string } };
		if (remoteAddress !== undefined) stream.socket = { remoteAddress };
		return stream;
	}

	function fakeContext(responses: Array<{ statusCode: number; headers?: Record<string, string>; body: Readable } | Error>, lookup?: Lookup) {
		const requests: IHttpRequestOptions[] = [];
		const stored: string[] = [];
		const context = {
			getNode: () => ({ id: 'n', name: 'Kie Suno', type: 'kieSuno', typeVersion: 1, position: [0, 0], parameters: {} }),
			getExecutionCancelSignal: () => undefined,
			helpers: {
				httpRequest: jest.fn(async (options: IHttpRequestOptions) => {
					requests.push(options);
					const next = responses.shift();
					if (!next) throw new Error('no more fake responses');
					if (next instanceof Error) throw next;
					return { headers: {}, ...next };
				}),
				httpRequestWithAuthentication: jest.fn(async () => {
					throw new Error('downloads must not use the authenticated helper');
				}),
				prepareBinaryData: jest.fn(async (data: Readable, fileName: string, mimeType: string) => {
					for await (const chunk of data) stored.push(String(chunk));
					return { data: '', fileName, mimeType } as IBinaryData;
				}),
				...(lookup ? { getSecureEgressFilter: jest.fn(() => ({ createSecureLookup: () => lookup })) } : {}),
			},
		};
		return { context: context as unknown as IExecuteFunctions, requests, stored, helpers: context.helpers };
	}

	const publicUrl = 'https://files.example.com/a.mp3?sig=s3cr3t';
	const policy = downloadPolicy({}, ['http://127.0.0.1:8787']);
	const resolvesTo =
		(...addresses: string[]): Lookup =>
		(_host, _options, callback) =>
			callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

	it.each([
		['10.1.2.3', 'refused: files.example.com connected to 10.1.2.3, a private address'],
		['::ffff:127.0.0.1', 'refused: files.example.com connected to ::ffff:127.0.0.1, a loopback (IPv4-mapped) address'],
		['169.254.169.254', 'refused: files.example.com connected to 169.254.169.254, a link-local (cloud metadata) address'],
	])('a socket connected to %s is refused before its body is read', async (address, message) => {
		const response = body(address);
		const fake = fakeContext([{ statusCode: 200, body: response }]);
		expect(await failureOf(downloadFile(fake.context, target(publicUrl), policy))).toBe(message);
		expect(fake.helpers.prepareBinaryData).not.toHaveBeenCalled();
		expect(response.destroyed).toBe(true);
		expect(fake.requests[0].abortSignal?.aborted).toBe(true); // n8n's client closes the socket on abort
	});

	it('a redirect answered from an internal address is not followed', async () => {
		const fake = fakeContext([{ statusCode: 302, headers: { location: 'https://cdn.example.com/b.mp3' }, body: body('192.168.1.20') }]);
		expect(await failureOf(downloadFile(fake.context, target(publicUrl), policy))).toBe(
			'refused: files.example.com connected to 192.168.1.20, a private address',
		);
		expect(fake.requests).toHaveLength(1);
	});

	it('a public connection is stored, requested plainly (no auth helper, no redirects, raw bytes)', async () => {
		const fake = fakeContext([{ statusCode: 200, headers: { 'content-type': 'audio/wav' }, body: body('93.184.216.34') }]);
		const binary = await downloadFile(fake.context, target(publicUrl), policy);
		expect(binary).toMatchObject({ fileName: 'f.wav', mimeType: 'audio/wav' });
		expect(fake.stored.join('')).toBe('file bytes');
		expect(fake.requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				url: publicUrl,
				encoding: 'stream',
				returnFullResponse: true,
				disableFollowRedirect: true,
				ignoreHttpStatusErrors: true,
				headers: { 'Accept-Encoding': 'identity' },
			}),
		]);
		expect(fake.helpers.httpRequestWithAuthentication).not.toHaveBeenCalled();
	});

	it('n8n 2.x hides the socket: the host is resolved first (n8n lookup helper) and any internal answer refused', async () => {
		const fake = fakeContext([], resolvesTo('93.184.216.34', '10.0.0.1'));
		expect(await failureOf(downloadFile(fake.context, target(publicUrl), policy))).toBe(
			'refused: files.example.com resolves to 10.0.0.1, a private address',
		);
		expect(fake.requests).toHaveLength(0);

		const ok = fakeContext([{ statusCode: 200, body: body() }], resolvesTo('93.184.216.34', '2606:4700::1111'));
		expect((await downloadFile(ok.context, target(publicUrl), policy)).fileName).toBe('f.mp3');
	});

	it("n8n's own SSRF block refuses; another lookup failure leaves it to the socket check", async () => {
		const blocked = Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError' });
		const fake = fakeContext([], (_host, _options, callback) => callback(blocked, []));
		expect(await failureOf(downloadFile(fake.context, target(publicUrl), policy))).toBe(
			"refused by n8n's SSRF protection: The request was blocked because it resolves to a restricted IP address",
		);
		const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND files.example.com'), { code: 'ENOTFOUND' });
		const failingLookup: Lookup = (_host, _options, callback) => callback(notFound, []);
		const withSocket = fakeContext([{ statusCode: 200, body: body('93.184.216.34') }], failingLookup);
		expect((await downloadFile(withSocket.context, target(publicUrl), policy)).fileName).toBe('f.mp3');
		const withoutSocket = fakeContext([{ statusCode: 200, body: body() }], failingLookup);
		expect(await failureOf(downloadFile(withoutSocket.context, target(publicUrl), policy))).toBe(
			'refused: could not check which address files.example.com resolves to',
		);
	});

	it('no lookup helper and no socket: refused (fails closed)', async () => {
		const fake = fakeContext([{ statusCode: 200, body: body() }]);
		expect(await failureOf(downloadFile(fake.context, target(publicUrl), policy))).toBe(
			'refused: could not check which address files.example.com resolves to',
		);
	});

	it('a trusted origin skips the address checks (the user chose that host)', async () => {
		const fake = fakeContext([{ statusCode: 200, body: body('127.0.0.1') }]);
		expect((await downloadFile(fake.context, target('http://127.0.0.1:8787/files/a.mp3'), policy)).fileName).toBe('f.mp3');
	});

	it('request errors never repeat the URL path or query', async () => {
		const fake = fakeContext([new Error(`socket hang up while fetching ${publicUrl}`)], resolvesTo('93.184.216.34'));
		const message = await failureOf(downloadFile(fake.context, target(publicUrl), policy));
		expect(message).toBe('request failed: socket hang up while fetching files.example.com');
	});
});

describe("n8n's lookup helper (real n8n-core 2.x ExecuteContext)", () => {
	it('exists and resolves through the OS resolver (localhost from /etc/hosts)', async () => {
		const context = await realContext();
		const lookup = context.helpers.getSecureEgressFilter('safe').createSecureLookup() as unknown as (
			host: string,
			options: { all: true },
			callback: (error: Error | null, addresses: Array<{ address: string }>) => void,
		) => void;
		const addresses = await new Promise<string[]>((resolve, reject) =>
			lookup('localhost', { all: true }, (error, list) => (error ? reject(error) : resolve(list.map((entry) => entry.address)))),
		);
		expect(addresses).toContain('127.0.0.1');
	});
});
