/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any */
/**
 * Hostile callbacks: 1,000 generated requests to a published Kie Suno Trigger, and a sample to
 * the resume URL of a waiting `resume` execution. None may get a 5xx, crash n8n, or start /
 * resume an execution; a valid signed callback afterwards still works exactly once.
 */
import { randomUUID } from 'crypto';

import {
	FAULTS,
	N8N,
	SB,
	V,
	addInstrumental,
	allExecutions,
	chain,
	createBodies,
	deploy,
	fakeMp3,
	healthz,
	itemsChain,
	n8nInfo,
	noOpNode,
	nodeItems,
	postRaw,
	prng,
	recordFigures,
	signHeaders,
	sleep,
	triggerNode,
	triggerUrl,
	waitFor,
	waitForStatus,
} from './helpers';
import { CATEGORY_COUNTS, generateHostile, type HostileRequest } from './hostile';

const TOTAL = Number(process.env.FAULTS_HOSTILE_COUNT || 1000);
const RESUME_SAMPLE = Number(process.env.FAULTS_RESUME_SAMPLE || 200);
const CONCURRENCY = 4;
const HEALTH_EVERY = 100;

interface Outcome {
	req: HostileRequest;
	status: number | string;
	ms: number;
	text: string;
}

interface Barrage {
	outcomes: Outcome[];
	histogram: Record<string, number>;
	byCategory: Record<string, Record<string, number>>;
	health: number[];
	pidChanges: number;
	ms: number;
}

/** Sends the requests with bounded concurrency; checks /healthz and the PID every HEALTH_EVERY. */
async function barrage(url: string, list: HostileRequest[], pid: number): Promise<Barrage> {
	const t0 = Date.now();
	const outcomes: Outcome[] = new Array(list.length);
	const health: number[] = [];
	let pidChanges = 0;
	let next = 0;
	let sent = 0;
	const worker = async () => {
		for (;;) {
			const i = next++;
			if (i >= list.length) return;
			const req = list[i];
			const s = Date.now();
			const xml = isXml(req.contentType);
			try {
				const res = await postRaw(url, req.body, { contentType: req.contentType, headers: req.headers, timeoutMs: xml ? XML_TIMEOUT_MS : 60_000 });
				outcomes[i] = { req, status: res.status, ms: Date.now() - s, text: res.text.slice(0, 300) };
			} catch (e) {
				const message = (e as Error).message;
				// n8n's own XML body parser never settles on some malformed XML (see the control probe)
				const status = xml && /^timeout after/.test(message) ? NO_ANSWER_XML : `network error: ${message}`;
				outcomes[i] = { req, status, ms: Date.now() - s, text: '' };
			}
			sent++;
			if (sent % HEALTH_EVERY === 0) {
				health.push(await healthz());
				const info = await n8nInfo();
				if (info.pid !== pid || !info.alive) pidChanges++;
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	health.push(await healthz());
	const histogram: Record<string, number> = {};
	const byCategory: Record<string, Record<string, number>> = {};
	for (const o of outcomes) {
		const k = String(o.status);
		histogram[k] = (histogram[k] ?? 0) + 1;
		byCategory[o.req.category] ??= {};
		byCategory[o.req.category][k] = (byCategory[o.req.category][k] ?? 0) + 1;
	}
	return { outcomes, histogram, byCategory, health, pidChanges, ms: Date.now() - t0 };
}

/** The answer n8n itself gives no XML body it cannot parse (before any node runs). */
const NO_ANSWER_XML = 'no answer (n8n XML body parser)';
const XML_TIMEOUT_MS = 4000;

function isXml(contentType: string | undefined): boolean {
	const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
	return type.endsWith('/xml') || type.endsWith('+xml');
}

/** Anything but a 4xx answer, except n8n's own silence on XML it cannot parse. */
function bad(o: Outcome): boolean {
	if (o.status === NO_ANSWER_XML) return false;
	return typeof o.status !== 'number' || o.status >= 500 || o.status < 400;
}

function describeBad(b: Barrage): string[] {
	return b.outcomes
		.filter(bad)
		.slice(0, 20)
		.map((o) => `#${o.req.index} ${o.req.category}/${o.req.variant} ${o.req.contentType ?? '(no type)'} ${o.req.body.length} B → ${o.status} ${o.text}`);
}

function validCallback(taskId: string) {
	const track = (i: number) => ({
		id: randomUUID(),
		audio_url: `${V.sandboxUrl}/files/${taskId}/${i}.mp3`,
		stream_audio_url: `${V.sandboxUrl}/stream/${taskId}/${i}`,
		image_url: `${V.sandboxUrl}/files/${taskId}/${i}.jpeg`,
		prompt: '',
		model_name: 'chirp-v4-5',
		title: 'valid after hostile',
		tags: 'piano',
		createTime: Date.now(),
		duration: 4.1,
	});
	return { code: 200, msg: 'All generated successfully.', data: { callbackType: 'complete', task_id: taskId, data: [track(1), track(2)] } };
}

/**
 * Control probe: the same malformed XML to a plain n8n Webhook node. If n8n does not answer it
 * either, the silence comes from n8n's body parser, which runs before any node.
 */
async function probeN8nXml(): Promise<{ plainWebhook: number | string; body: string }> {
	const p = randomUUID();
	const hook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId: p,
		parameters: { httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
	};
	const { cleanup } = await deploy(V, { name: `faults xml probe ${Date.now()}`, nodes: [hook], connections: {}, settings: { executionOrder: 'v1' } });
	try {
		await N8N.waitForWebhook(p, { probeBody: {} });
		const body = 'x';
		try {
			const res = await postRaw(`${V.url}/webhook/${p}`, body, { contentType: 'text/xml', timeoutMs: XML_TIMEOUT_MS });
			return { plainWebhook: res.status, body };
		} catch (e) {
			return { plainWebhook: /^timeout after/.test((e as Error).message) ? NO_ANSWER_XML : `network error: ${(e as Error).message}`, body };
		}
	} finally {
		await cleanup();
	}
}

const sign = (taskId: string, opts?: { offsetSec?: number; key?: string }) => signHeaders(taskId, opts);

describe(`hostile callbacks (seed ${FAULTS.seed})`, () => {
	beforeAll(() => {
		process.stdout.write(`[faults] hostile callbacks: seed ${FAULTS.seed} (replay with FAULTS_SEED=${FAULTS.seed})\n`);
	});

	it(`${TOTAL} hostile requests to a published Kie Suno Trigger: no 5xx, no crash, no execution; a valid callback still starts exactly one`, async () => {
		const webhookId = randomUUID();
		const trigger = triggerNode(V, { events: ['text', 'first', 'complete', 'error'] }, { webhookId });
		const { id, cleanup } = await deploy(V, chain(`faults hostile receiver ${Date.now()}`, [trigger, noOpNode('Received')]));
		try {
			const url = triggerUrl(V, webhookId);
			// wait for registration: {} is no Kie callback → 400 once the webhook is live
			await waitFor(async () => (await postRaw(url, '{}', { contentType: 'application/json' })).status === 400, { timeoutMs: 30_000, intervalMs: 250, what: 'trigger webhook' });
			const before = await n8nInfo();
			const allBefore = (await allExecutions()).length;
			const knownTaskId = `faults${FAULTS.seed.toString(16)}known`;
			const list = generateHostile(prng(FAULTS.seed), sign, knownTaskId, TOTAL);
			const result = await barrage(url, list, before.pid);
			await sleep(2000);
			const after = await n8nInfo();
			const triggerExecs = await allExecutions(id);
			const allAfter = (await allExecutions()).length;

			// afterwards a valid signed callback (same task id some hostile bodies used) starts one execution
			const valid = validCallback(knownTaskId);
			const ok = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: sign(knownTaskId) });
			const exec = await waitFor(async () => (await allExecutions(id)).find((e) => e.status === 'success'), { timeoutMs: 30_000, intervalMs: 300, what: 'the valid callback execution' });
			const dup = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: sign(knownTaskId) });
			await sleep(1500);
			const finalExecs = await allExecutions(id);
			const full = await N8N.getExecution(exec.id, true);
			const items = nodeItems(full, 'Kie Suno Trigger').map((i) => i.json);

			// what n8n itself (not the node) does with a body whose Content-Encoding lies: recorded, not asserted
			const gzipLie = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: { 'content-encoding': 'gzip', ...sign(knownTaskId) } });
			const healthAfterGzip = await healthz();

			const count5xx = result.outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500).length;
			const networkErrors = result.outcomes.filter((o) => typeof o.status !== 'number' && o.status !== NO_ANSWER_XML).length;
			const noAnswerXml = result.outcomes.filter((o) => o.status === NO_ANSWER_XML).length;
			const xmlProbe = await probeN8nXml();
			const bytes = list.reduce((a, r) => a + r.body.length, 0);
			recordFigures('hostile', {
				seed: FAULTS.seed,
				total: list.length,
				categories: CATEGORY_COUNTS,
				categoryCounts: list.reduce<Record<string, number>>((a, r) => ((a[r.category] = (a[r.category] ?? 0) + 1), a), {}),
				bytes,
				largestBody: Math.max(...list.map((r) => r.body.length)),
				histogram: result.histogram,
				byCategory: result.byCategory,
				count5xx,
				networkErrors,
				noAnswerXml,
				noAnswerXmlVariants: [...new Set(result.outcomes.filter((o) => o.status === NO_ANSWER_XML).map((o) => `${o.req.contentType} ${JSON.stringify(o.req.body.subarray(0, 40).toString('utf8'))}`))].slice(0, 12),
				xmlProbe,
				non4xxSamples: describeBad(result),
				healthChecks: result.health.length,
				healthNot200: result.health.filter((s) => s !== 200).length,
				pidBefore: before.pid,
				pidAfter: after.pid,
				pidChanges: result.pidChanges,
				executionsStartedByHostile: triggerExecs.length,
				executionsAnyWorkflowDelta: allAfter - allBefore,
				validCallback: { status: ok.status, executions: finalExecs.length, items: items.length, duplicateStatus: dup.status, duplicateBody: dup.text.slice(0, 200) },
				durationMs: result.ms,
				n8nLyingGzip: { status: gzipLie.status, body: gzipLie.text.slice(0, 200), healthAfter: healthAfterGzip },
			});

			expect({ count5xx, networkErrors, non4xx: describeBad(result) }).toEqual({ count5xx: 0, networkErrors: 0, non4xx: [] });
			expect(result.health.every((s) => s === 200)).toBe(true);
			expect({ pidChanges: result.pidChanges, same: after.pid === before.pid, alive: after.alive }).toEqual({ pidChanges: 0, same: true, alive: true });
			// the silence on malformed XML is n8n's: its plain Webhook node is silent on the same body
			if (noAnswerXml > 0) expect(xmlProbe.plainWebhook).toBe(NO_ANSWER_XML);
			expect(triggerExecs).toHaveLength(0);
			expect(allAfter - allBefore).toBe(0);
			expect(ok.status).toBe(200);
			expect(dup.status).toBe(200);
			expect(finalExecs).toHaveLength(1);
			expect(items).toHaveLength(2);
			items.forEach((it) => expect(it).toEqual(expect.objectContaining({ taskId: knownTaskId, stage: 'complete' })));
		} finally {
			await cleanup();
		}
	});

	it(`${RESUME_SAMPLE} hostile requests to the resume URL of a waiting execution: none resumes it; Kie's callbacks then resume it once with its tracks`, async () => {
		const uploadUrl = await SB.seedUpload(`faults-hostile-resume-${Date.now()}.mp3`, fakeMp3());
		const title = `faults-hostile-resume-${FAULTS.seed}`;
		// hold the task at PENDING until the barrage is over
		await SB.configure({ stageDelaysMs: { text: 600_000, first: 50, complete: 50 } });
		const since = Date.now();
		const { workflow, path } = itemsChain(`faults hostile resume ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 10 } }), 'onReceived');
		const { id, cleanup } = await deploy(V, workflow);
		try {
			const start = await N8N.callWebhook(path, { items: [{ title }] });
			expect(start.status).toBe(200);
			const waiting = await waitFor(async () => (await allExecutions(id)).find((e) => e.status === 'waiting'), { timeoutMs: 60_000, intervalMs: 300, what: 'the waiting execution' });
			await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
			const [create] = (await createBodies(since)).filter((b) => b.title === title);
			const resumeUrl = String(create.callBackUrl);
			const task = (await SB.tasks()).find((t) => t.body?.title === title);
			const before = await n8nInfo();

			const list = generateHostile(prng((FAULTS.seed ^ 0x9e3779b9) >>> 0), sign, task.taskId, RESUME_SAMPLE);
			const result = await barrage(resumeUrl, list, before.pid);
			await sleep(1000);
			const still = await N8N.getExecution(waiting.id, false);
			const execsDuring = await allExecutions(id);

			// Kie finishes the task: its signed callbacks resume the execution once
			await SB.complete(task.taskId);
			const done = await waitForStatus(waiting.id, ['success', 'error', 'crashed', 'canceled'], 60_000);
			const items = nodeItems(done, 'Add Instrumental').map((i) => i.json);
			const sbTask = await SB.task(task.taskId);
			await sleep(1000);
			const execsAfter = await allExecutions(id);
			const cbs = await SB.callbacks(task.taskId);

			const count5xx = result.outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500).length;
			const networkErrors = result.outcomes.filter((o) => typeof o.status !== 'number' && o.status !== NO_ANSWER_XML).length;
			const noAnswerXml = result.outcomes.filter((o) => o.status === NO_ANSWER_XML).length;
			recordFigures('hostileResume', {
				total: list.length,
				histogram: result.histogram,
				byCategory: result.byCategory,
				count5xx,
				networkErrors,
				noAnswerXml,
				non4xxSamples: describeBad(result),
				statusWhileHostile: still.status,
				executionsDuring: execsDuring.length,
				finalStatus: done.status,
				items: items.length,
				tracks: sbTask.tracks.length,
				executionsAfter: execsAfter.length,
				callbackStatuses: cbs.map((c: any) => `${c.stage}:${c.status}`),
				durationMs: result.ms,
			});

			expect({ count5xx, networkErrors, non4xx: describeBad(result) }).toEqual({ count5xx: 0, networkErrors: 0, non4xx: [] });
			expect(result.health.every((s) => s === 200)).toBe(true);
			expect(result.pidChanges).toBe(0);
			expect(still.status).toBe('waiting');
			expect(execsDuring).toHaveLength(1);
			expect(done.status).toBe('success');
			expect(items).toHaveLength(sbTask.tracks.length);
			items.forEach((it, i) => expect(it).toEqual(expect.objectContaining({ taskId: task.taskId, stage: 'complete', audioUrl: sbTask.tracks[i].audioUrl })));
			expect(execsAfter).toHaveLength(1);
		} finally {
			await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
			await cleanup();
		}
	});
});
