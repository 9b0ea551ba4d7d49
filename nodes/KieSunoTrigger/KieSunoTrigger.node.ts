import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { unregisteredWebhookMethods } from '../shared/webhookMethods';
import { checkCallbackSignature, readKieCallback, rejectRequest } from '../shared/request';
import { claim, dedupeKey, hasSeen, isClaimed, recordSeen } from './dedupe';
import { callbackOutput, withFiles } from './output';

const CREDENTIAL_TYPE = 'kieApi';
const DEFAULT_EVENTS = ['complete', 'error'];

type HmacKeyRead = { ok: true; hmacKey: string } | { ok: false };

/** The HMAC key when the optional credential is set and has one; '' when there is none to check. */
async function readHmacKey(context: IWebhookFunctions): Promise<HmacKeyRead> {
	if (!context.getNode().credentials?.[CREDENTIAL_TYPE]) return { ok: true, hmacKey: '' };
	let credentials: ICredentialDataDecryptedObject;
	try {
		credentials = await context.getCredentials(CREDENTIAL_TYPE);
	} catch {
		// A credential is selected but unreadable: fail closed rather than skip the check.
		return { ok: false };
	}
	const key = credentials?.webhookHmacKey;
	return { ok: true, hmacKey: typeof key === 'string' ? key : '' };
}

export class KieSunoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kie Suno Trigger',
		name: 'kieSunoTrigger',
		icon: { light: 'file:../../icons/kie.svg', dark: 'file:../../icons/kie.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "On " + ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Kie.ai sends a Suno task callback',
		defaults: { name: 'Kie Suno Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieApi', required: false }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'kie',
			},
		],
		properties: [
			{
				displayName:
					'Paste this node\'s Production URL as the Callback URL of a Kie Suno node (Completion: Return Task Only), then publish this workflow. Set a credential with a Webhook HMAC Key to reject callbacks Kie did not sign.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Complete',
						value: 'complete',
						description: 'All tracks are generated',
					},
					{
						name: 'Error',
						value: 'error',
						description: 'The task failed',
					},
					{
						name: 'First Track',
						value: 'first',
						description: 'The first track is generated',
					},
					{
						name: 'Text',
						value: 'text',
						description: 'Lyrics/text generation finished; no audio yet',
					},
				],
				default: ['complete', 'error'],
				description: 'Which callback stages start the workflow; other stages are answered and ignored',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Download Audio',
						name: 'downloadAudio',
						type: 'boolean',
						default: false,
						description:
							'Whether to attach each track\'s audio as the binary field "audio". Kie deletes files after 14 days.',
					},
					{
						displayName: 'Download Cover',
						name: 'downloadCover',
						type: 'boolean',
						default: false,
						description: 'Whether to attach each track\'s cover image as the binary field "cover"',
					},
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether a repeated callback for the same task and stage is answered without starting another execution',
					},
					{
						displayName: 'Split Tracks',
						name: 'splitTracks',
						type: 'boolean',
						default: true,
						description:
							'Whether to output one item per track. Off: one item per callback with the tracks in "tracks"; files go to "audio"/"cover" for the first track and "audio_1"/"cover_1" and so on for the others.',
					},
				],
			},
		],
	};

	webhookMethods = unregisteredWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// 1. Is it a Kie callback at all? (Reads only the request.)
		const parsed = readKieCallback(this);
		if (!parsed.ok) return rejectRequest(this, 400, `Not a Kie callback: ${parsed.reason}`);
		const callback = parsed.callback;

		// 2. Signed by Kie? Checked before anything that reads or writes state.
		const key = await readHmacKey(this);
		if (!key.ok) return rejectRequest(this, 500, 'The Kie API credential of this trigger could not be loaded');
		const check = checkCallbackSignature(this, callback.taskId, key.hmacKey);
		if (!check.valid) return rejectRequest(this, 401, `Signature check failed: ${check.reason}`);

		// 3. Wanted?
		const events = this.getNodeParameter('events', DEFAULT_EVENTS) as unknown;
		const selected = Array.isArray(events) ? events : DEFAULT_EVENTS;
		if (!selected.includes(callback.stage)) {
			return { webhookResponse: { received: true, ignored: `stage ${callback.stage} not selected` } };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const splitTracks = options.splitTracks !== false;
		const ignoreDuplicates = options.ignoreDuplicates !== false;
		const download = { audio: options.downloadAudio === true, cover: options.downloadCover === true };

		const items = callbackOutput(callback, splitTracks);

		// 4. Seen before? Check and record without awaiting in between; record only what is
		// accepted, once nothing between here and the 200 answer can fail.
		if (ignoreDuplicates) {
			const now = Date.now();
			const dedupe = dedupeKey(callback.taskId, callback.stage);
			const node = this.getNode();
			const scope = `${this.getWorkflow().id ?? ''}/${node.id ?? node.name}/${this.getMode()}`;
			const staticData = this.getWorkflowStaticData('node');
			if (isClaimed(scope, dedupe, now) || hasSeen(staticData, dedupe, now)) {
				return { webhookResponse: { received: true, ignored: 'duplicate' } };
			}
			recordSeen(staticData, dedupe, now);
			claim(scope, dedupe, now);
		}

		// 5. Start one execution.
		if (!download.audio && !download.cover) {
			return { workflowData: [items.map((json) => ({ json }))], webhookResponse: { received: true } };
		}
		// Kie waits 15 s at most: answer first, then download.
		this.getResponseObject().status(200).json({ received: true }).end();
		let withBinary: INodeExecutionData[];
		try {
			withBinary = await withFiles(this, items, download, splitTracks);
		} catch (error) {
			// Kie already has its 200 and will not call again: never lose the callback.
			const downloadError = `download failed: ${(error as Error).message}`;
			withBinary = items.map((json) => ({ json: { ...json, downloadError } }));
		}
		return { workflowData: [withBinary], noWebhookResponse: true };
	}
}
