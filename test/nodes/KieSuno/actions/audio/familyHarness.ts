/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Shared by the lyrics and audio operation tests: the Kie SANDBOX (local test double of Kie, not
 * Kie) with short task times, a transport clock whose sleeps advance virtual time, finished source
 * tasks made straight on the sandbox (a song, its stems), and readers for what the node produced
 * (requests after the setup, stored binary bytes).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, IDataObject, INodeExecutionData, IRunExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { UNUSED_CALLBACK_PATH } from '../../../../../nodes/KieSuno/actions/common/create';
import { transportClock } from '../../../../../nodes/shared/transport';
import { KieSuno } from '../../../../../nodes/KieSuno/KieSuno.node';
import type { RunNodeResult } from '../../../../harness/n8nCore';
import { Container, createWebhookContext } from '../../../../harness/n8nCore';
import type { RecordedRequest } from '../../../../sandbox/kieSandbox';
import { startKieSandbox } from '../../../../sandbox/kieSandbox';

/** The parts of the sandbox these tests read (its .d.ts predates the non-music families). */
export interface FamilyTask {
	taskId: string;
	family: string;
	route: 'perOperation' | 'jobs';
	status: string;
	finished: boolean;
	body: IDataObject;
	params: IDataObject;
	callBackUrl: string | null;
	tracks: Array<{ id: string; audioUrl: string }>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	result: any;
}

export interface FamilySandbox {
	url: string;
	requests: RecordedRequest[];
	tasks: Map<string, FamilyTask>;
	reset(): void;
	close(): Promise<void>;
	configure(patch: IDataObject): unknown;
	addFault(fault: IDataObject): unknown;
	completeTask(taskId: string, outcome?: unknown): FamilyTask;
	fileInfo(url: string): Promise<{ sha256: string; bytes: number; contentType: string }>;
	waitFor<T>(predicate: (sb: FamilySandbox) => T, timeoutMs?: number, label?: string): Promise<T>;
}

const FAST = {
	stageDelaysMs: { text: 20, first: 20, complete: 20 },
	familyDelaysMs: { lyrics: 40, wav: 40, stems: 40, midi: 40, video: 40, coverImage: 40 },
	rateLimit: { max: 1000, windowMs: 10_000 },
	recordInfoRateLimit: { max: 1000, windowMs: 1000 },
};

export interface FamilyHarness {
	readonly sb: FamilySandbox;
	/** Requests the node sent after the test's own setup (not Kie's callbacks to the unused poll-mode URL). */
	nodeRequests(): RecordedRequest[];
	/** Marks the end of the setup: later requests are the node's. */
	markSetupDone(): void;
	/** Virtual time the node slept through. */
	readonly sleeps: number[];
}

/** One sandbox per test file, reset before each test; a fake transport clock during each test. */
export function useFamilySandbox(): FamilyHarness {
	let sandbox: FamilySandbox | undefined;
	let mark = 0;
	const sleeps: number[] = [];
	const original = { now: transportClock.now, sleep: transportClock.sleep };
	beforeAll(async () => {
		sandbox = (await startKieSandbox({ host: '127.0.0.1', ...FAST } as never)) as unknown as FamilySandbox;
	});
	beforeEach(() => {
		sandbox!.reset();
		sandbox!.configure(FAST);
		mark = 0;
		sleeps.length = 0;
		let virtual = Date.now();
		transportClock.now = () => virtual;
		transportClock.sleep = async (ms: number) => {
			sleeps.push(ms);
			virtual += ms;
			// a little real time, so the sandbox's own timers run
			await new Promise((resolve) => setTimeout(resolve, 5));
		};
	});
	afterEach(() => {
		transportClock.now = original.now;
		transportClock.sleep = original.sleep;
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get sb() {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
		nodeRequests: () => sandbox!.requests.slice(mark).filter((request) => request.path !== UNUSED_CALLBACK_PATH),
		markSetupDone: () => {
			mark = sandbox!.requests.length;
		},
		sleeps,
	};
}

async function post(sb: FamilySandbox, path: string, body: IDataObject): Promise<string> {
	const response = await fetch(`${sb.url}${path}`, {
		method: 'POST',
		headers: { Authorization: 'Bearer sandbox-key', 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as { code: number; msg: string; data: { taskId: string } | null };
	if (json.code !== 200 || !json.data) throw new Error(`sandbox create ${path} failed: ${json.code} ${json.msg}`);
	return json.data.taskId;
}

/** A finished song (two tracks) on the per-operation route. */
export async function finishedSong(sb: FamilySandbox): Promise<FamilyTask> {
	const taskId = await post(sb, '/api/v1/generate', {
		prompt: 'A calm piano loop',
		customMode: false,
		instrumental: true,
		model: 'V6',
		callBackUrl: 'https://example.com/cb',
	});
	return sb.completeTask(taskId);
}

/** A finished separation of a song's first track. */
export async function finishedStems(sb: FamilySandbox, type: 'separate_vocal' | 'split_stem' = 'separate_vocal'): Promise<FamilyTask> {
	const song = await finishedSong(sb);
	const taskId = await post(sb, '/api/v1/vocal-removal/generate', {
		taskId: song.taskId,
		audioId: song.tracks[0].id,
		type,
		callBackUrl: 'https://example.com/cb',
	});
	return sb.completeTask(taskId);
}

/** The one task of a family the node created (setup tasks are of other families). */
export function createdTask(sb: FamilySandbox, family: string): FamilyTask {
	const tasks = [...sb.tasks.values()].filter((task) => task.family === family);
	if (tasks.length !== 1) throw new Error(`expected one ${family} task, found ${tasks.length}`);
	return tasks[0];
}

export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export const items = (count: number): INodeExecutionData[] => Array.from({ length: count }, (_, index) => ({ json: { n: index } }));

/* ------------------------------------------------------------------ resume */

export interface ReceivedCallback {
	headers: Record<string, string>;
	body: IDataObject;
}

/** Stands in for n8n's /webhook-waiting endpoint: records what Kie (the sandbox) posts there. */
export async function startReceiver(): Promise<{ waitingBaseUrl: string; received: ReceivedCallback[]; close(): Promise<void> }> {
	const received: ReceivedCallback[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers as Record<string, string>, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as IDataObject });
			res.end('{"received":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		waitingBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook-waiting`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/** Calls the node's webhook() as n8n does for a callback to the waiting execution. */
export async function deliverToWaiting(waiting: RunNodeResult, callback: ReceivedCallback, credentials: IDataObject): Promise<IWebhookResponseData> {
	const { context } = await createWebhookContext({
		node: waiting.node,
		workflow: waiting.workflow,
		request: { body: callback.body, headers: callback.headers },
		credentials: credentials as never,
		// as n8n loads it from the database for every callback
		runExecutionData: JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData,
		executionId: '1',
	});
	return await new KieSuno().webhook.call(context);
}
