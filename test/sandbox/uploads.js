'use strict';
/*
 * Kie's File Upload API in the Kie SANDBOX (local test double, not Kie), host kieai.redpandaai.co in real life:
 *   POST /api/file-stream-upload (multipart), /api/file-base64-upload, /api/file-url-upload (loopback http:// only)
 *   GET  /uploads/<uploadPath>/<fileName>   the downloadUrl of an upload
 * Uploads are kept in memory up to uploadMemoryLimitBytes, then in a temp file removed on reset/close.
 */

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { once } = require('events');
const { Readable } = require('stream');
const { URL } = require('url');
const { CODE_MESSAGES, isPlainObject, guessMime, extOf } = require('./util');
const { isLoopbackHostname, fetchLoopback } = require('./loopback');
const { MultipartParser } = require('./multipart');
const { serveBytes } = require('./files');

const UPLOAD_ROUTES = ['/api/file-stream-upload', '/api/file-base64-upload', '/api/file-url-upload'];

/** An uploaded file: sha256 as it arrives; memory up to a limit, then a temp file. */
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

function uploadError(sb, res, code, msg) {
	sb._sendJson(res, 200, { success: false, code, msg, data: null });
}

function normalizeUploadPath(p) {
	if (p === undefined || p === null) return '';
	return String(p)
		.split('/')
		.filter((s) => s && s !== '.' && s !== '..')
		.join('/');
}

function finishUpload(sb, res, route, file, fileName, uploadPath, mimeType) {
	const up = normalizeUploadPath(uploadPath);
	const name = fileName && String(fileName).trim() ? path.posix.basename(String(fileName).trim()) : `${crypto.randomBytes(8).toString('hex')}`;
	const filePath = up ? `${up}/${name}` : name;
	const downloadUrl = `${sb.url}/uploads/${filePath.split('/').map(encodeURIComponent).join('/')}`;
	const old = sb._files.get(filePath);
	if (old && old !== file) old.discard();
	file.mimeType = mimeType;
	sb._files.set(filePath, file);
	const uploadedAt = new Date().toISOString();
	const entry = { route, fileName: name, uploadPath: up, filePath, bytes: file.size, sha256: file.sha256, mimeType, downloadUrl, storage: file.diskPath ? 'disk' : 'memory', uploadedAt };
	sb.uploads.push(entry);
	sb.stats.uploads++;
	sb.stats.uploadBytes += file.size;
	sb.emit('upload', entry);
	sb._sendJson(res, 200, {
		success: true,
		code: 200,
		msg: 'File uploaded successfully',
		data: { fileName: name, filePath, downloadUrl, fileSize: file.size, mimeType, uploadedAt },
	});
}

async function handleBase64(sb, res, body) {
	let data = body.base64Data;
	if (typeof data !== 'string' || !data.trim()) return uploadError(sb, res, 400, 'base64Data is required');
	let mimeFromUrl;
	const dm = /^data:([^;,]*)(?:;[^,]*)?;base64,/i.exec(data.slice(0, 256));
	if (dm) {
		mimeFromUrl = dm[1] || undefined;
		data = data.slice(dm[0].length);
	}
	const clean = data.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) return uploadError(sb, res, 400, 'base64Data is not valid base64');
	const buf = Buffer.from(clean, 'base64');
	if (!buf.length) return uploadError(sb, res, 400, 'base64Data is empty');
	const file = new StoredFile(sb);
	try {
		await file.write(buf);
		await file.end();
	} catch (e) {
		file.discard();
		return uploadError(sb, res, e.code413 ? 413 : 500, e.message);
	}
	return finishUpload(sb, res, 'base64', file, body.fileName, body.uploadPath, guessMime(body.fileName, mimeFromUrl));
}

async function handleUrl(sb, res, body) {
	const fileUrl = body.fileUrl;
	if (typeof fileUrl !== 'string' || !fileUrl.trim()) return uploadError(sb, res, 400, 'fileUrl is required');
	let u;
	try {
		u = new URL(fileUrl);
	} catch (e) {
		return uploadError(sb, res, 400, 'fileUrl must be a valid http(s) URL');
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') return uploadError(sb, res, 400, 'fileUrl must be a valid http(s) URL');
	if (!isLoopbackHostname(u.hostname) || u.protocol !== 'http:') {
		return uploadError(sb, res, 400, 'Failed to download file from URL (the sandbox only fetches http:// loopback URLs)');
	}
	const file = new StoredFile(sb);
	const r = await fetchLoopback(sb._outgoing, fileUrl, sb.options.fetchTimeoutMs, file);
	if (!r.ok) {
		file.discard();
		return uploadError(sb, res, 400, `Failed to download file from URL: ${r.error}`);
	}
	await file.end();
	const name = body.fileName || `${crypto.randomBytes(8).toString('hex')}${extOf(u.pathname)}`;
	return finishUpload(sb, res, 'url', file, name, body.uploadPath, guessMime(name, r.contentType));
}

async function handleStream(sb, req, res, rec) {
	const ctype = req.headers['content-type'] || '';
	const bm = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(ctype);
	if (!/^multipart\/form-data/i.test(ctype) || !bm) {
		rec.bodyBytes = await sb._drain(req);
		return uploadError(sb, res, 400, 'Content-Type must be multipart/form-data');
	}
	const fields = {};
	let file = null;
	let filePartName;
	let filePartType;
	const parser = new MultipartParser(bm[1] || bm[2], {
		onPart: (headers, name, filename) => {
			if (name === 'file' && !file) {
				file = new StoredFile(sb);
				filePartName = filename;
				filePartType = headers['content-type'];
				return file;
			}
			if (filename !== undefined || name === 'file') return { write() {}, end() {} };
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
		if (e && e.code413) return uploadError(sb, res, 413, 'File too large');
		return uploadError(sb, res, 400, `Malformed multipart body: ${e && e.message}`);
	}
	rec.bodyBytes = bytes;
	rec.body = Object.assign({}, fields, file ? { file: { fileName: filePartName, contentType: filePartType, bytes: file.size } } : {});
	if (!file || file.sha256 === null) {
		if (file) file.discard();
		return uploadError(sb, res, 400, 'file is required');
	}
	const name = fields.fileName && fields.fileName.trim() ? fields.fileName : filePartName ? `${crypto.randomBytes(8).toString('hex')}${extOf(filePartName)}` : undefined;
	return finishUpload(sb, res, 'stream', file, name, fields.uploadPath, guessMime(name, filePartType));
}

/** Handles one of the three upload routes (ctx from the server). */
async function handleUpload(sb, ctx) {
	const { req, res, pathname, body, method } = ctx;
	if (method !== 'POST') return sb._sendJson(res, 405, { success: false, code: 405, msg: CODE_MESSAGES[405], data: null });
	if (!sb._apiKeyOf(req)) {
		if (pathname === '/api/file-stream-upload' && !req.readableEnded) await sb._drain(req);
		return uploadError(sb, res, 401, CODE_MESSAGES[401]);
	}
	if (pathname === '/api/file-stream-upload') return handleStream(sb, req, res, ctx.rec);
	if (!isPlainObject(body)) return uploadError(sb, res, 400, 'The parameter is not in a valid JSON format');
	if (pathname === '/api/file-base64-upload') return handleBase64(sb, res, body);
	return handleUrl(sb, res, body);
}

/** The StoredFile behind an /uploads/... path, or undefined. */
function uploadedFile(sb, pathname) {
	try {
		const filePath = pathname
			.slice('/uploads/'.length)
			.split('/')
			.map((s) => decodeURIComponent(s))
			.join('/');
		return sb._files.get(filePath);
	} catch (e) {
		return undefined;
	}
}

function serveUpload(sb, req, res, pathname) {
	const file = uploadedFile(sb, pathname);
	if (!file) return sb._notFound(res, pathname);
	return serveBytes(sb, req, res, { size: file.size, contentType: file.mimeType || 'application/octet-stream', open: (s, e) => file.createReadStream(s, e) });
}

module.exports = { UPLOAD_ROUTES, StoredFile, handleUpload, serveUpload, uploadedFile };
