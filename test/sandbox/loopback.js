'use strict';
/*
 * Outgoing HTTP of the Kie SANDBOX (local test double, not Kie). Every request the sandbox makes
 * (callbacks, fetching a loopback uploadUrl / fileUrl) goes through here, and here only loopback
 * addresses are allowed: the hostname must be loopback AND must resolve to loopback.
 */

const http = require('http');
const crypto = require('crypto');
const dns = require('dns');
const { Writable, pipeline } = require('stream');
const { URL } = require('url');

const USER_AGENT = 'KieSandbox/1.0 (local test double, not Kie)';

function isLoopbackHostname(hostname) {
	if (!hostname) return false;
	const h = String(hostname).toLowerCase().replace(/^\[|\]$/g, '');
	if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
	if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
	if (/^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
	return false;
}

function isLoopbackAddress(addr) {
	return isLoopbackHostname(addr) && addr !== 'localhost';
}

/** dns lookup that refuses anything that does not resolve to a loopback address. */
function loopbackLookup(hostname, options, callback) {
	if (typeof options === 'function') {
		callback = options;
		options = {};
	}
	dns.lookup(hostname, Object.assign({}, options, { all: true }), (err, addresses) => {
		if (err) return callback(err);
		const ok = (addresses || []).filter((a) => isLoopbackAddress(a.address));
		if (!ok.length) return callback(new Error(`sandbox refuses non-loopback address for ${hostname}`));
		if (options && options.all) return callback(null, ok);
		return callback(null, ok[0].address, ok[0].family);
	});
}

function isLoopbackHttpUrl(url) {
	try {
		const u = new URL(url);
		return u.protocol === 'http:' && isLoopbackHostname(u.hostname);
	} catch (e) {
		return false;
	}
}

function requestOptions(u, method, headers) {
	return {
		hostname: u.hostname.replace(/^\[|\]$/g, ''),
		port: u.port || 80,
		path: `${u.pathname}${u.search}`,
		method,
		headers,
		lookup: loopbackLookup,
		agent: false,
	};
}

/** POST to a loopback URL; resolves {status, body} or {status: 'error: ...'}. Never rejects. */
function postLoopback(outgoing, u, headers, bodyStr, timeoutMs) {
	return new Promise((resolve) => {
		let done = false;
		const finish = (r) => {
			if (done) return;
			done = true;
			outgoing.delete(req);
			resolve(r);
		};
		if (u.protocol !== 'http:' || !isLoopbackHostname(u.hostname)) return resolve({ status: 'error: the sandbox only calls http:// loopback URLs' });
		const req = http.request(requestOptions(u, 'POST', headers), (res) => {
			const chunks = [];
			let size = 0;
			res.on('data', (c) => {
				if (size < 4096) chunks.push(c);
				size += c.length;
			});
			res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }));
			res.on('error', (e) => finish({ status: `error: ${e.message}` }));
		});
		outgoing.add(req);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (e) => finish({ status: `error: ${e.code || ''}${e.code ? ' ' : ''}${e.message}` }));
		req.end(bodyStr);
	});
}

/** GET a loopback URL and consume it (sha256 + size, optionally into a sink with write(buf)). Never follows redirects. */
function fetchLoopback(outgoing, url, timeoutMs, sink) {
	return new Promise((resolve) => {
		let u;
		try {
			u = new URL(url);
		} catch (e) {
			return resolve({ ok: false, error: 'invalid URL' });
		}
		if (u.protocol !== 'http:' || !isLoopbackHostname(u.hostname)) return resolve({ ok: false, error: 'the sandbox only fetches http:// loopback URLs' });
		let done = false;
		const finish = (r) => {
			if (done) return;
			done = true;
			outgoing.delete(req);
			resolve(r);
		};
		const req = http.request(requestOptions(u, 'GET', { 'User-Agent': USER_AGENT }), (res) => {
			if (res.statusCode < 200 || res.statusCode >= 300) {
				res.resume();
				return finish({ ok: false, status: res.statusCode, error: `HTTP ${res.statusCode}` });
			}
			const hash = crypto.createHash('sha256');
			let bytes = 0;
			const w = new Writable({
				write(chunk, enc, cb) {
					hash.update(chunk);
					bytes += chunk.length;
					if (sink) Promise.resolve(sink.write(chunk)).then(() => cb(), cb);
					else cb();
				},
			});
			pipeline(res, w, (err) => {
				if (err) return finish({ ok: false, status: res.statusCode, error: err.message });
				finish({ ok: true, status: res.statusCode, bytes, sha256: hash.digest('hex'), contentType: res.headers['content-type'] });
			});
		});
		outgoing.add(req);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (e) => finish({ ok: false, error: e.message }));
		req.end();
	});
}

module.exports = { USER_AGENT, isLoopbackHostname, isLoopbackAddress, isLoopbackHttpUrl, loopbackLookup, postLoopback, fetchLoopback };
