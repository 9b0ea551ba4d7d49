/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * The trigger scenarios' building blocks: a published Kie Suno Trigger, tasks created on the
 * sandbox that call it back through the proxy, and counting executions per task id and stage.
 */
import { randomUUID } from 'crypto';

import {
	QUEUE,
	QUEUED,
	SB,
	V,
	allExecutions,
	chain,
	deploy,
	nodeItems,
	noOpNode,
	proxyInFlight,
	redeliver,
	request,
	sleep,
	triggerNode,
	triggerUrl,
	waitFor,
	type HttpResponse,
	type Target,
} from './helpers';

export const TRIGGER_NODE = 'Kie Suno Trigger';

/**
 * Publishes Kie Suno Trigger (events complete, error) → NoOp on `t`; waits until every process in
 * `servers` (base URLs: the webhook processors, or the single n8n) serves it.
 */
export async function deployReceiver(servers: string[], t: Target = QUEUED, credential: 'good' | 'none' = 'good'): Promise<{ id: string; webhookId: string; url: string; cleanup: () => Promise<void> }> {
	const webhookId = randomUUID();
	const { id, cleanup } = await deploy(chain(`receiver ${Date.now()}`, [triggerNode(t.v, { events: ['complete', 'error'], options: {} }, { webhookId, name: TRIGGER_NODE, credential }), noOpNode('Done')]), t);
	for (const base of servers) {
		// {} is not a Kie callback: 400 and no execution once the webhook is known to that process
		await waitFor(async () => (await request('POST', triggerUrl(webhookId, base), { json: {} })).status === 400, {
			timeoutMs: 30_000,
			intervalMs: 250,
			what: `the trigger on ${base}`,
		});
	}
	return { id, webhookId, url: triggerUrl(webhookId, t.v.url), cleanup };
}

/** Base URLs of the webhook processors. */
export function processorUrls(names: string[]): string[] {
	return names.map((name) => QUEUE.procs[name].url);
}

/**
 * Creates `count` Add Instrumental tasks straight on the sandbox (as a sender would), at most
 * `perSecond` per second, so their callbacks arrive at up to 3 × `perSecond` per second.
 */
export async function createTasks(prefix: string, count: number, callBackUrl: string, uploadUrl: string, perSecond = 2, onCreated?: (created: number) => void): Promise<string[]> {
	const ids: string[] = new Array(count);
	const t0 = Date.now();
	let next = 0;
	const lane = async () => {
		for (let i = next++; i < count; i = next++) {
			const due = t0 + (i * 1000) / perSecond;
			if (due > Date.now()) await sleep(due - Date.now());
			const res = await request('POST', `${V.sandboxUrl}/api/v1/generate/add-instrumental`, {
				json: { uploadUrl, title: `${prefix}${i + 1}`, tags: 'piano', negativeTags: 'metal', callBackUrl },
				headers: { authorization: `Bearer ${V.sandboxKey}` },
			});
			if (res.body?.code !== 200) throw new Error(`create ${i + 1}: ${res.text.slice(0, 200)}`);
			ids[i] = String(res.body.data.taskId);
			onCreated?.(ids.filter(Boolean).length);
		}
	};
	await Promise.all(Array.from({ length: 4 }, lane));
	return ids;
}

/** The sandbox's final attempt per task for `stage` (2xx, or the last failed retry). */
export async function finalAttempts(taskIds: string[], stage = 'complete'): Promise<Map<string, any>> {
	const wanted = new Set(taskIds);
	const out = new Map<string, any>();
	for (const cb of (await request('GET', `${V.sandboxUrl}/__sandbox/callbacks`, { timeoutMs: 60_000 })).body as any[]) {
		if (!wanted.has(cb.taskId) || cb.stage !== stage || cb.attempt === 0) continue;
		const prev = out.get(cb.taskId);
		if (!prev || cb.attempt >= prev.attempt) out.set(cb.taskId, cb);
	}
	return out;
}

/** Every delivery attempt of each task's `stage` callback, in order. */
export async function attemptsByTask(taskIds: string[], stage = 'complete'): Promise<Map<string, any[]>> {
	const out = new Map<string, any[]>(taskIds.map((t) => [t, []]));
	for (const cb of (await request('GET', `${V.sandboxUrl}/__sandbox/callbacks`, { timeoutMs: 60_000 })).body as any[]) {
		if (out.has(cb.taskId) && cb.stage === stage && cb.attempt > 0) out.get(cb.taskId)!.push(cb);
	}
	return out;
}

/**
 * Why tasks without an execution have none, from what their complete callback was answered:
 * - `neverAcknowledged`: no attempt got a 2xx (n8n too slow or failing; Kie gave up);
 * - `acknowledged`: an attempt was accepted (2xx, not "duplicate") yet no execution ran;
 * - `droppedAsDuplicate`: the only 2xx answers said "duplicate": the dedupe dropped a callback that never ran.
 */
export function classifyLost(lostTasks: string[], attempts: Map<string, any[]>): { neverAcknowledged: number; acknowledged: number; droppedAsDuplicate: number; examples: string[] } {
	const out = { neverAcknowledged: 0, acknowledged: 0, droppedAsDuplicate: 0, examples: [] as string[] };
	for (const t of lostTasks) {
		const list = attempts.get(t) ?? [];
		const ok = list.filter((a) => typeof a.status === 'number' && a.status < 300);
		const dup = (a: any) => /"ignored":"duplicate"/.test(String(a.responseBody ?? ''));
		if (!ok.length) out.neverAcknowledged++;
		else if (ok.every(dup)) out.droppedAsDuplicate++;
		else out.acknowledged++;
		if (out.examples.length < 5) out.examples.push(`${t}: ${list.map((a) => `${a.attempt}:${typeof a.status === 'number' ? a.status : String(a.status).slice(0, 30)}${dup(a) ? ' duplicate' : ''}`).join(', ')}`);
	}
	return out;
}

/** Waits (bounded) until every task's `stage` callback was answered 2xx or ran out of retries. */
export async function waitForDeliveries(taskIds: string[], timeoutMs: number): Promise<Map<string, any>> {
	const maxAttempts = 1 + Number((await SB.config()).callbacks?.retries ?? 3);
	let last = new Map<string, any>();
	try {
		await waitFor(
			async () => {
				last = await finalAttempts(taskIds);
				return taskIds.every((t) => {
					const cb = last.get(t);
					return cb && ((typeof cb.status === 'number' && cb.status < 300) || cb.attempt >= maxAttempts);
				});
			},
			{ timeoutMs, intervalMs: 1000, what: 'every complete callback to be delivered or given up' },
		);
	} catch {
		/* reported by the caller from `last` */
	}
	return last;
}

/**
 * Execution id → the `taskId|stage` keys its trigger output carries. `known` caches executions
 * already read (finished executions do not change). Waits (bounded) until the number of executions
 * has been stable for `quietMs` and none is still running.
 */
export async function executionKeys(workflowId: string, known: Map<string, string[]>, { quietMs = 8000, timeoutMs = 300_000 } = {}, t: Target = QUEUED): Promise<Map<string, string[]>> {
	let count = -1;
	let stableSince = Date.now();
	const deadline = Date.now() + timeoutMs;
	for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
		const list = await allExecutions(workflowId, t);
		// a processor may still be working on a request its caller gave up on: it can still start one
		// an execution still `new` a minute after it was created was never enqueued (its processor died): stuck, not busy
		const stuck = (e: any) => e.status === 'new' && Date.now() - Date.parse(e.createdAt ?? e.startedAt ?? '') > 60_000;
		const busy = list.some((e) => ['new', 'running', 'unknown'].includes(e.status) && !stuck(e)) || (t.queue && (await proxyInFlight()) > 0);
		if (list.length !== count || busy) {
			count = list.length;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) break;
		await sleep(1000);
	}
	const todo = (await allExecutions(workflowId, t)).filter((e) => !known.has(e.id));
	for (let k = 0; k < todo.length; k += 10) {
		await Promise.all(
			todo.slice(k, k + 10).map(async (e) => {
				// listed, then gone (404): n8n removed an execution it could not run (seen when PostgreSQL timed out)
				const full: any = await t.n8n
					.getExecution(e.id, true)
					.catch(async (error: { status?: number }) => (error.status === 404 ? undefined : await Promise.reject(error)));
				if (full === undefined) {
					known.set(e.id, ['status:vanished']);
					return;
				}
				const keys = [...new Set(nodeItems(full, TRIGGER_NODE).map((it) => `${it.taskId}|${it.stage}`))];
				known.set(e.id, full.status === 'success' ? keys : [...keys, `status:${full.status}`]);
			}),
		);
	}
	return known;
}

/** Executions per task id (complete stage) from executionKeys(). */
export function executionsPerTask(known: Map<string, string[]>, taskIds: string[], onlyIds?: Set<string>): Map<string, number> {
	const per = new Map<string, number>(taskIds.map((t) => [t, 0]));
	for (const [execId, keys] of known) {
		if (onlyIds && !onlyIds.has(execId)) continue;
		for (const key of keys) {
			const [taskId, stage] = key.split('|');
			if (per.has(taskId) && stage === 'complete') per.set(taskId, (per.get(taskId) ?? 0) + 1);
		}
	}
	return per;
}

/** Sends each task's recorded complete callback (freshly signed) to every URL in `urls` at the same moment. */
export async function sendDuplicates(bodies: Map<string, any>, urls: string[], concurrency = 10): Promise<HttpResponse[]> {
	const entries = [...bodies.values()];
	const answers: HttpResponse[] = [];
	for (let k = 0; k < entries.length; k += concurrency) {
		const batch = entries.slice(k, k + concurrency);
		const res = await Promise.all(batch.flatMap((cb) => urls.map((u) => redeliver(u, cb.body).catch((e) => ({ status: 0, text: String(e.message) }) as HttpResponse))));
		answers.push(...res);
	}
	return answers;
}

/** p50 / p95 / max of the answer times (ms) Kie saw on the final attempt of each callback. */
export function answerTimes(finals: Map<string, any>): { p50: number; p95: number; max: number } {
	const ms = [...finals.values()].map((c) => Number(c.durationMs ?? 0)).sort((a, b) => a - b);
	const at = (q: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] : 0);
	return { p50: at(0.5), p95: at(0.95), max: ms.length ? ms[ms.length - 1] : 0 };
}

/**
 * Task ids the trigger's records in the workflow's static data mention: in queue mode read from the
 * workflow row in PostgreSQL (what the next process loads), on the single n8n through its API.
 */
export async function recordedTasks(workflowId: string, t: Target = QUEUED): Promise<Set<string>> {
	const staticData = t.queue
		? (await request('GET', `${QUEUE.controlUrl}/db/static-data?workflow=${encodeURIComponent(workflowId)}`, { timeoutMs: 30_000 })).body?.staticData
		: (await t.n8n.api('GET', `/workflows/${workflowId}`))?.staticData;
	return new Set(JSON.stringify(staticData ?? {}).match(/[0-9a-f]{32}/g) ?? []);
}
