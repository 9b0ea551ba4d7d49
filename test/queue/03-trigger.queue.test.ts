/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The Kie Suno Trigger behind two webhook processors. The sandbox creates tasks whose callbacks
 * (text, first, complete) go to the trigger's production URL on the proxy, which spreads them
 * over both processors. Counted per task id: executions started by `complete` callbacks.
 *
 * 1. 200 distinct tasks → exactly 200 executions, one per task.
 * 2. Kie's duplicate delivery: each of those 200 complete callbacks sent to both processors at the
 *    same moment → no execution.
 * 3. 100 more tasks while one processor is killed (SIGKILL) half-way → no task without an execution;
 *    a second execution only for a callback whose delivery the kill interrupted (Kie retried it).
 * The same callbacks come again minutes later in 05-late-duplicates.
 */
import * as os from 'os';

import {
	CALLBACK_RETRIES,
	QUEUE,
	SB,
	STAGES,
	WEBHOOKS,
	WORKERS,
	controlProc,
	cpuMs,
	fakeMp3,
	histogram,
	lastProxySeq,
	log,
	proxyLog,
	recordFigures,
	sandboxDefaults,
	triggerUrl,
} from './helpers';
import {
	answerTimes,
	attemptsByTask,
	classifyLost,
	createTasks,
	deployReceiver,
	executionKeys,
	executionsPerTask,
	finalAttempts,
	processorUrls,
	recordedTasks,
	sendDuplicates,
	waitForDeliveries,
} from './trigger';

const DISTINCT = 200;
const DURING_KILL = 100;
/** Tasks finishing per second: what one account can create under Kie's limit (20 per 10 s). */
const CREATES_PER_SECOND = 2;


describe('queue mode: Kie Suno Trigger on two webhook processors', () => {
	let receiver: Awaited<ReturnType<typeof deployReceiver>>;
	let uploadUrl: string;
	const known = new Map<string, string[]>();
	let distinctTasks: string[] = [];
	const stamp = Date.now().toString(36);

	beforeAll(async () => {
		receiver = await deployReceiver(processorUrls(WEBHOOKS));
		uploadUrl = await SB.seedUpload(`queue-trigger-${Date.now()}.mp3`, fakeMp3());
		// the sender's pacing is not under test here: let the sandbox take 200 creates at once
		await SB.configure({ rateLimit: { max: 100_000, windowMs: 10_000 }, stageDelaysMs: STAGES, callbacks: CALLBACK_RETRIES });
	});

	afterAll(async () => {
		await sandboxDefaults();
		recordFigures('trigger', { workflowId: receiver.id, webhookId: receiver.webhookId, distinctTasks, endedAt: Date.now() });
	});

	function proxyStats(entries: Array<{ path: string; backend: string; status: number; tried: string[] }>) {
		const mine = entries.filter((e) => e.path.startsWith(`/webhook/${receiver.webhookId}`));
		const perProcessor: Record<string, Record<string, number>> = {};
		for (const e of mine) {
			perProcessor[e.backend || 'none'] = perProcessor[e.backend || 'none'] ?? {};
			perProcessor[e.backend || 'none'][e.status] = (perProcessor[e.backend || 'none'][e.status] ?? 0) + 1;
		}
		return { requests: mine.length, perProcessor, failedOver: mine.filter((e) => e.tried.length > 1).length, answered502: mine.filter((e) => e.status === 502).length };
	}

	it(`${DISTINCT} distinct callbacks over both processors start exactly ${DISTINCT} executions`, async () => {
		const seq0 = await lastProxySeq();
		const cpu0 = await cpuMs([...WEBHOOKS, ...WORKERS]);
		const t0 = Date.now();
		distinctTasks = await createTasks(`qt-${stamp}-`, DISTINCT, receiver.url, uploadUrl, CREATES_PER_SECOND);
		const finals = await waitForDeliveries(distinctTasks, 240_000);
		const deliveredMs = Date.now() - t0;
		await executionKeys(receiver.id, known);
		const per = executionsPerTask(known, distinctTasks);
		const counts = [...per.values()];
		const proxy = proxyStats(await proxyLog(seq0));
		const cpu1 = await cpuMs([...WEBHOOKS, ...WORKERS]);
		const sum = (names: string[], c: Record<string, number>) => names.reduce((a, n) => a + c[n], 0);
		const cpuPerCallbackMs = {
			webhookProcessors: Math.round((sum(WEBHOOKS, cpu1) - sum(WEBHOOKS, cpu0)) / Math.max(1, proxy.requests)),
			workersPerExecution: Math.round((sum(WORKERS, cpu1) - sum(WORKERS, cpu0)) / Math.max(1, known.size)),
		};
		const lostWhy = classifyLost(distinctTasks.filter((t) => !per.get(t)), await attemptsByTask(distinctTasks));
		const figures = {
			tasks: DISTINCT,
			expected: DISTINCT,
			tasksPerSecond: CREATES_PER_SECOND,
			retryDelayMs: CALLBACK_RETRIES.retryDelayMs,
			executions: known.size,
			lost: counts.filter((n) => n === 0).length,
			lostWhy,
			doubled: counts.filter((n) => n > 1).length,
			notSuccess: [...known.values()].filter((k) => k.some((x) => x.startsWith('status:'))).length,
			callbacksGivenUp: distinctTasks.filter((t) => !(finals.get(t)?.status < 300)).length,
			completeAttempts: histogram(distinctTasks.map((t) => finals.get(t)?.attempt ?? 0)),
			answerMs: answerTimes(finals),
			proxy,
			deliveredMs,
			recorded: (await recordedTasks(receiver.id)).size,
			cpuPerCallbackMs,
			loadAverage: os.loadavg()[0],
			cores: os.cpus().length,
		};
		recordFigures('triggerDistinct', figures);
		log(`trigger: ${figures.executions} executions for ${DISTINCT} tasks (lost ${figures.lost}, doubled ${figures.doubled}); per processor ${JSON.stringify(proxy.perProcessor)}`);
		expect({ executions: figures.executions, lost: figures.lost, doubled: figures.doubled, notSuccess: figures.notSuccess, givenUp: figures.callbacksGivenUp }).toEqual({
			executions: DISTINCT,
			lost: 0,
			doubled: 0,
			notSuccess: 0,
			givenUp: 0,
		});
		for (const name of WEBHOOKS) expect(proxy.perProcessor[name]?.['200'] ?? 0).toBeGreaterThan(DISTINCT / 2);
	});

	it('the same complete callback sent to both processors at the same moment: never two executions for it, none once recorded', async () => {
		const before = new Set(known.keys());
		const recorded = await recordedTasks(receiver.id);
		const bodies = await finalAttempts(distinctTasks);
		const urls = WEBHOOKS.map((name) => triggerUrl(receiver.webhookId, QUEUE.procs[name].url));
		const answers = await sendDuplicates(bodies, urls);
		await executionKeys(receiver.id, known);
		const fresh = new Set([...known.keys()].filter((id) => !before.has(id)));
		const per = executionsPerTask(known, distinctTasks, fresh);
		const figures = {
			callbacks: bodies.size,
			requests: answers.length,
			answers: histogram(answers.map((a) => `${a.status}${a.body?.ignored ? ` ${a.body.ignored}` : ''}`)),
			executions: fresh.size,
			tasksWithAnExecution: [...per.values()].filter((n) => n > 0).length,
			tasksWithTwo: [...per.values()].filter((n) => n > 1).length,
			recordedBefore: distinctTasks.filter((t) => recorded.has(t)).length,
			startedThoughRecorded: distinctTasks.filter((t) => recorded.has(t) && (per.get(t) ?? 0) > 0).length,
			loadAverage: os.loadavg()[0],
		};
		recordFigures('triggerSimultaneous', figures);
		log(`simultaneous duplicates: ${figures.requests} requests → ${figures.executions} executions (records in static data before: ${figures.recordedBefore}); answers ${JSON.stringify(figures.answers)}`);
		// No lock spans processors, so "none" cannot hold; what must: one accepting processor at most
		// per pair, and nothing for a callback whose record is in the workflow's static data.
		expect({ tasksWithTwo: figures.tasksWithTwo, startedThoughRecorded: figures.startedThoughRecorded }).toEqual({ tasksWithTwo: 0, startedThoughRecorded: 0 });
	});

	it(`${DURING_KILL} callbacks while a webhook processor is killed half-way: none lost`, async () => {
		const victim = WEBHOOKS[WEBHOOKS.length - 1];
		const seq0 = await lastProxySeq();
		const before = new Set(known.keys());
		const t0 = Date.now();
		let killedAt: { afterCreated: number; ms: number } | undefined;
		let killing: Promise<unknown> = Promise.resolve();
		let tasks: string[] = [];
		// kill the processor once half of the tasks exist: their callbacks are in full flow then
		const creating = createTasks(`qk-${stamp}-`, DURING_KILL, receiver.url, uploadUrl, CREATES_PER_SECOND, (created) => {
			if (killedAt || created < DURING_KILL / 2) return;
			killedAt = { afterCreated: created, ms: Date.now() - t0 };
			killing = controlProc(victim, 'kill');
		}).then((ids) => (tasks = ids));
		try {
			await creating;
			await killing;
			const finals = await waitForDeliveries(tasks, 240_000);
			await executionKeys(receiver.id, known);
			const fresh = new Set([...known.keys()].filter((id) => !before.has(id)));
			const per = executionsPerTask(known, tasks, fresh);
			const retried = new Set(tasks.filter((t) => (finals.get(t)?.attempt ?? 1) > 1));
			const doubled = tasks.filter((t) => (per.get(t) ?? 0) > 1);
			const figures = {
				tasks: DURING_KILL,
				victim,
				killedAt,
				executions: fresh.size,
				lost: tasks.filter((t) => (per.get(t) ?? 0) === 0).length,
				lostWhy: classifyLost(tasks.filter((t) => !per.get(t)), await attemptsByTask(tasks)),
				doubled: doubled.length,
				doubledWithoutRetry: doubled.filter((t) => !retried.has(t)).length,
				retriedCallbacks: retried.size,
				callbacksGivenUp: tasks.filter((t) => !(finals.get(t)?.status < 300)).length,
				completeAttempts: histogram(tasks.map((t) => finals.get(t)?.attempt ?? 0)),
				answerMs: answerTimes(finals),
				proxy: proxyStats(await proxyLog(seq0)),
				loadAverage: os.loadavg()[0],
			};
			recordFigures('triggerKill', figures);
			log(`kill ${victim} after ${killedAt?.afterCreated} of ${DURING_KILL} tasks: ${figures.executions} executions for ${DURING_KILL} tasks, lost ${figures.lost}, doubled ${figures.doubled} (retried callbacks ${figures.retriedCallbacks})`);
			expect(killedAt).toBeDefined();
			expect({ lost: figures.lost, givenUp: figures.callbacksGivenUp, doubledWithoutRetry: figures.doubledWithoutRetry }).toEqual({ lost: 0, givenUp: 0, doubledWithoutRetry: 0 });
		} finally {
			await creating.catch(() => undefined);
			await controlProc(victim, 'restart');
		}
	});
});
