'use strict';
/* Small helpers of the Kie SANDBOX (local test double, not Kie): values, time, timers, seeded randomness. */

const crypto = require('crypto');

const BANNER = 'Kie SANDBOX (local test double, not Kie)';

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

function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

function isPlainObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Shallow merge where plain-object values are merged one level deep (so {rateLimit:{max}} keeps windowMs). */
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

function pad2(n) {
	return String(n).padStart(2, '0');
}

/** "YYYY-MM-DD HH:mm:ss" in UTC, the string form Kie's examples use. */
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

/** 32 lowercase hex characters, the form of Kie's task ids. */
function hexId() {
	return crypto.randomBytes(16).toString('hex');
}

/** Deterministic pseudo-random numbers in [0, 1) from a seed (sha256 counter mode). */
function seededRandom(seed) {
	let counter = 0;
	let pool = Buffer.alloc(0);
	return function next() {
		if (pool.length < 4) {
			pool = crypto.createHash('sha256').update(`${seed}:${counter++}`).digest();
		}
		const v = pool.readUInt32BE(0) / 0x100000000;
		pool = pool.subarray(4);
		return v;
	};
}

/** A UUID derived from a seed, so ids of generated things are stable per task. */
function seededUuid(seed) {
	const h = crypto.createHash('sha256').update(`uuid:${seed}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function round2(n) {
	return Math.round(n * 100) / 100;
}

/** Timers that never keep the process alive and are all cleared on close/reset. */
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

function sleep(ms, timers) {
	return new Promise((resolve) => timers.later(resolve, ms));
}

module.exports = {
	BANNER,
	CODE_MESSAGES,
	MIME_BY_EXT,
	clone,
	isPlainObject,
	mergeOptions,
	formatDateTime,
	guessMime,
	extOf,
	hexId,
	seededRandom,
	seededUuid,
	round2,
	Timers,
	sleep,
};
