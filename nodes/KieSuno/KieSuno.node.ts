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
import { handleResumeCallback } from './actions/music/completion/resume';
import * as music from './actions/music/Music.resource';
import { router } from './actions/router';
import { unregisteredWebhookMethods } from '../shared/webhookMethods';

export class KieSuno implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kie Suno',
		name: 'kieSuno',
		icon: { light: 'file:../../icons/kie.svg', dark: 'file:../../icons/kie.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Add vocals or an instrumental to audio with Kie.ai\'s Suno API',
		defaults: { name: 'Kie Suno' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieApi', required: true }],
		// Only used by Completion "Pause Until Callback": Kie posts its callbacks to the execution's resume URL.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '',
				restartWebhook: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Music', value: 'music' },
				],
				default: 'music',
			},
			...music.description,
			...account.description,
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
