'use strict';
/**
 * Loads examples/*.json for `npm run dev` and the e2e tests: replaces the placeholder hosts
 * (sandbox http://127.0.0.1:8787, n8n http://127.0.0.1:5678), binds Kie credentials, and fixes the
 * sender's callbackUrl to the built trigger's webhook path. Plain CommonJS, Node builtins only.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(REPO, 'examples');
const SANDBOX_PLACEHOLDER = 'http://127.0.0.1:8787';
const N8N_PLACEHOLDER = 'http://127.0.0.1:5678';
const DEMO_FILES = [
	['instrumental.mp3', 'demo/instrumental'],
	['vocals.mp3', 'demo/vocals'],
];

/** Webhook path of the built trigger, or null when it is not built. */
function triggerWebhookPath(repoDir = REPO) {
	const file = path.join(repoDir, 'dist', 'nodes', 'KieSunoTrigger', 'KieSunoTrigger.node.js');
	if (!fs.existsSync(file)) return null;
	const mod = require(file);
	const Cls = mod.KieSunoTrigger || Object.values(mod).find((v) => typeof v === 'function');
	const hooks = new Cls().description.webhooks || [];
	return hooks.length ? String(hooks[0].path || '').replace(/^\//, '') : null;
}

/**
 * [{ file, wf }] with placeholders replaced. `cred` = { id, name } for every kieApi reference.
 * Receivers (files containing "receiver") come first, so their URLs exist before senders run.
 */
function loadExamples({ sandboxUrl, n8nUrl, cred, triggerPath = null, dir = EXAMPLES_DIR }) {
	if (!fs.existsSync(dir)) return [];
	const files = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort((a, b) => Number(b.includes('receiver')) - Number(a.includes('receiver')) || a.localeCompare(b));
	return files.map((f) => {
		let text = fs.readFileSync(path.join(dir, f), 'utf8');
		text = text.split(SANDBOX_PLACEHOLDER).join(sandboxUrl).split(N8N_PLACEHOLDER).join(n8nUrl);
		const wf = JSON.parse(text);
		for (const node of wf.nodes) {
			if (cred && node.credentials && node.credentials.kieApi) node.credentials.kieApi = { id: cred.id, name: cred.name };
			if (triggerPath !== null && node.parameters && typeof node.parameters.callbackUrl === 'string') {
				node.parameters.callbackUrl = node.parameters.callbackUrl.replace(
					/(\/webhook\/[0-9a-f-]{36})(\/[^?#]*)?$/,
					(_m, base) => (triggerPath ? `${base}/${triggerPath}` : base),
				);
			}
		}
		return { file: f, wf };
	});
}

/** Deterministic demo audio bytes (the sandbox's generator when available). */
async function demoAudio(seed, size, sandboxModule) {
	if (sandboxModule && typeof sandboxModule.generatedAudioStream === 'function') {
		const chunks = [];
		for await (const c of sandboxModule.generatedAudioStream(seed, size)) chunks.push(Buffer.from(c));
		return Buffer.concat(chunks);
	}
	const b = Buffer.alloc(size);
	b.write('ID3', 0);
	for (let i = 3; i < size; i++) b[i] = (i * 131 + seed.length) & 0xff;
	return b;
}

/** Puts demo/instrumental.mp3 and demo/vocals.mp3 on the sandbox's upload host. */
async function seedSandboxDemo(sandboxUrl, { apiKey = 'sandbox-key', sandboxModule } = {}) {
	const { requestOk } = require('./http');
	const out = {};
	for (const [fileName, seed] of DEMO_FILES) {
		const buf = await demoAudio(seed, 48 * 1024, sandboxModule);
		const res = await requestOk('POST', `${sandboxUrl}/api/file-base64-upload`, {
			json: { base64Data: `data:audio/mpeg;base64,${buf.toString('base64')}`, uploadPath: 'demo', fileName },
			headers: { authorization: `Bearer ${apiKey}` },
		});
		out[fileName] = res.body && res.body.data && res.body.data.downloadUrl;
	}
	return out;
}

module.exports = { EXAMPLES_DIR, SANDBOX_PLACEHOLDER, N8N_PLACEHOLDER, triggerWebhookPath, loadExamples, seedSandboxDemo };
