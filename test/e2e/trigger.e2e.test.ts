import { randomUUID } from 'crypto';

import {
	HAS_TRIGGER,
	VERSIONS,
	type VersionState,
	chain,
	client,
	deploy,
	describeFailure,
	fakeMp3,
	kieNode,
	noOpNode,
	nodeOutput,
	runViaWebhook,
	sandbox,
	sleep,
	triggerNode,
	triggerUrl,
	triggerWebhookPath,
	waitFor,
} from './helpers';

const describeIfTrigger = HAS_TRIGGER ? describe.each(VERSIONS) : describe.skip.each(VERSIONS);

/** Publishes Kie Suno Trigger → NoOp and waits until its production webhook answers. */
async function deployReceiver(v: VersionState, parameters: Record<string, unknown>) {
	const webhookId = randomUUID();
	const trigger = triggerNode(v, parameters, { webhookId });
	const { id, cleanup } = await deploy(v, chain(`e2e receiver ${Date.now()}`, [trigger, noOpNode('Track Received')]));
	// probe: {} is not a Kie callback → 400 and no execution, once the webhook is registered
	const probe = await client(v).callWebhook(`${webhookId}/${triggerWebhookPath()}`, {}, { registerWaitMs: 20_000 });
	return { id, webhookId, url: triggerUrl(v, webhookId), cleanup, probe };
}

/** Creates an Add Vocals task (completion: callback) that reports to `callbackUrl`; returns its task id. */
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
			}),
		],
		{ name: 'e2e sender' },
	);
	if (r.execution.status !== 'success') throw new Error(`sender failed: ${describeFailure(r)}`);
	return r.response.body[0].taskId as string;
}

/** Waits until the sandbox has finished delivering (or giving up on) every callback of a task. */
async function callbacksSettled(v: VersionState, taskId: string, stages: string[]) {
	return waitFor(
		async () => {
			const cbs = await sandbox(v).callbacks(taskId);
			const final = stages.map((s) => cbs.filter((c) => c.body?.data?.callbackType === s).pop());
			const settled = final.every((c) => c && (c.status === 200 || (typeof c.status === 'number' && c.attempt >= 4) || typeof c.status === 'string'));
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
		try {
			await sb.addFault({ type: 'callback', signature: 'bad' });
			const taskId = await createTask(v, uploadUrl, rx.url);
			const cbs = await callbacksSettled(v, taskId, ['complete']);
			expect(cbs.filter((c) => typeof c.status === 'number').every((c) => c.status === 401)).toBe(true);
			await sleep(500);
			expect(await client(v).listExecutions({ workflowId: rx.id })).toHaveLength(0);
		} finally {
			await rx.cleanup();
		}
	});

	it('duplicate callbacks start only one execution (ignoreDuplicates default)', async () => {
		const rx = await deployReceiver(v, { events: ['complete'] });
		try {
			await sb.addFault({ type: 'callback', duplicate: 2 });
			const taskId = await createTask(v, uploadUrl, rx.url);
			await callbacksSettled(v, taskId, ['complete']);
			await sleep(1000);
			const execs = await client(v).listExecutions({ workflowId: rx.id });
			expect(execs).toHaveLength(1);
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
