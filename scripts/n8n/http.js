'use strict';
/**
 * Tiny loopback-only HTTP client (Node builtins only) with timeouts.
 * Every request must target 127.0.0.1 / localhost / ::1; anything else throws.
 */
const http = require('http');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const DEFAULT_TIMEOUT_MS = 30_000;

function assertLoopback(u) {
	if (u.protocol !== 'http:') throw new Error(`only http:// loopback URLs are allowed, got ${u.href}`);
	if (!LOOPBACK.has(u.hostname)) throw new Error(`refusing non-loopback request to ${u.href}`);
}

/**
 * request(method, url, { json, body, headers, timeoutMs, raw })
 * → { status, headers, body (parsed JSON when possible, else string), text, setCookies }
 */
function request(method, url, opts = {}) {
	const u = new URL(url);
	assertLoopback(u);
	const headers = { accept: 'application/json', ...(opts.headers || {}) };
	let payload;
	if (opts.json !== undefined) {
		payload = Buffer.from(JSON.stringify(opts.json));
		headers['content-type'] = 'application/json';
	} else if (opts.body !== undefined) {
		payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(String(opts.body));
	}
	if (payload) headers['content-length'] = String(payload.length);
	const timeoutMs = opts.timeoutMs || DEFAULT_TIMEOUT_MS;
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				method,
				hostname: u.hostname.replace(/^\[|\]$/g, ''),
				port: u.port || 80,
				path: u.pathname + u.search,
				headers,
				agent: false,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('error', reject);
				res.on('end', () => {
					clearTimeout(timer);
					const buf = Buffer.concat(chunks);
					const text = buf.toString('utf8');
					let body = text;
					if (!opts.raw && text.length) {
						try {
							body = JSON.parse(text);
						} catch {
							/* not JSON */
						}
					}
					const sc = res.headers['set-cookie'] || [];
					resolve({ status: res.statusCode, headers: res.headers, body, text, buffer: buf, setCookies: sc });
				});
			},
		);
		const timer = setTimeout(() => {
			req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`));
		}, timeoutMs);
		req.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		if (payload) req.write(payload);
		req.end();
	});
}

/** Throws unless 2xx; returns the response. */
async function requestOk(method, url, opts) {
	const res = await request(method, url, opts);
	if (res.status < 200 || res.status >= 300) {
		const err = new Error(`${method} ${url} → HTTP ${res.status}: ${res.text.slice(0, 500)}`);
		err.status = res.status;
		err.response = res;
		throw err;
	}
	return res;
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/**
 * Bounded wait: calls fn() until it returns a truthy value; at most `maxAttempts` tries and
 * `timeoutMs` total. Returns the value or throws with the last error.
 */
async function waitFor(fn, { timeoutMs = 60_000, intervalMs = 500, maxAttempts = 10_000, what = 'condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastErr;
	for (let i = 0; i < maxAttempts; i++) {
		try {
			const v = await fn();
			if (v) return v;
		} catch (e) {
			lastErr = e;
		}
		if (Date.now() + intervalMs > deadline) break;
		await sleep(intervalMs);
	}
	throw new Error(`timed out waiting for ${what}${lastErr ? `: ${lastErr.message}` : ''}`);
}

module.exports = { request, requestOk, sleep, waitFor, assertLoopback };
