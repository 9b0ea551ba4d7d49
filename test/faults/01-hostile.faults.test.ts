/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any */
/**
 * Hostile callbacks: 1,000 generated requests to a published Kie Suno Trigger (credential with an
 * HMAC key, downloads on), and a sample to the resume URL of a waiting `resume` execution. None
 * may get a 5xx, crash n8n, start / resume an execution, or make n8n request the internal address
 * the hostile bodies name for their files; a valid signed callback afterwards still works exactly
 * once. 0.2: a correctly signed body the lenient doorbell parser accepts is answered 200 and
 * confirmed with Kie (a doorbell), so 200 is an allowed answer; what counts is that nothing starts.
 */
import {
	FAULTS,
	N8N,
	SB,
	V,
	addInstrumental,
	allExecutions,
	createBodies,
	deploy,
	fakeMp3,
	healthz,
	itemsChain,
	n8nInfo,
	nodeItems,
	postRaw,
	prng,
	recordFigures,
	signHeaders,
	sleep,
	waitFor,
	waitForStatus,
} from './helpers';
import { NO_ANSWER_XML, barrage, describeBad, probeN8nXml, validCallback, xmlSilenceIsN8ns } from './barrage';
import { createSong } from './forgery';
import { CATEGORY_COUNTS, generateHostile } from './hostile';
import { startInternalTarget } from './internalTarget';
import { deployTrigger } from './triggers';

const TOTAL = Number(process.env.FAULTS_HOSTILE_COUNT || 1000);
const RESUME_SAMPLE = Number(process.env.FAULTS_RESUME_SAMPLE || 200);
const sign = (taskId: string, opts?: { offsetSec?: number; key?: string }) => signHeaders(taskId, opts);

describe(`hostile callbacks (seed ${FAULTS.seed})`, () => {
	beforeAll(() => {
		process.stdout.write(`[faults] hostile callbacks: seed ${FAULTS.seed} (replay with FAULTS_SEED=${FAULTS.seed})\n`);
	});

	it(`${TOTAL} hostile requests to a published Kie Suno Trigger: no 5xx, no crash, no execution, no internal request; a valid callback still starts exactly one`, async () => {
		const target = await startInternalTarget();
		// the known task is real and held before its text stage during the barrage; its own callbacks go nowhere
		await SB.configure({ stageDelaysMs: { text: 600_000, first: 50, complete: 50 } });
		const knownTaskId = await createSong('http://127.0.0.1:9/faults-unused-hostile', 'hostile known task');
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		const { id, url, cleanup } = await deployTrigger(`faults hostile receiver`, { events: ['text', 'first', 'complete', 'error'], options: { downloadAudio: true, downloadCover: true } }, 'good');
		try {
			const before = await n8nInfo();
			const allBefore = (await allExecutions()).length;
			const list = generateHostile(prng(FAULTS.seed), sign, knownTaskId, TOTAL, target.base);
			const result = await barrage(url, list, before.pid);
			await sleep(2000);
			const after = await n8nInfo();
			const triggerExecs = await allExecutions(id);
			// an execution a hostile request started: with items (data taken in) or failed (n8n's "could not be started")
			const hostileWithItems: string[] = [];
			for (const e of triggerExecs) if (nodeItems(await N8N.getExecution(e.id, true), 'Kie Suno Trigger').length > 0) hostileWithItems.push(e.id);
			const allAfter = (await allExecutions()).length;

			// Kie finishes the known task; its valid signed callback starts one execution with Kie's tracks
			await SB.complete(knownTaskId);
			const sbTask = await SB.task(knownTaskId);
			const valid = validCallback(knownTaskId);
			const ok = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: sign(knownTaskId) });
			const before2 = new Set(triggerExecs.map((e) => e.id));
			const exec = await waitFor(async () => (await allExecutions(id)).find((e) => e.status === 'success' && !before2.has(e.id)), { timeoutMs: 60_000, intervalMs: 300, what: 'the valid callback execution' });
			const dup = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: sign(knownTaskId) });
			await sleep(3000);
			const finalExecs = await allExecutions(id);
			const full = await N8N.getExecution(exec.id, true);
			const triggered = nodeItems(full, 'Kie Suno Trigger');
			const items = triggered.map((i) => i.json);
			const validOk = items.length === sbTask.tracks.length && items.every((it, i) => it.verified === true && it.audioUrl === sbTask.tracks[i].audioUrl);
			const internal = { hits: target.hits().length, connections: target.connections() };
			await target.close();

			// what n8n itself (not the node) does with a body whose Content-Encoding lies: recorded, not asserted
			const gzipLie = await postRaw(url, JSON.stringify(valid), { contentType: 'application/json', headers: { 'content-encoding': 'gzip', ...sign(knownTaskId) } });
			const healthAfterGzip = await healthz();

			const count5xx = result.outcomes.filter((o) => typeof o.status === 'number' && o.status >= 500).length;
			const networkErrors = result.outcomes.filter((o) => typeof o.status !== 'number' && o.status !== NO_ANSWER_XML).length;
			const noAnswerXml = result.outcomes.filter((o) => o.status === NO_ANSWER_XML).length;
			const xmlProbe = await probeN8nXml(url, result.outcomes.filter((o) => o.status === NO_ANSWER_XML));
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
				hostileExecutionStatuses: triggerExecs.reduce<Record<string, number>>((a, e) => ((a[e.status] = (a[e.status] ?? 0) + 1), a), {}),
				hostileExecutionsWithItems: hostileWithItems.length,
				executionsAnyWorkflowDelta: allAfter - allBefore,
				validCallback: { status: ok.status, ok: validOk, executions: finalExecs.length - triggerExecs.length, items: items.length, withAudio: triggered.filter((i) => i.binary?.audio).length, duplicateStatus: dup.status, duplicateBody: dup.text.slice(0, 200) },
				doorbells: result.outcomes.filter((o) => o.status === 200).length,
				internal,
				durationMs: result.ms,
				n8nLyingGzip: { status: gzipLie.status, body: gzipLie.text.slice(0, 200), healthAfter: healthAfterGzip },
			});

			expect({ count5xx, networkErrors, non4xx: describeBad(result) }).toEqual({ count5xx: 0, networkErrors: 0, non4xx: [] });
			expect(result.health.every((s) => s === 200)).toBe(true);
			expect({ pidChanges: result.pidChanges, same: after.pid === before.pid, alive: after.alive }).toEqual({ pidChanges: 0, same: true, alive: true });
			// an unanswered XML request was either only slow under load, or n8n's own parser (a plain Webhook node is silent too)
			expect({ xmlSilenceIsN8ns: xmlSilenceIsN8ns(xmlProbe), samples: xmlProbe.samples }).toEqual({ xmlSilenceIsN8ns: true, samples: xmlProbe.samples });
			expect(triggerExecs).toHaveLength(0);
			expect(allAfter - allBefore).toBe(0);
			expect(ok.status).toBe(200);
			expect(dup.status).toBe(200);
			expect(finalExecs.length - triggerExecs.length).toBe(1);
			expect(items).toHaveLength(2);
			// Kie's tracks, not the callback body's
			items.forEach((it, i) => expect(it).toEqual(expect.objectContaining({ taskId: knownTaskId, stage: 'complete', verified: true, audioUrl: sbTask.tracks[i].audioUrl, id: sbTask.tracks[i].id })));
			expect(internal).toEqual({ hits: 0, connections: 0 });
		} finally {
			await cleanup();
		}
	}, 900_000);

	it(`${RESUME_SAMPLE} hostile requests to the resume URL of a waiting execution: none resumes it; Kie's callbacks then resume it once with its tracks`, async () => {
		const uploadUrl = await SB.seedUpload(`faults-hostile-resume-${Date.now()}.mp3`, fakeMp3());
		const title = `faults-hostile-resume-${FAULTS.seed}`;
		// hold the task at PENDING until the barrage is over
		await SB.configure({ stageDelaysMs: { text: 600_000, first: 50, complete: 50 } });
		const since = Date.now();
		const { workflow, path } = itemsChain(`faults hostile resume ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 10, downloadAudio: true } }), 'onReceived');
		const { id, cleanup } = await deploy(V, workflow);
		const target = await startInternalTarget();
		try {
			const start = await N8N.callWebhook(path, { items: [{ title }] });
			expect(start.status).toBe(200);
			const waiting = await waitFor(async () => (await allExecutions(id)).find((e) => e.status === 'waiting'), { timeoutMs: 60_000, intervalMs: 300, what: 'the waiting execution' });
			await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
			const [create] = (await createBodies(since)).filter((b) => b.title === title);
			const resumeUrl = String(create.callBackUrl);
			const task = (await SB.tasks()).find((t) => t.body?.title === title);
			const before = await n8nInfo();

			const list = generateHostile(prng((FAULTS.seed ^ 0x9e3779b9) >>> 0), sign, task.taskId, RESUME_SAMPLE, target.base);
			const result = await barrage(resumeUrl, list, before.pid);
			await sleep(1000);
			const still = await N8N.getExecution(waiting.id, false);
			const execsDuring = await allExecutions(id);

			// Kie finishes the task: its signed callbacks resume the execution once
			await SB.complete(task.taskId);
			const done = await waitForStatus(waiting.id, ['success', 'error', 'crashed', 'canceled'], 60_000);
			const resumed = nodeItems(done, 'Add Instrumental');
			const items = resumed.map((i) => i.json);
			const sbTask = await SB.task(task.taskId);
			const nodeRuns = (done.data?.resultData?.runData?.['Add Instrumental'] ?? []).length;
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
				doorbells: result.outcomes.filter((o) => o.status === 200).length,
				nodeRuns,
				withAudio: resumed.filter((i) => i.binary?.audio).length,
				internal: { hits: target.hits().length, connections: target.connections() },
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
			expect(nodeRuns).toBe(1);
			expect({ hits: target.hits().length, connections: target.connections() }).toEqual({ hits: 0, connections: 0 });
		} finally {
			await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
			await target.close();
			await cleanup();
		}
	}, 600_000);
});
