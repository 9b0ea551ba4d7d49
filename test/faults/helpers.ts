/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Helpers of the fault suite. The instances are started by test/faults/harness.js, whose state
 * file has the e2e suite's shape (so the e2e helpers are imported as they are) plus `faults`.
 */
import { createHmac, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import {
	VERSIONS,
	client,
	deploy as e2eDeploy,
	request,
	sandbox,
	waitFor,
	webhookStartNode,
	type Execution,
	type HttpResponse,
	type NodeJson,
	type VersionState,
	type WorkflowJson,
} from '../e2e/helpers';

export * from '../e2e/helpers';

export interface FaultsState {
	seed: number;
	secrets: { apiKey: string; hmacKey: string; badApiKey: string };
	controlUrl: string;
	figuresDir: string;
	setupStartedAt: string;
}

function loadFaultsState(): FaultsState {
	const p = process.env.KIE_FAULTS_STATE;
	if (!p || !fs.existsSync(p)) throw new Error('KIE_FAULTS_STATE is not set: run these tests with `npm run test:faults`');
	return JSON.parse(fs.readFileSync(p, 'utf8')).faults as FaultsState;
}

export const FAULTS = loadFaultsState();
/** The one n8n of the suite. */
export const V: VersionState = VERSIONS[0];
export const SB = sandbox(V);
export const N8N = client(V);

// ------------------------------------------------------------------------------------------
// figures for docs/reliability.md (read by test/faults/reporter.js)

/** Merges `data` into <figuresDir>/<section>.json. */
export function recordFigures(section: string, data: Record<string, unknown>): void {
	const file = path.join(FAULTS.figuresDir, `${section}.json`);
	let old: Record<string, unknown> = {};
	try {
		old = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		/* first write */
	}
	fs.writeFileSync(file, JSON.stringify({ ...old, ...data }, null, 2) + '\n');
}

// ------------------------------------------------------------------------------------------
// deterministic randomness

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ------------------------------------------------------------------------------------------
// Kie callbacks

/** Kie's HMAC headers for `taskId` (timestamp `offsetSec` from now). */
export function signHeaders(taskId: string, { offsetSec = 0, key = FAULTS.secrets.hmacKey } = {}): Record<string, string> {
	const ts = String(Math.floor(Date.now() / 1000) + offsetSec);
	return {
		'x-webhook-timestamp': ts,
		'x-webhook-signature': createHmac('sha256', key).update(`${taskId}.${ts}`).digest('base64'),
	};
}

/** POSTs raw bytes; `contentType` undefined sends none. */
export function postRaw(
	url: string,
	body: Buffer | string,
	{ contentType, headers = {}, timeoutMs = 30_000 }: { contentType?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResponse> {
	const h: Record<string, string> = { ...headers };
	if (contentType !== undefined) h['content-type'] = contentType;
	return request('POST', url, { body, headers: h, timeoutMs });
}

/** Re-sends a callback the sandbox recorded, freshly signed (as Kie would on a retry). */
export async function redeliver(url: string, body: any): Promise<HttpResponse> {
	const taskId = String(body?.data?.task_id ?? '');
	return request('POST', url, { json: body, headers: signHeaders(taskId), timeoutMs: 30_000 });
}

// ------------------------------------------------------------------------------------------
// n8n process (through the harness's control server)

export async function n8nInfo(): Promise<{ pid: number; alive: boolean; url: string; logPath: string }> {
	return (await request('GET', `${FAULTS.controlUrl}/n8n`, { timeoutMs: 10_000 })).body;
}

export async function controlN8n(action: 'stop' | 'restart'): Promise<{ ok: boolean; ms: number; pidBefore: number; pid: number; error?: string }> {
	const res = await request('POST', `${FAULTS.controlUrl}/n8n/${action}`, { timeoutMs: 300_000 });
	if (res.status !== 200) throw new Error(`n8n ${action} failed: ${res.text}`);
	return res.body;
}

export async function healthz(): Promise<number> {
	try {
		return (await request('GET', `${V.url}/healthz`, { timeoutMs: 10_000 })).status;
	} catch {
		return 0;
	}
}

// ------------------------------------------------------------------------------------------
// executions

/**
 * Every execution (optionally of one workflow), newest first; paginated, bounded. Uses the
 * editor's REST list, which also shows waiting and running executions (n8n 1.x's public API
 * leaves waiting ones out); falls back to the public API.
 */
export async function allExecutions(workflowId?: string): Promise<Array<{ id: string; status: string; workflowId: string; [k: string]: any }>> {
	try {
		const out: any[] = [];
		let lastId: string | undefined;
		for (let page = 0; page < 100; page++) {
			const qs = new URLSearchParams({ limit: '250', filter: JSON.stringify(workflowId ? { workflowId: String(workflowId) } : {}) });
			if (lastId) qs.set('lastId', lastId);
			const data = await N8N.rest('GET', `/executions?${qs}`);
			const results: any[] = data?.results ?? [];
			out.push(...results.map((e) => ({ ...e, id: String(e.id), workflowId: String(e.workflowId) })));
			if (results.length < 250) break;
			lastId = String(results[results.length - 1].id);
		}
		return out;
	} catch {
		return await publicExecutions(workflowId);
	}
}

async function publicExecutions(workflowId?: string): Promise<Array<{ id: string; status: string; workflowId: string; [k: string]: any }>> {
	const out: any[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 100; page++) {
		const qs = new URLSearchParams({ limit: '250', includeData: 'false' });
		if (workflowId) qs.set('workflowId', String(workflowId));
		if (cursor) qs.set('cursor', cursor);
		const body = await N8N.api('GET', `/executions?${qs}`);
		out.push(...(body.data ?? []));
		cursor = body.nextCursor ?? undefined;
		if (!cursor) break;
	}
	return out;
}

/** Output items of a node with their `pairedItem` input index. */
export function nodeItems(execution: Execution, nodeName: string, run = 0): Array<{ json: Record<string, any>; input: number | undefined; binary?: any }> {
	const r = execution?.data?.resultData?.runData?.[nodeName]?.[run];
	const main = (r?.data?.main?.[0] ?? []) as any[];
	return main.map((i) => {
		const p = Array.isArray(i.pairedItem) ? i.pairedItem[0] : i.pairedItem;
		return { json: i.json, input: typeof p === 'number' ? p : p?.item, binary: i.binary };
	});
}

/** Waits until the execution reaches one of `statuses`. */
export async function waitForStatus(id: string, statuses: string[], timeoutMs = 60_000): Promise<Execution> {
	return waitFor(
		async () => {
			const e = await N8N.getExecution(id, true);
			return statuses.includes(e.status) ? e : null;
		},
		{ timeoutMs, intervalMs: 500, what: `execution ${id} to be ${statuses.join('|')}` },
	);
}

// ------------------------------------------------------------------------------------------
// workflows

/**
 * Creates + publishes a workflow. Its cleanup only unpublishes it: n8n deletes the executions of
 * a deleted workflow, and the secret scan (10-secrets) reads every execution of the suite.
 */
export async function deploy(v: VersionState, wf: WorkflowJson): Promise<{ id: string; cleanup: () => Promise<void> }> {
	const { id } = await e2eDeploy(v, wf);
	return {
		id,
		cleanup: async () => {
			await client(v).unpublishWorkflow(id).catch(() => undefined);
		},
	};
}

/**
 * Webhook (answers with every item of the last node) → Split Out of `body.items` → `last`: one
 * POST with `{ items: [{ title }, …] }` runs `last` with one input item per title.
 */
export function itemsChain(
	name: string,
	last: NodeJson,
	responseMode: 'lastNode' | 'onReceived' = 'lastNode',
	after?: NodeJson,
): { workflow: WorkflowJson; path: string } {
	const { hook, path: p } = webhookStartNode(responseMode);
	const split: NodeJson = {
		id: randomUUID(),
		name: 'Split Items',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [260, 0],
		parameters: { fieldToSplitOut: 'body.items', options: {} },
	};
	last.position = [520, 0];
	const connections: WorkflowJson['connections'] = {
		Webhook: { main: [[{ node: split.name, type: 'main', index: 0 }]] },
		[split.name]: { main: [[{ node: last.name, type: 'main', index: 0 }]] },
	};
	if (after) {
		after.position = [780, 0];
		connections[last.name] = { main: [[{ node: after.name, type: 'main', index: 0 }]] };
	}
	return {
		path: p,
		workflow: { name, nodes: after ? [hook, split, last, after] : [hook, split, last], connections, settings: { executionOrder: 'v1' } },
	};
}

/** Add Instrumental with the title from the input item; Continue On Fail (regular output); `extra.options` is merged. */
export function addInstrumental(
	uploadUrl: string,
	completion: 'poll' | 'callback' | 'resume',
	extra: Record<string, unknown> = {},
	credential: 'good' | 'bad' | { id: string; name: string } = 'good',
): NodeJson {
	const c = typeof credential === 'string' ? V.credentials[credential] : credential;
	return {
		id: randomUUID(),
		name: 'Add Instrumental',
		type: 'n8n-nodes-kie-suno.kieSuno',
		typeVersion: 1,
		position: [520, 0],
		onError: 'continueRegularOutput',
		credentials: { kieApi: { id: c.id, name: c.name } },
		parameters: {
			resource: 'music',
			operation: 'addInstrumental',
			uploadUrl,
			title: '={{ $json.title }}',
			tags: 'piano',
			negativeTags: 'metal',
			completion,
			...extra,
			// the per-operation route unless told otherwise: its callbacks have all three stages
			options: { pollIntervalSeconds: 1, timeoutMinutes: 1, apiRoute: 'perOperation', ...((extra.options as object) ?? {}) },
		},
	};
}

/** Sandbox tasks whose title starts with `prefix`, grouped by title. */
export async function tasksByTitle(prefix: string): Promise<Map<string, any[]>> {
	const map = new Map<string, any[]>();
	for (const t of await SB.tasks()) {
		const title = String(t.params?.title ?? t.body?.title ?? t.body?.input?.title ?? '');
		if (!title.startsWith(prefix)) continue;
		map.set(title, [...(map.get(title) ?? []), t]);
	}
	return map;
}

/** Faults the sandbox still holds (not used up). */
export async function sandboxFaults(): Promise<any[]> {
	return (await request('GET', `${V.sandboxUrl}/__sandbox/faults`)).body as any[];
}

/** The sandbox's recorded create request bodies since `since` (a jobs create as its `input` plus callBackUrl). */
export async function createBodies(since: number): Promise<any[]> {
	const out: any[] = [];
	for (const p of ['/api/v1/generate/add-instrumental', '/api/v1/generate/add-vocals', '/api/v1/jobs/createTask']) {
		for (const r of await SB.requests({ path: p, since })) {
			const body = p.endsWith('createTask') ? { ...(r.body?.input ?? {}), callBackUrl: r.body?.callBackUrl, model: r.body?.model } : r.body;
			out.push({ ...body, __time: r.time, __path: p });
		}
	}
	return out;
}

/** Sandbox outage windows (test/sandbox/outages.js): "Kie is down from now+fromMs for durationMs". */
export const OUTAGES = {
	add: async (spec: { paths?: string | string[]; fromMs?: number; durationMs: number; mode?: string }): Promise<any> =>
		(await request('POST', `${V.sandboxUrl}/__sandbox/outages`, { json: spec, timeoutMs: 10_000 })).body,
	list: async (): Promise<any[]> => (await request('GET', `${V.sandboxUrl}/__sandbox/outages`, { timeoutMs: 10_000 })).body,
	clear: async (): Promise<void> => {
		await request('POST', `${V.sandboxUrl}/__sandbox/outages/clear`, { json: {}, timeoutMs: 10_000 });
	},
};
