/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Forged callbacks and how to tell their data apart from Kie's. A forger knows a task id (they
 * are not secret) and may replay headers it captured from a genuine callback: Kie signs only
 * `taskId.timestamp`, so a replayed signature stays valid for 300 s whatever the body. Every
 * forged body carries a marker (in titles, texts, ids and URLs), so an execution "carries forged
 * data" exactly when the marker appears in one of its items.
 */
import { randomBytes } from 'crypto';

import { FAULTS, N8N, SB, V, allExecutions, nodeItems, recordFigures, request, type HttpResponse } from './helpers';

export function newMarker(what: string): string {
	return `FORGED${what.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(3).toString('hex')}`;
}

const URL_EXT = /\.(mp3|jpeg|jpg|png|wav|mp4)(\?|$)/i;
const TEXT_KEYS = new Set(['title', 'text', 'name', 'tags', 'prompt', 'style', 'msg', 'error_message']);
const ID_KEYS = new Set(['id', 'audio_id', 'audioId']);

/**
 * The genuine body with everything a forger would change replaced: every URL points at `urlBase`
 * (an internal address), texts and ids carry the marker. Task ids and callbackType stay.
 */
export function forgeBody(genuine: unknown, marker: string, urlBase: string): any {
	let n = 0;
	const walk = (value: unknown, key: string): unknown => {
		if (Array.isArray(value)) return value.map((v) => walk(v, key));
		if (value && typeof value === 'object') {
			const out: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
			return out;
		}
		if (typeof value === 'string' && /^https?:\/\//.test(value)) {
			const ext = URL_EXT.exec(value)?.[1] ?? 'mp3';
			return `${urlBase}/${marker}/${n++}.${ext}`;
		}
		if (typeof value === 'string' && TEXT_KEYS.has(key)) return `${marker} ${key}`;
		if (typeof value === 'string' && ID_KEYS.has(key)) return `${marker}-${n++}`;
		return value;
	};
	const body = walk(genuine, '') as any;
	// a genuine body without results (jobs' minimal callback, a text stage) still gets forged content
	if (body && typeof body === 'object' && body.data && typeof body.data === 'object' && !Array.isArray(body.data)) {
		if (Array.isArray(body.data.data) && body.data.data.length === 0) {
			body.data.data = [1, 2].map((i) => ({ id: `${marker}-${i}`, audio_url: `${urlBase}/${marker}/${i}.mp3`, image_url: `${urlBase}/${marker}/${i}.jpeg`, title: `${marker} title`, duration: 1 }));
		}
		if (body.data.callbackType === undefined && body.taskId === undefined && !Object.keys(body.data).some((k) => k !== 'task_id' && k !== 'taskId')) {
			body.data.audio_url = `${urlBase}/${marker}/x.mp3`;
		}
	}
	return body;
}

/** A minimal forged song callback for a task id (no genuine body to start from). */
export function forgedSongCallback(taskId: string, stage: string, marker: string, urlBase: string): any {
	const track = (i: number) => ({ id: `${marker}-${i}`, audio_url: `${urlBase}/${marker}/${i}.mp3`, image_url: `${urlBase}/${marker}/${i}.jpeg`, stream_audio_url: `${urlBase}/${marker}/s${i}`, title: `${marker} title`, tags: marker, prompt: marker, model_name: 'chirp-v4-5', duration: 1, createTime: Date.now() });
	if (stage === 'error') return { code: 501, msg: `${marker} failed`, data: { callbackType: 'error', task_id: taskId, error: `${marker} error` } };
	return { code: 200, msg: 'All generated successfully.', data: { callbackType: stage, task_id: taskId, data: stage === 'text' ? [] : [track(1), track(2)] } };
}

/** Headers of a callback the sandbox sent (a capture a forger could replay). */
export function capturedHeaders(cb: any): Record<string, string> {
	const h = cb?.headers ?? {};
	const out: Record<string, string> = {};
	for (const name of ['X-Webhook-Timestamp', 'X-Webhook-Signature']) if (h[name] !== undefined) out[name.toLowerCase()] = String(h[name]);
	return out;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
	return request('POST', url, { json: body, headers, timeoutMs: 30_000 });
}

export interface ForgedScan {
	/** executions whose items carry the marker and present it as Kie's (verified not false) */
	forged: string[];
	/** executions whose items carry the marker, marked `verified: false` (no credential: nothing could be confirmed) */
	unconfirmed: string[];
	executions: number;
}

/** Looks for the markers in every item of every execution of a workflow (all nodes). */
export async function scanForged(workflowId: string, markers: string[]): Promise<ForgedScan & { byTask: Map<string, Array<{ id: string; stage: string; items: any[] }>> }> {
	const out = { forged: [] as string[], unconfirmed: [] as string[], executions: 0, byTask: new Map<string, Array<{ id: string; stage: string; items: any[] }>>() };
	for (const e of await allExecutions(workflowId)) {
		const full = await N8N.getExecution(e.id, true);
		out.executions++;
		const runData = full.data?.resultData?.runData ?? {};
		const items: any[] = [];
		for (const node of Object.keys(runData)) for (let run = 0; run < runData[node].length; run++) items.push(...nodeItems(full, node, run).map((i) => i.json));
		const text = JSON.stringify(items);
		if (markers.some((m) => text.includes(m))) {
			const marked = items.filter((it) => markers.some((m) => JSON.stringify(it).includes(m)));
			if (marked.every((it) => it.verified === false)) out.unconfirmed.push(e.id);
			else out.forged.push(e.id);
		}
		const first = items.find((it) => typeof it?.taskId === 'string');
		if (first) {
			const list = out.byTask.get(first.taskId) ?? [];
			list.push({ id: e.id, stage: String(first.stage), items });
			out.byTask.set(first.taskId, list);
		}
	}
	return out;
}

// ------------------------------------------------------------------------------------------
// the reliability table: attack or fault → tries → requests to internal addresses →
// executions with forged data → genuine results lost

export interface TableRow {
	attack: string;
	tries: number;
	internalRequests: number;
	forgedExecutions: number;
	genuineLost: number;
	/** forged bodies a trigger without credential passed on as `verified: false` (by design) */
	unconfirmed?: number;
	note?: string;
}

/** Records rows under `group` (table.json keeps one list per group, in run order). */
export function recordRows(group: string, rows: TableRow[]): void {
	recordFigures('table', { [group]: rows });
}

/** Tasks are created straight on the sandbox (the Kie API, with the suite's API key). */
export async function createDirect(path: string, body: Record<string, unknown>): Promise<string> {
	const res = await request('POST', `${V.sandboxUrl}${path}`, { json: body, headers: { authorization: `Bearer ${FAULTS.secrets.apiKey}` }, timeoutMs: 30_000 });
	const taskId = res.body?.data?.taskId;
	if (res.status !== 200 || res.body?.code !== 200 || typeof taskId !== 'string') throw new Error(`create ${path} failed: ${res.text.slice(0, 300)}`);
	return taskId;
}

/** A song task (per-operation Generate, 2 tracks) calling back to `callBackUrl`. */
export async function createSong(callBackUrl: string, prompt = 'fault suite song'): Promise<string> {
	return createDirect('/api/v1/generate', { customMode: false, instrumental: false, model: 'V5_5', prompt, callBackUrl });
}

export async function waitFinished(taskIds: string[], timeoutMs = 60_000): Promise<any[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const tasks = await Promise.all(taskIds.map((id) => SB.task(id)));
		if (tasks.every((t) => t.finished)) return tasks;
		if (Date.now() > deadline) throw new Error(`tasks not finished: ${tasks.filter((t) => !t.finished).map((t) => t.taskId).join(', ')}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}
