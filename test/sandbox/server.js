'use strict';
/*
 * The KieSandbox class (local test double of Kie's Suno API, not Kie): lifecycle, state, configuration
 * and the public methods. The behaviour lives in the modules it routes to; kieSandbox.js describes the whole.
 */

const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { EventEmitter } = require('events');
const { Timers, clone, mergeOptions, hexId } = require('./util');
const { DEFAULTS, emptyStats } = require('./options');
const { isLoopbackHostname } = require('./loopback');
const { FAMILIES } = require('./families');
const outages = require('./outages');
const uploads = require('./uploads');
const tasks = require('./tasks');
const jobsShapes = require('./jobsShapes');
const { driftDetails } = require('./drift');
const { generatedAudioSha256 } = require('./generators');
const { RateLimiter } = require('./rateLimit');
const { handleRequest } = require('./router');
const httpHelpers = require('./httpHelpers');
const faults = require('./faults');
const files = require('./files');

class KieSandbox extends EventEmitter {
	constructor(options) {
		super();
		this.options = mergeOptions(DEFAULTS, options || {});
		this.requests = [];
		this.callbacks = [];
		this.tasks = new Map();
		this.uploads = [];
		this.faults = [];
		this.outages = [];
		this._timers = new Timers();
		this._rate = new RateLimiter(this);
		this._internals = new Map(); // taskId -> { epoch, timers, pending, chain, held }
		this._files = new Map(); // upload filePath -> StoredFile
		this._taskFiles = new Map(); // taskId -> Map(name -> generated file spec)
		this._personas = new Map(); // audioId -> persona
		this._outgoing = new Set();
		this._sockets = new Set();
		this._epoch = 0;
		this._taskSeq = 0;
		this._faultSeq = 0;
		this._closed = false;
		this._tmp = null;
		this.credits = this.options.credits;
		this.stats = emptyStats();
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
			fs.rmSync(this._tmp, { recursive: true, force: true });
			this._tmp = null;
		}
	}

	_tmpDir() {
		if (!this._tmp) this._tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-sandbox-'));
		return this._tmp;
	}

	/** Clears requests, callbacks, tasks, uploads, faults, outages, rate windows, stats; restores credits. Keeps the configuration. */
	reset() {
		this._epoch++;
		this._timers.clearAll();
		for (const r of this._outgoing) r.destroy(new Error('sandbox reset'));
		this._outgoing.clear();
		this.requests.length = 0;
		this.callbacks.length = 0;
		this.tasks.clear();
		this._internals.clear();
		this._taskFiles.clear();
		this._personas.clear();
		this.uploads.length = 0;
		for (const f of this._files.values()) f.discard();
		this._files.clear();
		this.faults.length = 0;
		this.outages.length = 0;
		this._rate.reset();
		this._taskSeq = 0;
		this.credits = this.options.credits;
		this.stats = emptyStats();
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

	/* ---------------- faults, outages, outcomes ---------------- */

	addFault(fault) {
		return faults.addFault(this, fault);
	}

	clearFaults() {
		this.faults.length = 0;
	}

	addOutage(spec) {
		return outages.addOutage(this, spec);
	}

	clearOutages() {
		outages.clearOutages(this);
	}

	completeTask(taskId, outcome) {
		return tasks.completeTask(this, taskId, outcome);
	}

	forceOutcome(taskId, outcome) {
		return tasks.forceOutcome(this, taskId, outcome);
	}

	/* ---------------- reading state ---------------- */

	/** What the task's own details endpoint returns as `data` (per-operation family shape, or jobs recordInfo). */
	recordInfoData(task) {
		if (task.route === 'jobs') return driftDetails(task, jobsShapes.recordInfoData(this, task));
		return driftDetails(task, FAMILIES[task.family].detailsData(this, task));
	}

	publicTask(task) {
		return Object.assign({}, task, { recordInfo: this.recordInfoData(task) });
	}

	/** sha256 (hex) of /files/<taskId>/<n>.mp3 with the current audioBytes. */
	expectedAudioSha256(taskId, n) {
		return generatedAudioSha256(taskId, n, Math.max(0, Math.floor(Number(this.options.audioBytes) || 0)));
	}

	/** sha256 (hex) of the body the sandbox serves at a URL (generated, uploaded or special file). */
	fileSha256(url) {
		return files.fileInfo(this, url).then((r) => r.sha256);
	}

	fileInfo(url) {
		return files.fileInfo(this, url);
	}

	/** A visible track of a music task, or null. */
	_findTrack(taskId, audioId) {
		const task = this.tasks.get(taskId);
		if (!task || task.family !== 'music') return null;
		return task.tracks.slice(0, task.visibleTracks).find((t) => t.id === audioId) || null;
	}

	/** {task, track, index} of a visible track in any music task, or null. */
	_findTrackAnywhere(audioId) {
		for (const task of this.tasks.values()) {
			if (task.family !== 'music') continue;
			const index = task.tracks.slice(0, task.visibleTracks).findIndex((t) => t.id === audioId);
			if (index >= 0) return { task, track: task.tracks[index], index };
		}
		return null;
	}

	_uploadedFile(pathname) {
		return uploads.uploadedFile(this, pathname);
	}

	_newTaskId() {
		return hexId();
	}

	_handle(req, res) {
		return handleRequest(this, req, res);
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
				return undefined;
			};
			tick();
		});
	}

	/** Resolve with the task once its status is one of `statuses` (default: finished, whatever the outcome). */
	waitForTask(taskId, statuses, timeoutMs) {
		const want = statuses ? (Array.isArray(statuses) ? statuses : [statuses]) : null;
		return this.waitFor(
			() => {
				const t = this.tasks.get(taskId);
				return t && (want ? want.includes(t.status) : t.finished) ? t : null;
			},
			timeoutMs,
			`task ${taskId} to reach ${want ? want.join('|') : 'its end'}`,
		);
	}
}

// _sendJson, _envelope, _notFound, _readBody, _drain, _record, _apiKeyOf, _log: used by every route module
Object.assign(KieSandbox.prototype, httpHelpers);

async function startKieSandbox(options) {
	const sb = new KieSandbox(options);
	await sb.listen();
	return sb;
}

module.exports = { KieSandbox, startKieSandbox };
