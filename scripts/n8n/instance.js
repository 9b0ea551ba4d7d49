'use strict';
/**
 * Start/stop a real n8n on loopback, install this package into its user folder as the
 * Community Nodes installer would, and talk to it (owner, login, API key, public API, REST).
 *
 * Plain CommonJS, Node builtins only (runs on Node 20 without a build).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const zlib = require('zlib');
const { spawn, execFileSync } = require('child_process');

const { request, requestOk, sleep, waitFor } = require('./http');
const install = require('./install');
const { pidAlive, procStats } = require('./processes');

const PACKAGE_NAME = 'n8n-nodes-kie-suno';

function majorOf(version) {
	return Number(String(version).split('.')[0]);
}

// ---------------------------------------------------------------------------------------------
// ports and processes

/** Resolves true when nothing accepts connections on 127.0.0.1:port. */
function isPortFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.once('listening', () => srv.close(() => resolve(true)));
		srv.listen(port, host);
	});
}

/** A free TCP port on 127.0.0.1 chosen by the OS (not reserved: use promptly). */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** `count` distinct free loopback ports (n8n's HTTP port and its task-runner broker port). */
async function getFreePorts(count) {
	const ports = new Set();
	for (let attempt = 0; ports.size < count && attempt < count * 20; attempt++) ports.add(await getFreePort());
	if (ports.size < count) throw new Error(`could not find ${count} free ports on 127.0.0.1`);
	return [...ports];
}

/** PIDs whose process group is `pgid` (Linux /proc), zombies excluded. */
function groupPids(pgid) {
	return [...procStats()].filter(([, stat]) => stat.pgrp === pgid && stat.state !== 'Z').map(([pid]) => pid);
}

function rssKb(pid) {
	try {
		const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

function tail(file, bytes = 4000) {
	try {
		const st = fs.statSync(file);
		const fd = fs.openSync(file, 'r');
		const len = Math.min(bytes, st.size);
		const buf = Buffer.alloc(len);
		fs.readSync(fd, buf, 0, len, st.size - len);
		fs.closeSync(fd);
		return buf.toString('utf8');
	} catch {
		return '';
	}
}

/** Environment for child processes: no npm/jest leftovers, no NODE_OPTIONS. */
function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_/i.test(k) || k === 'NODE_OPTIONS' || k === 'NODE_ENV' || /^JEST_/.test(k) || k === 'INIT_CWD') continue;
		if (/^N8N_|^DB_|^WEBHOOK_URL$|^EXECUTIONS_/.test(k)) continue; // never inherit another n8n's config
		env[k] = v;
	}
	return { ...env, ...extra };
}

// ---------------------------------------------------------------------------------------------
// n8n process

function n8nEnv({ version, userFolder, port, brokerPort, nodeBin, env }) {
	const url = `http://127.0.0.1:${port}`;
	const base = {
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `${url}/`,
		// task runner broker (internal mode): own port per instance so two n8n never clash
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// quiet, offline, loopback only (conventions §7)
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_SECURE_COOKIE: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_ENV: 'production',
	};
	// webhook base URL = this instance's own loopback URL (2.x renamed WEBHOOK_URL)
	if (majorOf(version) >= 2) {
		base.N8N_WEBHOOK_URL = `${url}/`;
		base.N8N_UNVERIFIED_PACKAGES_ENABLED = 'true';
	} else base.WEBHOOK_URL = `${url}/`;
	if (majorOf(version) < 2) {
		// 1.x: runners are opt-in; keep code nodes in-process, avoid a second listening port
		base.N8N_RUNNERS_ENABLED = 'false';
		base.DB_SQLITE_POOL_SIZE = '2';
	}
	return cleanEnv({ ...base, ...(env || {}) });
}

/**
 * Spawns `n8n start` on 127.0.0.1:port and waits until it serves /healthz and /rest/settings.
 * `command: 'worker' | 'webhook'` starts a queue-mode process instead; it is ready when `port`
 * (the worker's health port / the webhook server) answers /healthz and /healthz/readiness.
 * Returns { url, port, brokerPort, pid, logPath, startMs, stop(), kill(), restart(), rss(), version, userFolder }.
 */
async function startN8n(opts) {
	const {
		version,
		userFolder,
		port,
		brokerPort = port + 1,
		env,
		startTimeoutMs = 180_000,
		logPath = path.join(userFolder, `n8n-${port}.log`),
		command = 'start',
	} = opts;
	if (!version || !userFolder || !port) throw new Error('startN8n needs { version, userFolder, port }');
	const nodeBin = opts.nodeBin || (await install.ensureNode24({ quiet: true }));
	const { bin } = await install.ensureN8n(version, { nodeBin, quiet: true });
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(path.dirname(logPath), { recursive: true });

	const inst = {
		version,
		userFolder,
		port,
		brokerPort,
		url: `http://127.0.0.1:${port}`,
		logPath,
		pid: 0,
		startMs: 0,
		child: null,
	};

	async function launch() {
		for (const p of [port, brokerPort]) {
			const free = await waitFor(() => isPortFree(p), { timeoutMs: 20_000, intervalMs: 250, what: `port ${p} to be free` }).catch(
				() => false,
			);
			if (!free) throw new Error(`port ${p} on 127.0.0.1 is in use; cannot start n8n ${version}`);
		}
		const t0 = Date.now();
		const fd = fs.openSync(logPath, 'a');
		fs.writeSync(fd, `\n===== ${new Date().toISOString()} n8n ${version} ${command} on ${inst.url} (broker ${brokerPort})\n`);
		const child = spawn(nodeBin, [bin, command], {
			cwd: userFolder,
			env: n8nEnv({ version, userFolder, port, brokerPort, nodeBin, env }),
			stdio: ['ignore', fd, fd],
			detached: true, // own process group: stop() also ends the task runner
		});
		fs.closeSync(fd);
		inst.child = child;
		inst.pid = child.pid;
		inst.exited = false;
		inst.exitInfo = null;
		child.on('exit', (code, signal) => {
			inst.exited = true;
			inst.exitInfo = { code, signal };
		});
		child.unref();
		try {
			await waitFor(
				async () => {
					if (inst.exited) throw Object.assign(new Error('exited'), { fatal: true });
					const h = await request('GET', `${inst.url}/healthz`, { timeoutMs: 3000 });
					if (h.status !== 200) return false;
					if (command !== 'start') return (await request('GET', `${inst.url}/healthz/readiness`, { timeoutMs: 3000 })).status === 200;
					// /healthz answers before migrations finish ("n8n is starting up" with HTTP 200):
					// also require readiness (2.x, recent 1.x) and a real JSON /rest/settings
					const r = await request('GET', `${inst.url}/healthz/readiness`, { timeoutMs: 3000 });
					if (r.status !== 200 && r.status !== 404) return false;
					const s = await request('GET', `${inst.url}/rest/settings`, { timeoutMs: 5000 });
					return s.status === 200 && s.body && typeof s.body === 'object' && s.body.data !== undefined;
				},
				{ timeoutMs: startTimeoutMs, intervalMs: 500, maxAttempts: Math.ceil(startTimeoutMs / 500) + 10, what: `n8n ${version} on ${inst.url}` },
			);
		} catch (e) {
			const why = inst.exited ? `n8n exited (${JSON.stringify(inst.exitInfo)})` : e.message;
			await stop().catch(() => {});
			throw new Error(`${why}; last log lines (${logPath}):\n${tail(logPath, 3000)}`);
		}
		inst.startMs = Date.now() - t0;
	}

	async function stop({ timeoutMs = 25_000 } = {}) {
		const pid = inst.pid;
		if (!pid) return;
		const signalGroup = (sig) => {
			try {
				process.kill(-pid, sig);
			} catch {
				/* gone */
			}
		};
		if (groupPids(pid).length || pidAlive(pid)) {
			signalGroup('SIGTERM');
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline && (groupPids(pid).length || (!inst.exited && pidAlive(pid)))) await sleep(200);
			if (groupPids(pid).length || (!inst.exited && pidAlive(pid))) {
				signalGroup('SIGKILL');
				const d2 = Date.now() + 5000;
				while (Date.now() < d2 && groupPids(pid).length) await sleep(100);
			}
		}
		inst.pid = 0;
		for (const p of [port, brokerPort]) {
			await waitFor(() => isPortFree(p), { timeoutMs: 10_000, intervalMs: 200, what: `port ${p} released` }).catch(() => {});
		}
	}

	/** SIGKILL for the whole process group (a crash, not a shutdown); waits until it is gone. */
	async function kill() {
		const pid = inst.pid;
		if (!pid) return;
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline && (groupPids(pid).length || (!inst.exited && pidAlive(pid)))) await sleep(100);
		inst.pid = 0;
	}

	async function restart() {
		await stop();
		await launch();
		return inst;
	}

	/** RSS in kB of the main process and of its whole process group (main + task runner). */
	function rss() {
		if (!inst.pid) return { mainKb: 0, totalKb: 0, pids: [] };
		const pids = groupPids(inst.pid);
		return { mainKb: rssKb(inst.pid), totalKb: pids.reduce((a, p) => a + rssKb(p), 0), pids };
	}

	inst.stop = stop;
	inst.kill = kill;
	inst.restart = restart;
	inst.rss = rss;
	await launch();
	return inst;
}

/**
 * Runs an n8n CLI command (e.g. ['import:workflow', '--input=x.json'], ['execute', '--id=1', '--rawOutput'])
 * against a user folder. The server for that folder should be stopped for `execute`.
 * Returns { code, stdout, stderr }.
 */
async function runN8nCli({ version, userFolder, args, env, brokerPort, timeoutMs = 120_000, nodeBin }) {
	nodeBin = nodeBin || (await install.ensureNode24({ quiet: true }));
	const { bin } = await install.ensureN8n(version, { nodeBin, quiet: true });
	const port = brokerPort || (await getFreePort());
	const e = n8nEnv({ version, userFolder, port: 5678, brokerPort: port, nodeBin, env });
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [bin, ...args], { cwd: userFolder, env: e, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			// the CLI may leave a task runner behind in its group; end it
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				/* gone */
			}
			resolve({ code, stdout, stderr });
		});
	});
}

/** Parses the JSON printed by `n8n execute --rawOutput` after its log lines. */
function parseExecuteOutput(stdout) {
	const i = stdout.search(/^\{/m); // the JSON object after log lines (which may start with "[")
	if (i < 0) throw new Error(`no JSON in n8n execute output:\n${stdout.slice(-2000)}`);
	return JSON.parse(stdout.slice(i));
}

// ---------------------------------------------------------------------------------------------
// package install (what Settings → Community nodes → Install does, minus the registry)

/** Minimal tar reader (ustar + pax path headers) for `npm pack` output. */
function untar(buf, onFile) {
	let off = 0;
	let paxPath = null;
	let longName = null;
	while (off + 512 <= buf.length) {
		const hdr = buf.subarray(off, off + 512);
		if (hdr.every((b) => b === 0)) break;
		const str = (a, b) => hdr.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
		let name = str(0, 100);
		const size = parseInt(str(124, 136).trim() || '0', 8);
		const type = String.fromCharCode(hdr[156] || 48);
		const prefix = str(345, 500);
		if (prefix) name = `${prefix}/${name}`;
		const dataStart = off + 512;
		const data = buf.subarray(dataStart, dataStart + size);
		off = dataStart + Math.ceil(size / 512) * 512;
		if (type === 'x') {
			const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
			paxPath = m ? m[1] : null;
			continue;
		}
		if (type === 'L') {
			longName = data.toString('utf8').replace(/\0.*$/s, '');
			continue;
		}
		if (type === 'g') continue;
		const finalName = paxPath || longName || name;
		paxPath = null;
		longName = null;
		if (type === '0' || type === '\0' || type === '7') onFile(finalName, data);
	}
}

/** `npm pack` of the (built) repo into `packDir` (default: a new temporary folder); returns the .tgz path. */
function packPackage(repoDir, { packDir } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	for (const f of [...((pkg.n8n && pkg.n8n.nodes) || []), ...((pkg.n8n && pkg.n8n.credentials) || [])]) {
		if (!fs.existsSync(path.join(repoDir, f))) throw new Error(`${f} (package.json n8n section) is not built; run npm run build`);
	}
	packDir = packDir || fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], {
		cwd: repoDir,
		env: cleanEnv(),
		encoding: 'utf8',
		timeout: 120_000,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	return path.join(packDir, info.filename);
}

/**
 * `npm pack` the (built) repo and extract it into
 * `<userFolder>/.n8n/nodes/node_modules/n8n-nodes-kie-suno/`, and list it in
 * `<userFolder>/.n8n/nodes/package.json` like the Community Nodes installer does.
 * Returns { dir, version, files }.
 */
async function installPackage(userFolder, repoDir, { packDir, tarball } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repoDir, 'package.json'), 'utf8'));
	// `tarball`: a package packed before (packPackage), so several user folders get the same build
	const tgz = tarball || packPackage(repoDir, { packDir });
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dest = path.join(nodesDir, 'node_modules', pkg.name);
	fs.rmSync(dest, { recursive: true, force: true });
	const files = [];
	untar(zlib.gunzipSync(fs.readFileSync(tgz)), (name, data) => {
		const rel = name.replace(/^package\//, '');
		const target = path.resolve(dest, rel);
		if (!target.startsWith(dest + path.sep)) return; // no path traversal
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, data);
		files.push(rel);
	});
	if (!tarball) fs.rmSync(tgz, { force: true });
	// nodes/package.json as written by the installer (`npm install <pkg>@<version>` in nodesDir)
	const nodesPkgPath = path.join(nodesDir, 'package.json');
	let nodesPkg = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		nodesPkg = JSON.parse(fs.readFileSync(nodesPkgPath, 'utf8'));
	} catch {
		/* first install */
	}
	nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [pkg.name]: pkg.version };
	fs.writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2) + '\n');
	return { dir: dest, version: pkg.version, files };
}

// ---------------------------------------------------------------------------------------------
// client

const DEFAULT_OWNER = Object.freeze({
	email: 'dev@kie-suno.local',
	password: 'KieSuno-Dev-1',
	firstName: 'Kie',
	lastName: 'Dev',
});

class N8nClient {
	constructor(url, { cookie, apiKey, browserId = 'kie-suno-e2e-browser', version } = {}) {
		this.url = url.replace(/\/$/, '');
		this.cookie = cookie || '';
		this.apiKey = apiKey || '';
		this.browserId = browserId;
		this.version = version;
	}

	// --- internal REST (login cookie) ---
	async rest(method, p, json, { okOnly = true, timeoutMs = 30_000 } = {}) {
		const fn = okOnly ? requestOk : request;
		const res = await fn(method, `${this.url}/rest${p}`, {
			json,
			timeoutMs,
			headers: { cookie: this.cookie, 'browser-id': this.browserId },
		});
		return okOnly ? (res.body && res.body.data !== undefined ? res.body.data : res.body) : res;
	}

	async setupOwner(owner = DEFAULT_OWNER) {
		const res = await request('POST', `${this.url}/rest/owner/setup`, {
			json: owner,
			headers: { 'browser-id': this.browserId },
		});
		if (res.status === 200) {
			this._takeCookie(res);
			return { created: true };
		}
		// already set up (restarted dev instance): just log in
		if (res.status === 400 || res.status === 403) {
			await this.login(owner);
			return { created: false };
		}
		throw new Error(`owner setup failed: HTTP ${res.status} ${res.text.slice(0, 300)}`);
	}

	_takeCookie(res) {
		const c = (res.setCookies || []).map((s) => s.split(';')[0]).filter((s) => s.startsWith('n8n-auth='));
		if (c.length) this.cookie = c[c.length - 1];
	}

	async login({ email, password } = DEFAULT_OWNER) {
		const res = await requestOk('POST', `${this.url}/rest/login`, {
			// 2.x/1.9x+: emailOrLdapLoginId; older 1.x: email (zod strips unknown keys)
			json: { emailOrLdapLoginId: email, email, password },
			headers: { 'browser-id': this.browserId },
		});
		this._takeCookie(res);
		if (!this.cookie) throw new Error('login returned no n8n-auth cookie');
		return this.cookie;
	}

	/** Creates a public-API key with every scope the owner may grant; sets this.apiKey. */
	async createApiKey(label = `kie-suno-${Date.now()}`) {
		let scopes;
		try {
			scopes = await this.rest('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined; // older 1.x: no scopes
		}
		const body = { label, expiresAt: null };
		if (Array.isArray(scopes)) body.scopes = scopes;
		const data = await this.rest('POST', '/api-keys', body);
		this.apiKey = data.rawApiKey || data.apiKey;
		if (!this.apiKey) throw new Error(`no API key in response: ${JSON.stringify(data).slice(0, 300)}`);
		return this.apiKey;
	}

	/** Credential test as the editor's "Test" button does (POST /rest/credentials/test). */
	async testCredential({ id, name = '', type, data }) {
		return this.rest('POST', '/credentials/test', { credentials: { id: String(id), name, type, data } });
	}

	/** REST (cookie) credential helpers: used by `npm run dev` to keep credential ids stable across restarts. */
	async getCredentialRest(id) {
		const res = await this.rest('GET', `/credentials/${id}`, undefined, { okOnly: false });
		return res.status === 200 ? res.body.data : null;
	}

	async updateCredentialRest(id, { name, type, data }) {
		return this.rest('PATCH', `/credentials/${id}`, { name, type, data });
	}

	/** Loaded node types (what the editor gets): GET /types/nodes.json with the login cookie. */
	async nodeTypes() {
		const res = await requestOk('GET', `${this.url}/types/nodes.json`, {
			headers: { cookie: this.cookie, 'browser-id': this.browserId },
			timeoutMs: 60_000,
		});
		return res.body;
	}

	async credentialTypes() {
		const res = await requestOk('GET', `${this.url}/types/credentials.json`, {
			headers: { cookie: this.cookie, 'browser-id': this.browserId },
			timeoutMs: 60_000,
		});
		return res.body;
	}

	// --- public API (X-N8N-API-KEY) ---
	async api(method, p, json, { okOnly = true, timeoutMs = 30_000 } = {}) {
		const fn = okOnly ? requestOk : request;
		const res = await fn(method, `${this.url}/api/v1${p}`, { json, timeoutMs, headers: { 'x-n8n-api-key': this.apiKey } });
		return okOnly ? res.body : res;
	}

	/**
	 * Creates a credential through the public API. n8n 1.123.x's public-API schema for credentials
	 * that the HTTP Request node can use also demands its own `allowedDomains` field (HTTP 400
	 * "requires property allowedDomains"); then fall back to the editor's REST route, which
	 * applies n8n's defaults.
	 */
	async createCredential({ name, type, data }) {
		const res = await this.api('POST', '/credentials', { name, type, data }, { okOnly: false });
		if (res.status >= 200 && res.status < 300) return res.body;
		if (res.status === 400 && this.cookie) {
			const created = await this.rest('POST', '/credentials', { name, type, data });
			return { ...created, id: String(created.id), createdVia: 'rest' };
		}
		throw new Error(`POST /api/v1/credentials → HTTP ${res.status}: ${res.text.slice(0, 500)}`);
	}

	async deleteCredential(id) {
		return this.api('DELETE', `/credentials/${id}`, undefined, { okOnly: false });
	}

	/** Creates a workflow from exported workflow JSON (only fields the public API accepts). */
	async createWorkflow(wf) {
		const body = {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections || {},
			settings: wf.settings || { executionOrder: 'v1' },
		};
		if (wf.staticData) body.staticData = wf.staticData;
		return this.api('POST', '/workflows', body);
	}

	async getWorkflow(id) {
		return this.api('GET', `/workflows/${id}`);
	}

	/** Deletes a workflow (2.x wants it archived first; archiving also unpublishes it). */
	async deleteWorkflow(id) {
		if (majorOf(this.version || '2') >= 2) await this.api('POST', `/workflows/${id}/archive`, {}, { okOnly: false }).catch(() => {});
		return this.api('DELETE', `/workflows/${id}`, undefined, { okOnly: false });
	}

	async listWorkflows() {
		const body = await this.api('GET', '/workflows?limit=250');
		return body.data || [];
	}

	/** Publishes (2.x) / activates (1.x) a workflow so its production webhooks are live. */
	async publishWorkflow(id) {
		const first = majorOf(this.version || '2') >= 2 ? 'publish' : 'activate';
		const res = await this.api('POST', `/workflows/${id}/${first}`, {}, { okOnly: false });
		if (res.status === 404 && first === 'publish') return this.api('POST', `/workflows/${id}/activate`, {});
		if (res.status < 200 || res.status >= 300) throw new Error(`${first} workflow ${id}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
		return res.body;
	}

	async unpublishWorkflow(id) {
		const first = majorOf(this.version || '2') >= 2 ? 'unpublish' : 'deactivate';
		const res = await this.api('POST', `/workflows/${id}/${first}`, {}, { okOnly: false });
		if (res.status === 404 && first === 'unpublish') return this.api('POST', `/workflows/${id}/deactivate`, {});
		return res.body;
	}

	async listExecutions({ workflowId, status, includeData = false, limit = 50 } = {}) {
		const qs = new URLSearchParams({ includeData: String(includeData), limit: String(limit) });
		if (workflowId) qs.set('workflowId', String(workflowId));
		if (status) qs.set('status', status);
		const body = await this.api('GET', `/executions?${qs}`);
		return body.data || [];
	}

	async getExecution(id, includeData = true) {
		return this.api('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/**
	 * Waits (bounded) for an execution of workflowId with id > afterId that is finished
	 * (not new/running, and not waiting unless acceptWaiting). Returns it with data.
	 */
	async waitForExecution({ workflowId, afterId = 0, acceptWaiting = false, timeoutMs = 60_000, intervalMs = 500 } = {}) {
		const done = (s) => !['new', 'running', 'unknown'].includes(s) && (acceptWaiting || s !== 'waiting');
		const found = await waitFor(
			async () => {
				const list = await this.listExecutions({ workflowId });
				const hit = list.filter((e) => Number(e.id) > Number(afterId)).find((e) => done(e.status || (e.finished ? 'success' : 'running')));
				return hit || null;
			},
			{ timeoutMs, intervalMs, what: `an execution of workflow ${workflowId}` },
		);
		return this.getExecution(found.id, true);
	}

	/**
	 * Calls a production (or test) webhook: POST /webhook/<path>. n8n 2.x registers a published
	 * workflow's webhooks asynchronously (about a second after /publish answers), so a 404
	 * "not registered" is retried for up to `registerWaitMs` (no execution happens on a 404).
	 */
	async callWebhook(p, json, { method = 'POST', test = false, headers = {}, timeoutMs = 120_000, body, registerWaitMs = 20_000 } = {}) {
		const base = test ? 'webhook-test' : 'webhook';
		const url = `${this.url}/${base}/${p.replace(/^\//, '')}`;
		const deadline = Date.now() + registerWaitMs;
		for (let attempt = 0; attempt < 200; attempt++) {
			const res = await request(method, url, { json, body, headers, timeoutMs });
			const notRegistered = res.status === 404 && /not registered/i.test(res.text);
			if (!notRegistered || Date.now() + 250 > deadline) return res;
			await sleep(250);
		}
		throw new Error(`webhook ${url} never registered`);
	}

	/**
	 * Waits until a production webhook is registered, probing it with `probeBody` (choose one the
	 * receiving node rejects without starting an execution, e.g. {} for the Kie Suno Trigger).
	 */
	async waitForWebhook(p, { method = 'POST', probeBody = {}, timeoutMs = 20_000 } = {}) {
		const res = await this.callWebhook(p, probeBody, { method, registerWaitMs: timeoutMs, timeoutMs: 10_000 });
		if (res.status === 404 && /not registered/i.test(res.text)) throw new Error(`webhook ${p} not registered after ${timeoutMs} ms`);
		return res;
	}
}

/** Output items (json) of a node in an execution fetched with includeData=true. */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
	const runData = execution && execution.data && execution.data.resultData && execution.data.resultData.runData;
	const r = runData && runData[nodeName] && runData[nodeName][run];
	if (!r) return undefined;
	const main = (r.data && r.data.main && r.data.main[output]) || [];
	return main.map((i) => i.json);
}

function executionError(execution) {
	const rd = execution && execution.data && execution.data.resultData;
	return rd && rd.error ? rd.error : undefined;
}

module.exports = {
	PACKAGE_NAME,
	DEFAULT_OWNER,
	N8nClient,
	startN8n,
	runN8nCli,
	parseExecuteOutput,
	installPackage,
	packPackage,
	isPortFree,
	getFreePort,
	getFreePorts,
	groupPids,
	nodeOutput,
	executionError,
	majorOf,
	untar,
};
