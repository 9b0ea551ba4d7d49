/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Duplicates that come late, when the in-process claim cannot help (another process, or the
 * process restarted): only the record in the workflow's static data can stop them.
 *
 * 1. Ten callbacks, one after the other, to one webhook processor: each must be recorded; after
 *    that processor restarts, the same ten must start nothing ("even after an n8n restart").
 * 2. 03-trigger's 200 complete callbacks again, minutes later (after the pacing and single-n8n
 *    runs), through the proxy: nothing may start for a recorded one. Runs last: the gap is the point.
 */
import * as os from 'os';

import { N8N, QUEUE, QUEUED, SB, WEBHOOKS, controlProc, fakeMp3, log, readFigures, recordFigures, redeliver, sandboxDefaults, triggerUrl } from './helpers';
import { createTasks, deployReceiver, executionKeys, executionsPerTask, finalAttempts, processorUrls, recordedTasks, sendDuplicates, waitForDeliveries } from './trigger';

const SEQUENTIAL = 10;

describe('queue mode: Kie Suno Trigger, late duplicates', () => {
	const trigger = readFigures('trigger');

	afterAll(async () => {
		if (trigger.workflowId) await N8N.unpublishWorkflow(trigger.workflowId).catch(() => undefined);
	});

	it(`${SEQUENTIAL} callbacks one after the other are all recorded, and start nothing again after a restart (with and without a credential)`, async () => {
		const processor = WEBHOOKS[0];
		// with a credential the trigger confirms each callback with Kie; without one it passes the body on
		const modes = ['good', 'none'] as const;
		const receivers = await Promise.all(modes.map((credential) => deployReceiver(processorUrls([processor]), QUEUED, credential)));
		try {
			// genuine tasks whose own deliveries fail (nothing listens on port 9), so their bodies are recorded;
			// the sender's pacing is not under test here
			await SB.configure({ rateLimit: { max: 100_000, windowMs: 10_000 } });
			const uploadUrl = await SB.seedUpload(`queue-late-${Date.now()}.mp3`, fakeMp3());
			const tasks = await createTasks(`ql-${Date.now().toString(36)}-`, SEQUENTIAL, 'http://127.0.0.1:9/nobody', uploadUrl, 5);
			const bodies = await waitForDeliveries(tasks, 60_000);
			const cases = receivers.map((r, i) => ({ credential: modes[i], receiver: r, url: triggerUrl(r.webhookId, QUEUE.procs[processor].url), known: new Map<string, string[]>(), answers: [] as string[], recordedAfterEach: [] as number[] }));
			for (const t of tasks) {
				for (const c of cases) {
					const res = await redeliver(c.url, bodies.get(t).body);
					c.answers.push(`${res.status}${res.body?.ignored ? ` ${res.body.ignored}` : ''}`);
					await executionKeys(c.receiver.id, c.known, { quietMs: 1500 });
					c.recordedAfterEach.push((await recordedTasks(c.receiver.id)).size);
				}
			}
			const firsts = cases.map((c) => ({ executions: [...executionsPerTask(c.known, tasks).values()].reduce((a, n) => a + n, 0), before: new Set(c.known.keys()) }));
			const recorded = await Promise.all(cases.map((c) => recordedTasks(c.receiver.id)));
			const restart = await controlProc(processor, 'restart');
			for (const t of tasks) for (const c of cases) await redeliver(c.url, bodies.get(t).body);
			const rows = await Promise.all(
				cases.map(async (c, i) => {
					await executionKeys(c.receiver.id, c.known, { quietMs: 3000 });
					return {
						credential: c.credential,
						answers: c.answers,
						executions: firsts[i].executions,
						recorded: tasks.filter((t) => recorded[i].has(t)).length,
						recordedAfterEach: c.recordedAfterEach,
						executionsAfterRestart: [...c.known.keys()].filter((id) => !firsts[i].before.has(id)).length,
					};
				}),
			);
			const withCredential = rows[0];
			const figures = { processor, callbacks: SEQUENTIAL, restartMs: restart.ms, ...withCredential, withoutCredential: rows[1] };
			recordFigures('sequentialRecords', figures);
			for (const r of rows) log(`sequential (credential ${r.credential}): ${r.executions} executions for ${SEQUENTIAL} callbacks, records in PostgreSQL after each: ${r.recordedAfterEach.join(',')}; after restarting ${processor}: ${r.executionsAfterRestart} executions`);
			const outcome = (r: (typeof rows)[number]) => ({ credential: r.credential, executions: r.executions, recorded: r.recorded, executionsAfterRestart: r.executionsAfterRestart });
			expect(rows.map(outcome)).toEqual(modes.map((credential) => ({ credential, executions: SEQUENTIAL, recorded: SEQUENTIAL, executionsAfterRestart: 0 })));
		} finally {
			await sandboxDefaults();
			await Promise.all(receivers.map((r) => r.cleanup()));
		}
	});

	it('the 200 complete callbacks delivered again minutes later: nothing starts for a recorded one', async () => {
		expect(trigger.distinctTasks?.length).toBeGreaterThan(0);
		const known = new Map<string, string[]>();
		await executionKeys(trigger.workflowId, known, { quietMs: 3000 });
		const before = new Set(known.keys());
		const recorded = await recordedTasks(trigger.workflowId);
		const minutesLater = (Date.now() - Number(trigger.endedAt)) / 60_000;
		const bodies = await finalAttempts(trigger.distinctTasks);
		const answers = await sendDuplicates(bodies, [triggerUrl(trigger.webhookId)]);
		await executionKeys(trigger.workflowId, known);
		const fresh = new Set([...known.keys()].filter((id) => !before.has(id)));
		const per = executionsPerTask(known, trigger.distinctTasks, fresh);
		const figures = {
			callbacks: bodies.size,
			minutesLater: Math.round(minutesLater * 10) / 10,
			recordedBefore: trigger.distinctTasks.filter((t: string) => recorded.has(t)).length,
			answers: answers.reduce<Record<string, number>>((h, a) => {
				const k = `${a.status}${a.body?.ignored ? ` ${a.body.ignored}` : ''}`;
				h[k] = (h[k] ?? 0) + 1;
				return h;
			}, {}),
			executions: fresh.size,
			startedThoughRecorded: trigger.distinctTasks.filter((t: string) => recorded.has(t) && (per.get(t) ?? 0) > 0).length,
			loadAverage: os.loadavg()[0],
		};
		recordFigures('lateDuplicates', figures);
		log(`late duplicates (${figures.minutesLater} min later): ${figures.callbacks} callbacks → ${figures.executions} executions; ${figures.recordedBefore} were recorded; answers ${JSON.stringify(figures.answers)}`);
		// n8n saves static data whole, without a lock: records written at the same moment on different
		// processors can overwrite each other, so "none" cannot hold in queue mode (docs/queue-mode.md
		// measures it). What must hold: nothing starts for a callback whose record is there.
		expect({ startedThoughRecorded: figures.startedThoughRecorded, atMostOnePerMissingRecord: figures.executions <= figures.callbacks - figures.recordedBefore }).toEqual({
			startedThoughRecorded: 0,
			atMostOnePerMissingRecord: true,
		});
	});
});
