import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { Doorbell } from '../shared/callback';
import { descriptorFor } from '../shared/kie';
import { TASK_TYPES } from '../shared/kie/types';
import { checkCallbackSignature, readDoorbell, rejectRequest } from '../shared/request';
import type { FileChoice } from '../shared/tasks/attach';
import { fileChoice, filePolicy, wantsAnyFile } from '../shared/tasks/attach';
import { interpretCallback } from '../shared/tasks/interpret';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { claim, claimedIn, dedupeKey, hasSeen, isClaimed, mergeSeen } from './dedupe';
import { triggerItems, withFiles } from './output';
import { verifyDoorbell } from './verify';

/**
 * The trigger's webhook. A callback is a doorbell (shared/callback.ts):
 * - with a Kie API credential, the task is read from Kie (Kie gets its 200 once that read is back), and the
 *   execution carries only what Kie confirmed (`verified: true`), deduplicated on the confirmed
 *   task and stage, so a forged or early doorbell can never take the genuine callback's place;
 * - without one, nothing can be confirmed: the body is passed on with `verified: false`, and no
 *   file is ever downloaded (a stranger could name any URL).
 */

export const DEFAULT_EVENTS = ['complete', 'error'];
/** Confirmations in flight in this process; beyond it Kie is asked to call again later. */
export const MAX_VERIFYING = 50;
const UNVERIFIED_DOWNLOAD_ERROR =
	'Not downloaded: the trigger has no Kie API credential, so it cannot confirm with Kie that these URLs are Kie\'s. Select a credential to download files.';

let verifying = 0;

function answerReceived(context: IWebhookFunctions): void {
	context.getResponseObject().status(200).json({ received: true }).end();
}

/** Answers Kie's callback 200 the first time it is called. */
function answerOnce(context: IWebhookFunctions): () => void {
	let answered = false;
	return () => {
		if (answered) return;
		answered = true;
		answerReceived(context);
	};
}

type CredentialRead = { ok: true; selected: boolean; hmacKey: string } | { ok: false };

async function readCredential(context: IWebhookFunctions): Promise<CredentialRead> {
	if (!context.getNode().credentials?.[CREDENTIAL_TYPE]) return { ok: true, selected: false, hmacKey: '' };
	let credentials: ICredentialDataDecryptedObject;
	try {
		credentials = await context.getCredentials(CREDENTIAL_TYPE);
	} catch {
		// A credential is selected but unreadable: fail closed rather than skip the check.
		return { ok: false };
	}
	const key = credentials?.webhookHmacKey;
	return { ok: true, selected: true, hmacKey: typeof key === 'string' ? key : '' };
}

function selection(context: IWebhookFunctions, name: string, all: readonly string[]): readonly string[] {
	const value = context.getNodeParameter(name, all) as unknown;
	return Array.isArray(value) ? (value as string[]) : all;
}

function dedupeScope(context: IWebhookFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}/${node.id ?? node.name}/${context.getMode()}`;
}

/** Writes every record this process accepted lately into the static data n8n saves after this call. */
function recordClaims(context: IWebhookFunctions): void {
	const now = Date.now();
	mergeSeen(context.getWorkflowStaticData('node'), claimedIn(dedupeScope(context), now), now);
}

/** Whether this (task, stage) was accepted before; records it when not. Check and record never await in between. */
function isDuplicate(context: IWebhookFunctions, taskId: string, stage: string): boolean {
	const now = Date.now();
	const key = dedupeKey(taskId, stage);
	const scope = dedupeScope(context);
	if (isClaimed(scope, key, now) || hasSeen(context.getWorkflowStaticData('node'), key, now)) return true;
	claim(scope, key, now);
	recordClaims(context);
	return false;
}

interface Settings {
	events: readonly string[];
	taskTypes: readonly string[];
	splitTracks: boolean;
	ignoreDuplicates: boolean;
	files: FileChoice;
	options: IDataObject;
}

/**
 * Without a credential the stage is only claimed, so the duplicate key also names the body: Kie's
 * repeats of a callback are the same body, while a stranger's earlier doorbell for the same task
 * and stage (which cannot know the genuine body) must not make the genuine callback a "duplicate".
 */
function unverifiedStageKey(doorbell: Doorbell): string {
	const digest = createHash('sha256').update(JSON.stringify(doorbell.body)).digest('hex').slice(0, 16);
	return `${doorbell.claimedStage}|${digest}`;
}

function passThrough(context: IWebhookFunctions, doorbell: Doorbell, settings: Settings): IWebhookResponseData {
	if (!settings.taskTypes.includes(doorbell.taskType)) {
		return { webhookResponse: { received: true, ignored: `task type ${doorbell.taskType} not selected` } };
	}
	const ref = { taskId: doorbell.taskId, taskType: doorbell.taskType, apiRoute: doorbell.routeHint ?? 'perOperation' } as const;
	const state = interpretCallback(descriptorFor(doorbell.taskType), ref, doorbell.body, doorbell.claimedStage);
	if (settings.ignoreDuplicates && isDuplicate(context, doorbell.taskId, unverifiedStageKey(doorbell))) {
		return { webhookResponse: { received: true, ignored: 'duplicate' } };
	}
	const refused = wantsAnyFile(settings.files) && state.stage !== 'error' ? { downloadError: UNVERIFIED_DOWNLOAD_ERROR } : {};
	const items = triggerItems(state.items, settings.splitTracks, false).map((json) => ({ json: { ...json, ...refused } }));
	// Answered here, not through `webhookResponse`: n8n saves the workflow's static data (the
	// duplicate record) when the webhook answers, and an answer it sends itself comes only after
	// it has started the execution, which resets static data's change flag, so the record was lost.
	answerReceived(context);
	return { workflowData: [items], noWebhookResponse: true };
}

async function confirmed(context: IWebhookFunctions, doorbell: Doorbell, settings: Settings): Promise<IWebhookResponseData> {
	if (verifying >= MAX_VERIFYING) {
		context.getResponseObject().setHeader('Retry-After', '30');
		return rejectRequest(context, 503, 'Busy confirming other callbacks with Kie; call again later');
	}
	// An acknowledged callback is never sent again, so answer only once Kie has answered the first
	// reads (a crash while reading then loses nothing: Kie calls again), and before any pause
	// between reads, as Kie waits 15 s. A duplicate from Kie's retry is only a duplicate.
	const answer = answerOnce(context);
	verifying++;
	let verified;
	try {
		verified = await verifyDoorbell(context, doorbell, answer);
	} finally {
		verifying--;
	}
	answer();
	if (!verified) return { noWebhookResponse: true };
	const { stage } = verified.state;
	if (!settings.events.includes(stage) || !settings.taskTypes.includes(verified.taskType)) return { noWebhookResponse: true };
	if (settings.ignoreDuplicates && isDuplicate(context, doorbell.taskId, stage)) return { noWebhookResponse: true };
	const items = triggerItems(verified.state.items, settings.splitTracks, true);
	const withBinary = wantsAnyFile(settings.files)
		? await withFiles(context, items, settings.files, await filePolicy(context, settings.options))
		: items.map((json) => ({ json }));
	if (settings.ignoreDuplicates) recordClaims(context); // again: others were accepted while this one read and downloaded
	return { workflowData: [withBinary], noWebhookResponse: true };
}

export async function receiveCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	// 1. Does it ring like a Kie callback? (Reads only the request.)
	const parsed = readDoorbell(context);
	if (!parsed.ok) return rejectRequest(context, 400, `Not a Kie callback: ${parsed.reason}`);
	const doorbell = parsed.doorbell;

	// 2. Signed by Kie? Checked before anything that reads or writes state.
	const credential = await readCredential(context);
	if (!credential.ok) return rejectRequest(context, 500, 'The Kie API credential of this trigger could not be loaded');
	const check = checkCallbackSignature(context, doorbell.taskId, credential.hmacKey);
	if (!check.valid) return rejectRequest(context, 401, `Signature check failed: ${check.reason}`);

	// 3. Wanted at all? (The claim is a hint, but one not asked for needs no confirming.)
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const settings: Settings = {
		events: selection(context, 'events', DEFAULT_EVENTS),
		taskTypes: selection(context, 'taskTypes', TASK_TYPES),
		splitTracks: options.splitTracks !== false,
		ignoreDuplicates: options.ignoreDuplicates !== false,
		files: fileChoice(options),
		options,
	};
	if (doorbell.typeCertain && !settings.taskTypes.includes(doorbell.taskType)) {
		return { webhookResponse: { received: true, ignored: `task type ${doorbell.taskType} not selected` } };
	}
	if (!settings.events.includes(doorbell.claimedStage)) {
		return { webhookResponse: { received: true, ignored: `stage ${doorbell.claimedStage} not selected` } };
	}

	// 4. Start one execution, with what can be known.
	return credential.selected ? await confirmed(context, doorbell, settings) : passThrough(context, doorbell, settings);
}
