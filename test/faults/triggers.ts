/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Kie Suno Triggers in the fault suite: publishing one, extra credentials, and waiting for what
 * callbacks caused (the sandbox's deliveries, then the executions the trigger starts after asking Kie).
 */
import { randomUUID } from 'crypto';

import { FAULTS, N8N, SB, V, allExecutions, chain, deploy, noOpNode, nodeItems, postRaw, sleep, triggerNode, triggerUrl, waitFor } from './helpers';

/**
 * A published Kie Suno Trigger → NoOp ("Received"); resolves once its webhook answers (a body
 * that is no Kie callback gets 400). `credential` 'none' = no credential; an object = that one.
 */
export async function deployTrigger(
	name: string,
	parameters: Record<string, unknown>,
	credential: 'good' | 'none' | { id: string; name: string } = 'good',
): Promise<{ id: string; url: string; cleanup: () => Promise<void> }> {
	const webhookId = randomUUID();
	const trigger = triggerNode(V, parameters, { webhookId, credential: typeof credential === 'string' ? credential : 'none' });
	if (typeof credential === 'object') trigger.credentials = { kieApi: { id: credential.id, name: credential.name } };
	const { id, cleanup } = await deploy(V, chain(`${name} ${Date.now()}`, [trigger, noOpNode('Received')]));
	const url = triggerUrl(V, webhookId);
	await waitFor(async () => (await postRaw(url, '{}', { contentType: 'application/json' })).status === 400, { timeoutMs: 60_000, intervalMs: 300, what: `trigger ${name}` });
	return { id, url, cleanup };
}

/** A kieApi credential like the suite's, with other fields (e.g. no HMAC key). */
export async function extraCredential(name: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
	const created = await N8N.createCredential({
		name,
		type: 'kieApi',
		data: { apiKey: FAULTS.secrets.apiKey, baseUrl: V.sandboxUrl, uploadBaseUrl: V.sandboxUrl, webhookHmacKey: FAULTS.secrets.hmacKey, ...data },
	});
	return { id: String(created.id), name: created.name };
}

export interface TaskExecution {
	id: string;
	status: string;
	stage: string;
	items: Array<Record<string, any>>;
}

/**
 * Executions of a trigger workflow by the task id of their first item. The trigger answers Kie at
 * once and reads the task from Kie afterwards, so an execution starts seconds after its callback
 * (more on a loaded machine): this waits until every one of `taskIds` has one and none is still
 * running (bounded by `timeoutMs`), then `graceMs` longer for any extra (duplicate) one.
 */
export async function settleTriggerExecutions(
	workflowId: string,
	taskIds: string[],
	{ timeoutMs = 120_000, graceMs = 5000, nodeName = 'Kie Suno Trigger' } = {},
): Promise<Map<string, TaskExecution[]>> {
	const cache = new Map<string, TaskExecution>();
	const read = async (): Promise<Map<string, TaskExecution[]>> => {
		const byTask = new Map<string, TaskExecution[]>();
		for (const e of await allExecutions(workflowId)) {
			let x = cache.get(e.id);
			if (!x || x.status !== e.status) {
				const full = await N8N.getExecution(e.id, true);
				const items = nodeItems(full, nodeName).map((i) => i.json);
				x = { id: e.id, status: full.status, stage: String(items[0]?.stage), items };
				if (!['new', 'running', 'waiting'].includes(full.status)) cache.set(e.id, x);
			}
			const taskId = String(x.items[0]?.taskId);
			byTask.set(taskId, [...(byTask.get(taskId) ?? []), x]);
		}
		return byTask;
	};
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const byTask = await read();
		const busy = [...byTask.values()].flat().some((x) => ['new', 'running'].includes(x.status));
		if ((!busy && taskIds.every((id) => byTask.has(id))) || Date.now() > deadline) break;
		await sleep(1000);
	}
	await sleep(graceMs);
	return read();
}

/**
 * Waits until the sandbox delivered (or gave up on) every callback of these tasks: each stage's
 * delivery (× the task's duplicates) ends with a 2xx, a string (dropped / skipped) or its last
 * attempt. Returns the recorded callbacks per task.
 */
export async function callbacksSettled(taskIds: string[], timeoutMs = 90_000): Promise<Record<string, any[]>> {
	const attempts = 4; // the sandbox's default: 1 + 3 retries
	return waitFor(
		async () => {
			const out: Record<string, any[]> = {};
			for (const id of taskIds) {
				const t = await SB.task(id);
				const cbs = await SB.callbacks(id);
				const expected = (t.timeline as any[]).length * Math.max(1, t.callbackFaults?.duplicate ?? 1);
				const stagesDone = (t.timeline as any[]).every((s) => s.reachedAt);
				const final = cbs.filter((c) => c.attempt === 0 || (typeof c.status === 'number' && c.status >= 200 && c.status < 300) || c.attempt >= attempts);
				if (!stagesDone || final.length < expected) return null;
				out[id] = cbs;
			}
			return out;
		},
		{ timeoutMs, intervalMs: 500, what: 'callbacks to settle' },
	);
}

/** Deliveries whose last attempt the receiver did not accept (not 2xx after every retry). */
export function rejectedDeliveries(cbs: any[]): any[] {
	return cbs.filter((c) => c.attempt >= 4 && !(typeof c.status === 'number' && c.status >= 200 && c.status < 300));
}
