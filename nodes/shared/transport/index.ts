import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { RETRYABLE_CODES } from '../kie/codes';
import type { KieContext } from './credentials';
import { CREDENTIAL_TYPE, credentialHosts } from './credentials';
import type { FullResponse, Outcome } from './errors';
import { KieErrorFactory } from './errors';
import type { KieEnvelope, KieRequest } from './types';

/**
 * The one place that talks HTTP to Kie: auth, the `{ code, msg, data }` envelope check, error
 * mapping, retries and their backoff. Kie answers most errors with HTTP 200 and the real result
 * in `body.code`, so both the HTTP status and `body.code` are checked.
 */

export * from './credentials';
export { isTransientKieError, toNodeError } from './errors';
export type { KieEnvelope, KieRequest, RequestKind } from './types';

export const KIE_PATHS = {
	credit: '/api/v1/chat/credit',
	streamUpload: '/api/file-stream-upload',
} as const;

/** Replaceable in tests so retries and pacing run on a fake clock. */
export const transportClock = {
	now: (): number => Date.now(),
	sleep: async (ms: number): Promise<void> => await sleep(ms),
	random: (): number => Math.random(),
};

export const RETRY_POLICY = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 15000,
	/**
	 * A create rejected for the rate limit was not created, so it is safe to resend. Kie's limit is
	 * per account, shared with other executions and workers, so keep trying for a whole window plus
	 * backoff rather than a few seconds.
	 */
	createRateLimitBudgetMs: 60_000,
	/** Spread retries of simultaneous executions so they do not collide again. */
	jitterRatio: 0.2,
};

function retryAfterMs(headers: IDataObject | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - transportClock.now());
}

function backoffMs(attempt: number, headers?: IDataObject): number {
	const hinted = retryAfterMs(headers);
	const exponential = RETRY_POLICY.baseDelayMs * 2 ** Math.min(attempt - 1, 10);
	const delay = Math.min(hinted ?? exponential, RETRY_POLICY.maxDelayMs);
	const jitter = 1 + RETRY_POLICY.jitterRatio * (transportClock.random() * 2 - 1);
	return Math.max(0, Math.round(hinted === undefined ? delay * jitter : delay));
}

/** Whether another attempt is allowed for this outcome. */
function mayRetry(request: KieRequest, outcome: Extract<Outcome, { type: 'retry' }>, attempt: number, startedAt: number): boolean {
	if (request.kind === 'create' && RETRYABLE_CODES.has(outcome.code) && request.maxAttempts === undefined) {
		return transportClock.now() - startedAt < RETRY_POLICY.createRateLimitBudgetMs;
	}
	return attempt < (request.maxAttempts ?? RETRY_POLICY.maxAttempts);
}

/** Sends one request to Kie and returns the envelope of a `code: 200` answer. */
export async function kieApiRequest(this: KieContext, request: KieRequest): Promise<KieEnvelope> {
	const hosts = await credentialHosts(this);
	const baseURL = request.host === 'upload' ? hosts.uploadBaseUrl : hosts.baseUrl;
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		qs: request.qs,
		body: request.body,
		json: !(request.body instanceof FormData),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? (request.kind === 'upload' ? 600_000 : 60_000),
		// The bearer token must never follow a redirect to another host.
		sendCredentialsOnCrossOriginRedirect: false,
	};
	const describe = new KieErrorFactory(this, request, hosts.secrets);
	const startedAt = transportClock.now();

	for (let attempt = 1; ; attempt++) {
		let outcome: Outcome;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
			outcome = describe.classify(response);
		} catch (error) {
			outcome = describe.classifyNetworkError(error);
		}
		if (outcome.type === 'ok') return outcome.envelope;
		if (outcome.type === 'fail') throw outcome.error;
		if (!mayRetry(request, outcome, attempt, startedAt)) throw describe.fromCode(outcome.code, outcome.msg, attempt);
		await transportClock.sleep(backoffMs(attempt, outcome.headers));
	}
}
