/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Shared by the transport tests: requests as the nodes build them, sent with n8n-core's real
 * ExecuteContext (httpRequestWithAuthentication, OutboundHttp, axios) to the Kie SANDBOX (a local
 * test double of Kie, not Kie) on 127.0.0.1.
 */
import type { KieRequest } from '../../../../nodes/shared/transport';
import { KIE_PATHS, kieApiRequest } from '../../../../nodes/shared/transport';
import type { KieTestCredential } from '../../../harness/n8nCore';
import { createExecuteContext, testCredential } from '../../../harness/n8nCore';
import type { KieSandbox } from '../../../sandbox/kieSandbox';

export const ADD_VOCALS_PATH = '/api/v1/generate/add-vocals';
export const RECORD_INFO_PATH = '/api/v1/generate/record-info';

export const CREATE_BODY = {
	prompt: 'p',
	title: 'Title',
	negativeTags: 'none',
	style: 'Jazz',
	uploadUrl: 'https://example.com/music.mp3',
	model: 'V5',
	callBackUrl: 'https://example.com/callback',
};

export const create = (overrides: Partial<KieRequest> = {}): KieRequest => ({
	method: 'POST',
	path: ADD_VOCALS_PATH,
	body: { ...CREATE_BODY },
	kind: 'create',
	itemIndex: 0,
	action: 'creating the task',
	...overrides,
});

export const readCredits = (overrides: Partial<KieRequest> = {}): KieRequest => ({
	method: 'GET',
	path: KIE_PATHS.credit,
	kind: 'read',
	itemIndex: 0,
	action: 'reading the account credits',
	...overrides,
});

export type Failure = Error & { description?: string | null; httpCode?: string | null; context?: Record<string, unknown> };

export async function send(sb: KieSandbox, request: KieRequest, credential: Partial<KieTestCredential> = {}) {
	const { context } = await createExecuteContext({ credentials: testCredential(sb.url, credential) });
	return await kieApiRequest.call(context, request);
}

export async function sendExpectingError(sb: KieSandbox, request: KieRequest, credential: Partial<KieTestCredential> = {}): Promise<Failure> {
	try {
		await send(sb, request, credential);
	} catch (error) {
		return error as Failure;
	}
	throw new Error('expected the request to fail');
}

export const requestsTo = (sb: KieSandbox, path: string) => sb.requests.filter((request) => request.path === path);
