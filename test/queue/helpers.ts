/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Helpers of the queue-mode suite. The topology is started by test/queue/harness.js, whose state
 * file has the e2e suite's shape (so the e2e helpers are imported as they are) plus `queue`.
 * `V.url` is the proxy: API calls reach main, webhooks and resume calls the webhook processors.
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
	type Execution,
	type HttpResponse,
	type N8nClientLike,
	type NodeJson,
	type VersionState,
	type WorkflowJson,
} from '../e2e/helpers';

export * from '../e2e/helpers';

export interface ProcInfo {
	name: string;
	command: 'start' | 'worker' | 'webhook';
	pid: number;
	alive: boolean;
	url: string;
	logPath: string;
}

export interface QueueState {
	controlUrl: string;
	figuresDir: string;
	packageDir: string;
	/** the Kie Suno Trigger's webhook path, from the node types main serves */
	triggerPath: string;
	proxyUrl: string;
	mainUrl: string;
	procs: Record<string, ProcInfo>;
	timings: Record<string, number>;
	postgres: { port: number; version: string };
	redis: { port: number };
}

function loadQueueState(): QueueState {
	const p = process.env.KIE_QUEUE_STATE;
	if (!p || !fs.existsSync(p)) throw new Error('KIE_QUEUE_STATE is not set: run these tests with `npm run test:queue`');
	return JSON.parse(fs.readFileSync(p, 'utf8')).queue as QueueState;
}

export const QUEUE = loadQueueState();
export const V: VersionState = VERSIONS[0];
export const SB = sandbox(V);
export const N8N = client(V);
export const WORKERS = Object.keys(QUEUE.procs).filter((n) => n.startsWith('worker-')).sort();
export const WEBHOOKS = Object.keys(QUEUE.procs).filter((n) => n.startsWith('webhook-')).sort();

/** An n8n under test: the queue-mode topology (through its proxy) or the single n8n beside it. */
export interface Target {
	label: string;
	v: VersionState;
	n8n: N8nClientLike;
	queue: boolean;
}

export const QUEUED: Target = { label: 'queue mode', v: V, n8n: N8N, queue: true };

// ------------------------------------------------------------------------------------------
// sandbox settings of the suite

/** Kie's documented create limit: 20 per 10 s per account, the excess answered HTTP 200 with code 429. */
export const KIE_LIMIT = { max: 20, windowMs: 10_000, response: 'body' as const };
/**
 * Stage delays. The sandbox schedules each stage on its own timer, so an event-loop stall longer
 * than the gap can fire `complete` before `first` (and leave the task at FIRST_SUCCESS): keep the
 * gaps wide on a busy machine.
 */
export const STAGES = { text: 200, first: 1000, complete: 1000 };
/** Kie retries a failed callback 3 times; it does not document the interval (this is the sandbox's). */
export const CALLBACK_RETRIES = { retries: 3, retryDelayMs: 1000 };

/** The suite's sandbox settings (each scenario may change them and restores them with this). */
export async function sandboxDefaults(): Promise<void> {
	await SB.configure({ rateLimit: KIE_LIMIT, stageDelaysMs: STAGES, callbacks: CALLBACK_RETRIES });
}

// ------------------------------------------------------------------------------------------
// figures for docs/queue-mode.md (read by test/queue/reporter.js)

/** Merges `data` into <figuresDir>/<section>.json. */
export function recordFigures(section: string, data: Record<string, unknown>): void {
	const file = path.join(QUEUE.figuresDir, `${section}.json`);
	let old: Record<string, unknown> = {};
	try {
		old = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		/* first write */
	}
	fs.writeFileSync(file, JSON.stringify({ ...old, ...data }, null, 2) + '\n');
}

export function readFigures(section: string): Record<string, any> {
	try {
		return JSON.parse(fs.readFileSync(path.join(QUEUE.figuresDir, `${section}.json`), 'utf8'));
	} catch {
		return {};
	}
}

export function log(msg: string): void {
	process.stdout.write(`[queue] ${msg}\n`);
}

// ------------------------------------------------------------------------------------------
// processes (through the harness's control server)

export async function procs(): Promise<Record<string, ProcInfo>> {
	return (await request('GET', `${QUEUE.controlUrl}/procs`, { timeoutMs: 10_000 })).body;
}

export async function controlProc(name: string, action: 'kill' | 'restart' | 'stop'): Promise<{ ok: boolean; ms: number; pidBefore: number; pid: number }> {
	const res = await request('POST', `${QUEUE.controlUrl}/procs/${name}/${action}`, { timeoutMs: 300_000 });
	if (res.status !== 200) throw new Error(`${action} ${name} failed: ${res.text}`);
	return res.body;
}

export interface ProxyEntry {
	seq: number;
	time: number;
	method: string;
	path: string;
	backend: string;
	status: number;
	ms: number;
	tried: string[];
	error: string;
}

export async function proxyLog(sinceSeq = 0): Promise<ProxyEntry[]> {
	return (await request('GET', `${QUEUE.controlUrl}/proxy/log?since=${sinceSeq}`, { timeoutMs: 30_000 })).body;
}

/** Requests the proxy forwarded that no processor has answered yet (callers that gave up included). */
export async function proxyInFlight(): Promise<number> {
	return Number((await request('GET', `${QUEUE.controlUrl}/proxy/inflight`, { timeoutMs: 10_000 })).body.inFlight);
}

/** Starts (once) the single n8n in regular mode beside the topology; see harness.js. */
export async function singleTarget(): Promise<Target> {
	const res = await request('POST', `${QUEUE.controlUrl}/single/start`, { timeoutMs: 300_000 });
	if (res.status !== 200) throw new Error(`single n8n: ${res.text}`);
	const v = res.body as VersionState;
	return { label: 'single n8n', v, n8n: client(v), queue: false };
}

export async function stopSingle(): Promise<void> {
	await request('POST', `${QUEUE.controlUrl}/single/stop`, { timeoutMs: 120_000 });
}

export async function lastProxySeq(): Promise<number> {
	const l = await proxyLog(0);
	return l.length ? l[l.length - 1].seq : 0;
}

/** CPU time (ms, user + system) the named processes have used so far, by name (Linux /proc). */
export async function cpuMs(names: string[]): Promise<Record<string, number>> {
	const live = await procs();
	const out: Record<string, number> = {};
	for (const name of names) {
		try {
			const stat = fs.readFileSync(`/proc/${live[name].pid}/stat`, 'utf8');
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			out[name] = (Number(rest[11]) + Number(rest[12])) * 10; // clock ticks of 10 ms
		} catch {
			out[name] = 0;
		}
	}
	return out;
}

/**
 * How often each worker logged "Worker started execution <id>" (a start, or a resume after a
 * wait: each is a Bull job). n8n logs it at info level on the worker that took the job.
 */
export function workerRuns(executionId: string): Record<string, number> {
	const out: Record<string, number> = {};
	const re = new RegExp(`Worker started execution ${executionId} \\(job`, 'g');
	for (const name of WORKERS) {
		let text = '';
		try {
			text = fs.readFileSync(QUEUE.procs[name].logPath, 'utf8');
		} catch {
			/* no log yet */
		}
		const n = (text.match(re) || []).length;
		if (n) out[name] = n;
	}
	return out;
}

// ------------------------------------------------------------------------------------------
// executions

/**
 * Every execution of a workflow, newest first: the editor's REST list (it includes waiting and
 * running ones), 100 per page, followed by its `nextCursor`; bounded.
 */
export async function allExecutions(workflowId: string, t: Target = QUEUED): Promise<Array<{ id: string; status: string; [k: string]: any }>> {
	const byId = new Map<string, any>();
	let cursor: string | undefined;
	for (let page = 0; page < 200; page++) {
		const qs = new URLSearchParams({ limit: '100', filter: JSON.stringify({ workflowId: String(workflowId) }) });
		if (cursor) qs.set('cursor', cursor);
		const data = await t.n8n.rest('GET', `/executions?${qs}`);
		for (const e of (data?.results ?? []) as any[]) if (!byId.has(String(e.id))) byId.set(String(e.id), { ...e, id: String(e.id) });
		cursor = data?.nextCursor ?? undefined;
		if (!cursor) break;
	}
	return [...byId.values()];
}

/** Output items of a node (json with the input index from `pairedItem`). */
export function nodeItems(execution: Execution, nodeName: string, run = 0): Array<Record<string, any>> {
	const r = execution?.data?.resultData?.runData?.[nodeName]?.[run];
	return ((r?.data?.main?.[0] ?? []) as any[]).map((i) => i.json);
}

export async function waitForStatus(id: string, statuses: string[], timeoutMs = 60_000): Promise<Execution> {
	return waitFor(
		async () => {
			const e = await N8N.getExecution(id, true);
			return statuses.includes(e.status) ? e : null;
		},
		{ timeoutMs, intervalMs: 500, what: `execution ${id} to be ${statuses.join('|')}` },
	);
}

/** Waits until `count` executions of the workflow exist and none is new/running (bounded). */
export async function waitForSettled(workflowId: string, count: number, timeoutMs: number, t: Target = QUEUED): Promise<Array<{ id: string; status: string }>> {
	let last: Array<{ id: string; status: string }> = [];
	try {
		return await waitFor(
			async () => {
				last = await allExecutions(workflowId, t);
				return last.length >= count && last.every((e) => !['new', 'running', 'unknown'].includes(e.status)) ? last : null;
			},
			{ timeoutMs, intervalMs: 1000, what: `${count} settled executions of workflow ${workflowId}` },
		);
	} catch {
		return last;
	}
}

// ------------------------------------------------------------------------------------------
// workflows

/** Creates + publishes; cleanup only unpublishes (deleting a workflow deletes its executions). */
export async function deploy(wf: WorkflowJson, t: Target = QUEUED): Promise<{ id: string; cleanup: () => Promise<void> }> {
	const { id } = await e2eDeploy(t.v, wf);
	return { id, cleanup: async () => void (await t.n8n.unpublishWorkflow(id).catch(() => undefined)) };
}

/** Split Out of `body.items`: one POST with `{ items: [{ title }, …] }` gives one item per title. */
export function splitItemsNode(): NodeJson {
	return {
		id: randomUUID(),
		name: 'Split Items',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [0, 0],
		parameters: { fieldToSplitOut: 'body.items', options: {} },
	};
}

/** Production webhook URL of a trigger (its path as the installed package declares it, read from main at setup). */
export function triggerUrl(webhookId: string, base = V.url): string {
	return `${base}/webhook/${webhookId}${QUEUE.triggerPath ? `/${QUEUE.triggerPath}` : ''}`;
}

// ------------------------------------------------------------------------------------------
// callbacks

/** Kie's HMAC headers for `taskId`, signed now. */
export function signHeaders(taskId: string): Record<string, string> {
	const ts = String(Math.floor(Date.now() / 1000));
	return { 'x-webhook-timestamp': ts, 'x-webhook-signature': createHmac('sha256', V.hmacKey).update(`${taskId}.${ts}`).digest('base64') };
}

/** Re-sends a callback body Kie sent, freshly signed (as Kie's redelivery would be). */
export function redeliver(url: string, body: any): Promise<HttpResponse> {
	return request('POST', url, { json: body, headers: signHeaders(String(body?.data?.task_id ?? '')), timeoutMs: 30_000 });
}

/** Counts per key. */
export function histogram(values: Array<string | number>): Record<string, number> {
	const h: Record<string, number> = {};
	for (const v of values) h[String(v)] = (h[String(v)] ?? 0) + 1;
	return h;
}
