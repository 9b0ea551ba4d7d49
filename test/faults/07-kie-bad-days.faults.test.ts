/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Kie's bad days, end to end:
 * - record-info is down for ~30 s right after the create, in poll and in resume mode (Kie's
 *   callbacks reach the resume URL during the outage): both end with the tracks, one create each;
 * - a task ends CALLBACK_EXCEPTION but kept its tracks: poll, resume and the trigger hand them on;
 * - drifted but genuine callbacks (numbers as strings, unknown fields, nulls in lists, upper-case
 *   callbackType) are accepted by triggers with and without a credential;
 * - twelve tasks call back at once, each callback three times: each task starts one execution.
 */
import { N8N, OUTAGES, SB, V, addInstrumental, allExecutions, createBodies, deploy, fakeMp3, itemsChain, nodeItems, recordFigures, tasksByTitle, waitFor, waitForStatus } from './helpers';
import { deployTrigger, settleTriggerExecutions } from './triggers';
import { createSong, recordRows, waitFinished, type TableRow } from './forgery';

const OUTAGE_MS = 30_000;
const CONCURRENT_TASKS = 12;

/** Items carry the task's genuine tracks (audioUrl and id of each, as the sandbox has them). */
function hasTracks(items: any[], task: any): boolean {
	return task.tracks.length > 0 && task.tracks.every((tr: any) => items.some((it) => it.audioUrl === tr.audioUrl && it.id === tr.id));
}

async function deliveredAll(taskIds: string[], stage = 'complete', timeoutMs = 90_000): Promise<void> {
	await waitFor(async () => (await Promise.all(taskIds.map((id) => SB.callbacks(id)))).every((cbs) => cbs.some((c: any) => c.stage === stage && c.status === 200)), {
		timeoutMs,
		intervalMs: 500,
		what: `${stage} callbacks delivered`,
	});
}

describe("Kie's bad days: record-info outages, CALLBACK_EXCEPTION with tracks, drifted callbacks, concurrent callbacks", () => {
	const cleanups: Array<() => Promise<void>> = [];
	let uploadUrl: string;

	beforeAll(async () => {
		await SB.clearFaults();
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		uploadUrl = await SB.seedUpload(`faults-bad-days-${Date.now()}.mp3`, fakeMp3());
	});

	afterAll(async () => {
		await SB.clearFaults();
		await OUTAGES.clear();
		for (const c of cleanups) await c();
	});

	it('outages end with the tracks and one create; CALLBACK_EXCEPTION tracks are kept; drifted callbacks are accepted; concurrent tasks start one execution each', async () => {
		const rows: TableRow[] = [];
		const figures: Record<string, unknown> = {};
		const problems: string[] = [];
		const stamp = Date.now().toString(36);

		// ---- record-info outage of ~30 s, poll and resume at the same time
		const poll = itemsChain(`faults outage poll ${stamp}`, addInstrumental(uploadUrl, 'poll', { options: { timeoutMinutes: 3 } }));
		const resume = itemsChain(`faults outage resume ${stamp}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 3 } }), 'onReceived');
		const pd = await deploy(V, poll.workflow);
		const rd = await deploy(V, resume.workflow);
		cleanups.push(pd.cleanup, rd.cleanup);
		await N8N.waitForWebhook(poll.path, { probeBody: { items: [] } });
		const titles = { poll: `outage-poll-${stamp}`, resume: `outage-resume-${stamp}` };
		const since = Date.now();
		const outageHits0 = (await SB.stats()).outageHits;
		await OUTAGES.add({ paths: 'details', durationMs: OUTAGE_MS, mode: 'http502' });
		const t0 = Date.now();
		const pollRun = N8N.callWebhook(poll.path, { items: [{ title: titles.poll }] }, { timeoutMs: 300_000 });
		await N8N.callWebhook(resume.path, { items: [{ title: titles.resume }] });
		const pollRes = await pollRun;
		const pollMs = Date.now() - t0;
		const rExec = await waitFor(async () => (await allExecutions(rd.id))[0], { timeoutMs: 60_000, intervalMs: 300, what: 'the resume execution' });
		const rDone = await waitForStatus(rExec.id, ['success', 'error', 'crashed', 'canceled'], 180_000);
		// every callback of the task rang during the outage; the execution must resume once
		const resumeRuns = (rDone.data?.resultData?.runData?.['Add Instrumental'] ?? []).length;
		if (resumeRuns !== 1) problems.push(`outage, resume: the node ran ${resumeRuns} times`);
		const resumeMs = Date.now() - t0;
		const outageHits = (await SB.stats()).outageHits - outageHits0;
		const creates = await createBodies(since);
		for (const [mode, items] of [
			['poll', Array.isArray(pollRes.body) ? pollRes.body : []],
			['resume', nodeItems(rDone, 'Add Instrumental').map((i) => i.json)],
		] as const) {
			const title = titles[mode];
			const task = ((await tasksByTitle(title)).get(title) ?? [])[0];
			const mine = creates.filter((c) => c.title === title).length;
			const ok = !!task && hasTracks(items as any[], task) && (items as any[]).every((it) => it.stage === 'complete');
			if (!ok) problems.push(`outage, ${mode}: ${JSON.stringify(items).slice(0, 300)}`);
			if (mine !== 1) problems.push(`outage, ${mode}: ${mine} creates`);
			rows.push({ attack: `record-info down ${OUTAGE_MS / 1000} s (HTTP 502) right after the create (${mode})`, tries: 1, internalRequests: 0, forgedExecutions: 0, genuineLost: ok ? 0 : 1, note: `${mine} create, ${((mode === 'poll' ? pollMs : resumeMs) / 1000).toFixed(0)} s to the tracks` });
		}
		figures.outage = { durationMs: OUTAGE_MS, hits: outageHits, pollMs, resumeMs, resumeStatus: rDone.status, resumeRuns };

		// ---- CALLBACK_EXCEPTION after Kie rendered the tracks: poll, resume and trigger
		const trigger = await deployTrigger('faults bad days: trigger', { events: ['complete', 'error'] }, 'good');
		const noCred = await deployTrigger('faults bad days: trigger without credential', { events: ['complete', 'error'] }, 'none');
		cleanups.push(trigger.cleanup, noCred.cleanup);
		const cbx = { status: 'CALLBACK_EXCEPTION', tracks: true };
		await SB.addFault({ type: 'outcome', ...cbx, times: 2 });
		const cbxPoll = await N8N.callWebhook(poll.path, { items: [{ title: `cbx-poll-${stamp}` }] }, { timeoutMs: 120_000 });
		await N8N.callWebhook(resume.path, { items: [{ title: `cbx-resume-${stamp}` }] });
		const cbxResumeExec = await waitFor(async () => (await allExecutions(rd.id)).find((e) => e.id !== rExec.id), { timeoutMs: 60_000, intervalMs: 300, what: 'the second resume execution' });
		const cbxResume = await waitForStatus(cbxResumeExec.id, ['success', 'error', 'crashed', 'canceled'], 120_000);
		await SB.addFault({ type: 'outcome', ...cbx });
		const cbxTrigger = await createSong(trigger.url, 'callback exception');
		await waitFinished([cbxTrigger]);
		await deliveredAll([cbxTrigger], 'error');
		const cbxExecs = (await settleTriggerExecutions(trigger.id, [cbxTrigger])).get(cbxTrigger) ?? [];
		const cbxResults: Record<string, boolean> = {};
		for (const [mode, items, title] of [
			['poll', Array.isArray(cbxPoll.body) ? cbxPoll.body : [], `cbx-poll-${stamp}`],
			['resume', nodeItems(cbxResume, 'Add Instrumental').map((i) => i.json), `cbx-resume-${stamp}`],
		] as const) {
			const task = ((await tasksByTitle(title)).get(title) ?? [])[0];
			cbxResults[mode] = !!task && task.status === 'CALLBACK_EXCEPTION' && hasTracks(items as any[], task);
		}
		const cbxTask = await SB.task(cbxTrigger);
		cbxResults.trigger = cbxExecs.length === 1 && hasTracks(cbxExecs[0].items, cbxTask);
		for (const [mode, ok] of Object.entries(cbxResults)) {
			if (!ok) problems.push(`CALLBACK_EXCEPTION with tracks, ${mode}: tracks not handed on`);
			rows.push({ attack: `CALLBACK_EXCEPTION after Kie rendered the tracks (${mode})`, tries: 1, internalRequests: 0, forgedExecutions: 0, genuineLost: ok ? 0 : 1 });
		}
		figures.callbackException = { ...cbxResults, triggerExecutions: cbxExecs.map((e) => `${e.stage}:${e.items.length}`) };

		// ---- drifted but genuine callbacks → triggers with and without credential
		const drifts = [
			{ numbersAsStrings: 'all' },
			{ extraFields: true },
			{ nullEntries: true },
			{ callbackTypeCase: 'upper' },
			{ numbersAsStrings: true, extraFields: true, nullEntries: true, callbackTypeCase: 'capitalized' },
		];
		const driftTasks: Array<{ trigger: 'credential' | 'no credential'; taskId: string; drift: any }> = [];
		for (const [name, t] of [['credential', trigger], ['no credential', noCred]] as const) {
			for (const d of drifts) {
				await SB.addFault({ type: 'drift', where: 'callback', ...d });
				driftTasks.push({ trigger: name, taskId: await createSong(t.url, `drift ${name}`), drift: d });
			}
		}
		await waitFinished(driftTasks.map((d) => d.taskId));
		await deliveredAll(driftTasks.map((d) => d.taskId));
		for (const [name, t] of [['credential', trigger], ['no credential', noCred]] as const) {
			const execs = await settleTriggerExecutions(t.id, driftTasks.filter((x) => x.trigger === name).map((x) => x.taskId));
			let lost = 0;
			for (const d of driftTasks.filter((x) => x.trigger === name)) {
				const task = await SB.task(d.taskId);
				const list = (execs.get(d.taskId) ?? []).filter((e) => e.stage === 'complete');
				if (list.length !== 1 || !hasTracks(list[0].items, task)) {
					lost++;
					problems.push(`drift ${JSON.stringify(d.drift)} → trigger (${name}): ${list.length} complete executions ${JSON.stringify(list.map((e) => e.items[0])).slice(0, 300)}`);
				}
			}
			rows.push({ attack: `drifted but genuine callbacks (strings for numbers, extra fields, nulls, casing) → trigger (${name})`, tries: drifts.length, internalRequests: 0, forgedExecutions: 0, genuineLost: lost });
		}

		// ---- concurrent callbacks of different tasks, each delivered three times
		await SB.addFault({ type: 'callback', duplicate: 3, times: CONCURRENT_TASKS });
		const concurrent = await Promise.all(Array.from({ length: CONCURRENT_TASKS }, (_, i) => createSong(trigger.url, `concurrent ${i}`)));
		await waitFinished(concurrent);
		await deliveredAll(concurrent);
		const cExecs = await settleTriggerExecutions(trigger.id, concurrent, { graceMs: 8000 });
		let cLost = 0;
		const perTask: number[] = [];
		for (const taskId of concurrent) {
			const list = (cExecs.get(taskId) ?? []).filter((e) => e.stage === 'complete');
			perTask.push(list.length);
			if (list.length === 0) cLost++;
			if (list.length !== 1) problems.push(`concurrent: task ${taskId} started ${list.length} executions`);
		}
		const cbsSent = (await Promise.all(concurrent.map((id) => SB.callbacks(id)))).flat().filter((c: any) => c.status === 200).length;
		rows.push({ attack: `${CONCURRENT_TASKS} tasks call back at once, each callback ×3 → trigger (credential)`, tries: cbsSent, internalRequests: 0, forgedExecutions: 0, genuineLost: cLost, note: `executions per task: ${[...new Set(perTask)].join(', ')}` });
		figures.concurrent = { tasks: CONCURRENT_TASKS, callbacksDelivered: cbsSent, executionsPerTask: perTask };

		recordRows('badDays', rows);
		recordFigures('badDays', figures);
		process.stdout.write(`[faults] bad days: ${JSON.stringify(figures).slice(0, 1500)}\n`);
		expect(problems).toEqual([]);
	});

	it('resume: a task whose callbacks all ring before the execution waits (Kie answered the create late) still ends with its tracks', async () => {
		// Kie answers the create 3 s late; the task finishes in 150 ms and its callbacks (4 attempts, 200 ms
		// apart) reach the resume URL while the execution is still running, so n8n answers them 409
		await SB.addFault({ type: 'acceptThenHang', ms: 3000, thenRespond: true, path: '/api/v1/generate/add-instrumental' });
		const early = itemsChain(`faults early callbacks ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 0.05 } }), 'onReceived');
		const ed = await deploy(V, early.workflow);
		cleanups.push(ed.cleanup);
		const title = `early-${Date.now().toString(36)}`;
		await N8N.callWebhook(early.path, { items: [{ title }] });
		const exec = await waitFor(async () => (await allExecutions(ed.id))[0], { timeoutMs: 60_000, intervalMs: 300, what: 'the execution' });
		// n8n looks for expired waits every 60 s
		const done = await waitForStatus(exec.id, ['success', 'error', 'crashed', 'canceled'], 150_000);
		const task = ((await tasksByTitle(title)).get(title) ?? [])[0];
		const items = nodeItems(done, 'Add Instrumental').map((i) => i.json);
		const answers = (await SB.callbacks(task.taskId)).map((c: any) => `${c.stage}:${c.status}`);
		const ok = done.status === 'success' && hasTracks(items, task);
		const output = [...new Set(items.map((i) => `${i.stage}${i.timedOut ? ' (timedOut)' : ''}`))];
		recordRows('earlyCallbacks', [
			{ attack: 'reordered (resume): Kie answers the create 3 s late, so every callback rings before the execution waits', tries: 1, internalRequests: 0, forgedExecutions: 0, genuineLost: ok ? 0 : 1, note: `callbacks answered ${[...new Set(answers)].join(', ')}; output: ${output.join(', ')}` },
		]);
		recordFigures('earlyCallbacks', { ok, status: done.status, output, answers, taskStatus: task.status });
		expect({ status: done.status, output }).toEqual({ status: 'success', output: ['complete'] });
		expect(hasTracks(items, task)).toBe(true);
	}, 300_000);
});
