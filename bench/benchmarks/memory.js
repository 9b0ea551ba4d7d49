'use strict';
/**
 * Benchmark 4: memory while downloading a large file into n8n binary data.
 *
 * The sandbox serves a `fileMiB` MiB mp3 (one track per task). Variants (Webhook → node):
 *   kie   Kie Suno node, Add Instrumental with the default model (V6: jobs route), completion poll
 *         (1 s interval, 200 ms stages), downloadAudio: the guarded download (address checks, size
 *         and time caps) into n8n's binary storage
 *   kieNoDownload  control: the Kie Suno node without downloadAudio (what a poll execution costs anyway)
 *   kieCapped      the same download with Max File Size below the file (`capMiB`): the cap must stop it,
 *                  the item gets `downloadError`; the sandbox counts the bytes it sent before that
 *   http  n8n's HTTP Request node GET of the same kind of file, Response Format: File
 * The RSS of n8n's whole process group (main + task runner) is sampled every `sampleMs` from
 * /proc; growth = peak during the run − median of 1 s of samples just before it.
 * The order rotates per run; each run's execution is deleted afterwards (frees the stored file).
 */
const { log, node, webhookNode, chain, median, sleep, until } = require('../lib/common');
const { deploy, undeploy, lastExecutionId, postWebhook, deleteExecution, FINISHED } = require('../lib/env');
const { sandboxCreate, resetSandbox } = require('../lib/sandbox');

const fs = require('fs');
const path = require('path');

const HTTP_TYPE_VERSION = 4.5;

/** Largest file under n8n's storage folder (bounded walk): where filesystem-mode binary data lands. */
function largestStoredFile(root) {
	let best = { file: '', bytes: 0 };
	const stack = [[root, 0]];
	for (let seen = 0; stack.length && seen < 20_000; seen++) {
		const [dir, depth] = stack.pop();
		let entries = [];
		try {
			entries = fs.readdirSync(dir, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const p = path.join(dir, e.name);
			if (e.isDirectory() && depth < 10) stack.push([p, depth + 1]);
			else if (e.isFile()) {
				try {
					const size = fs.statSync(p).size;
					if (size > best.bytes) best = { file: path.relative(root, p), bytes: size };
				} catch {
					/* raced */
				}
			}
		}
	}
	return best;
}

function rssSampler(env, sampleMs) {
	const samples = [];
	const take = () => {
		const r = env.n8n.rss();
		samples.push({ t: Date.now(), total: r.totalKb, main: r.mainKb, procs: r.pids.length });
	};
	take();
	const timer = setInterval(take, sampleMs);
	return {
		samples,
		stop() {
			clearInterval(timer);
			take();
		},
	};
}

async function runOnce(env, v, runLabel) {
	const cfg = env.cfg.memory;
	await resetSandbox(env);
	const body = {};
	if (v.key === 'http') {
		const taskId = await sandboxCreate(env, { uploadUrl: `${env.sb.url}/bench/source.mp3`, title: `mem-http-${runLabel}` });
		body.url = `${env.sb.url}/files/${taskId}/1.mp3`;
	} else body.title = `mem-kie-${runLabel}`;
	const before = await lastExecutionId(env, v.wfId);
	const sampler = rssSampler(env, cfg.sampleMs);
	let exec;
	try {
		await sleep(1000); // baseline window
		const tTrigger = Date.now();
		const res = await postWebhook(env, v.hookPath, body);
		if (res.status !== 200) throw new Error(`webhook: HTTP ${res.status} ${res.text.slice(0, 200)}`);
		const hit = await until(
			async () => (await env.client.listExecutions({ workflowId: v.wfId, limit: 3 })).filter((e) => Number(e.id) > before && FINISHED(e)).pop(),
			{ timeoutMs: 300_000, intervalMs: 250, what: `the ${v.key} download execution` },
		);
		await sleep(1000); // trailing samples
		sampler.stop();
		exec = await env.client.getExecution(hit.id, true);
		const baseline = sampler.samples.filter((s) => s.t < tTrigger);
		const during = sampler.samples.filter((s) => s.t >= tTrigger);
		const baseTotal = median(baseline.map((s) => s.total));
		const baseMain = median(baseline.map((s) => s.main));
		const peakTotal = Math.max(...during.map((s) => s.total));
		const peakMain = Math.max(...during.map((s) => s.main));
		const runData = exec.data.resultData.runData;
		const nodeRun = runData.Download && runData.Download[0];
		const items = (nodeRun && nodeRun.data && nodeRun.data.main && nodeRun.data.main[0]) || [];
		const bin = items[0] && items[0].binary && (items[0].binary.audio || items[0].binary.data);
		const first = (items[0] && items[0].json) || {};
		const stored = largestStoredFile(path.join(env.userFolder, '.n8n', 'storage'));
		return {
			variant: v.key,
			apiRoute: first.apiRoute,
			downloadError: typeof first.downloadError === 'string' ? first.downloadError : undefined,
			bytesServed: env.sb.stats.fileBytesServed,
			status: exec.status,
			error: exec.data.resultData.error ? exec.data.resultData.error.message : undefined,
			baselineMiB: baseTotal / 1024,
			peakMiB: peakTotal / 1024,
			growthMiB: (peakTotal - baseTotal) / 1024,
			growthMainMiB: (peakMain - baseMain) / 1024,
			samples: during.length,
			wallMs: Date.parse(exec.stoppedAt) - Date.parse(exec.startedAt),
			nodeMs: nodeRun ? nodeRun.executionTime : NaN,
			binaryId: bin ? String(bin.id || '') : '',
			binaryMode: bin && bin.id ? String(bin.id).split(':')[0] : bin && bin.data ? 'inline (base64 in execution data)' : 'none',
			binarySize: bin ? bin.fileSize : undefined,
			mimeType: bin ? bin.mimeType : undefined,
			storedFileBytes: stored.bytes,
			storedFile: stored.file,
			baselineMainMiB: baseMain / 1024,
			processes: Math.max(...during.map((s) => s.procs)),
			execId: exec.id,
		};
	} finally {
		sampler.stop();
		if (exec) await deleteExecution(env, exec.id);
	}
}

async function run(env) {
	const cfg = env.cfg;
	const bytes = cfg.memory.fileMiB * 1024 * 1024;
	const kie = node(
		'Download',
		'n8n-nodes-kie-suno.kieSuno',
		1,
		{
			resource: 'music',
			operation: 'addInstrumental',
			uploadUrl: `${env.sb.url}/bench/source.mp3`,
			title: '={{ $json.body.title }}',
			tags: 'piano',
			negativeTags: 'metal',
			completion: 'poll',
			options: { pollIntervalSeconds: cfg.memory.pollIntervalSeconds, timeoutMinutes: 5, downloadAudio: true },
		},
		{ credentials: { kieApi: env.cred } },
	);
	const variantOf = (options) => {
		const copy = JSON.parse(JSON.stringify(kie));
		copy.id = require('crypto').randomUUID();
		Object.assign(copy.parameters.options, options);
		return copy;
	};
	const kieControl = variantOf({ downloadAudio: false });
	const kieCapped = variantOf({ maxFileSizeMb: cfg.memory.capMiB });
	const http = node('Download', 'n8n-nodes-base.httpRequest', HTTP_TYPE_VERSION, {
		url: '={{ $json.body.url }}',
		options: { response: { response: { responseFormat: 'file' } }, timeout: 600_000 },
	});
	const variants = [];
	try {
		for (const [key, label, n] of [
			['kie', 'Kie Suno node (poll, Download Audio)', kie],
			['kieNoDownload', 'control: the same Kie Suno node without Download Audio', kieControl],
			['kieCapped', `the same Kie Suno node with Max File Size ${cfg.memory.capMiB} MB (below the file)`, kieCapped],
			['http', `HTTP Request ${HTTP_TYPE_VERSION} (GET, Response Format: File)`, http],
		]) {
			const hook = webhookNode('Webhook');
			const wfId = await deploy(env, chain(`bench memory ${key}`, [hook, n]));
			variants.push({ key, label, wfId, hookPath: hook.parameters.path });
		}
		// warm-up with a small file: loads the code paths so the baseline is steady
		env.sb.configure({ audioBytes: 64 * 1024, tracksPerTask: 1, stageDelaysMs: { text: 200, first: 200, complete: 200 } });
		for (const v of variants) await runOnce(env, v, 'warmup');
		env.sb.configure({ audioBytes: bytes });
		const runs = [];
		for (let r = 0; r < cfg.runs; r++) {
			const order = variants.map((_, i) => variants[(i + r) % variants.length]);
			for (const v of order) {
				const res = await runOnce(env, v, `r${r}`);
				log(
					`memory run ${r + 1}/${cfg.runs} ${v.key}: ${res.status}, RSS baseline ${res.baselineMiB.toFixed(0)} MiB, peak ${res.peakMiB.toFixed(0)} MiB, ` +
						`growth ${res.growthMiB.toFixed(1)} MiB (main ${res.growthMainMiB.toFixed(1)}), ${res.wallMs} ms, binary ${res.binaryMode} ${res.binarySize}`,
				);
				if (res.status !== 'success') log(`memory ${v.key} error: ${res.error}`);
				if (res.downloadError) log(`memory ${v.key}: downloadError "${res.downloadError}", sandbox sent ${(res.bytesServed / 1048576).toFixed(1)} MiB`);
				runs.push(res);
			}
		}
		const summary = variants.map((v) => {
			const mine = runs.filter((x) => x.variant === v.key);
			const m = (k) => median(mine.map((x) => x[k]));
			return {
				key: v.key,
				label: v.label,
				growthMiB: m('growthMiB'),
				growthMainMiB: m('growthMainMiB'),
				growthMaxMiB: Math.max(...mine.map((x) => x.growthMiB)),
				baselineMiB: m('baselineMiB'),
				wallMs: m('wallMs'),
				mibPerSecond: cfg.memory.fileMiB / (m('wallMs') / 1000),
				binaryMode: [...new Set(mine.map((x) => x.binaryMode))].join(', '),
				binarySize: mine[0] && mine[0].binarySize,
				storedFileBytes: median(mine.map((x) => x.storedFileBytes)),
				storedFile: mine[0] && mine[0].storedFile,
				baselineMainMiB: m('baselineMainMiB'),
				processes: Math.max(...mine.map((x) => x.processes)),
				failed: mine.filter((x) => x.status !== 'success' || (v.key === 'kieCapped') !== !!x.downloadError).length,
				apiRoutes: [...new Set(mine.map((x) => x.apiRoute).filter(Boolean))],
				downloadError: (mine.find((x) => x.downloadError) || {}).downloadError,
				bytesServedMiB: median(mine.map((x) => x.bytesServed / 1048576)),
				bytesServedMaxMiB: Math.max(...mine.map((x) => x.bytesServed / 1048576)),
			};
		});
		return { fileMiB: cfg.memory.fileMiB, capMiB: cfg.memory.capMiB, fileBytes: bytes, binaryDataMode: env.settings && env.settings.binaryDataMode, sampleMs: cfg.memory.sampleMs, runs, summary };
	} finally {
		for (const v of variants) await undeploy(env, v.wfId);
		env.sb.configure({ audioBytes: 64 * 1024, tracksPerTask: 2 });
		await resetSandbox(env);
	}
}

module.exports = { run };
