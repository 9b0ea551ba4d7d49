'use strict';
/**
 * The loopback reverse proxy in front of an n8n queue-mode topology, as n8n's hosting guide
 * sets up a load balancer: `/webhook/*` and `/webhook-waiting/*` go to the webhook processors
 * (round-robin), everything else to main. Like nginx's default `proxy_next_upstream error`, a
 * request is passed to the next processor only when the connection was refused (nothing was sent);
 * once a request reached a processor, a failure is answered 502 and never re-sent.
 * Every request is logged (backend, status) so tests can see where each callback went.
 * Plain CommonJS, Node builtins only.
 */
const http = require('http');

const WEBHOOK_PREFIXES = ['/webhook/', '/webhook-waiting/'];
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const MAX_LOG = 20_000;

/**
 * startProxy({ main: {name, port}, webhooks: [{name, port}, ...] }) → { url, port, log, stats(), close() }.
 * `log` entries: { seq, time, method, path, backend, status, ms, tried, error }.
 */
function startProxy({ main, webhooks, port = 0 }) {
	let next = 0;
	let seq = 0;
	let inFlight = 0; // requests a processor is still working on (even if the caller gave up)
	const log = [];
	const record = (entry) => {
		log.push(entry);
		if (log.length > MAX_LOG) log.splice(0, log.length - MAX_LOG);
	};

	function forward(backend, req, body) {
		return new Promise((resolve) => {
			let sent = false;
			let done = false;
			const finish = () => {
				if (!done) inFlight--;
				done = true;
			};
			inFlight++;
			const up = http.request(
				{ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' }, agent: false },
				(res) => {
					res.on('end', finish);
					res.on('close', finish);
					resolve({ res });
				},
			);
			up.on('socket', (s) => s.on('connect', () => (sent = true)));
			up.on('error', (error) => {
				finish();
				resolve({ error, sent: sent || error.code !== 'ECONNREFUSED' });
			});
			up.end(body);
		});
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY_BYTES) chunks.push(c);
		});
		req.on('end', async () => {
			const entry = { seq: ++seq, time: Date.now(), method: req.method, path: req.url, backend: '', status: 0, ms: 0, tried: [], error: '' };
			if (size > MAX_BODY_BYTES) {
				entry.status = 413;
				record(entry);
				res.writeHead(413).end();
				return;
			}
			const body = Buffer.concat(chunks);
			const toWebhooks = WEBHOOK_PREFIXES.some((p) => req.url.startsWith(p));
			const order = toWebhooks ? webhooks.map((_, i) => webhooks[(next + i) % webhooks.length]) : [main];
			if (toWebhooks) next = (next + 1) % webhooks.length;
			for (const backend of order) {
				entry.tried.push(backend.name);
				const out = await forward(backend, req, body);
				if (out.res) {
					entry.backend = backend.name;
					entry.status = out.res.statusCode;
					res.writeHead(out.res.statusCode, out.res.headers);
					out.res.pipe(res);
					out.res.on('end', () => {
						entry.ms = Date.now() - entry.time;
						record(entry);
					});
					out.res.on('error', () => res.destroy());
					return;
				}
				entry.error = `${backend.name}: ${out.error.code || out.error.message}`;
				if (out.sent) break; // reached the processor: never re-send
			}
			entry.status = 502;
			entry.ms = Date.now() - entry.time;
			record(entry);
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `proxy: no processor answered (${entry.error})` }));
		});
	});
	server.keepAliveTimeout = 5000;
	server.requestTimeout = 0;
	server.headersTimeout = 60_000;

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const { port: p } = server.address();
			resolve({
				url: `http://127.0.0.1:${p}`,
				port: p,
				log,
				/** Requests forwarded whose processor has not answered yet. */
				inFlight: () => inFlight,
				/** Requests per backend and status since `sinceSeq`. */
				stats(sinceSeq = 0) {
					const out = {};
					for (const e of log) {
						if (e.seq <= sinceSeq) continue;
						const key = e.backend || 'none';
						out[key] = out[key] || {};
						out[key][e.status] = (out[key][e.status] || 0) + 1;
					}
					return out;
				},
				close: () =>
					new Promise((r) => {
						server.closeAllConnections?.();
						server.close(() => r());
					}),
			});
		});
	});
}

module.exports = { startProxy, WEBHOOK_PREFIXES };
