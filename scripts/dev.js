#!/usr/bin/env node
'use strict';
/**
 * npm run dev: build this package, start the local Kie SANDBOX (a test double, not Kie) and a
 * real n8n on loopback with the package installed as a community package, create the owner,
 * credentials and example workflows, print the editor URL and login; Ctrl-C stops everything.
 *
 *   npm run dev [-- --port 5678 --sandbox-port 8787 --n8n 2.41.1 --fresh --no-build --user-folder DIR]
 *
 * Env: KIE_API_KEY (adds a "Kie API" credential with the real key and default hosts),
 *      KIE_SUNO_CACHE (cache root, default ~/.cache/n8n-nodes-kie-suno),
 *      KIE_DEV_N8N_VERSION, KIE_DEV_PORT, KIE_DEV_SANDBOX_PORT, KIE_DEV_HMAC_KEY, KIE_DEV_USER_FOLDER.
 *
 * Plain CommonJS, Node builtins only (runs on Node 20; n8n itself runs on the cached Node 24).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const install = require('./n8n/install');
const { startN8n, installPackage, N8nClient, DEFAULT_OWNER, isPortFree } = require('./n8n/instance');
const { loadExamples, seedSandboxDemo, triggerWebhookPath } = require('./n8n/examples');

const REPO = path.resolve(__dirname, '..');
const SANDBOX_CREDENTIAL = 'Kie API (sandbox)';
const REAL_CREDENTIAL = 'Kie API';

function parseArgs(argv) {
	const o = {
		version: process.env.KIE_DEV_N8N_VERSION || '2.41.1',
		port: Number(process.env.KIE_DEV_PORT || 5678),
		sandboxPort: Number(process.env.KIE_DEV_SANDBOX_PORT || 8787),
		build: true,
		fresh: false,
		userFolder: process.env.KIE_DEV_USER_FOLDER || '',
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => argv[++i];
		if (a === '--port') o.port = Number(next());
		else if (a === '--sandbox-port') o.sandboxPort = Number(next());
		else if (a === '--n8n' || a === '--version') o.version = next();
		else if (a === '--no-build') o.build = false;
		else if (a === '--fresh') o.fresh = true;
		else if (a === '--user-folder') o.userFolder = path.resolve(next());
		else if (a === '--help' || a === '-h') {
			console.log('npm run dev [-- --port 5678 --sandbox-port 8787 --n8n 2.41.1 --fresh --no-build --user-folder DIR]');
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	o.brokerPort = o.port + 1;
	return o;
}

function say(msg) {
	process.stdout.write(`[dev] ${msg}\n`);
}

function safeTriggerPath() {
	try {
		return triggerWebhookPath(REPO);
	} catch (e) {
		say(`could not read the trigger's webhook path (${e.message}); keeping the examples' URLs`);
		return null;
	}
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const started = []; // cleanup stack
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping…');
		for (const fn of started.reverse()) {
			try {
				await fn();
			} catch (e) {
				say(`cleanup: ${e.message}`);
			}
		}
		say('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));
	process.on('SIGHUP', () => stopAll(0));

	try {
		for (const [p, what] of [
			[opts.port, 'n8n'],
			[opts.brokerPort, 'n8n task broker'],
			[opts.sandboxPort, 'sandbox'],
		]) {
			if (!(await isPortFree(p))) throw new Error(`port ${p} (${what}) on 127.0.0.1 is in use; pass --port / --sandbox-port`);
		}

		if (opts.build) {
			say('npm run build');
			const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', timeout: 10 * 60_000 });
			if (r.status !== 0) throw new Error('npm run build failed');
		}

		say(`ensuring Node 24 and n8n ${opts.version} in ${install.cacheRoot()} (first run: a few minutes)`);
		const nodeBin = await install.ensureNode24();
		await install.ensureN8n(opts.version, { nodeBin });

		// default: one dev user folder per n8n version in the cache, kept across runs
		const userFolder = opts.userFolder || path.join(install.cacheRoot(), `dev-${opts.version}`);
		if (opts.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		const pkg = await installPackage(userFolder, REPO);
		say(`installed ${pkg.files.length} files into ${pkg.dir}`);

		// --- sandbox (in this process)
		const sandboxPath = path.join(REPO, 'test', 'sandbox', 'kieSandbox.js');
		if (!fs.existsSync(sandboxPath)) throw new Error(`${sandboxPath} is missing (the Kie sandbox)`);
		const sandboxModule = require(sandboxPath);
		const sandbox = await sandboxModule.startKieSandbox({
			host: '127.0.0.1',
			port: opts.sandboxPort,
			apiKeys: ['sandbox-key'],
			hmacKey: process.env.KIE_DEV_HMAC_KEY || undefined,
			stageDelaysMs: { text: 2000, first: 3000, complete: 3000 },
			// the other task types finish a little faster, so the full-pipeline example takes ~20 s
			familyDelaysMs: { lyrics: 3000, wav: 4000, stems: 5000, midi: 3000, video: 5000, coverImage: 4000 },
			credits: 10_000,
			logger: process.env.KIE_DEV_SANDBOX_LOG ? (l) => process.stdout.write(`[sandbox] ${l}\n`) : undefined,
		});
		started.push(() => sandbox.close());
		const sandboxUrl = sandbox.url;
		const demo = await seedSandboxDemo(sandboxUrl, { sandboxModule });
		say(`sandbox on ${sandboxUrl} (demo audio: ${Object.values(demo).join(', ')})`);

		// --- n8n
		say(`starting n8n ${opts.version} on http://127.0.0.1:${opts.port}`);
		const n8n = await startN8n({
			version: opts.version,
			userFolder,
			port: opts.port,
			brokerPort: opts.brokerPort,
			nodeBin,
			logPath: path.join(userFolder, 'n8n.log'),
		});
		started.push(() => n8n.stop());
		say(`n8n up in ${(n8n.startMs / 1000).toFixed(1)} s (pid ${n8n.pid}, log ${n8n.logPath})`);

		const client = new N8nClient(n8n.url, { version: opts.version, browserId: 'kie-suno-dev' });
		const owner = await client.setupOwner(DEFAULT_OWNER);

		// --- state kept across restarts of the same user folder (API key, credential and workflow ids)
		const statePath = path.join(userFolder, 'kie-dev-state.json');
		let state = {};
		try {
			if (!owner.created) state = JSON.parse(fs.readFileSync(statePath, 'utf8')) || {};
		} catch {
			state = {};
		}
		client.apiKey = state.apiKey || '';
		const keyOk = client.apiKey && (await client.api('GET', '/workflows?limit=1', undefined, { okOnly: false })).status === 200;
		if (!keyOk) await client.createApiKey(`kie-suno-dev-${Date.now()}`);
		const upsertCredential = async (key, name, data) => {
			const existing = state.credentials && state.credentials[key];
			if (existing && (await client.getCredentialRest(existing).catch(() => null))) {
				await client.updateCredentialRest(existing, { name, type: 'kieApi', data });
				return { id: existing, name };
			}
			const c = await client.createCredential({ name, type: 'kieApi', data });
			return { id: String(c.id), name };
		};
		const credSandbox = await upsertCredential('sandbox', SANDBOX_CREDENTIAL, {
			apiKey: 'sandbox-key',
			baseUrl: sandboxUrl,
			uploadBaseUrl: sandboxUrl,
			webhookHmacKey: process.env.KIE_DEV_HMAC_KEY || '',
		});
		const creds = { sandbox: credSandbox.id };
		if (process.env.KIE_API_KEY) {
			const real = await upsertCredential('real', REAL_CREDENTIAL, {
				apiKey: process.env.KIE_API_KEY,
				baseUrl: 'https://api.kie.ai',
				uploadBaseUrl: 'https://kieai.redpandaai.co',
				webhookHmacKey: process.env.KIE_WEBHOOK_HMAC_KEY || '',
			});
			creds.real = real.id;
		}

		// --- example workflows (re-imported on every start so they match examples/)
		for (const id of state.workflows || []) {
			await client.unpublishWorkflow(id).catch(() => {});
			await client.deleteWorkflow(id).catch(() => {});
		}
		// …and any other copy of an example (e.g. from an earlier state file that was lost)
		const exampleNames = new Set(loadExamples({ sandboxUrl, n8nUrl: n8n.url, cred: credSandbox, triggerPath: null }).map((e) => e.wf.name));
		for (const w of await client.listWorkflows().catch(() => [])) {
			if (exampleNames.has(w.name)) {
				await client.unpublishWorkflow(w.id).catch(() => {});
				await client.deleteWorkflow(w.id).catch(() => {});
			}
		}
		const examples = loadExamples({ sandboxUrl, n8nUrl: n8n.url, cred: credSandbox, triggerPath: safeTriggerPath() });
		const imported = [];
		for (const { file, wf } of examples) {
			try {
				const created = await client.createWorkflow(wf);
				let note = '';
				if (file.includes('receiver')) {
					try {
						await client.publishWorkflow(created.id);
						note = ' (published: its trigger URL is live)';
					} catch (e) {
						note = ` (not published: ${e.message.split('\n')[0].slice(0, 160)})`;
					}
				}
				imported.push({ id: String(created.id), name: wf.name, note });
			} catch (e) {
				say(`could not import ${file}: ${e.message.slice(0, 300)}`);
			}
		}
		fs.writeFileSync(
			statePath,
			JSON.stringify({ apiKey: client.apiKey, credentials: creds, workflows: imported.map((w) => w.id) }, null, 2) + '\n',
			{ mode: 0o600 },
		);

		const line = '─'.repeat(72);
		process.stdout.write(
			[
				'',
				line,
				`  n8n ${opts.version} with n8n-nodes-kie-suno ${pkg.version}`,
				`  Editor:    ${n8n.url}/`,
				`  Login:     ${DEFAULT_OWNER.email}  /  ${DEFAULT_OWNER.password}`,
				`  Sandbox:   ${sandboxUrl}  (Kie SANDBOX, a local test double, not Kie; control: ${sandboxUrl}/__sandbox)`,
				`  Credentials: "${SANDBOX_CREDENTIAL}" (apiKey sandbox-key)` +
					(creds.real ? `, "${REAL_CREDENTIAL}" (KIE_API_KEY, real Kie hosts)` : ' (set KIE_API_KEY for a real "Kie API" credential)'),
				'  Workflows:',
				...imported.map((w) => `    ${n8n.url}/workflow/${w.id}  ${w.name}${w.note}`),
				`  User folder: ${userFolder}`,
				`  n8n log:     ${n8n.logPath}`,
				'  Ctrl-C stops n8n and the sandbox.',
				line,
				'',
			].join('\n'),
		);

		// n8n dying on its own ends the dev session too
		const watch = setInterval(() => {
			if (n8n.exited && !stopping) {
				say(`n8n exited unexpectedly (${JSON.stringify(n8n.exitInfo)}); see ${n8n.logPath}`);
				clearInterval(watch);
				stopAll(1);
			}
		}, 1000);
		started.push(async () => clearInterval(watch));
	} catch (e) {
		process.stderr.write(`[dev] ${e && e.stack ? e.stack : e}\n`);
		await stopAll(1);
	}
}

main();
