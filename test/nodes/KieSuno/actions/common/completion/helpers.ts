/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Shared helpers for the completion, upload and download tests: a fake clock for the node's
 * transport, the Kie sandbox (local test double of Kie, not Kie) with test defaults, expected
 * output items computed from the sandbox's own task records, and a "probe" node type that hands
 * a test function n8n-core's real ExecuteContext.
 */
import { createHash } from 'crypto';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IExecuteFunctions, INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import type { Readable } from 'stream';

import { transportClock } from '../../../../../../nodes/shared/transport';
import { Container, registerNodeType } from '../../../../../harness/n8nCore';
import { createRequests, detailsRequests } from '../../../../../harness/sandbox';
import type { KieSandbox, KieSandboxOptions, SandboxTask } from '../../../../../sandbox/kieSandbox';
import { startKieSandbox } from '../../../../../sandbox/kieSandbox';

export { createRequests } from '../../../../../harness/sandbox';
export const UPLOAD_PATH = '/api/file-stream-upload';
export type Route = 'perOperation' | 'jobs';
export const ROUTES: Route[] = ['perOperation', 'jobs'];
/** The model that makes `auto` choose each route for Add Vocals / Add Instrumental. */
export const MODEL_FOR: Record<Route, string> = { perOperation: 'V5', jobs: 'V6' };

export const realDelay = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

/* ------------------------------------------------------------------ fake clock */

export interface FakeClock {
	/** Every sleep the node asked for, in ms. */
	sleeps: number[];
	/** Current virtual time. */
	now(): number;
	restore(): void;
}

/**
 * Replaces `transportClock`: time stands still except when the node sleeps, and a sleep
 * advances it by exactly what was asked; jitter is off. `onSleep` decides how long the sleep really takes
 * (default: 5 ms of real time, so the sandbox's own timers keep running).
 */
export function installFakeClock(onSleep?: (ms: number, index: number) => Promise<void>): FakeClock {
	const original = { now: transportClock.now, sleep: transportClock.sleep, random: transportClock.random };
	let virtual = Date.now();
	const sleeps: number[] = [];
	// No jitter: retry waits are exactly exponential.
	transportClock.random = () => 0.5;
	transportClock.now = () => virtual;
	transportClock.sleep = async (ms: number) => {
		sleeps.push(ms);
		virtual += ms;
		if (onSleep) await onSleep(ms, sleeps.length - 1);
		else await realDelay(5);
	};
	return {
		sleeps,
		now: () => virtual,
		restore() {
			transportClock.now = original.now;
			transportClock.sleep = original.sleep;
			transportClock.random = original.random;
		},
	};
}

/* ------------------------------------------------------------------ sandbox */

/**
 * A sandbox for fast tests: generous create and record-info limits (a fake clock polls faster
 * than real time; the rate test uses Kie's real limits instead) and short stages.
 */
export async function startTestSandbox(options: KieSandboxOptions = {}): Promise<KieSandbox> {
	return await startKieSandbox({
		stageDelaysMs: { text: 30, first: 30, complete: 30 },
		rateLimit: { max: 1000, windowMs: 10_000 },
		recordInfoRateLimit: { max: 1000, windowMs: 1000 },
		...options,
	});
}

/** The sandbox's address as the node should use it (sb.url may be a configured publicUrl). */
export function listenUrl(sb: KieSandbox): string {
	return `http://127.0.0.1:${sb.port}`;
}

/** Details reads on either route (record-info or jobs recordInfo), optionally of one task. */
export function recordInfoRequests(sb: KieSandbox, taskId?: string) {
	return detailsRequests(sb, taskId);
}

/** The create requests' bodies with the route they took. */
export function createdBodies(sb: KieSandbox): Array<{ path: string; body: unknown }> {
	return createRequests(sb).map((request) => ({ path: request.path, body: request.body }));
}

/** Tasks in creation order. */
export function tasksInOrder(sb: KieSandbox): SandboxTask[] {
	return [...sb.tasks.values()].sort((a, b) => a.seq - b.seq);
}

export function taskWithTitle(sb: KieSandbox, title: string): SandboxTask {
	const task = [...sb.tasks.values()].find((candidate) => candidate.params.title === title);
	if (!task) throw new Error(`no sandbox task titled ${title}`);
	return task;
}

/* ------------------------------------------------------------------ parameters */

/** Add Vocals, title from the input item; `route` picks the model that makes `auto` choose it. */
export function vocalsParameters(overrides: INodeParameters = {}, route?: Route): INodeParameters {
	const options = (overrides.options ?? {}) as INodeParameters;
	return {
		resource: 'music',
		operation: 'addVocals',
		sourceType: 'url',
		uploadUrl: 'https://example.com/instrumental.mp3',
		title: '={{ $json.title }}',
		prompt: '[Verse] Night city lights shining bright',
		style: 'Jazz',
		negativeTags: 'heavy metal',
		completion: 'poll',
		...overrides,
		...(route ? { options: { model: MODEL_FOR[route], ...options } } : {}),
	};
}

/* ------------------------------------------------------------------ expected items */

/** Kie's createTime (epoch ms or "YYYY-MM-DD HH:mm:ss" UTC) as the node outputs it. */
export function isoCreateTime(value: number | string): string {
	return typeof value === 'number' ? new Date(value).toISOString() : new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

/**
 * The output items interface.md prescribes for a finished music task, computed from the sandbox's
 * record: what Kie's details answer on the route that made it (`apiRoute` is the only difference).
 */
export function expectedTrackItems(task: SandboxTask, itemIndex: number): INodeExecutionData[] {
	return task.tracks.map((track, trackIndex) => ({
		json: {
			taskId: task.taskId,
			taskType: 'music',
			apiRoute: task.route,
			stage: 'complete',
			status: 'SUCCESS',
			code: 200,
			msg: null,
			trackIndex,
			trackCount: task.tracks.length,
			id: track.id,
			audioUrl: track.audioUrl,
			streamAudioUrl: track.streamAudioUrl,
			imageUrl: track.imageUrl,
			title: track.title,
			tags: track.tags,
			prompt: track.prompt,
			modelName: track.modelName,
			duration: track.duration,
			createTime: isoCreateTime(track.createTime),
		},
		pairedItem: { item: itemIndex },
	}));
}

/* ------------------------------------------------------------------ bytes */

export function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export async function sha256OfStream(stream: Readable): Promise<{ sha256: string; bytes: number }> {
	const hash = createHash('sha256');
	let bytes = 0;
	for await (const chunk of stream) {
		hash.update(chunk as Buffer);
		bytes += (chunk as Buffer).length;
	}
	return { sha256: hash.digest('hex'), bytes };
}

export function binaryDataService(): BinaryDataService {
	return Container.get(BinaryDataService);
}

/** sha256 and size of a binary property as n8n stores it (filesystem or inline). */
export async function storedBinaryDigest(binary: IBinaryData): Promise<{ sha256: string; bytes: number }> {
	if (binary.id) return await sha256OfStream(await binaryDataService().getAsStream(binary.id));
	const buffer = Buffer.from(binary.data, 'base64');
	return { sha256: sha256(buffer), bytes: buffer.length };
}

/* ------------------------------------------------------------------ probe node */

type ProbeFunction = (context: IExecuteFunctions) => Promise<INodeExecutionData[][]>;
let probe: ProbeFunction | undefined;

class ProbeNode implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Runs a test function with the real ExecuteContext',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieApi', required: false }],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (!probe) throw new Error('no probe function set');
		return await probe(this);
	}
}

export const PROBE_NODE = 'harness.probe';
registerNodeType(PROBE_NODE, () => new ProbeNode());

/** Sets what the probe node runs; use with runNode({ node: PROBE_NODE, ... }). */
export function setProbe(fn: ProbeFunction): void {
	probe = fn;
}

