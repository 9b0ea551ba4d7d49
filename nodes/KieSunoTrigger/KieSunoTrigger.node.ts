import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { choiceField } from '../shared/choices';
import { MAX_FILE_SIZE_OPTION } from '../shared/files';
import { KIE_NODE_ICON } from '../shared/nodeIcons';
import { callbackWebhook, unregisteredWebhookMethods } from '../shared/webhookMethods';
import { receiveCallback } from './receive';

export class KieSunoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kie Suno Trigger',
		name: 'kieSunoTrigger',
		icon: KIE_NODE_ICON,
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "On " + ($parameter["events"] || []).join(", ") }}',
		// n8n's node panel lists kieSuno and kieSunoTrigger as ONE "Kie Suno" entry and shows this (the
		// trigger's) description for it, so it must describe both nodes.
		description: 'Make music with Kie.ai\'s Suno API, and start workflows when its tasks finish',
		defaults: { name: 'Kie Suno Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieApi', required: false }],
		webhooks: [callbackWebhook('kie')],
		properties: [
			{
				displayName:
					'Paste this node\'s Production URL as the Callback URL of a Kie Suno node (Completion: Return Task Only), then publish this workflow. Select a Kie API credential: the trigger then confirms every callback with Kie and can download files; with a Webhook HMAC Key it also rejects callbacks Kie did not sign.',
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
			choiceField(
				{
					displayName: 'Task Types',
					name: 'taskTypes',
					type: 'multiOptions',
					default: ['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage'],
					description: 'Which kinds of Kie task start the workflow; callbacks of other kinds are answered and ignored',
				},
				[
					['Cover Image', 'coverImage', 'Generate Cover Image'],
					['Lyrics', 'lyrics', 'Generate Lyrics'],
					['MIDI', 'midi', 'Generate MIDI'],
					['Music', 'music', 'Songs: Generate, Extend, Cover, Add Vocals…'],
					['Music Video', 'video', 'Create Music Video'],
					['Stems', 'stems', 'Separate Vocals and Stems'],
					['WAV', 'wav', 'Convert to WAV'],
				],
			),
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
							'Whether to attach each song track\'s audio as the binary field "audio" (needs the credential). Kie deletes files after 14 days.',
					},
					{
						displayName: 'Download Cover',
						name: 'downloadCover',
						type: 'boolean',
						default: false,
						description: 'Whether to attach each song track\'s cover image as the binary field "cover" (needs the credential)',
					},
					{
						displayName: 'Download Files',
						name: 'downloadFiles',
						type: 'boolean',
						default: false,
						description:
							'Whether to attach the files of WAV, stems, MIDI, music video and cover image tasks as binary data (needs the credential)',
					},
					{
						displayName: 'Ignore Duplicates',
						name: 'ignoreDuplicates',
						type: 'boolean',
						default: true,
						description:
							'Whether a repeated callback for the same task and stage is answered without starting another execution',
					},
					MAX_FILE_SIZE_OPTION,
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
		return await receiveCallback(this);
	}
}
