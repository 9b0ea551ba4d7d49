'use strict';
/*
 * Generated-file serving of the Kie SANDBOX (local test double, not Kie).
 *   GET /files/<taskId>/<name>      files a task registered (1.mp3, 1.jpeg, audio.wav, video.mp4, vocal.mp3, 1.png, ...)
 *   GET /source/<taskId>/<n>.mp3|.jpeg, /stream/<taskId>/<n>[?source=1]   music tracks' source_* and stream URLs
 *   GET /special/big.<ext>?bytes=N[&declared=M][&length=none]  oversized file, streamed (never held in memory);
 *        declared=M sends Content-Length M and cuts the connection after min(N, M) bytes
 *   GET /special/slow.<ext>?bytes=N[&chunkBytes=C][&intervalMs=T][&length=none]  drips C bytes every T ms (cut after 10 min)
 *   GET /special/nolength.<ext>?bytes=N  chunked, no Content-Length
 *   GET /redirect?to=<url>[&status=301|302|303|307|308]  answers the redirect; the sandbox never follows it
 * Ranges (bytes=a-b, a-, -n) are honoured for fixed-size files. Bytes are deterministic (generators.js).
 */

const { Readable, pipeline } = require('stream');
const { URL } = require('url');
const gen = require('./generators');
const { MIME_BY_EXT } = require('./util');

const LIMITS = { bigBytes: 64 * 1024 ** 3, slowBytes: 64 * 1024 ** 2, maxIntervalMs: 10000, maxChunkBytes: 1024 * 1024, slowMaxMs: 10 * 60 * 1000 };

/** Registers a generated file of a task; returns its public URL. spec: {type, seed, size?, sizeOption?, chunked?}. */
function registerFile(sb, taskId, name, spec) {
	let m = sb._taskFiles.get(taskId);
	if (!m) sb._taskFiles.set(taskId, (m = new Map()));
	m.set(name, spec);
	return `${sb.url}/${name.startsWith('source/') || name.startsWith('stream/') ? name.replace('/', `/${taskId}/`) : `files/${taskId}/${name}`}`;
}

function specSize(sb, spec) {
	if (spec.type === 'jpeg') return gen.generatedJpegBytes(spec.seed).length;
	if (spec.type === 'png') return gen.generatedPngBytes(spec.seed).length;
	const n = spec.size !== undefined ? spec.size : Number(sb.options[spec.sizeOption || 'audioBytes']) || 0;
	return Math.max(0, Math.floor(n));
}

function specOpener(sb, spec) {
	const size = specSize(sb, spec);
	const fromBuffer = (buf) => (s, e) => Readable.from([buf.subarray(s, e + 1)]);
	switch (spec.type) {
		case 'jpeg':
			return { size, contentType: 'image/jpeg', open: fromBuffer(gen.generatedJpegBytes(spec.seed)) };
		case 'png':
			return { size, contentType: 'image/png', open: fromBuffer(gen.generatedPngBytes(spec.seed)) };
		case 'wav':
			return { size, contentType: 'audio/wav', open: (s, e) => gen.generatedWavStream(spec.seed, size, s, e) };
		case 'mp4':
			return { size, contentType: 'video/mp4', open: (s, e) => gen.generatedMp4Stream(spec.seed, size, s, e) };
		default:
			return { size, contentType: 'audio/mpeg', open: (s, e) => gen.generatedAudioStream(spec.seed, size, s, e) };
	}
}

/** Which registered file a path names: {taskId, name} or null. */
function registryKey(pathname, query) {
	let m = /^\/files\/([0-9a-f]+)\/([A-Za-z0-9_.-]+)$/.exec(pathname);
	if (m) return { taskId: m[1], name: m[2] };
	m = /^\/source\/([0-9a-f]+)\/(\d+\.(?:mp3|jpeg))$/.exec(pathname);
	if (m) return { taskId: m[1], name: `source/${m[2]}` };
	m = /^\/stream\/([0-9a-f]+)\/(\d+)$/.exec(pathname);
	if (m) return { taskId: m[1], name: `stream/${m[2]}${query && query.source ? '?source=1' : ''}` };
	return null;
}

function parseRange(header, size) {
	if (!header) return null;
	const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
	if (!m || (m[1] === '' && m[2] === '')) return null;
	let start;
	let end;
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

function serveBytes(sb, req, res, { size, contentType, open, chunked, extraHeaders }) {
	const headers = Object.assign({ 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store', 'X-Kie-Sandbox': 'test-double' }, extraHeaders || {});
	let start = 0;
	let end = size - 1;
	let status = 200;
	const range = chunked ? null : parseRange(req.headers.range, size);
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
	stream.on('data', (c) => (sb.stats.fileBytesServed += c.length));
	pipeline(stream, res, () => {});
}

function serveGenerated(sb, req, res, pathname, query) {
	const key = registryKey(pathname, query);
	const spec = key && sb.tasks.has(key.taskId) && sb._taskFiles.get(key.taskId) && sb._taskFiles.get(key.taskId).get(key.name);
	if (!spec) return sb._notFound(res, pathname);
	return serveBytes(sb, req, res, Object.assign(specOpener(sb, spec), { chunked: !!spec.chunked }));
}

function boundedInt(v, def, min, max) {
	const n = v === undefined || v === '' ? def : Math.floor(Number(v));
	if (!Number.isFinite(n)) return def;
	return Math.min(max, Math.max(min, n));
}

function specialSeed(bytes) {
	return `special/${bytes}`;
}

/** The special download-test files (big, slow, nolength) and the redirect endpoint. */
function serveSpecial(sb, req, res, pathname, query) {
	if (pathname === '/redirect') {
		const to = query.to;
		if (!to) return sb._sendJson(res, 400, { code: 400, msg: 'redirect needs ?to=<url>', data: null });
		const status = [301, 302, 303, 307, 308].includes(Number(query.status)) ? Number(query.status) : 302;
		res.writeHead(status, { Location: to, 'Content-Length': 0, 'X-Kie-Sandbox': 'test-double' });
		return res.end();
	}
	const m = /^\/special\/(big|slow|nolength)\.([a-z0-9]+)$/.exec(pathname);
	if (!m) return sb._notFound(res, pathname);
	const contentType = MIME_BY_EXT[m[2]] || 'application/octet-stream';
	if (m[1] === 'slow') return serveSlow(sb, req, res, query, contentType);
	const bytes = boundedInt(query.bytes, 1024 * 1024, 0, LIMITS.bigBytes);
	const chunked = m[1] === 'nolength' || query.length === 'none';
	if (m[1] === 'big' && query.declared !== undefined && !chunked) {
		const declared = boundedInt(query.declared, bytes, 0, LIMITS.bigBytes);
		const sent = Math.min(bytes, declared);
		res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(declared), 'X-Kie-Sandbox': 'test-double' });
		if (req.method === 'HEAD') return res.end();
		// a declared length above what is sent ends in a cut connection, as a dropped transfer would
		const finish = () => {
			if (sent >= declared) return res.end();
			// end the socket (not destroy) so what was written still reaches the client before the cut
			res.flushHeaders();
			return res.socket ? res.socket.end() : res.destroy();
		};
		if (sent === 0) return finish();
		const stream = gen.generatedAudioStream(specialSeed(bytes), bytes, 0, sent - 1);
		stream.on('data', (c) => (sb.stats.fileBytesServed += c.length));
		stream.on('end', finish);
		res.on('close', () => stream.destroy());
		return stream.pipe(res, { end: false });
	}
	return serveBytes(sb, req, res, { size: bytes, contentType, chunked, open: (s, e) => gen.generatedAudioStream(specialSeed(bytes), bytes, s, e) });
}

function serveSlow(sb, req, res, query, contentType) {
	const bytes = boundedInt(query.bytes, 64 * 1024, 0, LIMITS.slowBytes);
	const chunkBytes = boundedInt(query.chunkBytes, 1024, 1, LIMITS.maxChunkBytes);
	const intervalMs = boundedInt(query.intervalMs, 100, 1, LIMITS.maxIntervalMs);
	const headers = { 'Content-Type': contentType, 'X-Kie-Sandbox': 'test-double' };
	if (query.length !== 'none') headers['Content-Length'] = String(bytes);
	res.writeHead(200, headers);
	if (req.method === 'HEAD' || bytes === 0) return res.end();
	let pos = 0;
	let timer = null;
	const started = Date.now();
	const drip = () => {
		timer = null;
		if (res.destroyed || sb._closed) return;
		if (Date.now() - started > LIMITS.slowMaxMs) return res.destroy(); // bounded even for a client that never gives up
		const len = Math.min(chunkBytes, bytes - pos);
		res.write(gen.generatedAudioChunk(specialSeed(bytes), pos, len));
		pos += len;
		sb.stats.fileBytesServed += len;
		if (pos >= bytes) return res.end();
		timer = sb._timers.later(drip, intervalMs);
	};
	res.on('close', () => sb._timers.cancel(timer));
	timer = sb._timers.later(drip, intervalMs);
}

/** {stream, contentType} of what the sandbox serves at `url` (whole body), or null when it serves nothing there. */
function fileSource(sb, url) {
	let u;
	try {
		u = new URL(url, sb.url);
	} catch (e) {
		return null;
	}
	if (`${u.protocol}//${u.host}` !== new URL(sb.url).origin) return null;
	const query = Object.fromEntries(u.searchParams.entries());
	const key = registryKey(u.pathname, query);
	if (key) {
		const spec = sb.tasks.has(key.taskId) && sb._taskFiles.get(key.taskId) && sb._taskFiles.get(key.taskId).get(key.name);
		if (!spec) return null;
		const o = specOpener(sb, spec);
		return { stream: o.size ? o.open(0, o.size - 1) : Readable.from([]), contentType: o.contentType };
	}
	if (u.pathname.startsWith('/uploads/')) {
		const file = sb._uploadedFile(u.pathname);
		return file ? { stream: file.size ? file.createReadStream(0, file.size - 1) : Readable.from([]), contentType: file.mimeType } : null;
	}
	const m = /^\/special\/(big|slow|nolength)\.([a-z0-9]+)$/.exec(u.pathname);
	if (m) {
		const bytes = boundedInt(query.bytes, m[1] === 'slow' ? 64 * 1024 : 1024 * 1024, 0, m[1] === 'slow' ? LIMITS.slowBytes : LIMITS.bigBytes);
		const sent = m[1] === 'big' && query.declared !== undefined ? Math.min(bytes, boundedInt(query.declared, bytes, 0, LIMITS.bigBytes)) : bytes;
		return { stream: sent ? gen.generatedAudioStream(specialSeed(bytes), bytes, 0, sent - 1) : Readable.from([]), contentType: MIME_BY_EXT[m[2]] };
	}
	return null;
}

/** {sha256, bytes, contentType} of the body the sandbox serves at `url`, computed without HTTP. */
async function fileInfo(sb, url) {
	const src = fileSource(sb, url);
	if (!src) throw new Error(`the sandbox serves no file at ${url}`);
	const r = await gen.streamSha256(src.stream);
	return { sha256: r.sha256, bytes: r.bytes, contentType: src.contentType };
}

module.exports = { registerFile, serveBytes, serveGenerated, serveSpecial, fileInfo, parseRange, LIMITS };
