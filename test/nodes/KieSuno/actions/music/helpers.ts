/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Shared by the music operation tests: running one operation of the node through n8n-core's real
 * WorkflowExecute against the Kie SANDBOX (a local test double of Kie, not Kie), reading what the
 * sandbox received, and making finished music tasks to chain from.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { transportClock } from '../../../../../nodes/shared/transport';
import type { RunNodeResult } from '../../../../harness/n8nCore';
import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { KieSandbox, RecordedRequest } from '../../../../sandbox/kieSandbox';

export const JOBS_CREATE = '/api/v1/jobs/createTask';
export const JOBS_DETAILS = '/api/v1/jobs/recordInfo';
export const RECORD_INFO = '/api/v1/generate/record-info';
/** The callback URL of the reference's examples. */
export const CALLBACK = 'https://example.com/cb';
/** What the node sends Kie as callBackUrl for a music task on the jobs route (tagged for the trigger). */
export const JOBS_MUSIC_CALLBACK = `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`;

/** Sandbox options for fast, deterministic runs (short stages, no record-info limit in the way). */
export const FAST_SANDBOX = {
	credits: 100000,
	stageDelaysMs: { text: 20, first: 20, complete: 20 },
	recordInfoRateLimit: { max: 1000, windowMs: 1000 },
};

export function postsTo(sb: KieSandbox, path: string): RecordedRequest[] {
	return sb.requests.filter((request) => request.method === 'POST' && request.path === path);
}

export function bodiesTo(sb: KieSandbox, path: string): IDataObject[] {
	return postsTo(sb, path).map((request) => request.body as IDataObject);
}

export async function runMusic(
	sb: KieSandbox,
	operation: string,
	parameters: Record<string, unknown>,
	extra: { inputItems?: INodeExecutionData[]; continueOnFail?: boolean } = {},
): Promise<RunNodeResult> {
	return await runNode({
		parameters: { resource: 'music', operation, ...parameters } as INodeParameters,
		credentials: testCredential(sb.url),
		...extra,
	});
}

/** The one output list of a successful run. */
export function outputOf(result: RunNodeResult): IDataObject[] {
	if (result.status !== 'success') throw new Error(`run failed: ${result.error?.message ?? result.status}`);
	return result.items[0].map((item) => item.json);
}

/** A finished music task made straight on the sandbox (no node): its id and its tracks. */
export async function finishedMusicTask(
	sb: KieSandbox,
	body: IDataObject = { customMode: false, instrumental: false, prompt: 'Hello bright morning sun', model: 'V6' },
): Promise<{ taskId: string; tracks: Array<{ id: string; duration: number; prompt: string }> }> {
	const response = await fetch(`${sb.url}/api/v1/generate`, {
		method: 'POST',
		headers: { Authorization: 'Bearer sandbox-key', 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...body, callBackUrl: CALLBACK }),
	});
	const json = (await response.json()) as { code: number; msg: string; data: { taskId: string } | null };
	if (json.code !== 200 || !json.data) throw new Error(`sandbox create failed: ${json.code} ${json.msg}`);
	const task = sb.completeTask(json.data.taskId, 'SUCCESS');
	const tracks = task.tracks.map((track) => ({ id: track.id, duration: track.duration, prompt: track.prompt }));
	// Only this helper's own create is in the record; tests assert on what the node sends.
	sb.requests.length = 0;
	return { taskId: json.data.taskId, tracks };
}

/**
 * Replaces the transport's clock: time stands still except when the node sleeps, and a sleep moves
 * it on by what was asked while taking 5 ms of real time (so the sandbox's own timers run).
 */
export function useVirtualClock(): void {
	const original = { now: transportClock.now, sleep: transportClock.sleep };
	beforeEach(() => {
		let virtual = Date.now();
		transportClock.now = () => virtual;
		transportClock.sleep = async (ms: number) => {
			virtual += ms;
			await new Promise((resolve) => setTimeout(resolve, 5));
		};
	});
	afterEach(() => {
		transportClock.now = original.now;
		transportClock.sleep = original.sleep;
	});
}

/** A copy of `object` without `keys`. */
export function omit<T extends Record<string, unknown>>(object: T, ...keys: string[]): Record<string, unknown> {
	return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}
