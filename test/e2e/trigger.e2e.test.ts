/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { deployReceiver, waitForExecutions } from './flows';
import {
	HAS_TRIGGER,
	VERSIONS,
	type VersionState,
	client,
	describeFailure,
	fakeMp3,
	kieNode,
	nodeOutput,
	runViaWebhook,
	sandbox,
	sleep,
	waitFor,
} from './helpers';

const describeIfTrigger = HAS_TRIGGER ? describe.each(VERSIONS) : describe.skip.each(VERSIONS);

/**
 * Creates an Add Vocals task (completion: callback) that reports to `callbackUrl`; returns its task id.
 * V5 keeps it on the per-operation route, whose callbacks have every stage (text, first, complete).
 */
async function createTask(v: VersionState, uploadUrl: string, callbackUrl: string, title = 'E2E Trigger'): Promise<string> {
	const r = await runViaWebhook(
		v,
		[
			kieNode(v, {
				resource: 'music',
				operation: 'addVocals',
				uploadUrl,
				title,
				prompt: 'la la la',
				style: 'Pop',
				negativeTags: 'metal',
				completion: 'callback',
				callbackUrl,
				options: { model: 'V5' },
			}),
		],
		{ name: 'e2e sender' },
	);
	if (r.execution.status !== 'success') throw new Error(`sender failed: ${describeFailure(r)}`);
	return r.response.body[0].taskId as string;
}

/** Waits until the sandbox has finished delivering (or giving up after `attempts`) every callback of a task. */
async function callbacksSettled(v: VersionState, taskId: string, stages: string[], attempts = 4) {
	return waitFor(
		async () => {
			const cbs = await sandbox(v).callbacks(taskId);
			const final = stages.map((s) => cbs.filter((c) => c.body?.data?.callbackType === s).pop());
			const settled = final.every((c) => c && (c.status === 200 || (typeof c.status === 'number' && c.attempt >= attempts) || typeof c.status === 'string'));
			return settled ? cbs : null;
		},
		{ timeoutMs: 30_000, intervalMs: 250, what: `callbacks of task ${taskId}` },
	);
}

describeIfTrigger('n8n $version: Kie Suno Trigger (completion: callback → trigger)', (v: VersionState) => {
	const sb = sandbox(v);
	let uploadUrl: string;

	beforeAll(async () => {
		uploadUrl = await sb.seedUpload(`trigger-source-${v.version}.mp3`, fakeMp3());
	});

	it('answers 400 to a body that is not a Kie callback, without an execution', async () => {
		const rx = await deployReceiver(v, { events: ['complete', 'error'] });
		try {
			expect(rx.probe.status).toBe(400);
			await sleep(500);
			expect(await client(v).listExecutions({ workflowId: rx.id })).toHaveLength(0);
		} finally {
			await rx.cleanup();
		}
	});

	it('signed complete callback starts one execution with one item per track; text/first are ignored', async () => {
		const rx = await deployReceiver(v, { events: ['complete', 'error'] });
		try {
			const taskId = await createTask(v, uploadUrl, rx.url);
			const cbs = await callbacksSettled(v, taskId, ['text', 'first', 'complete']);
			for (const c of cbs) expect(c.status).toBe(200);
			const exec = await client(v).waitForExecution({ workflowId: rx.id, timeoutMs: 30_000 });
			expect(exec.status).toBe('success');
			const items = nodeOutput(exec, 'Kie Suno Trigger')!;
			const task = await sb.task(taskId);
			expect(items).toHaveLength(task.tracks.length);
			items.forEach((it, i) => {
				expect(it).toEqual(
					expect.objectContaining({ taskId, stage: 'complete', trackIndex: expect.any(Number), audioUrl: task.tracks[i].audioUrl }),
				);
			});
			await sleep(500);
			expect(await client(v).listExecutions({ workflowId: rx.id })).toHaveLength(1);
		} finally {
			await rx.cleanup();
		}
	});

	it('rejects a bad signature with 401 and starts no execution', async () => {
		const rx = await deployReceiver(v, { events: ['text', 'first', 'complete', 'error'] });
		// one retry instead of three: every attempt is refused alike, and each costs a round trip
		await sb.configure({ callbacks: { retries: 1 } });
		try {
			await sb.addFault({ type: 'callback', signature: 'bad' });
			const taskId = await createTask(v, uploadUrl, rx.url);
			const cbs = await callbacksSettled(v, taskId, ['complete'], 2);
			expect(cbs.filter((c) => typeof c.status === 'number').map((c) => c.status)).toEqual([401, 401, 401, 401, 401, 401]);
			await sleep(500);
			expect(await client(v).listExecutions({ workflowId: rx.id })).toHaveLength(0);
		} finally {
			await sb.configure({ callbacks: { retries: 3 } });
			await rx.cleanup();
		}
	});

	it('duplicate callbacks start only one execution (ignoreDuplicates default)', async () => {
		const rx = await deployReceiver(v, { events: ['complete'] });
		try {
			await sb.addFault({ type: 'callback', duplicate: 2 });
			const taskId = await createTask(v, uploadUrl, rx.url);
			// both copies of the complete callback delivered (and answered 200) …
			await waitFor(
				async () => (await sb.callbacks(taskId)).filter((c) => c.body?.data?.callbackType === 'complete' && c.status === 200).length === 2,
				{ timeoutMs: 30_000, intervalMs: 250, what: `both complete callbacks of task ${taskId}` },
			);
			// … one execution, and no second one once the trigger had time to start it
			const first = await client(v).waitForExecution({ workflowId: rx.id, timeoutMs: 30_000 });
			expect(first.status).toBe('success');
			await sleep(2000);
			expect(await client(v).listExecutions({ workflowId: rx.id })).toHaveLength(1);
		} finally {
			await rx.cleanup();
		}
	});

	// n8n saves static data when the webhook answers; an answer n8n sends itself came after it had
	// started the execution, which cleared the change flag, so only the first record was ever kept.
	it.each(['good', 'none'] as const)('every accepted callback stays in the duplicate record (credential: %s)', async (credential) => {
		const rx = await deployReceiver(v, { events: ['complete'] }, credential);
		try {
			const taskIds: string[] = [];
			for (let i = 0; i < 3; i++) {
				taskIds.push(await createTask(v, uploadUrl, rx.url, `E2E Record ${i}`));
				await callbacksSettled(v, taskIds[i], ['complete']);
				await waitForExecutions(v, rx.id, i + 1);
			}
			const workflow = await client(v).getWorkflow(rx.id);
			const seen = (workflow.staticData?.['node:Kie Suno Trigger']?.kieSunoSeen ?? []) as Array<[string, number]>;
			expect(seen.map(([key]) => key.split('|').slice(0, 2).join('|'))).toEqual(taskIds.map((id) => `${id}|complete`));
		} finally {
			await rx.cleanup();
		}
	});

	it('a failed task gives one execution with one stage:error item', async () => {
		const rx = await deployReceiver(v, { events: ['complete', 'error'] });
		try {
			await sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
			const taskId = await createTask(v, uploadUrl, rx.url);
			const exec = await client(v).waitForExecution({ workflowId: rx.id, timeoutMs: 30_000 });
			const items = nodeOutput(exec, 'Kie Suno Trigger')!;
			expect(items).toHaveLength(1);
			expect(items[0]).toEqual(expect.objectContaining({ taskId, stage: 'error' }));
		} finally {
			await rx.cleanup();
		}
	});
});
