import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** Every failing code Kie documents for its endpoints (BASE §5), with what a user should do. */
const FAILING_CODES: Record<number, string> = {
	400: 'Kie rejected the request as invalid',
	401: 'Invalid API key',
	402: 'The key works but the Kie account has no credits left',
	403: 'Kie refused access: check any IP whitelist set for this key',
	404: 'Kie did not recognise the endpoint: check the Base URL',
	405: 'Kie refused the request method or rate',
	408: 'Kie timed out upstream; try again later',
	409: 'Kie reported a conflict',
	422: 'Kie rejected the request',
	429: 'Kie is rate limiting this key; try again shortly',
	430: 'Kie says the call frequency is too high; try again shortly',
	433: 'The usage limit of this API key is exceeded',
	451: 'Kie refused the request',
	455: 'Kie is under maintenance; try again later',
	500: 'Kie reported a server error; try again later',
	501: 'Kie reported a failure',
	505: 'Kie reports this feature as disabled',
};

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

	/**
	 * Kie answers a bad key with HTTP 200 and `code: 401` in the body, so the HTTP status alone
	 * proves nothing. n8n's rules can only fail on a value they name, so the test names every code
	 * Kie documents, and then fails any answer without a credit balance: Kie's error envelopes carry
	 * `data: null` (or no `data`), its success carries the balance. Only `code: 200` passes.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/v1/chat/credit',
			method: 'GET',
		},
		rules: [
			...Object.entries(FAILING_CODES).map(([code, message]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'code', value: Number(code), message: `${message} (Kie code ${code})` },
			})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'data', value: null, message: 'Kie did not accept the request: it answered without a credit balance' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'data', value: undefined, message: 'Kie did not accept the request: it answered without a credit balance' },
			},
		],
	};
}
