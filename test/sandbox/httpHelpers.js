'use strict';
/* HTTP helpers the Kie SANDBOX (local test double, not Kie) installs on KieSandbox: envelopes, body reading, recording, auth. */

const { CODE_MESSAGES } = require('./util');

module.exports = {
	_log(line) {
		if (typeof this.options.logger === 'function') this.options.logger(line);
	},

	_sendJson(res, status, obj, extraHeaders) {
		if (res.destroyed || res.writableEnded) return;
		const body = Buffer.from(JSON.stringify(obj));
		res.writeHead(status, Object.assign({ 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': body.length, 'X-Kie-Sandbox': 'test-double' }, extraHeaders || {}));
		res.end(body);
	},

	_envelope(res, code, msg, data, httpStatus, headers) {
		this._sendJson(res, httpStatus || 200, { code, msg: msg === undefined ? CODE_MESSAGES[code] || 'error' : msg, data: data === undefined ? null : data }, headers);
	},

	_notFound(res, pathname) {
		this._sendJson(res, 404, { code: 404, msg: `Not Found: ${pathname}`, data: null });
	},

	_readBody(req, limit) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			let size = 0;
			let tooBig = false;
			req.on('data', (c) => {
				size += c.length;
				if (size > limit) tooBig = true;
				else chunks.push(c);
			});
			req.on('end', () => resolve({ buffer: tooBig ? null : Buffer.concat(chunks), size, tooBig }));
			req.on('error', reject);
			req.on('aborted', () => reject(new Error('aborted')));
		});
	},

	_drain(req) {
		return new Promise((resolve) => {
			let size = 0;
			req.on('data', (c) => (size += c.length));
			req.on('end', () => resolve(size));
			req.on('error', () => resolve(size));
			req.on('close', () => resolve(size));
			req.resume();
		});
	},

	_record(req, pathname, query, body, bodyBytes) {
		const rec = { method: req.method, path: pathname, query, headers: Object.assign({}, req.headers), body, bodyBytes, time: Date.now() };
		this.requests.push(rec);
		if (this.requests.length > this.options.maxRecordedRequests) this.requests.splice(0, this.requests.length - this.options.maxRecordedRequests);
		this.stats.requests++;
		return rec;
	},

	_apiKeyOf(req) {
		const m = /^Bearer\s+(.+)$/i.exec((req.headers.authorization || '').trim());
		if (!m) return null;
		const key = m[1].trim();
		return this.options.apiKeys.includes(key) ? key : null;
	},
};
