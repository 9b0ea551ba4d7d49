/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The baseline: the same trigger and pacing scenarios on ONE n8n in regular mode (SQLite, one
 * process) beside the topology, against the same sandbox, so docs/queue-mode.md compares measured
 * figures. It also puts minutes between 03-trigger and the late duplicates of 06.
 */
import * as os from 'os';

import { CALLBACK_RETRIES, SB, STAGES, fakeMp3, sandboxDefaults, histogram, log, recordFigures, singleTarget, stopSingle, type Target } from './helpers';
import { runPacing } from './pacing';
import { answerTimes, attemptsByTask, classifyLost, createTasks, deployReceiver, executionKeys, executionsPerTask, finalAttempts, recordedTasks, sendDuplicates, waitForDeliveries } from './trigger';

const TASKS = 100;
const CREATES_PER_SECOND = 2;

describe('single n8n (regular mode) beside it', () => {
	let S: Target;

	beforeAll(async () => {
		S = await singleTarget();
	});

	afterAll(async () => {
		await sandboxDefaults();
		await stopSingle();
	});

	it(`trigger: ${TASKS} distinct callbacks, then each again twice at the same moment, then once more`, async () => {
		const receiver = await deployReceiver([S.v.url], S);
		await SB.configure({ rateLimit: { max: 100_000, windowMs: 10_000 }, stageDelaysMs: STAGES, callbacks: CALLBACK_RETRIES });
		const uploadUrl = await SB.seedUpload(`single-trigger-${Date.now()}.mp3`, fakeMp3());
		const tasks = await createTasks(`qs-${Date.now().toString(36)}-`, TASKS, receiver.url, uploadUrl, CREATES_PER_SECOND);
		const finals = await waitForDeliveries(tasks, 240_000);
		const known = new Map<string, string[]>();
		await executionKeys(receiver.id, known, {}, S);
		const per = executionsPerTask(known, tasks);
		const recorded = await recordedTasks(receiver.id, S);
		const counts = [...per.values()];
		const distinct = {
			tasks: TASKS,
			executions: known.size,
			lost: counts.filter((n) => n === 0).length,
			lostWhy: classifyLost(tasks.filter((t) => !per.get(t)), await attemptsByTask(tasks)),
			doubled: counts.filter((n) => n > 1).length,
			callbacksGivenUp: tasks.filter((t) => !(finals.get(t)?.status < 300)).length,
			answerMs: answerTimes(finals),
			recorded: tasks.filter((t) => recorded.has(t)).length,
			loadAverage: os.loadavg()[0],
		};
		const again = async (copies: number) => {
			const before = new Set(known.keys());
			const bodies = await finalAttempts(tasks);
			const answers = await sendDuplicates(bodies, Array.from({ length: copies }, () => receiver.url));
			await executionKeys(receiver.id, known, {}, S);
			return { requests: answers.length, answers: histogram(answers.map((a) => `${a.status}${a.body?.ignored ? ` ${a.body.ignored}` : ''}`)), executions: [...known.keys()].filter((id) => !before.has(id)).length };
		};
		const simultaneous = await again(2);
		const late = await again(1);
		recordFigures('single', { version: S.v.version, trigger: { distinct, simultaneous, late } });
		log(`single trigger: ${distinct.executions}/${TASKS} (lost ${distinct.lost}, doubled ${distinct.doubled}); simultaneous duplicates → ${simultaneous.executions}; again → ${late.executions}`);
		await receiver.cleanup();
		expect({ executions: distinct.executions, lost: distinct.lost, doubled: distinct.doubled, simultaneous: simultaneous.executions, late: late.executions }).toEqual({
			executions: TASKS,
			lost: 0,
			doubled: 0,
			simultaneous: 0,
			late: 0,
		});
	});

	it('pacing: 3 executions × 30 items at the same moment in one process', async () => {
		const f = await runPacing(S, 3, 30);
		recordFigures('single', { pacing: f });
		log(`single pacing: ${f.inputsWithTracks}/${f.inputs} inputs with tracks, ${f.tasks} tasks, ${f.rejected429} × 429, double creates ${f.doubleCreates}`);
		expect({ executions: f.executions, doubleCreates: f.doubleCreates }).toEqual({ executions: 3, doubleCreates: 0 });
	});
});
