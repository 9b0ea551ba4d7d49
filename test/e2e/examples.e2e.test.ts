/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The example workflows in examples/*.json, run on a real n8n: the Manual Trigger is swapped for a
 * Webhook (the public API cannot run a manual workflow), everything else is the file as shipped.
 */
import { randomUUID } from 'crypto';

import {
	HAS_TRIGGER,
	VERSIONS,
	type NodeJson,
	type VersionState,
	type WorkflowJson,
	client,
	deploy,
	describeFailure,
	executionError,
	nodeOutput,
	sandbox,
} from './helpers';

const examples = require('../../scripts/n8n/examples');

function load(v: VersionState): Record<string, WorkflowJson> {
	const list = examples.loadExamples({
		sandboxUrl: v.sandboxUrl,
		n8nUrl: v.url,
		cred: { id: v.credentials.good.id, name: v.credentials.good.name },
		triggerPath: HAS_TRIGGER ? examples.triggerWebhookPath() : null,
	}) as Array<{ file: string; wf: WorkflowJson }>;
	return Object.fromEntries(list.map((e) => [e.file, e.wf]));
}

/** Replaces the Manual Trigger with a Webhook (responds with all items of the last node). */
function withWebhook(wf: WorkflowJson): { wf: WorkflowJson; path: string } {
	const copy: WorkflowJson = JSON.parse(JSON.stringify(wf));
	const manual = copy.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error(`${wf.name} has no Manual Trigger`);
	const p = randomUUID();
	const hook: NodeJson = {
		...manual,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: p,
		parameters: { httpMethod: 'POST', path: p, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	copy.nodes = copy.nodes.map((n) => (n === manual ? hook : n));
	copy.name = `${copy.name} (e2e ${Date.now()})`;
	return { wf: copy, path: p };
}

async function run(v: VersionState, wf: WorkflowJson) {
	const { wf: hooked, path } = withWebhook(wf);
	const { id, cleanup } = await deploy(v, hooked);
	try {
		const c = client(v);
		const response = await c.callWebhook(path, {}, { timeoutMs: 120_000 });
		const execution = await c.waitForExecution({ workflowId: id, timeoutMs: 60_000 });
		return { response, execution, workflowId: id };
	} finally {
		await cleanup();
	}
}

describe.each(VERSIONS)('n8n $version: example workflows', (v: VersionState) => {
	let wfs: Record<string, WorkflowJson>;
	beforeAll(async () => {
		await examples.seedSandboxDemo(v.sandboxUrl, { apiKey: v.sandboxKey });
		wfs = load(v);
	});

	it('examples use the community type names and typeVersion 1', () => {
		for (const wf of Object.values(wfs)) {
			for (const n of wf.nodes.filter((x) => x.type.includes('kie'))) {
				expect(n.type).toMatch(/^n8n-nodes-kie-suno\.kieSuno(Trigger)?$/);
				expect(n.typeVersion).toBe(1);
			}
		}
	});

	it('"Add instrumental (poll)" outputs the finished tracks', async () => {
		const r = await run(v, wfs['add-instrumental-poll.json']);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const items = nodeOutput(r.execution, 'Add Instrumental')!;
		expect(items.length).toBeGreaterThanOrEqual(1);
		for (const it of items) expect(it).toEqual(expect.objectContaining({ stage: 'complete', audioUrl: expect.stringContaining(v.sandboxUrl) }));
	});

	it('"Binary upload → add vocals → download" attaches audio to every track', async () => {
		const r = await run(v, wfs['binary-upload-generate-download.json']);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const out = r.execution.data!.resultData!.runData!['Add Vocals (Binary)'][0].data.main[0];
		expect(out.length).toBeGreaterThanOrEqual(1);
		for (const item of out) {
			expect(item.json.stage).toBe('complete');
			expect(item.binary?.audio?.mimeType).toMatch(/audio\/mpeg/);
		}
	});

	(HAS_TRIGGER ? it : it.skip)('"Add vocals → trigger": sender returns the task, receiver gets the tracks', async () => {
		const receiver = wfs['add-vocals-to-trigger.receiver.json'];
		const triggerNode = receiver.nodes.find((n) => n.type === 'n8n-nodes-kie-suno.kieSunoTrigger')!;
		// the receiver's webhookId is fixed in the file; give it a fresh one so runs never collide
		const webhookId = randomUUID();
		const rx: WorkflowJson = JSON.parse(JSON.stringify(receiver));
		rx.nodes.find((n) => n.name === triggerNode.name)!.webhookId = webhookId;
		rx.name = `${rx.name} (e2e ${Date.now()})`;
		const sender: WorkflowJson = JSON.parse(JSON.stringify(wfs['add-vocals-to-trigger.sender.json']));
		for (const n of sender.nodes) {
			if (typeof n.parameters.callbackUrl === 'string') {
				n.parameters.callbackUrl = n.parameters.callbackUrl.replace(triggerNode.webhookId as string, webhookId);
			}
		}
		const deployed = await deploy(v, rx);
		try {
			const c = client(v);
			const probe = await c.callWebhook(`${webhookId}/${examples.triggerWebhookPath()}`, {}, { registerWaitMs: 20_000 });
			expect(probe.status).toBe(400);
			const r = await run(v, sender);
			expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
			const taskId = nodeOutput(r.execution, 'Add Vocals')![0].taskId;
			expect(typeof taskId).toBe('string');
			const exec = await c.waitForExecution({ workflowId: deployed.id, timeoutMs: 30_000 });
			expect({ status: exec.status, error: executionError(exec)?.message }).toEqual({ status: 'success', error: undefined });
			const items = nodeOutput(exec, 'Track Received')!;
			const task = await sandbox(v).task(taskId);
			expect(items).toHaveLength(task.tracks.length);
			for (const it of items) expect(it).toEqual(expect.objectContaining({ taskId, stage: 'complete' }));
		} finally {
			await deployed.cleanup();
		}
	});
});
