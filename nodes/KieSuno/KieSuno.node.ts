import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account/Account.resource';
import * as audio from './actions/audio/Audio.resource';
import { handleResumeCallback } from './actions/common/completion/resumeWebhook';
import * as lyrics from './actions/lyrics/Lyrics.resource';
import * as music from './actions/music/Music.resource';
import { router } from './actions/router';
import { KIE_NODE_ICON } from '../shared/nodeIcons';
import { callbackWebhook, unregisteredWebhookMethods } from '../shared/webhookMethods';

export class KieSuno implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kie Suno',
		name: 'kieSuno',
		icon: KIE_NODE_ICON,
		group: ['transform'],
		version: 1,
		// Under the node on the canvas: the operation's name ("Add Vocals"), not its ids ("addVocals: music").
		subtitle:
			'={{ {"music.generate": "Generate Music", "music.extend": "Extend Music", "music.uploadAndCover": "Upload and Cover Audio", "music.uploadAndExtend": "Upload and Extend Audio", "music.addVocals": "Add Vocals", "music.addInstrumental": "Add Instrumental", "music.replaceSection": "Replace Section", "music.mashup": "Mashup", "music.generateCoverImage": "Generate Cover Image", "music.getTaskDetails": "Get Task Details", "music.getTimestampedLyrics": "Get Timestamped Lyrics", "music.boostStyle": "Boost Style", "music.generatePersona": "Generate Persona", "lyrics.generate": "Generate Lyrics", "audio.convertToWav": "Convert to WAV", "audio.separateStems": "Separate Vocals and Stems", "audio.generateMidi": "Generate MIDI", "audio.createMusicVideo": "Create Music Video", "account.getCredits": "Get Credits"}[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}',
		description: 'Make music with Kie.ai\'s Suno API',
		defaults: { name: 'Kie Suno' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieApi', required: true }],
		// Only used by Completion "Pause Until Callback": Kie posts its callbacks to the execution's resume URL.
		webhooks: [callbackWebhook('', true)],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Audio', value: 'audio' },
					{ name: 'Lyric', value: 'lyrics' },
					{ name: 'Music', value: 'music' },
				],
				default: 'music',
			},
			...music.description,
			...account.description,
			...lyrics.description,
			...audio.description,
		],
	};

	webhookMethods = unregisteredWebhookMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleResumeCallback(this);
	}
}
