/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any */
/**
 * Callback faults: Kie's callbacks dropped, duplicated five times, out of order (complete
 * before text) and late.
 * - Trigger: one sender execution (poll, callbackUrl = the trigger) creates one task per fault;
 *   the trigger must start exactly one execution per task whose complete (or error) callback
 *   arrived, none for a task whose complete was dropped, and polling still gets every result.
 * - Resume: one execution waits for four tasks with different faults and resumes exactly once
 *   with all their tracks; one whose complete callback is dropped ends by its timeout with an
 *   error item that names the task.
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
	deploy,
	fakeMp3,
	itemsChain,
	noOpNode,
	nodeItems,
	postRaw,
	recordFigures,
	sleep,
	tasksByTitle,
	triggerNode,
	triggerUrl,
	waitFor,
	waitForStatus,
} from './helpers';
import { pairedLookupCounts, pairedLookupNode } from './pairing';
import { callbacksSettled, settleTriggerExecutions } from './triggers';

/** n8n 2.41's answer when two resume calls overlap (waiting-webhooks.js pops the waiting node's run data). */
const N8N_RESUME_RACE = /reading 'inputOverride'/;
const FAULT_LABEL = (t: any): string => {
	const cf = t.callbackFaults ?? {};
	const parts: string[] = [];
	if (cf.drop?.length) parts.push(`drop ${cf.drop.join('+')}`);
	if (cf.duplicate > 1) parts.push(`duplicate ×${cf.duplicate}`);
	if (cf.order === 'reverse') parts.push('reverse order');
	if (cf.lateMs) parts.push(`late ${cf.lateMs} ms`);
	if (t.outcome) parts.push(`outcome ${t.outcome.status}`);
	return parts.join(', ') || 'none';
};

describe('callback faults', () => {
	const cleanups: Array<() => Promise<void>> = [];
	let uploadUrl: string;

	beforeAll(async () => {
		await SB.clearFaults();
		uploadUrl = await SB.seedUpload(`faults-callbacks-${Date.now()}.mp3`, fakeMp3());
		// text after 2 s: a resume execution is parked before Kie's first callback
		await SB.configure({ stageDelaysMs: { text: 2000, first: 300, complete: 300 } });
	});

	afterAll(async () => {
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		await SB.clearFaults();
		for (const c of cleanups) await c();
	});

	it('trigger: exactly one execution per task for complete/error; resume: resumes exactly once with its tracks; dropped complete ends by timeout', async () => {
		const seedHex = FAULTS.seed.toString(16);
		const figures: Record<string, unknown> = {};
		const problems: string[] = [];

		// ---- C (slow): resume whose complete callback is dropped → its timeout (n8n checks waits every 60 s)
		const cTitle = `cbc${seedHex}-timeout`;
		await SB.addFault({ type: 'callback', drop: ['complete'] });
		// Kie takes its time between first and complete (as a real render does): the resume webhook
		// reads Kie on the text and first doorbells, and must not find the task finished yet
		await SB.configure({ stageDelaysMs: { text: 2000, first: 300, complete: 45_000 } });
		const c = itemsChain(`faults resume timeout ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 0.05 } }), 'onReceived');
		const cDeployed = await deploy(V, c.workflow);
		cleanups.push(cDeployed.cleanup);
		const cStart = Date.now();
		await N8N.callWebhook(c.path, { items: [{ title: cTitle }] });
		await waitFor(async () => (await tasksByTitle(cTitle)).size > 0, { timeoutMs: 30_000, intervalMs: 200, what: 'the timeout task' });
		await SB.configure({ stageDelaysMs: { text: 2000, first: 300, complete: 300 } });
		const cTask = (await tasksByTitle(cTitle)).get(cTitle)![0];

		// ---- A: trigger ← sender (poll, callbackUrl = trigger), one task per fault
		const webhookId = randomUUID();
		const trigger = triggerNode(V, { events: ['complete', 'error'] }, { webhookId });
		const rx = await deploy(V, chain(`faults callbacks receiver ${Date.now()}`, [trigger, noOpNode('Received')]));
		cleanups.push(rx.cleanup);
		const rxUrl = triggerUrl(V, webhookId);
		await waitFor(async () => (await postRaw(rxUrl, '{}', { contentType: 'application/json' })).status === 400, { timeoutMs: 30_000, intervalMs: 250, what: 'trigger webhook' });
		const aFaults = [
			{ type: 'callback', drop: ['text', 'first'] },
			{ type: 'callback', duplicate: 5 },
			{ type: 'callback', order: 'reverse' },
			{ type: 'callback', lateMs: 3000 },
			{ type: 'callback', drop: ['complete'] },
			{ type: 'callback', duplicate: 3 },
		];
		for (const [i, f] of aFaults.entries()) await SB.addFault({ ...f, afterCount: i });
		await SB.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED', afterCount: 5 });
		const aPrefix = `cba${seedHex}-`;
		const aTitles = aFaults.map((_, i) => `${aPrefix}${i}`);
		const sender = itemsChain(`faults callbacks sender ${Date.now()}`, addInstrumental(uploadUrl, 'poll', { callbackUrl: rxUrl }), 'lastNode', pairedLookupNode());
		const sDeployed = await deploy(V, sender.workflow);
		cleanups.push(sDeployed.cleanup);
		const senderRes = await N8N.callWebhook(sender.path, { items: aTitles.map((title) => ({ title })) }, { timeoutMs: 180_000 });
		const senderItems: any[] = Array.isArray(senderRes.body) ? senderRes.body : [];
		const aTasks = [...(await tasksByTitle(aPrefix)).values()].map((l) => l[0]);
		const senderExec = await N8N.waitForExecution({ workflowId: sDeployed.id, timeoutMs: 30_000 });
		const pollPairing = pairedLookupCounts(senderExec, (taskId) => aTasks.find((t) => t.taskId === taskId)?.body?.title);
		const aSettled = await callbacksSettled(aTasks.map((t) => t.taskId));
		// the trigger answers Kie first and reads the task from Kie afterwards: wait for the executions
		const rxByTask = await settleTriggerExecutions(rx.id, aTasks.filter((t) => !(t.callbackFaults?.drop ?? []).includes('complete')).map((t) => t.taskId));
		const rxExecs = [...rxByTask.values()].flat();
		const perTask: Record<string, { complete: number; error: number; other: number }> = {};
		for (const e of rxExecs) {
			const items = e.items;
			const taskId = items[0]?.taskId;
			perTask[taskId] ??= { complete: 0, error: 0, other: 0 };
			const stage = items[0]?.stage;
			if (stage === 'complete') perTask[taskId].complete++;
			else if (stage === 'error') perTask[taskId].error++;
			else perTask[taskId].other++;
		}
		const triggerRows = aTasks.map((t) => {
			const t2 = { ...t, taskId: t.taskId };
			const cbs = aSettled[t.taskId] ?? [];
			const delivered = cbs.filter((x: any) => typeof x.status === 'number');
			const counts = perTask[t.taskId] ?? { complete: 0, error: 0, other: 0 };
			const completeDropped = (t.callbackFaults?.drop ?? []).includes('complete');
			const failed = !!t.outcome;
			const expected = { complete: failed || completeDropped ? 0 : 1, error: failed ? 1 : 0, other: 0 };
			const pollItems = senderItems.filter((it) => it.taskId === t.taskId);
			const pollOk = failed ? pollItems.length === 1 && pollItems[0].stage === 'error' : pollItems.length === t.tracks.length && pollItems.every((it) => it.stage === 'complete');
			// first delivery attempt of each callback, in the order they were sent; dropped ones apart
			const sent = cbs.filter((x: any) => x.attempt === 1).sort((x: any, y: any) => x.time - y.time).map((x: any) => x.stage);
			const dropped = cbs.filter((x: any) => x.attempt === 0).map((x: any) => x.stage);
			const order = [sent.join(' → ') || 'none', dropped.length ? `(dropped: ${dropped.join(', ')})` : ''].filter(Boolean);
			if (JSON.stringify(counts) !== JSON.stringify(expected)) problems.push(`trigger, task with ${FAULT_LABEL(t2)}: executions ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
			if (!pollOk) problems.push(`sender (poll), task with ${FAULT_LABEL(t2)}: got ${JSON.stringify(pollItems).slice(0, 300)}`);
			if (delivered.some((x: any) => x.status !== 200)) problems.push(`trigger answered ${delivered.map((x: any) => x.status).join(',')} to task with ${FAULT_LABEL(t2)}`);
			return {
				fault: FAULT_LABEL(t2),
				callbacksSent: delivered.length,
				callbackOrder: order.join(' '),
				answers: [...new Set(delivered.map((x: any) => x.status))].join(','),
				executions: counts,
				expected,
				pollResult: pollOk ? (failed ? 'error item' : `${pollItems.length} tracks`) : 'WRONG',
			};
		});
		if (aTasks.length !== aFaults.length) problems.push(`sender created ${aTasks.length} tasks for ${aFaults.length} inputs`);
		figures.trigger = { tasks: triggerRows, executions: rxExecs.length };

		// ---- B: one resume execution waits for four tasks with different faults
		const bFaults = [
			{ type: 'callback', drop: ['text', 'first'] },
			{ type: 'callback', duplicate: 5 },
			{ type: 'callback', order: 'reverse' },
			{ type: 'callback', lateMs: 3000 },
		];
		for (const [i, f] of bFaults.entries()) await SB.addFault({ ...f, afterCount: i });
		const bPrefix = `cbb${seedHex}-`;
		const bTitles = bFaults.map((_, i) => `${bPrefix}${i}`);
		const b = itemsChain(`faults resume faults ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 5 } }), 'onReceived', pairedLookupNode());
		const bDeployed = await deploy(V, b.workflow);
		cleanups.push(bDeployed.cleanup);
		await N8N.callWebhook(b.path, { items: bTitles.map((title) => ({ title })) });
		const bExec = await waitFor(async () => (await allExecutions(bDeployed.id)).find((e) => e.status === 'waiting' || e.status === 'success' || e.status === 'error'), {
			timeoutMs: 60_000,
			intervalMs: 300,
			what: 'the resume execution',
		});
		const bDone = await waitForStatus(bExec.id, ['success', 'error', 'crashed', 'canceled'], 90_000);
		const bTasks = [...(await tasksByTitle(bPrefix)).values()].map((l) => l[0]);
		const bSettled = await callbacksSettled(bTasks.map((t) => t.taskId));
		await sleep(1500);
		const bExecs = await allExecutions(bDeployed.id);
		const bItems = nodeItems(bDone, 'Add Instrumental');
		// n8n 2.41.1 re-pairs a resumed node's output by position (the node's pairedItem, its
		// input index, is not kept), so items are matched to their task by taskId; recorded below
		let pairedToInput = 0;
		const resumeRows = bTasks.map((t) => {
			const input = bTitles.indexOf(t.body.title);
			const mine = bItems.filter((it) => it.json.taskId === t.taskId);
			pairedToInput += mine.filter((it) => it.input === input).length;
			const items = mine.map((it) => it.json);
			const ok = items.length === t.tracks.length && items.every((it, k) => it.taskId === t.taskId && it.stage === 'complete' && it.audioUrl === t.tracks[k].audioUrl);
			if (!ok) problems.push(`resume, task with ${FAULT_LABEL(t)}: items ${JSON.stringify(items).slice(0, 300)}`);
			const cbs = bSettled[t.taskId] ?? [];
			const answers: Record<string, number> = {};
			for (const x of cbs.filter((y: any) => typeof y.status === 'number')) answers[`${x.stage}:${x.status}`] = (answers[`${x.stage}:${x.status}`] ?? 0) + 1;
			const fiveXX = cbs.filter((x: any) => typeof x.status === 'number' && x.status >= 500);
			// n8n's own race, before any node runs: a resume call that loads the execution while another
			// call is resuming it finds the waiting node's run data gone (waiting-webhooks.js). Kie's retry heals it.
			const n8nRace = fiveXX.filter((x: any) => N8N_RESUME_RACE.test(String(x.responseBody)));
			const ours = fiveXX.filter((x: any) => !n8nRace.includes(x));
			if (ours.length) problems.push(`resume URL answered 5xx to task with ${FAULT_LABEL(t)}: ${JSON.stringify(ours.map((x: any) => x.responseBody)).slice(0, 300)}`);
			for (const x of n8nRace) {
				const healed = cbs.some((y: any) => y.stage === x.stage && typeof y.status === 'number' && y.status < 500 && y.attempt > x.attempt);
				if (!healed) problems.push(`n8n's resume race (500) for the ${x.stage} callback of the task with ${FAULT_LABEL(t)} was not healed by Kie's retry`);
			}
			return { fault: FAULT_LABEL(t), tracks: t.tracks.length, items: items.length, ok, answers, n8nResumeRace: n8nRace.length };
		});
		const runs = (bDone.data?.resultData?.runData?.['Add Instrumental'] ?? []).length;
		if (bDone.status !== 'success') problems.push(`resume execution ended ${bDone.status}`);
		if (bExecs.length !== 1) problems.push(`${bExecs.length} executions of the resume workflow`);
		if (bItems.length !== bTasks.reduce((a, t) => a + t.tracks.length, 0)) problems.push(`resume output has ${bItems.length} items`);
		const resumePairing = pairedLookupCounts(bDone, (taskId) => bTasks.find((t) => t.taskId === taskId)?.body?.title);
		figures.resume = { tasks: resumeRows, status: bDone.status, executions: bExecs.length, items: bItems.length, nodeRuns: runs, itemsPairedToTheirInput: pairedToInput };
		// n8n behaviour, recorded, not asserted: $('Split Items').item after the Kie node
		figures.pairedLookup = { poll: pollPairing, resume: resumePairing };

		// ---- C: the timeout path
		const cExec = await waitFor(async () => (await allExecutions(cDeployed.id)).find((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status)), {
			timeoutMs: 120_000,
			intervalMs: 1000,
			what: 'the timed-out resume execution',
		});
		const cFull = await N8N.getExecution(cExec.id, true);
		const cItems = nodeItems(cFull, 'Add Instrumental').map((i) => i.json);
		const cOk = cFull.status === 'success' && cItems.length === 1 && cItems[0].stage === 'error' && cItems[0].timedOut === true && cItems[0].taskId === cTask.taskId;
		if (!cOk) problems.push(`timeout path: ${cFull.status} ${JSON.stringify(cItems).slice(0, 400)}`);
		figures.timeout = {
			fault: 'drop complete (resume, Timeout 0.05 min)',
			status: cFull.status,
			items: cItems,
			endedAfterMs: Date.parse(cFull.stoppedAt ?? new Date().toISOString()) - cStart,
			executions: (await allExecutions(cDeployed.id)).length,
		};

		recordFigures('callbacks', figures);
		process.stdout.write(`[faults] callbacks: ${JSON.stringify(figures).slice(0, 3000)}\n`);
		expect(problems).toEqual([]);
	});
});
