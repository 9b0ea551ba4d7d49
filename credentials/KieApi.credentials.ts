import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class KieApi implements ICredentialType {
	name = 'kieApi';

	displayName = 'Kie API';

	icon: Icon = { light: 'file:../icons/kie.svg', dark: 'file:../icons/kie.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-kie-suno/n8n-nodes-kie-suno#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Bearer token from the Kie dashboard (kie.ai/api-key)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.kie.ai',
			description: 'Kie API host. Change it only for a proxy or a local Kie sandbox.',
		},
		{
			displayName: 'Upload Base URL',
			name: 'uploadBaseUrl',
			type: 'string',
			default: 'https://kieai.redpandaai.co',
			description: 'Host of Kie\'s File Upload API, used when the audio comes from n8n binary data',
		},
		{
			displayName: 'Webhook HMAC Key',
			name: 'webhookHmacKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Kie\'s webhook HMAC key (kie.ai settings). When set, callbacks without a valid signature are rejected.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// Kie answers a bad key with HTTP 200 and `code: 401` in the body, so the HTTP status alone proves nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/chat/credit',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 401, message: 'Invalid API key: Kie answered code 401' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 402, message: 'The key works but the Kie account has no credits left (code 402)' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 404, message: 'Kie did not recognise the endpoint (code 404): check the Base URL' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 422, message: 'Kie rejected the request (code 422)' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 429, message: 'Kie is rate limiting this key (code 429); try again shortly' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 455, message: 'Kie is under maintenance (code 455); try again later' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 500, message: 'Kie reported a server error (code 500); try again later' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'code', value: 505, message: 'Kie reports this feature as disabled (code 505)' },
			},
		],
	};
}
