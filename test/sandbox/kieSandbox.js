'use strict';
/*
 * =============================================================================
 *  Kie SANDBOX: a LOCAL TEST AND DEMO DOUBLE of Kie.ai's Suno API. THIS IS NOT KIE.
 * =============================================================================
 *
 * It imitates, on a loopback port, the behaviour that Kie's documentation describes
 * (/work/shared/reference/kie-suno-api.md) so that unit tests, `npm run dev`, end-to-end
 * tests against a real n8n, benchmarks and fault suites can run without a Kie account
 * and without network access. Where Kie's docs are silent or disagree, the sandbox makes
 * a choice and says so in a comment; it is no evidence of how the live API behaves.
 *
 * One server serves both hosts:
 *   api.kie.ai             GET  /api/v1/chat/credit
 *                          POST /api/v1/generate/add-vocals
 *                          POST /api/v1/generate/add-instrumental
 *                          GET  /api/v1/generate/record-info?taskId=
 *   kieai.redpandaai.co    POST /api/file-stream-upload | /api/file-base64-upload | /api/file-url-upload
 *   generated files        GET  /files/<taskId>/<n>.mp3, /files/<taskId>/<n>.jpeg, /stream/<taskId>/<n>
 *                          GET  /source/<taskId>/<n>.mp3 | .jpeg, /stream/<taskId>/<n>?source=1
 *   uploaded files         GET  /uploads/<uploadPath>/<fileName>
 *   control (no auth)      /__sandbox/... (requests, callbacks, tasks, uploads, faults, reset, config, stats)
 *
 * Safety: it listens on loopback only, and every outgoing request it makes (callbacks, fetching
 * uploadUrl / fileUrl) goes to loopback addresses only. All timers are unref'd and cleared on close.
 *
 * Plain CommonJS, Node builtins only.
 */

const http = require('http');
const crypto = require('crypto');
const dns = require('dns');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Readable, Writable } = require('stream');
const { pipeline } = require('stream');
const { URL } = require('url');
const { EventEmitter, once } = require('events');

const BANNER = 'Kie SANDBOX (local test double, not Kie)';

const CREATE_ROUTES = ['/api/v1/generate/add-vocals', '/api/v1/generate/add-instrumental'];
const UPLOAD_ROUTES = ['/api/file-stream-upload', '/api/file-base64-upload', '/api/file-url-upload'];
const FAILURE_STATUSES = ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'CALLBACK_EXCEPTION', 'SENSITIVE_WORD_ERROR'];
const STAGE_STATUS = { text: 'TEXT_SUCCESS', first: 'FIRST_SUCCESS', complete: 'SUCCESS' };
const STAGE_MSG = {
	text: 'Text generation completed successfully.',
	first: 'First track generated successfully.',
	complete: 'All generated successfully.',
};

/*
 * Failure details per status. Kie documents only one failure callback example
 * (code 501, "Audio generation failed.", error "Generation failed due to technical issues");
 * GENERATE_AUDIO_FAILED uses exactly that. The other statuses reuse the same shape with
 * codes from Kie's callback code table (sandbox choice). `after` is the last successful
 * stage before the error (create = no stage at all).
 */
const FAILURE_DEFAULTS = {
	GENERATE_AUDIO_FAILED: { code: 501, msg: 'Audio generation failed.', error: 'Generation failed due to technical issues', after: 'text' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed', after: 'create' },
	SENSITIVE_WORD_ERROR: { code: 400, msg: 'Content contains sensitive words.', error: 'Sensitive word detected in the request', after: 'create' },
	CALLBACK_EXCEPTION: { code: 500, msg: 'Callback exception.', error: 'Error during callback process', after: 'first' },
};

const CODE_MESSAGES = {
	400: 'The parameter is not in a valid JSON format',
	401: 'You do not have access permissions',
	402: 'Insufficient credits',
	404: 'Not found',
	405: 'Unsupported request method',
	408: 'Upstream is currently experiencing service issues. No result has been returned for over 10 minutes.',
	409: 'Conflict',
	413: 'Request entity too large',
	422: 'Validation error',
	429: 'Rate limited: request limit exceeded',
	430: 'Your call frequency is too high. Please try again later.',
	451: 'Unauthorized - Failed to fetch the image. Kindly verify any access limits set by you or your service provider',
	455: 'Service unavailable: system maintenance',
	500: 'Server error',
	501: 'Generation failed',
	505: 'Feature disabled: the requested feature is currently disabled',
};

const MIME_BY_EXT = {
	mp3: 'audio/mpeg', wav: 'audio/wav', m4a: 'audio/mp4', mp4: 'video/mp4', aac: 'audio/aac', ogg: 'audio/ogg',
	oga: 'audio/ogg', flac: 'audio/flac', webm: 'audio/webm', opus: 'audio/opus', aiff: 'audio/aiff', aif: 'audio/aiff',
	png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
	txt: 'text/plain', json: 'application/json', pdf: 'application/pdf', bin: 'application/octet-stream',
};

const DEFAULTS = {
	host: '127.0.0.1',
	port: 0,
	publicUrl: undefined, // base used in generated URLs; defaults to the listening URL
	apiKeys: ['sandbox-key'],
	hmacKey: undefined,
	rateLimit: { max: 20, windowMs: 10000, response: 'body' },
	recordInfoRateLimit: { max: 3, windowMs: 1000 },
	credits: 1000,
	creditsPerTask: 12,
	stageDelaysMs: { text: 100, first: 100, complete: 100 },
	callbacks: { retries: 3, retryDelayMs: 200, timeoutMs: 15000 },
	audioBytes: 64 * 1024,
	tracksPerTask: 2,
	strictFields: true,
	fetchUploadUrl: true,
	fetchTimeoutMs: 30000,
	createTimeFormat: 'alternate', // 'ms' | 'string' | 'alternate' (1st task ms, 2nd string, ...)
	failureShape: 'kie', // 'kie' => {code:501,...,data:{callbackType:'error',task_id,error}}; 'S' => {code:400,msg:'Generation failed',data:{callbackType:'error',task_id,data:null}}
	missingFieldStyle: '422', // '422' => {code:422,msg:'<field> is required'}; '500' => {code:500,msg:'This field is required'} (observed by [3P])
	modelName: 'chirp-v4-5',
	uploadMemoryLimitBytes: 5 * 1024 * 1024, // bigger uploads are kept in a temp file (deleted on close/reset)
	maxUploadBytes: 1024 * 1024 * 1024,
	maxJsonBytes: 200 * 1024 * 1024,
	maxRecordedRequests: 10000,
	maxRecordedCallbacks: 10000,
	logger: undefined, // optional function(line) for a request log (the CLI uses console.log)
};

/* ----------------------------------------------------------------------------------------- */
/* small helpers                                                                             */
/* ----------------------------------------------------------------------------------------- */

function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

function isPlainObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function mergeOptions(base, patch) {
	const out = Object.assign({}, base);
	for (const k of Object.keys(patch || {})) {
		const v = patch[k];
		if (v === undefined) continue;
		if (isPlainObject(v) && isPlainObject(base[k])) out[k] = Object.assign({}, base[k], v);
		else out[k] = v;
	}
	return out;
}

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

function pad2(n) {
	return String(n).padStart(2, '0');
}

function formatDateTime(ms) {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function guessMime(fileName, fallback) {
	const m = /\.([A-Za-z0-9]+)$/.exec(fileName || '');
	if (m && MIME_BY_EXT[m[1].toLowerCase()]) return MIME_BY_EXT[m[1].toLowerCase()];
	if (fallback && fallback !== 'application/octet-stream') return fallback.split(';')[0].trim();
	return 'application/octet-stream';
}

function extOf(fileName) {
	const m = /(\.[A-Za-z0-9]{1,8})$/.exec(fileName || '');
	return m ? m[1] : '';
}

function toSnakeTrack(t) {
	return {
		id: t.id,
		audio_url: t.audioUrl,
		source_audio_url: t.sourceAudioUrl,
		stream_audio_url: t.streamAudioUrl,
		source_stream_audio_url: t.sourceStreamAudioUrl,
		image_url: t.imageUrl,
		source_image_url: t.sourceImageUrl,
		prompt: t.prompt,
		model_name: t.modelName,
		title: t.title,
		tags: t.tags,
		createTime: t.createTime,
		duration: t.duration,
	};
}

function sleep(ms, timers) {
	return new Promise((resolve) => timers.later(resolve, ms));
}

/* ----------------------------------------------------------------------------------------- */
/* deterministic bytes (AES-128-CTR keystream: any offset, any size, streamed in chunks)     */
/* ----------------------------------------------------------------------------------------- */

const ZEROES = Buffer.alloc(64 * 1024 + 16);
// ID3v2.4 header with an empty tag, then an MPEG-1 Layer III frame header (128 kbps, 44.1 kHz)
const MP3_HEADER = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00]);
const JPEG_TAIL = Buffer.from([0xff, 0xd9]);
const IMAGE_BODY_BYTES = 1024;

function keyFor(seed) {
	return crypto.createHash('sha256').update(String(seed)).digest().subarray(0, 16);
}

function keystream(key, pos, len) {
	const block = Math.floor(pos / 16);
	const skip = pos % 16;
	const iv = Buffer.alloc(16);
	iv.writeBigUInt64BE(BigInt(block), 8);
	const c = crypto.createCipheriv('aes-128-ctr', key, iv);
	const need = len + skip;
	const out = need <= ZEROES.length ? c.update(ZEROES.subarray(0, need)) : c.update(Buffer.alloc(need));
	return out.subarray(skip, skip + len);
}

/** The bytes of a generated mp3 (seed = `${taskId}/${n}`), bytes [start, end] inclusive, as a Readable. */
function generatedAudioStream(seed, size, start, end) {
	const key = keyFor(`audio:${seed}`);
	let pos = start === undefined ? 0 : start;
	const last = end === undefined ? size - 1 : end;
	return new Readable({
		read() {
			if (pos > last) {
				this.push(null);
				return;
			}
			const len = Math.min(64 * 1024, last - pos + 1);
			const buf = Buffer.from(keystream(key, pos, len));
			if (pos < MP3_HEADER.length) {
				for (let i = pos; i < Math.min(MP3_HEADER.length, pos + len); i++) buf[i - pos] = MP3_HEADER[i];
			}
			pos += len;
			this.push(buf);
		},
	});
}

function generatedImageBytes(seed) {
	return Buffer.concat([JPEG_HEAD, Buffer.from(keystream(keyFor(`image:${seed}`), 0, IMAGE_BODY_BYTES)), JPEG_TAIL]);
}

/** sha256 (hex) of the mp3 the sandbox serves for track n (1-based) of taskId with the given size. */
function generatedAudioSha256(taskId, n, size) {
	return new Promise((resolve, reject) => {
		const h = crypto.createHash('sha256');
		const s = generatedAudioStream(`${taskId}/${n}`, size);
		s.on('data', (d) => h.update(d));
		s.on('end', () => resolve(h.digest('hex')));
		s.on('error', reject);
	});
}

/* ----------------------------------------------------------------------------------------- */
/* streaming multipart/form-data parser                                                      */
/* ----------------------------------------------------------------------------------------- */

/**
 * A Writable that parses multipart/form-data without buffering part bodies.
 * handlers.onPart(headers, name, filename) returns a sink { write(buf): Promise|void, end(): Promise|void }.
 */
class MultipartParser extends Writable {
	constructor(boundary, handlers) {
		super();
		this.delim = Buffer.from(`\r\n--${boundary}`);
		this.buf = Buffer.from('\r\n'); // lets the first boundary match the same delimiter
		this.state = 'preamble';
		this.handlers = handlers;
		this.sink = null;
	}

	async _process(final) {
		for (;;) {
			if (this.state === 'done') {
				this.buf = Buffer.alloc(0);
				return;
			}
			if (this.state === 'preamble') {
				const i = this.buf.indexOf(this.delim);
				if (i < 0) {
					if (this.buf.length > this.delim.length) this.buf = this.buf.subarray(this.buf.length - this.delim.length);
					return;
				}
				this.buf = this.buf.subarray(i + this.delim.length);
				this.state = 'afterDelim';
			} else if (this.state === 'afterDelim') {
				// optional transport padding, then "--" (end) or CRLF (next part)
				let j = 0;
				while (j < this.buf.length && (this.buf[j] === 0x20 || this.buf[j] === 0x09)) j++;
				if (this.buf.length < j + 2) return;
				if (this.buf[j] === 0x2d && this.buf[j + 1] === 0x2d) {
					this.state = 'done';
					continue;
				}
				if (this.buf[j] === 0x0d && this.buf[j + 1] === 0x0a) {
					this.buf = this.buf.subarray(j + 2);
					this.state = 'headers';
					continue;
				}
				throw new Error('malformed multipart body (bad boundary line)');
			} else if (this.state === 'headers') {
				const i = this.buf.indexOf('\r\n\r\n');
				if (i < 0) {
					if (this.buf.length > 16 * 1024) throw new Error('multipart part headers too large');
					return;
				}
				const headers = {};
				for (const line of this.buf.subarray(0, i).toString('utf8').split('\r\n')) {
					const c = line.indexOf(':');
					if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
				}
				this.buf = this.buf.subarray(i + 4);
				const cd = headers['content-disposition'] || '';
				const nameM = /\bname="([^"]*)"/i.exec(cd) || /\bname=([^;\s]+)/i.exec(cd);
				const fnStar = /\bfilename\*=(?:UTF-8'[^']*')?([^;]+)/i.exec(cd);
				const fnM = /\bfilename="([^"]*)"/i.exec(cd) || /\bfilename=([^;\s]+)/i.exec(cd);
				let filename;
				if (fnStar) {
					try {
						filename = decodeURIComponent(fnStar[1].trim());
					} catch (e) {
						filename = fnStar[1].trim();
					}
				} else if (fnM) filename = fnM[1];
				this.sink = this.handlers.onPart(headers, nameM ? nameM[1] : '', filename);
				this.state = 'body';
			} else if (this.state === 'body') {
				const i = this.buf.indexOf(this.delim);
				if (i < 0) {
					const safe = this.buf.length - (this.delim.length - 1);
					if (safe > 0) {
						const part = this.buf.subarray(0, safe);
						this.buf = this.buf.subarray(safe);
						await this.sink.write(part);
					}
					if (final) throw new Error('unexpected end of multipart body');
					return;
				}
				if (i > 0) await this.sink.write(this.buf.subarray(0, i));
				this.buf = this.buf.subarray(i + this.delim.length);
				await this.sink.end();
				this.sink = null;
				this.state = 'afterDelim';
			}
		}
	}

	_write(chunk, enc, cb) {
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		this._process(false).then(() => cb(), cb);
	}

	_final(cb) {
		this._process(true).then(() => {
			if (this.state !== 'done') cb(new Error('unexpected end of multipart body'));
			else cb();
		}, cb);
	}
}

/* ----------------------------------------------------------------------------------------- */
/* uploaded file storage (memory up to a limit, then a temp file)                            */
/* ----------------------------------------------------------------------------------------- */

class StoredFile {
	constructor(sandbox) {
		this.sb = sandbox;
		this.hash = crypto.createHash('sha256');
		this.size = 0;
		this.chunks = [];
		this.diskPath = null;
		this.ws = null;
		this.sha256 = null;
	}

	async write(buf) {
		if (!buf.length) return;
		this.size += buf.length;
		if (this.size > this.sb.options.maxUploadBytes) throw Object.assign(new Error('file too large'), { code413: true });
		this.hash.update(buf);
		if (!this.ws && this.size > this.sb.options.uploadMemoryLimitBytes) {
			this.diskPath = path.join(this.sb._tmpDir(), `upload-${crypto.randomBytes(8).toString('hex')}`);
			this.ws = fs.createWriteStream(this.diskPath);
			this.ws.on('error', () => {});
			for (const c of this.chunks) this.ws.write(c);
			this.chunks = null;
		}
		if (this.ws) {
			if (!this.ws.write(Buffer.from(buf))) await once(this.ws, 'drain');
		} else {
			this.chunks.push(Buffer.from(buf));
		}
	}

	async end() {
		this.sha256 = this.hash.digest('hex');
		if (this.ws) {
			const ws = this.ws;
			this.ws = null;
			await new Promise((resolve, reject) => ws.end((err) => (err ? reject(err) : resolve())));
			this._onDisk = true;
		} else {
			this.buffer = Buffer.concat(this.chunks || []);
			this.chunks = null;
		}
	}

	discard() {
		if (this.ws) {
			this.ws.destroy();
			this.ws = null;
		}
		if (this.diskPath) {
			const p = this.diskPath;
			this.diskPath = null;
			fs.rm(p, { force: true }, () => {});
		}
		this.chunks = null;
		this.buffer = null;
	}

	createReadStream(start, end) {
		if (this.diskPath) return fs.createReadStream(this.diskPath, { start, end });
		return Readable.from([this.buffer.subarray(start, end + 1)]);
	}
}

/* ----------------------------------------------------------------------------------------- */
/* timers that never keep the process alive and are all cleared on close                     */
/* ----------------------------------------------------------------------------------------- */

class Timers {
	constructor() {
		this.set = new Set();
	}

	later(fn, ms) {
		const t = setTimeout(() => {
			this.set.delete(t);
			fn();
		}, Math.max(0, ms || 0));
		if (t.unref) t.unref();
		this.set.add(t);
		return t;
	}

	cancel(t) {
		if (t) {
			clearTimeout(t);
			this.set.delete(t);
		}
	}

	clearAll() {
		for (const t of this.set) clearTimeout(t);
		this.set.clear();
	}
}

/* ----------------------------------------------------------------------------------------- */
/* the sandbox                                                                               */
/* ----------------------------------------------------------------------------------------- */

class KieSandbox extends EventEmitter {
	constructor(options) {
		super();
		this.options = mergeOptions(DEFAULTS, options || {});
		this._initialOptions = clone(Object.assign({}, this.options, { logger: undefined }));
		this.requests = [];
		this.callbacks = [];
		this.tasks = new Map();
		this.uploads = [];
		this.faults = [];
		this.stats = {};
		this._timers = new Timers();
		this._internals = new Map(); // taskId -> { timers, events, callbackFaults, chain }
		this._files = new Map(); // filePath -> StoredFile
		this._rateWindows = new Map(); // apiKey -> [timestamps]
		this._recordInfoWindows = new Map(); // taskId -> [timestamps]
		this._outgoing = new Set();
		this._sockets = new Set();
		this._epoch = 0;
		this._taskSeq = 0;
		this._faultSeq = 0;
		this._closed = false;
		this._tmp = null;
		this.credits = this.options.credits;
		this._resetStats();
	}

	/* ---------------- lifecycle ---------------- */

	async listen() {
		const host = this.options.host;
		if (!isLoopbackHostname(host)) throw new Error(`Kie sandbox binds to loopback only; refusing host ${host}`);
		this.server = http.createServer((req, res) => {
			this._handle(req, res).catch((err) => {
				try {
					if (!res.headersSent) this._sendJson(res, 500, { code: 500, msg: `sandbox internal error: ${err && err.message}`, data: null });
					else res.destroy();
				} catch (e) {
					/* ignore */
				}
			});
		});
		this.server.keepAliveTimeout = 5000;
		this.server.requestTimeout = 0;
		this.server.on('connection', (s) => {
			this._sockets.add(s);
			s.on('close', () => this._sockets.delete(s));
		});
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, host, () => {
				this.server.removeListener('error', reject);
				resolve();
			});
		});
		const addr = this.server.address();
		const h = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
		this.port = addr.port;
		this.listenUrl = `http://${h}:${addr.port}`;
		return this;
	}

	get url() {
		return (this.options.publicUrl || this.listenUrl || '').replace(/\/+$/, '');
	}

	async close() {
		if (this._closed) return;
		this._closed = true;
		this._timers.clearAll();
		for (const r of this._outgoing) r.destroy(new Error('sandbox closed'));
		this._outgoing.clear();
		for (const s of this._sockets) s.destroy();
		this._sockets.clear();
		if (this.server) {
			if (this.server.closeAllConnections) this.server.closeAllConnections();
			await new Promise((resolve) => this.server.close(() => resolve()));
		}
		for (const f of this._files.values()) f.discard();
		this._files.clear();
		if (this._tmp) {
			try {
				fs.rmSync(this._tmp, { recursive: true, force: true });
			} catch (e) {
				/* ignore */
			}
			this._tmp = null;
		}
	}

	_tmpDir() {
		if (!this._tmp) this._tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-sandbox-'));
		return this._tmp;
	}

	_resetStats() {
		this.stats = {
			requests: 0,
			creates: 0,
			createRejectedRate: 0,
			createRejectedValidation: 0,
			createRejectedCredits: 0,
			createRejectedFetch: 0,
			recordInfo: 0,
			recordInfoRateViolations: 0,
			callbackAttempts: 0,
			callbacksDelivered: 0,
			callbacksFailed: 0,
			callbacksSkipped: 0,
			uploads: 0,
			uploadBytes: 0,
			fileBytesServed: 0,
			faultsApplied: 0,
		};
	}

	reset() {
		this._epoch++;
		this._timers.clearAll();
		for (const r of this._outgoing) r.destroy(new Error('sandbox reset'));
		this._outgoing.clear();
		this.requests.length = 0;
		this.callbacks.length = 0;
		this.tasks.clear();
		this._internals.clear();
		this.uploads.length = 0;
		for (const f of this._files.values()) f.discard();
		this._files.clear();
		this.faults.length = 0;
		this._rateWindows.clear();
		this._recordInfoWindows.clear();
		this._taskSeq = 0;
		this.credits = this.options.credits;
		this._resetStats();
		this.emit('reset');
	}

	/** Patch options at runtime (nested objects are merged). Affects tasks created afterwards. */
	configure(patch) {
		const p = Object.assign({}, patch || {});
		delete p.host;
		delete p.port;
		this.options = mergeOptions(this.options, p);
		// an explicit undefined / null unsets an optional setting (e.g. hmacKey)
		for (const k of Object.keys(p)) {
			if ((p[k] === undefined || p[k] === null) && DEFAULTS[k] === undefined) this.options[k] = undefined;
		}
		if (p.credits !== undefined) this.credits = Number(p.credits);
		return this.publicConfig();
	}

	publicConfig() {
		const o = clone(Object.assign({}, this.options, { logger: undefined }));
		o.currentCredits = this.credits;
		o.url = this.url;
		return o;
	}

	/* ---------------- faults ---------------- */

	addFault(fault) {
		if (!fault || typeof fault !== 'object' || !fault.type) throw new Error('fault needs a type');
		const known = ['code', 'http', 'delay', 'reset', 'acceptThenHang', 'acceptThenReset', 'callback', 'outcome'];
		if (!known.includes(fault.type)) throw new Error(`unknown fault type: ${fault.type}`);
		if (fault.type === 'outcome' && !FAILURE_STATUSES.includes(fault.status) && fault.status !== 'SUCCESS') {
			throw new Error(`unknown outcome status: ${fault.status}`);
		}
		const f = Object.assign({}, fault);
		f.id = ++this._faultSeq;
		if (f.times === undefined || f.times === null) f.times = 1;
		if (f.times === -1 || f.times === 'always') f.times = Infinity;
		f.afterCount = Number(f.afterCount || 0);
		f.seen = 0;
		f.applied = 0;
		this.faults.push(f);
		return f;
	}

	clearFaults() {
		this.faults.length = 0;
	}

	_faultMatchesPath(f, pathname, method) {
		if (f.method && String(f.method).toUpperCase() !== method) return false;
		if (!f.path) return CREATE_ROUTES.includes(pathname);
		const paths = Array.isArray(f.path) ? f.path : [f.path];
		return paths.some((p) => (p === '*' ? true : p.endsWith('*') ? pathname.startsWith(p.slice(0, -1)) : pathname === p));
	}

	/** Take the first applicable request-level fault for this request (consumes one use). */
	_takeRequestFault(pathname, method) {
		const reqTypes = ['code', 'http', 'delay', 'reset', 'acceptThenHang', 'acceptThenReset'];
		for (const f of this.faults) {
			if (!reqTypes.includes(f.type) || f.applied >= f.times) continue;
			if (!this._faultMatchesPath(f, pathname, method)) continue;
			f.seen++;
			if (f.seen <= f.afterCount) continue;
			f.applied++;
			this.stats.faultsApplied++;
			this._pruneFaults();
			return f;
		}
		return null;
	}

	/** Take task-level faults (callback, outcome) for a newly created task. */
	_takeTaskFaults(taskId) {
		const out = { callback: [], outcome: null };
		for (const f of this.faults) {
			if ((f.type !== 'callback' && f.type !== 'outcome') || f.applied >= f.times) continue;
			if (f.taskId && f.taskId !== taskId) continue;
			if (f.type === 'outcome' && out.outcome) continue;
			f.seen++;
			if (f.seen <= f.afterCount) continue;
			f.applied++;
			this.stats.faultsApplied++;
			if (f.type === 'outcome') out.outcome = f;
			else out.callback.push(f);
		}
		this._pruneFaults();
		return out;
	}

	_pruneFaults() {
		for (let i = this.faults.length - 1; i >= 0; i--) if (this.faults[i].applied >= this.faults[i].times) this.faults.splice(i, 1);
	}

	/* ---------------- HTTP plumbing ---------------- */

	_log(line) {
		if (typeof this.options.logger === 'function') this.options.logger(line);
	}

	_sendJson(res, status, obj, extraHeaders) {
		if (res.destroyed || res.writableEnded) return;
		const body = Buffer.from(JSON.stringify(obj));
		res.writeHead(status, Object.assign({ 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': body.length, 'X-Kie-Sandbox': 'test-double' }, extraHeaders || {}));
		res.end(body);
	}

	_envelope(res, code, msg, data, httpStatus, headers) {
		this._sendJson(res, httpStatus || 200, { code, msg: msg === undefined ? CODE_MESSAGES[code] || 'error' : msg, data: data === undefined ? null : data }, headers);
	}

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
	}

	_drain(req) {
		return new Promise((resolve) => {
			let size = 0;
			req.on('data', (c) => (size += c.length));
			req.on('end', () => resolve(size));
			req.on('error', () => resolve(size));
			req.on('close', () => resolve(size));
			req.resume();
		});
	}

	_record(req, pathname, query, body, bodyBytes) {
		const rec = { method: req.method, path: pathname, query, headers: Object.assign({}, req.headers), body, bodyBytes, time: Date.now() };
		this.requests.push(rec);
		if (this.requests.length > this.options.maxRecordedRequests) this.requests.splice(0, this.requests.length - this.options.maxRecordedRequests);
		this.stats.requests++;
		return rec;
	}

	_apiKeyOf(req) {
		const h = req.headers.authorization || '';
		const m = /^Bearer\s+(.+)$/i.exec(h.trim());
		if (!m) return null;
		const key = m[1].trim();
		return this.options.apiKeys.includes(key) ? key : null;
	}

	async _handle(req, res) {
		const u = new URL(req.url, 'http://sandbox.local');
		const pathname = u.pathname;
		const method = req.method.toUpperCase();
		const query = Object.fromEntries(u.searchParams.entries());

		if (pathname === '/__sandbox' || pathname.startsWith('/__sandbox/')) return this._handleControl(req, res, pathname, method, query);

		const isCreate = CREATE_ROUTES.includes(pathname);
		const isUpload = UPLOAD_ROUTES.includes(pathname);
		const isStreamUpload = pathname === '/api/file-stream-upload';
		const fault = this._takeRequestFault(pathname, method);

		// Body: JSON routes are read whole; stream uploads are parsed as they arrive (or drained when a fault answers).
		let body;
		let bodyBytes = 0;
		let raw = null;
		let rec;
		if (isStreamUpload && method === 'POST' && (!fault || fault.type === 'delay' || fault.type.startsWith('accept'))) {
			rec = this._record(req, pathname, query, undefined, 0);
		} else if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
			if (isStreamUpload) {
				bodyBytes = await this._drain(req);
			} else {
				const r = await this._readBody(req, this.options.maxJsonBytes);
				bodyBytes = r.size;
				raw = r.buffer;
				if (raw && raw.length) {
					try {
						body = JSON.parse(raw.toString('utf8'));
					} catch (e) {
						body = undefined;
					}
				}
				if (r.tooBig) raw = null;
			}
			rec = this._record(req, pathname, query, this._recordableBody(pathname, body), bodyBytes);
		} else {
			rec = this._record(req, pathname, query, undefined, 0);
		}
		this._log(`${method} ${pathname}${fault ? ` [fault ${fault.type}]` : ''}`);

		if (fault) {
			const handled = await this._applyRequestFault(fault, req, res, pathname, isUpload);
			if (handled === 'done') return;
		}

		const hangOrReset = fault && (fault.type === 'acceptThenHang' || fault.type === 'acceptThenReset') ? fault : null;
		const target = hangOrReset ? this._holdingResponse(res, hangOrReset) : res;
		const ctx = { req, res: target, pathname, method, query, body, raw, rec };

		if (isCreate) {
			if (method !== 'POST') return this._notFound(target, pathname);
			return this._handleCreate(ctx);
		}
		if (pathname === '/api/v1/chat/credit') {
			if (method !== 'GET') return this._notFound(target, pathname);
			if (!this._apiKeyOf(req)) return this._envelope(target, 401);
			return this._envelope(target, 200, 'success', this.credits);
		}
		if (pathname === '/api/v1/generate/record-info') {
			if (method !== 'GET') return this._notFound(target, pathname);
			return this._handleRecordInfo(ctx);
		}
		if (isUpload) {
			if (method !== 'POST') return this._sendJson(target, 405, { success: false, code: 405, msg: CODE_MESSAGES[405], data: null });
			return this._handleUpload(ctx);
		}
		if (method === 'GET' || method === 'HEAD') {
			if (pathname.startsWith('/files/') || pathname.startsWith('/source/')) return this._serveGenerated(req, target, pathname, false);
			if (pathname.startsWith('/stream/')) return this._serveGenerated(req, target, pathname, true, query);
			if (pathname.startsWith('/uploads/')) return this._serveUpload(req, target, pathname);
		}
		return this._notFound(target, pathname);
	}

	_notFound(res, pathname) {
		this._sendJson(res, 404, { code: 404, msg: `Not Found: ${pathname}`, data: null });
	}

	_recordableBody(pathname, body) {
		if (pathname === '/api/file-base64-upload' && isPlainObject(body) && typeof body.base64Data === 'string' && body.base64Data.length > 1024) {
			return Object.assign({}, body, { base64Data: `${body.base64Data.slice(0, 64)}...(${body.base64Data.length} chars, truncated by the sandbox)` });
		}
		return body;
	}

	/** Returns 'done' when the fault answered (or killed) the request; otherwise processing continues. */
	async _applyRequestFault(f, req, res, pathname, isUpload) {
		switch (f.type) {
			case 'delay':
				await sleep(Number(f.ms || 0), this._timers);
				if (this._closed) return 'done';
				return 'continue';
			case 'reset':
				req.socket.destroy();
				return 'done';
			case 'code': {
				const code = Number(f.code || 500);
				const msg = f.msg !== undefined ? f.msg : CODE_MESSAGES[code] || 'error';
				if (isUpload) this._sendJson(res, 200, { success: false, code, msg, data: null });
				else this._envelope(res, code, msg, f.data === undefined ? null : f.data);
				return 'done';
			}
			case 'http': {
				const status = Number(f.status || 500);
				const headers = { 'X-Kie-Sandbox': 'test-double' };
				if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
				let body;
				let ctype;
				if (f.body !== undefined) {
					body = typeof f.body === 'string' ? f.body : JSON.stringify(f.body);
					ctype = f.contentType || (typeof f.body === 'string' ? 'text/plain; charset=UTF-8' : 'application/json');
				} else if (status === 502 || status === 503 || status === 504) {
					const title = { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' }[status];
					body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>cloudflare (Kie sandbox fault)</center>\r\n</body>\r\n</html>\r\n`;
					ctype = 'text/html';
				} else {
					body = JSON.stringify({ code: status, msg: f.msg || http.STATUS_CODES[status] || 'error', data: null });
					ctype = 'application/json';
				}
				headers['Content-Type'] = ctype;
				headers['Content-Length'] = Buffer.byteLength(body);
				res.writeHead(status, headers);
				res.end(body);
				return 'done';
			}
			default:
				return 'continue'; // acceptThenHang / acceptThenReset: processed normally, response withheld
		}
	}

	/**
	 * A stand-in response object for acceptThen* faults: the request is processed for real (a task
	 * is created), but what would be sent is withheld; the socket is destroyed at once (reset) or
	 * after `ms` (hang; forever when no ms). With `thenRespond: true` a hang answers normally after `ms`.
	 */
	_holdingResponse(res, f) {
		const self = this;
		const fake = {
			headersSent: false,
			writableEnded: false,
			get destroyed() {
				return res.destroyed;
			},
			writeHead(status, headers) {
				this._status = status;
				this._headers = headers;
				this.headersSent = true;
				return this;
			},
			setHeader() {},
			end(body) {
				this.writableEnded = true;
				if (f.type === 'acceptThenReset') {
					res.socket && res.socket.destroy();
					return;
				}
				if (f.ms === undefined || f.ms === null) return; // hang until the client gives up or the sandbox closes
				self._timers.later(() => {
					if (res.destroyed) return;
					if (f.thenRespond) {
						res.writeHead(this._status || 200, this._headers || {});
						res.end(body);
					} else if (res.socket) res.socket.destroy();
				}, Number(f.ms));
			},
			destroy() {
				res.destroy();
			},
		};
		return fake;
	}

	/* ---------------- create ---------------- */

	_validate(kind, body) {
		const o = this.options;
		const allowed =
			kind === 'add-vocals'
				? ['uploadUrl', 'prompt', 'title', 'negativeTags', 'style', 'callBackUrl', 'model', 'vocalGender', 'styleWeight', 'weirdnessConstraint', 'audioWeight']
				: ['uploadUrl', 'title', 'negativeTags', 'tags', 'callBackUrl', 'model', 'vocalGender', 'styleWeight', 'weirdnessConstraint', 'audioWeight'];
		const required = kind === 'add-vocals' ? ['uploadUrl', 'prompt', 'title', 'negativeTags', 'style', 'callBackUrl'] : ['uploadUrl', 'title', 'negativeTags', 'tags', 'callBackUrl'];
		if (o.strictFields) {
			for (const k of Object.keys(body)) if (!allowed.includes(k)) return { code: 422, msg: `unknown field: ${k}` };
		}
		for (const k of required) {
			const v = body[k];
			if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
				return o.missingFieldStyle === '500' ? { code: 500, msg: 'This field is required' } : { code: 422, msg: `${k} is required` };
			}
			if (typeof v !== 'string') return { code: 422, msg: `${k} must be a string` };
		}
		for (const k of ['uploadUrl', 'callBackUrl']) {
			let ok = false;
			try {
				const u = new URL(body[k]);
				ok = u.protocol === 'http:' || u.protocol === 'https:';
			} catch (e) {
				ok = false;
			}
			if (!ok) return { code: 422, msg: `${k} must be a valid http(s) URL` };
		}
		if (kind === 'add-instrumental') {
			if (body.negativeTags.length > 200) return { code: 422, msg: 'negativeTags must be at most 200 characters' };
			if (body.tags.length > 1000) return { code: 422, msg: 'tags must be at most 1000 characters' };
		}
		if (body.model !== undefined && !['V4_5PLUS', 'V5', 'V5_5'].includes(body.model)) {
			return { code: 422, msg: 'model must be one of V4_5PLUS, V5, V5_5' };
		}
		if (body.vocalGender !== undefined && !['m', 'f'].includes(body.vocalGender)) return { code: 422, msg: 'vocalGender must be one of m, f' };
		for (const k of ['styleWeight', 'weirdnessConstraint', 'audioWeight']) {
			const v = body[k];
			if (v === undefined) continue;
			if (typeof v !== 'number' || !Number.isFinite(v)) return { code: 422, msg: `${k} must be a number` };
			if (v < 0 || v > 1) return { code: 422, msg: `${k} must be between 0 and 1` };
			if (Math.abs(v * 100 - Math.round(v * 100)) > 1e-9) return { code: 422, msg: `${k} must have at most 2 decimal places` };
		}
		return null;
	}

	_rateCheck(apiKey) {
		const { max, windowMs } = this.options.rateLimit;
		const now = Date.now();
		const arr = (this._rateWindows.get(apiKey) || []).filter((t) => now - t < windowMs);
		this._rateWindows.set(apiKey, arr);
		if (arr.length >= max) return { limited: true, retryAfterSec: Math.max(1, Math.ceil((arr[0] + windowMs - now) / 1000)) };
		return { limited: false };
	}

	_rateLimited(res, msg, retryAfterSec) {
		if (this.options.rateLimit.response === 'http') {
			this._sendJson(res, 429, { code: 429, msg, data: null }, { 'Retry-After': String(retryAfterSec) });
		} else {
			this._envelope(res, 429, msg);
		}
	}

	async _handleCreate(ctx) {
		const { req, res, pathname, body } = ctx;
		const kind = pathname.endsWith('add-vocals') ? 'add-vocals' : 'add-instrumental';
		const apiKey = this._apiKeyOf(req);
		if (!apiKey) return this._envelope(res, 401);
		const rate = this._rateCheck(apiKey);
		if (rate.limited) {
			this.stats.createRejectedRate++;
			const { max, windowMs } = this.options.rateLimit;
			return this._rateLimited(res, `Rate limited: at most ${max} new generation requests per ${windowMs / 1000} seconds`, rate.retryAfterSec);
		}
		if (!isPlainObject(body)) {
			this.stats.createRejectedValidation++;
			return this._envelope(res, 400, CODE_MESSAGES[400]);
		}
		const invalid = this._validate(kind, body);
		if (invalid) {
			this.stats.createRejectedValidation++;
			return this._envelope(res, invalid.code, invalid.msg);
		}
		const cost = Number(this.options.creditsPerTask || 0);
		if (this.credits < cost) {
			this.stats.createRejectedCredits++;
			return this._envelope(res, 402, 'Insufficient credits');
		}
		let source = null;
		if (this.options.fetchUploadUrl) {
			let host = '';
			try {
				host = new URL(body.uploadUrl).hostname;
			} catch (e) {
				host = '';
			}
			if (isLoopbackHostname(host)) {
				source = await this._fetchLoopback(body.uploadUrl, this.options.fetchTimeoutMs, null);
				if (!source.ok) {
					this.stats.createRejectedFetch++;
					return this._envelope(res, 451, CODE_MESSAGES[451]);
				}
				source = { url: body.uploadUrl, status: source.status, bytes: source.bytes, sha256: source.sha256, contentType: source.contentType };
			}
		}
		if (this._closed) return;
		// re-check the window (another create may have been accepted while the source was fetched)
		const rate2 = this._rateCheck(apiKey);
		if (rate2.limited) {
			this.stats.createRejectedRate++;
			const { max, windowMs } = this.options.rateLimit;
			return this._rateLimited(res, `Rate limited: at most ${max} new generation requests per ${windowMs / 1000} seconds`, rate2.retryAfterSec);
		}
		this._rateWindows.get(apiKey).push(Date.now());
		this.credits -= cost;
		const task = this._createTask(kind, body, apiKey, source);
		this._envelope(res, 200, 'success', { taskId: task.taskId });
	}

	_createTask(kind, body, apiKey, source) {
		const taskId = crypto.randomBytes(16).toString('hex');
		const seq = ++this._taskSeq;
		const o = this.options;
		const fmt = o.createTimeFormat === 'alternate' ? (seq % 2 === 1 ? 'ms' : 'string') : o.createTimeFormat === 'string' ? 'string' : 'ms';
		const createdAt = Date.now();
		const base = this.url;
		const n = Math.max(1, Number(o.tracksPerTask) || 1);
		const audioBytes = Math.max(0, Math.floor(Number(o.audioBytes) || 0));
		const duration = Math.round(((audioBytes * 8) / 128000) * 100) / 100;
		const tracks = [];
		for (let i = 1; i <= n; i++) {
			const ct = createdAt + i * 1000;
			tracks.push({
				id: crypto.randomUUID(),
				audioUrl: `${base}/files/${taskId}/${i}.mp3`,
				streamAudioUrl: `${base}/stream/${taskId}/${i}`,
				imageUrl: `${base}/files/${taskId}/${i}.jpeg`,
				sourceAudioUrl: `${base}/source/${taskId}/${i}.mp3`,
				sourceStreamAudioUrl: `${base}/stream/${taskId}/${i}?source=1`,
				sourceImageUrl: `${base}/source/${taskId}/${i}.jpeg`,
				prompt: kind === 'add-vocals' ? body.prompt : '',
				modelName: o.modelName,
				title: body.title,
				tags: kind === 'add-vocals' ? body.style : body.tags,
				createTime: fmt === 'ms' ? ct : formatDateTime(ct),
				duration,
			});
		}

		// outcome: fault first, else a [sandbox:...] marker in the title
		const faults = this._takeTaskFaults(taskId);
		const markers = this._parseMarkers(body.title);
		let outcome = null;
		if (faults.outcome && faults.outcome.status !== 'SUCCESS') outcome = this._outcomeFrom(faults.outcome);
		else if (!faults.outcome && markers.status) outcome = this._outcomeFrom({ status: markers.status, after: markers.after, shape: markers.shape });
		const cb = { drop: [], duplicate: 1, order: 'normal', lateMs: 0, signature: 'valid' };
		for (const f of faults.callback) {
			if (f.drop) cb.drop.push(...(Array.isArray(f.drop) ? f.drop : [f.drop]));
			if (f.duplicate) cb.duplicate = Math.max(1, Number(f.duplicate));
			if (f.order) cb.order = f.order;
			if (f.lateMs) cb.lateMs = Number(f.lateMs);
			if (f.signature) cb.signature = f.signature;
		}
		if (markers.completeOnly) cb.drop.push('text', 'first');

		const d = o.stageDelaysMs || {};
		const t1 = Number(d.text || 0);
		const t2 = t1 + Number(d.first || 0);
		const t3 = t2 + Number(d.complete || 0);
		let plan;
		if (!outcome) plan = [['text', t1], ['first', t2], ['complete', t3]];
		else if (outcome.after === 'create') plan = [['error', t1]];
		else if (outcome.after === 'text') plan = [['text', t1], ['error', t2]];
		else plan = [['text', t1], ['first', t2], ['error', t3]];

		const task = {
			taskId,
			kind,
			operationType: kind === 'add-vocals' ? 'add_vocals' : 'add_instrumental',
			body: clone(body),
			apiKey,
			status: 'PENDING',
			createdAt,
			seq,
			createTimeFormat: fmt,
			stages: {}, // stage -> time reached
			timeline: plan.map(([stage, ms]) => ({ stage, dueAt: createdAt + ms, reachedAt: null })),
			tracks,
			visibleTracks: 0,
			outcome: outcome ? clone(outcome) : null,
			callbackFaults: clone(cb),
			errorCode: null,
			errorMessage: null,
			source,
		};
		this.tasks.set(taskId, task);
		const internal = { epoch: this._epoch, timers: [], pending: plan.slice(), chain: Promise.resolve(), held: [] };
		this._internals.set(taskId, internal);
		this.stats.creates++;
		for (const [stage, ms] of plan) {
			internal.timers.push(this._timers.later(() => this._runStage(task, stage), ms));
		}
		this.emit('task', task);
		return task;
	}

	_parseMarkers(title) {
		const out = {};
		const re = /\[sandbox:([^\]]+)\]/gi;
		let m;
		while ((m = re.exec(String(title || '')))) {
			const tok = m[1].trim();
			const up = tok.toUpperCase();
			if (FAILURE_STATUSES.includes(up)) out.status = up;
			else if (/^after=/i.test(tok)) out.after = tok.slice(6).toLowerCase();
			else if (/^shape=/i.test(tok)) out.shape = tok.slice(6);
			else if (/^complete-only$/i.test(tok)) out.completeOnly = true;
		}
		return out;
	}

	_outcomeFrom(f) {
		const status = typeof f === 'string' ? f : f.status;
		const d = FAILURE_DEFAULTS[status];
		const o = typeof f === 'string' ? {} : f;
		let after = o.after || d.after;
		if (!['create', 'text', 'first'].includes(after)) after = d.after;
		return {
			status,
			after,
			shape: (o.shape || this.options.failureShape) === 'S' ? 'S' : 'kie',
			code: o.code !== undefined ? Number(o.code) : d.code,
			msg: o.msg !== undefined ? o.msg : d.msg,
			error: o.error !== undefined ? o.error : d.error,
		};
	}

	_runStage(task, stage) {
		const internal = this._internals.get(task.taskId);
		if (!internal || internal.epoch !== this._epoch || this._closed) return;
		const idx = internal.pending.findIndex((p) => p[0] === stage);
		if (idx < 0) return;
		internal.pending.splice(idx, 1);
		const now = Date.now();
		task.stages[stage] = now;
		const tl = task.timeline.find((t) => t.stage === stage && !t.reachedAt);
		if (tl) tl.reachedAt = now;
		let payload;
		if (stage === 'error') {
			const oc = task.outcome;
			task.status = oc.status;
			task.errorCode = oc.code;
			task.errorMessage = oc.error;
			if (oc.shape === 'S') payload = { code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: task.taskId, data: null } };
			else payload = { code: oc.code, msg: oc.msg, data: { callbackType: 'error', task_id: task.taskId, error: oc.error } };
		} else {
			task.status = STAGE_STATUS[stage];
			task.visibleTracks = stage === 'text' ? 0 : stage === 'first' ? 1 : task.tracks.length;
			const tracks = task.tracks.slice(0, task.visibleTracks).map(toSnakeTrack);
			payload = { code: 200, msg: STAGE_MSG[stage], data: { callbackType: stage, task_id: task.taskId, data: tracks } };
		}
		this.emit('stage', { taskId: task.taskId, stage, status: task.status });
		this._scheduleCallback(task, stage, payload);
	}

	/** Force a task to finish now. outcome: undefined/'SUCCESS' runs the remaining stages; a failure status (or {status,...}) ends it with that failure. */
	completeTask(taskId, outcome) {
		const task = this.tasks.get(taskId);
		const internal = this._internals.get(taskId);
		if (!task || !internal) throw new Error(`unknown task ${taskId}`);
		for (const t of internal.timers) this._timers.cancel(t);
		internal.timers = [];
		const oc = outcome && (typeof outcome === 'string' ? outcome : outcome.status);
		if (oc && oc !== 'SUCCESS') {
			if (!FAILURE_STATUSES.includes(oc)) throw new Error(`unknown outcome status: ${oc}`);
			task.outcome = this._outcomeFrom(typeof outcome === 'string' ? { status: oc } : outcome);
			internal.pending = [['error', 0]];
			task.timeline = task.timeline.filter((t) => t.reachedAt).concat([{ stage: 'error', dueAt: Date.now(), reachedAt: null }]);
		} else if (oc === 'SUCCESS' && task.outcome) {
			task.outcome = null;
			const done = new Set(Object.keys(task.stages));
			internal.pending = ['text', 'first', 'complete'].filter((s) => !done.has(s)).map((s) => [s, 0]);
		}
		for (const [stage] of internal.pending.slice()) this._runStage(task, stage);
		return task;
	}

	/* ---------------- callbacks ---------------- */

	_scheduleCallback(task, stage, payload) {
		const internal = this._internals.get(task.taskId);
		const cf = task.callbackFaults;
		const url = task.body.callBackUrl;
		if (cf.drop.includes(stage)) {
			this._recordCallback({ taskId: task.taskId, stage, url, status: 'dropped (sandbox fault)', headers: {}, body: payload, attempt: 0, time: Date.now() });
			return;
		}
		const terminal = stage === 'complete' || stage === 'error';
		if (cf.order === 'reverse') {
			internal.held.push([stage, payload]);
			if (!terminal) return;
			const items = internal.held.splice(0).reverse();
			for (const [s, p] of items) this._enqueueDelivery(task, s, p);
			return;
		}
		this._enqueueDelivery(task, stage, payload);
	}

	_enqueueDelivery(task, stage, payload) {
		const internal = this._internals.get(task.taskId);
		const epoch = internal.epoch;
		const cf = task.callbackFaults;
		internal.chain = internal.chain
			.then(async () => {
				if (cf.lateMs) await sleep(cf.lateMs, this._timers);
				for (let i = 0; i < cf.duplicate; i++) {
					if (this._closed || epoch !== this._epoch) return;
					await this._deliver(task, stage, payload, epoch);
				}
			})
			.catch(() => {});
	}

	_recordCallback(entry) {
		this.callbacks.push(entry);
		if (this.callbacks.length > this.options.maxRecordedCallbacks) this.callbacks.splice(0, this.callbacks.length - this.options.maxRecordedCallbacks);
		if (entry.attempt === 0) this.stats.callbacksSkipped++;
		this.emit('callback', entry);
	}

	async _deliver(task, stage, payload, epoch) {
		const url = task.body.callBackUrl;
		let u;
		try {
			u = new URL(url);
		} catch (e) {
			u = null;
		}
		if (!u || !isLoopbackHostname(u.hostname) || u.protocol !== 'http:') {
			this._recordCallback({
				taskId: task.taskId,
				stage,
				url,
				status: 'skipped: the sandbox only calls back http:// loopback URLs',
				headers: {},
				body: payload,
				attempt: 0,
				time: Date.now(),
			});
			return;
		}
		const { retries, retryDelayMs, timeoutMs } = this.options.callbacks;
		const maxAttempts = 1 + Math.max(0, Number(retries) || 0);
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			if (this._closed || epoch !== this._epoch) return;
			const bodyStr = JSON.stringify(payload);
			const headers = {
				'Content-Type': 'application/json',
				'Content-Length': String(Buffer.byteLength(bodyStr)),
				'User-Agent': 'KieSandbox/1.0 (local test double, not Kie)',
			};
			const key = this.options.hmacKey;
			if (key) {
				const sig = task.callbackFaults.signature;
				let ts = Math.floor(Date.now() / 1000);
				if (sig === 'stale') ts -= 3600;
				if (sig !== 'missing') {
					headers['X-Webhook-Timestamp'] = String(ts);
					headers['X-Webhook-Signature'] =
						sig === 'bad'
							? crypto.createHmac('sha256', 'wrong-key').update(`${task.taskId}.${ts}`).digest('base64')
							: crypto.createHmac('sha256', key).update(`${task.taskId}.${ts}`).digest('base64');
				}
			}
			const started = Date.now();
			const result = await this._post(u, headers, bodyStr, Number(timeoutMs) || 15000);
			if (epoch !== this._epoch) return;
			const ok = typeof result.status === 'number' && result.status >= 200 && result.status < 300;
			this.stats.callbackAttempts++;
			if (ok) this.stats.callbacksDelivered++;
			this._recordCallback({
				taskId: task.taskId,
				stage,
				url,
				status: result.status,
				headers,
				body: payload,
				attempt,
				time: started,
				durationMs: Date.now() - started,
				responseBody: result.body,
			});
			if (ok) return;
			if (attempt === maxAttempts) {
				this.stats.callbacksFailed++;
				return;
			}
			await sleep(Number(retryDelayMs) || 0, this._timers);
		}
	}

	_post(u, headers, bodyStr, timeoutMs) {
		return new Promise((resolve) => {
			let done = false;
			const finish = (r) => {
				if (done) return;
				done = true;
				this._outgoing.delete(req);
				resolve(r);
			};
			const req = http.request(
				{
					hostname: u.hostname.replace(/^\[|\]$/g, ''),
					port: u.port || 80,
					path: `${u.pathname}${u.search}`,
					method: 'POST',
					headers,
					lookup: loopbackLookup,
					agent: false,
				},
				(res) => {
					const chunks = [];
					let size = 0;
					res.on('data', (c) => {
						if (size < 4096) chunks.push(c);
						size += c.length;
					});
					res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }));
					res.on('error', (e) => finish({ status: `error: ${e.message}` }));
				},
			);
			this._outgoing.add(req);
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
			req.on('error', (e) => finish({ status: `error: ${e.code || ''}${e.code ? ' ' : ''}${e.message}` }));
			req.end(bodyStr);
		});
	}

	/** GET a loopback URL and consume it (sha256 + size, optionally into a StoredFile). */
	_fetchLoopback(url, timeoutMs, sink) {
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
				this._outgoing.delete(req);
				resolve(r);
			};
			const req = http.request(
				{
					hostname: u.hostname.replace(/^\[|\]$/g, ''),
					port: u.port || 80,
					path: `${u.pathname}${u.search}`,
					method: 'GET',
					headers: { 'User-Agent': 'KieSandbox/1.0 (local test double, not Kie)' },
					lookup: loopbackLookup,
					agent: false,
				},
				(res) => {
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
				},
			);
			this._outgoing.add(req);
			req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
			req.on('error', (e) => finish({ ok: false, error: e.message }));
			req.end();
		});
	}

	/* ---------------- record-info ---------------- */

	_handleRecordInfo(ctx) {
		const { req, res, query } = ctx;
		if (!this._apiKeyOf(req)) return this._envelope(res, 401);
		this.stats.recordInfo++;
		const taskId = query.taskId;
		if (!taskId) return this._envelope(res, 422, 'taskId is required');
		const { max, windowMs } = this.options.recordInfoRateLimit;
		const now = Date.now();
		const arr = (this._recordInfoWindows.get(taskId) || []).filter((t) => now - t < windowMs);
		this._recordInfoWindows.set(taskId, arr);
		if (arr.length >= max) {
			this.stats.recordInfoRateViolations++;
			return this._rateLimited(res, `Rate limited: at most ${max} record-info requests per second per task`, 1);
		}
		arr.push(now);
		const task = this.tasks.get(taskId);
		if (!task) return this._envelope(res, 200, 'success', null);
		this._envelope(res, 200, 'success', this.recordInfoData(task));
	}

	/** The `data` object record-info returns for a task (Kie's documented shape). */
	recordInfoData(task) {
		let sunoData = null;
		if (task.status !== 'PENDING' && !(task.outcome && task.outcome.after === 'create' && FAILURE_STATUSES.includes(task.status))) {
			sunoData = task.tracks.slice(0, task.visibleTracks).map((t) => Object.assign({}, t));
		}
		return {
			taskId: task.taskId,
			parentMusicId: '',
			param: JSON.stringify(task.body),
			response: { taskId: task.taskId, sunoData },
			status: task.status,
			type: 'GENERATE',
			operationType: task.operationType,
			errorCode: task.errorCode,
			errorMessage: task.errorMessage,
		};
	}

	/* ---------------- generated files ---------------- */

	_parseRange(header, size) {
		if (!header) return null;
		const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
		if (!m) return null;
		let start;
		let end;
		if (m[1] === '' && m[2] === '') return null;
		if (m[1] === '') {
			start = Math.max(0, size - Number(m[2]));
			end = size - 1;
		} else {
			start = Number(m[1]);
			end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
		}
		if (start > end || start >= size) return 'unsatisfiable';
		return { start, end };
	}

	_serveBytes(req, res, { size, contentType, open, chunked, extraHeaders }) {
		const headers = Object.assign({ 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store', 'X-Kie-Sandbox': 'test-double' }, extraHeaders || {});
		let start = 0;
		let end = size - 1;
		let status = 200;
		const range = chunked ? null : this._parseRange(req.headers.range, size);
		if (range === 'unsatisfiable') {
			res.writeHead(416, Object.assign(headers, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }));
			return res.end();
		}
		if (range) {
			start = range.start;
			end = range.end;
			status = 206;
			headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
		}
		if (!chunked) headers['Content-Length'] = String(Math.max(0, end - start + 1));
		res.writeHead(status, headers);
		if (req.method === 'HEAD' || size === 0) return res.end();
		const stream = open(start, end);
		stream.on('data', (c) => (this.stats.fileBytesServed += c.length));
		pipeline(stream, res, () => {});
	}

	_serveGenerated(req, res, pathname, isStream, query) {
		let m;
		let taskId;
		let n;
		let ext;
		if (isStream) {
			m = /^\/stream\/([0-9a-f]+)\/(\d+)$/.exec(pathname);
			if (m) {
				taskId = m[1];
				n = Number(m[2]);
				ext = 'mp3';
			}
		} else {
			m = /^\/(?:files|source)\/([0-9a-f]+)\/(\d+)\.(mp3|jpeg)$/.exec(pathname);
			if (m) {
				taskId = m[1];
				n = Number(m[2]);
				ext = m[3];
			}
		}
		const task = taskId && this.tasks.get(taskId);
		if (!task || n < 1 || n > task.tracks.length) return this._notFound(res, pathname);
		const seed = `${taskId}/${n}${(query && query.source) || pathname.startsWith('/source/') ? '/source' : ''}`;
		if (ext === 'jpeg') {
			const bytes = generatedImageBytes(seed);
			return this._serveBytes(req, res, { size: bytes.length, contentType: 'image/jpeg', open: (s, e) => Readable.from([bytes.subarray(s, e + 1)]) });
		}
		const size = Math.max(0, Math.floor(Number(this.options.audioBytes) || 0));
		return this._serveBytes(req, res, {
			size,
			contentType: 'audio/mpeg',
			chunked: isStream,
			open: (s, e) => generatedAudioStream(seed, size, s, e),
		});
	}

	/** sha256 (hex) of what /files/<taskId>/<n>.mp3 serves with the current audioBytes. */
	expectedAudioSha256(taskId, n) {
		return generatedAudioSha256(taskId, n, Math.max(0, Math.floor(Number(this.options.audioBytes) || 0)));
	}

	/* ---------------- uploads ---------------- */

	_uploadError(res, code, msg) {
		this._sendJson(res, 200, { success: false, code, msg, data: null });
	}

	_normalizeUploadPath(p) {
		if (p === undefined || p === null) return '';
		return String(p)
			.split('/')
			.filter((s) => s && s !== '.' && s !== '..')
			.join('/');
	}

	_finishUpload(res, route, file, fileName, uploadPath, mimeType) {
		const up = this._normalizeUploadPath(uploadPath);
		const name = fileName && String(fileName).trim() ? path.posix.basename(String(fileName).trim()) : `${crypto.randomBytes(8).toString('hex')}`;
		const filePath = up ? `${up}/${name}` : name;
		const downloadUrl = `${this.url}/uploads/${filePath.split('/').map(encodeURIComponent).join('/')}`;
		const old = this._files.get(filePath);
		if (old && old !== file) old.discard();
		file.mimeType = mimeType;
		this._files.set(filePath, file);
		const uploadedAt = new Date().toISOString();
		const entry = {
			route,
			fileName: name,
			uploadPath: up,
			filePath,
			bytes: file.size,
			sha256: file.sha256,
			mimeType,
			downloadUrl,
			storage: file.diskPath ? 'disk' : 'memory',
			uploadedAt,
		};
		this.uploads.push(entry);
		this.stats.uploads++;
		this.stats.uploadBytes += file.size;
		this.emit('upload', entry);
		this._sendJson(res, 200, {
			success: true,
			code: 200,
			msg: 'File uploaded successfully',
			data: { fileName: name, filePath, downloadUrl, fileSize: file.size, mimeType, uploadedAt },
		});
	}

	async _handleUpload(ctx) {
		const { req, res, pathname, body } = ctx;
		if (!this._apiKeyOf(req)) {
			if (pathname === '/api/file-stream-upload' && !req.readableEnded) await this._drain(req);
			return this._uploadError(res, 401, CODE_MESSAGES[401]);
		}
		if (pathname === '/api/file-stream-upload') return this._handleStreamUpload(ctx);
		if (!isPlainObject(body)) return this._uploadError(res, 400, 'The parameter is not in a valid JSON format');
		if (pathname === '/api/file-base64-upload') {
			let data = body.base64Data;
			if (typeof data !== 'string' || !data.trim()) return this._uploadError(res, 400, 'base64Data is required');
			let mimeFromUrl;
			const dm = /^data:([^;,]*)(?:;[^,]*)?;base64,/i.exec(data.slice(0, 256));
			if (dm) {
				mimeFromUrl = dm[1] || undefined;
				data = data.slice(dm[0].length);
			}
			const clean = data.replace(/\s+/g, '');
			if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return this._uploadError(res, 400, 'base64Data is not valid base64');
			const buf = Buffer.from(clean, 'base64');
			if (!buf.length) return this._uploadError(res, 400, 'base64Data is empty');
			const file = new StoredFile(this);
			try {
				await file.write(buf);
				await file.end();
			} catch (e) {
				file.discard();
				return this._uploadError(res, e.code413 ? 413 : 500, e.message);
			}
			const name = body.fileName;
			return this._finishUpload(res, 'base64', file, name, body.uploadPath, guessMime(name, mimeFromUrl));
		}
		// file-url-upload
		const fileUrl = body.fileUrl;
		if (typeof fileUrl !== 'string' || !fileUrl.trim()) return this._uploadError(res, 400, 'fileUrl is required');
		let u;
		try {
			u = new URL(fileUrl);
		} catch (e) {
			return this._uploadError(res, 400, 'fileUrl must be a valid http(s) URL');
		}
		if (u.protocol !== 'http:' && u.protocol !== 'https:') return this._uploadError(res, 400, 'fileUrl must be a valid http(s) URL');
		if (!isLoopbackHostname(u.hostname) || u.protocol !== 'http:') {
			return this._uploadError(res, 400, 'Failed to download file from URL (the sandbox only fetches http:// loopback URLs)');
		}
		const file = new StoredFile(this);
		const r = await this._fetchLoopback(fileUrl, this.options.fetchTimeoutMs, file);
		if (!r.ok) {
			file.discard();
			return this._uploadError(res, 400, `Failed to download file from URL: ${r.error}`);
		}
		await file.end();
		const name = body.fileName || `${crypto.randomBytes(8).toString('hex')}${extOf(u.pathname)}`;
		return this._finishUpload(res, 'url', file, name, body.uploadPath, guessMime(name, r.contentType));
	}

	async _handleStreamUpload(ctx) {
		const { req, res, rec } = ctx;
		const ctype = req.headers['content-type'] || '';
		const bm = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(ctype);
		if (!/^multipart\/form-data/i.test(ctype) || !bm) {
			rec.bodyBytes = await this._drain(req);
			return this._uploadError(res, 400, 'Content-Type must be multipart/form-data');
		}
		const fields = {};
		let file = null;
		let filePartName;
		let filePartType;
		const parser = new MultipartParser(bm[1] || bm[2], {
			onPart: (headers, name, filename) => {
				if (name === 'file' && !file) {
					file = new StoredFile(this);
					filePartName = filename;
					filePartType = headers['content-type'];
					return file;
				}
				if (filename !== undefined || name === 'file') {
					return { write() {}, end() {} };
				}
				const chunks = [];
				let size = 0;
				return {
					write(b) {
						if (size < 64 * 1024) chunks.push(Buffer.from(b));
						size += b.length;
					},
					end() {
						fields[name] = Buffer.concat(chunks).toString('utf8');
					},
				};
			},
		});
		let bytes = 0;
		req.on('data', (c) => (bytes += c.length));
		try {
			// not stream.pipeline: it would destroy the request (and the socket) on a parse error
			await new Promise((resolve, reject) => {
				parser.on('finish', resolve);
				parser.on('error', (err) => {
					req.unpipe(parser);
					reject(err);
				});
				req.on('aborted', () => reject(new Error('request aborted')));
				req.pipe(parser);
			});
		} catch (e) {
			rec.bodyBytes = bytes;
			if (file) file.discard();
			if (!req.readableEnded) req.resume();
			if (e && e.code413) return this._uploadError(res, 413, 'File too large');
			return this._uploadError(res, 400, `Malformed multipart body: ${e && e.message}`);
		}
		rec.bodyBytes = bytes;
		rec.body = Object.assign({}, fields, file ? { file: { fileName: filePartName, contentType: filePartType, bytes: file.size } } : {});
		if (!file || file.sha256 === null) {
			if (file) file.discard();
			return this._uploadError(res, 400, 'file is required');
		}
		const name = fields.fileName && fields.fileName.trim() ? fields.fileName : filePartName ? `${crypto.randomBytes(8).toString('hex')}${extOf(filePartName)}` : undefined;
		return this._finishUpload(res, 'stream', file, name, fields.uploadPath, guessMime(name, filePartType));
	}

	_serveUpload(req, res, pathname) {
		let filePath;
		try {
			filePath = pathname
				.slice('/uploads/'.length)
				.split('/')
				.map((s) => decodeURIComponent(s))
				.join('/');
		} catch (e) {
			return this._notFound(res, pathname);
		}
		const file = this._files.get(filePath);
		if (!file) return this._notFound(res, pathname);
		return this._serveBytes(req, res, { size: file.size, contentType: file.mimeType || 'application/octet-stream', open: (s, e) => file.createReadStream(s, e) });
	}

	/* ---------------- control API ---------------- */

	publicTask(task) {
		return Object.assign({}, task, { recordInfo: this.recordInfoData(task) });
	}

	async _handleControl(req, res, pathname, method, query) {
		let body;
		if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
			const r = await this._readBody(req, 10 * 1024 * 1024);
			if (r.buffer && r.buffer.length) {
				try {
					body = JSON.parse(r.buffer.toString('utf8'));
				} catch (e) {
					return this._sendJson(res, 400, { ok: false, error: 'body is not JSON' });
				}
			}
		}
		const sub = pathname.replace(/^\/__sandbox\/?/, '');
		const ok = (data) => this._sendJson(res, 200, data);
		try {
			if (method === 'GET' && sub === '') return ok({ sandbox: BANNER, url: this.url, stats: this.stats });
			if (method === 'GET' && sub === 'requests') {
				const since = query.since ? Number(query.since) : 0;
				return ok(this.requests.filter((r) => r.time >= since && (!query.path || r.path === query.path)));
			}
			if (method === 'GET' && sub === 'callbacks') return ok(this.callbacks.filter((c) => !query.taskId || c.taskId === query.taskId));
			if (method === 'GET' && sub === 'tasks') return ok(Array.from(this.tasks.values()).map((t) => this.publicTask(t)));
			const tm = /^tasks\/([^/]+)(\/complete)?$/.exec(sub);
			if (tm) {
				const task = this.tasks.get(tm[1]);
				if (!task) return this._sendJson(res, 404, { ok: false, error: 'unknown task' });
				if (method === 'GET' && !tm[2]) return ok(this.publicTask(task));
				if (method === 'POST' && tm[2]) return ok(this.publicTask(this.completeTask(task.taskId, body && (body.outcome || body.status))));
			}
			if (method === 'GET' && sub === 'uploads') return ok(this.uploads);
			if (method === 'GET' && sub === 'stats') return ok(this.stats);
			if (method === 'GET' && sub === 'faults') return ok(this.faults);
			if (method === 'POST' && sub === 'faults') {
				const list = Array.isArray(body) ? body : [body];
				const added = list.map((f) => this.addFault(f));
				return ok(Array.isArray(body) ? added : added[0]);
			}
			if ((method === 'DELETE' && sub === 'faults') || (method === 'POST' && sub === 'faults/clear')) {
				this.clearFaults();
				return ok({ ok: true });
			}
			if (method === 'POST' && sub === 'reset') {
				this.reset();
				return ok({ ok: true });
			}
			if (method === 'GET' && sub === 'config') return ok(this.publicConfig());
			if ((method === 'POST' || method === 'PATCH') && sub === 'config') return ok(this.configure(body || {}));
		} catch (e) {
			return this._sendJson(res, 400, { ok: false, error: e.message });
		}
		return this._sendJson(res, 404, { ok: false, error: `unknown sandbox control route ${method} ${pathname}` });
	}

	/* ---------------- waiting helpers for tests ---------------- */

	/** Resolve when predicate(sandbox) is truthy (checked every 10 ms); reject after timeoutMs. */
	waitFor(predicate, timeoutMs, label) {
		const limit = timeoutMs === undefined ? 10000 : timeoutMs;
		return new Promise((resolve, reject) => {
			const started = Date.now();
			const tick = () => {
				let v;
				try {
					v = predicate(this);
				} catch (e) {
					return reject(e);
				}
				if (v) return resolve(v);
				if (this._closed) return reject(new Error('sandbox closed'));
				if (Date.now() - started > limit) return reject(new Error(`timed out waiting for ${label || 'condition'}`));
				const t = setTimeout(tick, 10);
				if (t.unref) t.unref();
			};
			tick();
		});
	}

	/** Resolve with the task once its status is one of `statuses` (default: any terminal status). */
	waitForTask(taskId, statuses, timeoutMs) {
		const want = statuses ? (Array.isArray(statuses) ? statuses : [statuses]) : ['SUCCESS'].concat(FAILURE_STATUSES);
		return this.waitFor(
			() => {
				const t = this.tasks.get(taskId);
				return t && want.includes(t.status) ? t : null;
			},
			timeoutMs,
			`task ${taskId} to reach ${want.join('|')}`,
		);
	}
}

async function startKieSandbox(options) {
	const sb = new KieSandbox(options);
	await sb.listen();
	return sb;
}

module.exports = {
	startKieSandbox,
	KieSandbox,
	BANNER,
	FAILURE_STATUSES,
	generatedAudioStream,
	generatedAudioSha256,
	isLoopbackHostname,
	MultipartParser,
};
