/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Workflow pieces the family e2e tests share: Kie Suno nodes by operation, n8n's Limit node, a
 * published Kie Suno Trigger receiver, waiting for several executions, replaying a callback.
 */
import { randomUUID } from 'crypto';

import {
	type Execution,
	type NodeJson,
	type VersionState,
	chain,
	client,
	deploy,
	kieNode,
	noOpNode,
	request,
	triggerNode,
	triggerUrl,
	triggerWebhookPath,
	waitFor,
} from './helpers';

/** A Kie Suno node for `resource.operation` named `name`. */
export function kieOp(v: VersionState, name: string, key: string, parameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): NodeJson {
	const [resource, operation] = key.split('.');
	return kieNode(v, { resource, operation, ...parameters }, { name, extra });
}

/** Fast waiting for the sandbox (its stages take ~150 ms): poll every second, give up after a minute. */
export const FAST = { pollIntervalSeconds: 1, timeoutMinutes: 1 };

/** n8n's Limit node: keeps the first `maxItems` items (e.g. one track of a song). */
export function limitNode(name = 'First Track', maxItems = 1): NodeJson {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.limit', typeVersion: 1, position: [0, 0], parameters: { maxItems } };
}

export interface Receiver {
	id: string;
	webhookId: string;
	url: string;
	probe: { status: number };
	cleanup: () => Promise<void>;
}

/** Publishes Kie Suno Trigger → NoOp and waits until its production webhook answers. */
export async function deployReceiver(v: VersionState, parameters: Record<string, unknown>, credential: 'good' | 'bad' | 'none' = 'good'): Promise<Receiver> {
	const webhookId = randomUUID();
	const trigger = triggerNode(v, parameters, { webhookId, credential });
	const { id, cleanup } = await deploy(v, chain(`e2e receiver ${Date.now()}`, [trigger, noOpNode('Track Received')]));
	// probe: {} is not a Kie callback → 400 and no execution, once the webhook is registered
	const probe = await client(v).callWebhook(`${webhookId}/${triggerWebhookPath()}`, {}, { registerWaitMs: 20_000 });
	return { id, webhookId, url: triggerUrl(v, webhookId), cleanup, probe };
}

/** Waits until `count` executions of a workflow have finished; returns them (with data), oldest first. */
export async function waitForExecutions(v: VersionState, workflowId: string, count: number, timeoutMs = 30_000): Promise<Execution[]> {
	const c = client(v);
	const list = await waitFor(
		async () => {
			const all = await c.listExecutions({ workflowId, limit: 100 });
			const done = all.filter((e: any) => !['new', 'running', 'waiting', 'unknown'].includes(e.status));
			return done.length >= count ? done : null;
		},
		{ timeoutMs, intervalMs: 300, what: `${count} executions of workflow ${workflowId}` },
	);
	const sorted = [...list].sort((a: any, b: any) => Number(a.id) - Number(b.id));
	return Promise.all(sorted.map((e: any) => c.getExecution(String(e.id), true)));
}

/** POSTs a callback the sandbox recorded to its URL again, with its own headers (or a changed signature). */
export async function replayCallback(recorded: { url: string; headers: Record<string, string>; body: unknown }, signature?: string) {
	const headers: Record<string, string> = {};
	for (const [k, val] of Object.entries(recorded.headers)) if (!/^content-length$/i.test(k)) headers[k] = String(val);
	if (signature !== undefined) headers['X-Webhook-Signature'] = signature;
	return request('POST', recorded.url, { body: JSON.stringify(recorded.body), headers: { ...headers, 'content-type': 'application/json' } });
}
