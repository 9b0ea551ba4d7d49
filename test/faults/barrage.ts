/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Sending the hostile requests (hostile.ts) and judging the answers: bounded concurrency, /healthz
 * and the n8n PID every 100 requests; n8n's own silence on malformed XML told apart by a control
 * probe (a plain n8n Webhook node given the same body).
 */
import { randomUUID } from 'crypto';

import { N8N, V, deploy, healthz, n8nInfo, postRaw } from './helpers';
import type { HostileRequest } from './hostile';

const CONCURRENCY = 4;
const HEALTH_EVERY = 100;

export interface Outcome {
	req: HostileRequest;
	status: number | string;
	ms: number;
	text: string;
}

export interface Barrage {
	outcomes: Outcome[];
	histogram: Record<string, number>;
	byCategory: Record<string, Record<string, number>>;
	health: number[];
	pidChanges: number;
	ms: number;
}

/** Sends the requests with bounded concurrency; checks /healthz and the PID every HEALTH_EVERY. */
export async function barrage(url: string, list: HostileRequest[], pid: number): Promise<Barrage> {
	const t0 = Date.now();
	const outcomes: Outcome[] = new Array(list.length);
	const health: number[] = [];
	let pidChanges = 0;
	let next = 0;
	let sent = 0;
	const worker = async () => {
		for (;;) {
			const i = next++;
			if (i >= list.length) return;
			const req = list[i];
			const s = Date.now();
			const xml = isXml(req.contentType);
			try {
				const res = await postRaw(url, req.body, { contentType: req.contentType, headers: req.headers, timeoutMs: xml ? XML_TIMEOUT_MS : 60_000 });
				outcomes[i] = { req, status: res.status, ms: Date.now() - s, text: res.text.slice(0, 300) };
			} catch (e) {
				const message = (e as Error).message;
				// n8n's own XML body parser never settles on some malformed XML (see the control probe)
				const status = xml && /^timeout after/.test(message) ? NO_ANSWER_XML : `network error: ${message}`;
				outcomes[i] = { req, status, ms: Date.now() - s, text: '' };
			}
			sent++;
			if (sent % HEALTH_EVERY === 0) {
				health.push(await healthz());
				const info = await n8nInfo();
				if (info.pid !== pid || !info.alive) pidChanges++;
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	health.push(await healthz());
	const histogram: Record<string, number> = {};
	const byCategory: Record<string, Record<string, number>> = {};
	for (const o of outcomes) {
		const k = String(o.status);
		histogram[k] = (histogram[k] ?? 0) + 1;
		byCategory[o.req.category] ??= {};
		byCategory[o.req.category][k] = (byCategory[o.req.category][k] ?? 0) + 1;
	}
	return { outcomes, histogram, byCategory, health, pidChanges, ms: Date.now() - t0 };
}

/** The answer n8n itself gives no XML body it cannot parse (before any node runs). */
export const NO_ANSWER_XML = 'no answer (n8n XML body parser)';
const XML_TIMEOUT_MS = 4000;

export function isXml(contentType: string | undefined): boolean {
	const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
	return type.endsWith('/xml') || type.endsWith('+xml');
}

/** Anything but a 4xx or a doorbell's 200, except n8n's own silence on XML it cannot parse. */
export function bad(o: Outcome): boolean {
	if (o.status === NO_ANSWER_XML) return false;
	return typeof o.status !== 'number' || o.status >= 500 || (o.status < 400 && o.status !== 200);
}

export function describeBad(b: Barrage): string[] {
	return b.outcomes
		.filter(bad)
		.slice(0, 20)
		.map((o) => `#${o.req.index} ${o.req.category}/${o.req.variant} ${o.req.contentType ?? '(no type)'} ${o.req.body.length} B → ${o.status} ${o.text}`);
}

export function validCallback(taskId: string) {
	const track = (i: number) => ({
		id: randomUUID(),
		audio_url: `${V.sandboxUrl}/files/${taskId}/${i}.mp3`,
		stream_audio_url: `${V.sandboxUrl}/stream/${taskId}/${i}`,
		image_url: `${V.sandboxUrl}/files/${taskId}/${i}.jpeg`,
		prompt: '',
		model_name: 'chirp-v4-5',
		title: 'valid after hostile',
		tags: 'piano',
		createTime: Date.now(),
		duration: 4.1,
	});
	return { code: 200, msg: 'All generated successfully.', data: { callbackType: 'complete', task_id: taskId, data: [track(1), track(2)] } };
}

export interface XmlProbe {
	/** Each silent request replayed on an idle n8n: to the trigger again, and to a plain Webhook node. */
	samples: Array<{ variant: string; trigger: number | string; plainWebhook: number | string }>;
	/** e.g. "no answer (n8n XML body parser) ×2, 422 ×1": what the plain Webhook node answered. */
	plainWebhook: string;
}

const XML_PROBE_SAMPLES = 5;

async function answerOf(url: string, req: HostileRequest): Promise<number | string> {
	try {
		return (await postRaw(url, req.body, { contentType: req.contentType, headers: req.headers, timeoutMs: XML_TIMEOUT_MS })).status;
	} catch (e) {
		return /^timeout after/.test((e as Error).message) ? NO_ANSWER_XML : `network error: ${(e as Error).message}`;
	}
}

/**
 * Control probe for the XML requests the barrage got no answer to: replays up to 5 distinct ones on
 * the now idle n8n, to the trigger and to a plain n8n Webhook node. A replay the trigger answers was
 * only slow under load; one the plain Webhook node does not answer either is n8n's body parser,
 * which runs before any node.
 */
export async function probeN8nXml(triggerUrl: string, silent: Outcome[]): Promise<XmlProbe> {
	const distinct = new Map<string, HostileRequest>();
	for (const o of silent) distinct.set(`${o.req.contentType} ${o.req.body.toString('base64')}`, o.req);
	const requests = [...distinct.values()].slice(0, XML_PROBE_SAMPLES);
	if (requests.length === 0) return { samples: [], plainWebhook: 'not needed (every XML request was answered)' };
	const p = randomUUID();
	const hook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId: p,
		parameters: { httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
	};
	const { cleanup } = await deploy(V, { name: `faults xml probe ${Date.now()}`, nodes: [hook], connections: {}, settings: { executionOrder: 'v1' } });
	try {
		await N8N.waitForWebhook(p, { probeBody: {} });
		const samples: XmlProbe['samples'] = [];
		for (const req of requests) {
			samples.push({
				variant: `${req.contentType} ${JSON.stringify(req.body.subarray(0, 40).toString('utf8'))}`,
				trigger: await answerOf(triggerUrl, req),
				plainWebhook: await answerOf(`${V.url}/webhook/${p}`, req),
			});
		}
		const counts = new Map<string, number>();
		for (const s of samples) counts.set(String(s.plainWebhook), (counts.get(String(s.plainWebhook)) ?? 0) + 1);
		return { samples, plainWebhook: [...counts].map(([answer, n]) => `${answer} ×${n}`).join(', ') };
	} finally {
		await cleanup();
	}
}

/** A replayed silent XML request is fine when the trigger now answers it like any bad body (4xx), or n8n's own Webhook node is silent too. */
export function xmlSilenceIsN8ns(probe: XmlProbe): boolean {
	return probe.samples.every(
		(s) => (typeof s.trigger === 'number' && s.trigger >= 400 && s.trigger < 500) || (s.trigger === NO_ANSWER_XML && s.plainWebhook === NO_ANSWER_XML),
	);
}

