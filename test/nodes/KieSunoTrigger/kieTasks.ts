/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * For the trigger tests that confirm callbacks with Kie: the Kie SANDBOX (a local test double of
 * Kie, not Kie) with short stages, finished tasks on either route, the credential that points at
 * it, and the items a confirmed callback must start its execution with.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import { createTaskDirect } from '../../harness/sandbox';
import type { KieSandbox, KieSandboxOptions, SandboxTask } from '../../sandbox/kieSandbox';
import { startKieSandbox } from '../../sandbox/kieSandbox';
import { expectedTrackItems } from '../KieSuno/actions/common/completion/helpers';

export type Route = 'perOperation' | 'jobs';
export const API_KEY = 'sandbox-key';

export function useTriggerKie(options: KieSandboxOptions = {}): { readonly sb: KieSandbox } {
	let sandbox: KieSandbox | undefined;
	const settings: KieSandboxOptions = {
		apiKeys: [API_KEY],
		audioBytes: 16 * 1024,
		stageDelaysMs: { text: 3_600_000, first: 3_600_000, complete: 3_600_000 },
		recordInfoRateLimit: { max: 1000, windowMs: 1000 },
		...options,
	};
	beforeAll(async () => {
		sandbox = await startKieSandbox(settings);
	});
	beforeEach(() => {
		sandbox?.reset();
		sandbox?.configure(settings);
		forgetInProcessClaims();
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get sb(): KieSandbox {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
	};
}

/** The trigger's credential for the sandbox (Base URL = the sandbox, which serves the files too). */
export function kieCredential(sb: KieSandbox, webhookHmacKey = ''): ICredentialDataDecryptedObject {
	return { apiKey: API_KEY, baseUrl: sb.url, uploadBaseUrl: sb.url, webhookHmacKey };
}

/** A song task made on `route` (callbacks go nowhere: a non-loopback URL) and finished at once. */
export async function finishedTask(sb: KieSandbox, route: Route = 'perOperation', title = 'Night City'): Promise<SandboxTask> {
	const taskId = await createTaskDirect(sb, 'add-vocals', { title, callBackUrl: 'https://example.com/callback' }, API_KEY, route);
	return sb.completeTask(taskId);
}

export async function runningTask(sb: KieSandbox, route: Route = 'perOperation', title = 'Still Running'): Promise<SandboxTask> {
	const taskId = await createTaskDirect(sb, 'add-vocals', { title, callBackUrl: 'https://example.com/callback' }, API_KEY, route);
	return sb.tasks.get(taskId)!;
}

/** What a confirmed callback of a finished song starts its execution with: Kie's items, verified. */
export function verifiedItems(task: SandboxTask): IDataObject[] {
	return expectedTrackItems(task, 0).map((item) => ({ ...item.json, verified: true }));
}

/** The callback body Kie sends for a finished song on each route (per-operation: BASE §3; jobs: BASE §10). */
export function completeBody(task: SandboxTask): IDataObject {
	if (task.route === 'jobs') return { taskId: task.taskId, code: 200, msg: 'Success', data: { task_id: task.taskId, callbackType: 'complete' } };
	return {
		code: 200,
		msg: 'All generated successfully.',
		data: {
			callbackType: 'complete',
			task_id: task.taskId,
			data: task.tracks.map((track) => ({ id: track.id, audio_url: track.audioUrl, image_url: track.imageUrl, title: track.title, duration: track.duration })),
		},
	};
}
