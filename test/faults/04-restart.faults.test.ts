/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any */
/**
 * n8n restarts while two `resume` executions wait for Kie:
 * - task A finishes while n8n is down: Kie's callbacks fail (connection refused, retries used up);
 *   after the restart they are delivered again (freshly signed, as Kie's redelivery would be);
 * - task B finishes after the restart: the sandbox delivers its callbacks itself.
 * Both executions must resume exactly once with their tracks.
 */
import {
	FAULTS,
	N8N,
	SB,
	V,
	addInstrumental,
	allExecutions,
	controlN8n,
	createBodies,
	deploy,
	fakeMp3,
	healthz,
	itemsChain,
	nodeItems,
	recordFigures,
	redeliver,
	sleep,
	waitFor,
	waitForStatus,
} from './helpers';

describe('n8n restart while resume executions wait', () => {
	afterAll(async () => {
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
	});

	it('after a restart, Kie\'s callbacks (redelivered, or sent after the restart) resume each execution once with its tracks', async () => {
		const problems: string[] = [];
		const uploadUrl = await SB.seedUpload(`faults-restart-${Date.now()}.mp3`, fakeMp3());
		const prefix = `rs${FAULTS.seed.toString(16)}-`;
		const titles = { a: `${prefix}a-during-downtime`, b: `${prefix}b-after-restart` };
		// hold both tasks at PENDING until the test finishes them
		await SB.configure({ stageDelaysMs: { text: 600_000, first: 50, complete: 50 } });
		const since = Date.now();
		const { workflow, path } = itemsChain(`faults restart ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { timeoutMinutes: 10 } }), 'onReceived');
		const { id, cleanup } = await deploy(V, workflow);
		try {
			await N8N.callWebhook(path, { items: [{ title: titles.a }] });
			await N8N.callWebhook(path, { items: [{ title: titles.b }] });
			const waiting = await waitFor(
				async () => {
					const l = (await allExecutions(id)).filter((e) => e.status === 'waiting');
					return l.length === 2 ? l : null;
				},
				{ timeoutMs: 60_000, intervalMs: 300, what: 'two waiting executions' },
			);
			await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
			const creates = (await createBodies(since)).filter((b) => b.title === titles.a || b.title === titles.b);
			const tasks = (await SB.tasks()).filter((t) => t.body?.title === titles.a || t.body?.title === titles.b);
			const taskA = tasks.find((t) => t.body.title === titles.a);
			const taskB = tasks.find((t) => t.body.title === titles.b);
			const resumeUrlA = String(creates.find((c) => c.title === titles.a).callBackUrl);
			const execOf = async (taskId: string) => {
				for (const e of waiting) {
					const full = await N8N.getExecution(e.id, true);
					// the waiting node's stand-in output names its task (see resume.ts)
					if (JSON.stringify(full).includes(taskId)) return e.id;
				}
				return undefined;
			};
			const execA = await execOf(taskA.taskId);
			const execB = await execOf(taskB.taskId);
			if (!execA || !execB || execA === execB) problems.push(`could not tell the executions apart (${execA}, ${execB})`);

			// --- n8n goes down; task A finishes meanwhile, its callbacks fail
			const stopped = await controlN8n('stop');
			const downSince = Date.now();
			await SB.complete(taskA.taskId);
			const cbsDown = await waitFor(
				async () => {
					const cbs = await SB.callbacks(taskA.taskId);
					const complete = cbs.filter((c) => c.stage === 'complete');
					return complete.length && complete[complete.length - 1].attempt >= 4 ? cbs : null;
				},
				{ timeoutMs: 30_000, intervalMs: 200, what: 'task A callbacks to fail' },
			);
			const healthDown = await healthz();

			// --- n8n comes back (instance.restart())
			const restarted = await controlN8n('restart');
			const healthUp = await healthz();
			const statusAfterRestart = {
				a: (await N8N.getExecution(execA!, false)).status,
				b: (await N8N.getExecution(execB!, false)).status,
			};

			// task A: redeliver Kie's recorded callbacks (text, first, complete), freshly signed
			const byStage: Record<string, any> = {};
			for (const c of cbsDown) byStage[c.stage] ??= c.body;
			const redelivered: string[] = [];
			for (const stage of ['text', 'first', 'complete']) {
				const r = await redeliver(resumeUrlA, byStage[stage]);
				redelivered.push(`${stage}:${r.status}`);
			}
			const doneA = await waitForStatus(execA!, ['success', 'error', 'crashed', 'canceled'], 60_000);

			// task B: Kie finishes after the restart and delivers itself
			await SB.complete(taskB.taskId);
			const doneB = await waitForStatus(execB!, ['success', 'error', 'crashed', 'canceled'], 60_000);
			const cbsB = await SB.callbacks(taskB.taskId);

			// a late duplicate of A's complete callback does not resume anything again
			const lateDup = await redeliver(resumeUrlA, byStage.complete);
			await sleep(1500);
			const execsAfter = await allExecutions(id);

			const check = (label: string, done: any, task: any) => {
				const items = nodeItems(done, 'Add Instrumental').map((i) => i.json);
				const ok = done.status === 'success' && items.length === task.tracks.length && items.every((it: any, k: number) => it.taskId === task.taskId && it.stage === 'complete' && it.audioUrl === task.tracks[k].audioUrl);
				if (!ok) problems.push(`${label}: ${done.status} ${JSON.stringify(items).slice(0, 400)}`);
				return { status: done.status, items: items.length, tracks: task.tracks.length, ok };
			};
			const a = check('A (completed while n8n was down, redelivered)', doneA, await SB.task(taskA.taskId));
			const b = check('B (completed after the restart)', doneB, await SB.task(taskB.taskId));
			if (statusAfterRestart.a !== 'waiting' || statusAfterRestart.b !== 'waiting') problems.push(`after restart: ${JSON.stringify(statusAfterRestart)}`);
			if (execsAfter.length !== 2) problems.push(`${execsAfter.length} executions, expected 2`);
			if (lateDup.status >= 500) problems.push(`late duplicate answered ${lateDup.status}`);
			if (restarted.pid === stopped.pidBefore) problems.push('pid did not change');
			if (healthUp !== 200) problems.push(`healthz after restart ${healthUp}`);

			recordFigures('restart', {
				pidBefore: stopped.pidBefore,
				pidAfter: restarted.pid,
				stopMs: stopped.ms,
				restartMs: restarted.ms,
				downtimeMs: Date.now() - downSince,
				healthWhileDown: healthDown,
				healthAfterRestart: healthUp,
				callbacksWhileDown: cbsDown.map((c: any) => `${c.stage}#${c.attempt}:${typeof c.status === 'string' ? c.status.replace(/^error: /, '').slice(0, 40) : c.status}`),
				statusAfterRestart,
				redelivered,
				callbacksAfterRestartB: cbsB.map((c: any) => `${c.stage}:${c.status}`),
				a,
				b,
				lateDuplicate: `${lateDup.status} ${lateDup.text.slice(0, 120)}`,
				executions: execsAfter.length,
			});
			process.stdout.write(`[faults] restart: pid ${stopped.pidBefore} → ${restarted.pid}, restart ${(restarted.ms / 1000).toFixed(1)} s; A ${a.status} ${a.items} items, B ${b.status} ${b.items} items\n`);
			expect(problems).toEqual([]);
		} finally {
			await cleanup();
		}
	});
});
