import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

/**
 * The one place that talks HTTP to Kie: auth, the `{ code, msg, data }` envelope check, error
 * mapping, retries and their backoff. Kie answers most errors with HTTP 200 and the real result
 * in `body.code`, so both the HTTP status and `body.code` are checked.
 */

export type KieContext = IExecuteFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'kieApi';

export const KIE_PATHS = {
	addVocals: '/api/v1/generate/add-vocals',
	addInstrumental: '/api/v1/generate/add-instrumental',
	recordInfo: '/api/v1/generate/record-info',
	credit: '/api/v1/chat/credit',
	streamUpload: '/api/file-stream-upload',
} as const;

/**
 * `create` costs credits: when Kie may have received it but gave no clear answer, it is never
 * sent again. `read` is idempotent. `upload` is free but carries a one-shot body.
 */
export type RequestKind = 'create' | 'read' | 'upload';

export interface KieRequest {
	method: IHttpRequestMethods;
	path: string;
	kind: RequestKind;
	host?: 'api' | 'upload';
	body?: IDataObject | FormData;
	qs?: IDataObject;
	itemIndex?: number;
	timeoutMs?: number;
	/** Fewer attempts where an answer is due quickly, e.g. inside a webhook Kie waits 15 s for. */
	maxAttempts?: number;
	/** What the user is doing, for error messages: "creating the task", "uploading the audio". */
	action?: string;
}

export interface KieEnvelope {
	code: number;
	msg: string;
	data: unknown;
	[key: string]: unknown;
}

/** Replaceable in tests so retries and pacing run on a fake clock. */
export const transportClock = {
	now: (): number => Date.now(),
	sleep: async (ms: number): Promise<void> => await sleep(ms),
};

export const RETRY_POLICY = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 15000,
};

const RETRYABLE_CODES = new Set([429, 430, 455]);
// Errors that prove the request never left this machine, so resending cannot create a second task.
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CANCELLED_ERRORS = new Set(['ERR_CANCELED', 'ABORT_ERR']);

interface KieCredentialHosts {
	baseUrl: string;
	uploadBaseUrl: string;
	secrets: string[];
}

const hostCache = new WeakMap<object, KieCredentialHosts>();

async function credentialHosts(context: KieContext): Promise<KieCredentialHosts> {
	const cached = hostCache.get(context);
	if (cached) return cached;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const hosts: KieCredentialHosts = {
		baseUrl: trimUrl(credentials.baseUrl, 'https://api.kie.ai'),
		uploadBaseUrl: trimUrl(credentials.uploadBaseUrl, 'https://kieai.redpandaai.co'),
		secrets: [credentials.apiKey, credentials.webhookHmacKey].filter(
			(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
		),
	};
	hostCache.set(context, hosts);
	return hosts;
}

function trimUrl(value: unknown, fallback: string): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	return text.replace(/\/+$/, '');
}

export async function kieBaseUrl(context: KieContext): Promise<string> {
	return (await credentialHosts(context)).baseUrl;
}

/** Replaces every credential secret in `text`; used on everything that reaches an error. */
export function redactSecrets(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join('***');
	return result.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer ***');
}

/** The texts an error carries: n8n 1.x's NodeApiError drops `cause` and keeps the original only in `messages`. */
function errorTexts(error: unknown): string[] {
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { message, messages } = current as { message?: unknown; messages?: unknown };
		if (typeof message === 'string') texts.push(message);
		if (Array.isArray(messages)) texts.push(...messages.filter((text): text is string => typeof text === 'string'));
		current = (current as { cause?: unknown }).cause;
	}
	if (texts.length === 0) texts.push(String(error));
	return texts;
}

function errorCodeOf(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+|ABORT_ERR)$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	for (const text of errorTexts(error)) {
		const named = /\b(E[A-Z]{4,}[A-Z_]*|ERR_CANCELED)\b/.exec(text)?.[1];
		if (named) return named;
		if (/timeout of \d+ms exceeded/i.test(text)) return 'ETIMEDOUT';
		if (/socket hang up/i.test(text)) return 'ECONNRESET';
		if (/^(canceled|cancelled|the operation was aborted)/i.test(text)) return 'ERR_CANCELED';
	}
	return undefined;
}

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
	const exponential = RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1);
	return Math.min(hinted ?? exponential, RETRY_POLICY.maxDelayMs);
}

interface FullResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

type Outcome =
	| { type: 'ok'; envelope: KieEnvelope }
	| { type: 'retry'; code: number; msg: string; headers?: IDataObject }
	| { type: 'fail'; error: NodeApiError };

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
		if (attempt >= (request.maxAttempts ?? RETRY_POLICY.maxAttempts)) {
			throw describe.fromCode(outcome.code, outcome.msg, attempt);
		}
		await transportClock.sleep(backoffMs(attempt, outcome.headers));
	}
}

const CODE_MESSAGES: Record<number, { message: string; description: string }> = {
	400: {
		message: 'Kie rejected the request as invalid',
		description: 'Check the fields named in Kie\'s message.',
	},
	401: {
		message: 'Kie rejected the API key',
		description:
			'Check the API key in the "Kie API" credential. Keys are created at https://kie.ai/api-key; also check any IP whitelist or per-key limit you set there.',
	},
	402: {
		message: 'Not enough Kie credits',
		description: 'Top up your Kie account at https://kie.ai, then run the workflow again.',
	},
	404: {
		message: 'Kie does not know this endpoint',
		description: 'Check the Base URL in the "Kie API" credential (default https://api.kie.ai).',
	},
	405: {
		message: 'Kie refused the request method or rate',
		description: 'Wait a moment and try again.',
	},
	408: {
		message: 'Kie timed out upstream',
		description: 'Kie got no result from its upstream for over 10 minutes. Try again later.',
	},
	409: {
		message: 'Kie reported a conflict',
		description: 'Kie says this resource already exists.',
	},
	413: {
		message: 'Kie says the input is too long or matches an existing work',
		description: 'Shorten the prompt or use different source audio.',
	},
	422: {
		message: 'Kie rejected the parameters',
		description: 'Kie\'s message names the field it did not accept.',
	},
	429: {
		message: 'Kie\'s rate limit was still exceeded after retrying',
		description:
			'Kie allows 20 new generations per 10 seconds per account. Other workflows may be using the same account; lower the rate or try again later.',
	},
	430: {
		message: 'Kie says the call frequency is too high',
		description: 'Wait a moment and try again; other workflows may be using the same account.',
	},
	433: {
		message: 'The usage limit of this Kie API key is exceeded',
		description: 'Raise the key\'s hourly, daily or total cap in the Kie dashboard.',
	},
	451: {
		message: 'Kie could not download the source audio',
		description:
			'Kie must fetch "Upload URL" itself, so it has to be a public direct link to the audio file (share pages of Google Drive or Dropbox do not work). To use a file from n8n, set "Source" to "Binary Data" and the node uploads it to Kie first.',
	},
	455: {
		message: 'Kie is under maintenance',
		description: 'Kie\'s service is temporarily unavailable. Try again later.',
	},
	500: {
		message: 'Kie reported a server error',
		description: 'Kie answered with an internal error; its message may say more.',
	},
	501: {
		message: 'Kie failed to generate the audio',
		description: 'The generation failed on Kie\'s side. Try again.',
	},
	505: {
		message: 'Kie reports this feature as disabled',
		description: 'Kie has switched this feature off for now.',
	},
};

const UNKNOWN_OUTCOME_HINT =
	'It was not sent again, because that could create (and bill) a second task. Check whether the task exists in your Kie dashboard (kie.ai logs) before retrying.';

/** Builds the errors users see, with secrets removed from everything Kie or the network said. */
class KieErrorFactory {
	constructor(
		private readonly context: KieContext,
		private readonly request: KieRequest,
		private readonly secrets: string[],
	) {}

	private get action(): string {
		return this.request.action ?? `calling ${this.request.path}`;
	}

	private error(message: string, description: string, details: JsonObject, httpCode?: number): NodeApiError {
		const clean = (text: string) => redactSecrets(text, this.secrets);
		// n8n saves `errorResponse` with the execution, so it is redacted like the message.
		const redactedDetails = JSON.parse(JSON.stringify(details), (_key, value: unknown) =>
			typeof value === 'string' ? clean(value) : value,
		) as JsonObject;
		const error = new NodeApiError(this.context.getNode(), redactedDetails, {
			message: clean(message),
			description: clean(description),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
			itemIndex: this.request.itemIndex,
		});
		// NodeApiError swaps messages naming ECONNRESET, ETIMEDOUT… for "you can retry", which is
		// wrong advice for a create that may already be billed; keep ours.
		error.message = clean(message);
		return error;
	}

	classify(response: FullResponse): Outcome {
		const status = response.statusCode;
		const body = parseBody(response.body);
		const envelope = isEnvelope(body) ? body : undefined;
		if (status >= 200 && status < 300 && envelope?.code === 200) return { type: 'ok', envelope };

		const code = envelope?.code ?? status;
		const msg = envelope && typeof envelope.msg === 'string' ? envelope.msg : '';
		if (RETRYABLE_CODES.has(code) || RETRYABLE_CODES.has(status)) {
			return { type: 'retry', code: RETRYABLE_CODES.has(code) ? code : status, msg, headers: response.headers };
		}
		if (status >= 500 || (!envelope && status >= 200 && status < 300)) {
			// Kie's gateway failed or answered something that is not Kie's envelope.
			if (this.request.kind === 'read') return { type: 'retry', code: status, msg };
			return { type: 'fail', error: this.unknownOutcome(`Kie answered HTTP ${status} without a result`) };
		}
		if (!envelope) {
			return { type: 'fail', error: this.fromCode(status, `HTTP ${status}`, 1) };
		}
		if (code === 500 && this.request.kind === 'read') return { type: 'retry', code, msg };
		return { type: 'fail', error: this.fromCode(code, msg, 1) };
	}

	classifyNetworkError(error: unknown): Outcome {
		const errorCode = errorCodeOf(error) ?? 'UNKNOWN';
		if (CANCELLED_ERRORS.has(errorCode)) {
			return { type: 'fail', error: this.error('The execution was cancelled', `Stopped while ${this.action}.`, { code: errorCode }) };
		}
		if (NOT_SENT_ERRORS.has(errorCode)) {
			return { type: 'retry', code: 0, msg: `Could not connect to Kie (${errorCode})` };
		}
		if (this.request.kind === 'read') return { type: 'retry', code: 0, msg: `Network error (${errorCode})` };
		return { type: 'fail', error: this.unknownOutcome(`The connection to Kie failed after the request was sent (${errorCode})`) };
	}

	unknownOutcome(reason: string): NodeApiError {
		const what = this.request.kind === 'create' ? 'the task may or may not have been created' : 'the upload may or may not have completed';
		return this.error(
			`${reason}: ${what}`,
			this.request.kind === 'create' ? `${reason} while ${this.action}. ${UNKNOWN_OUTCOME_HINT}` : `${reason} while ${this.action}. Uploads are free, so running the workflow again is safe.`,
			{ outcome: 'unknown', reason },
		);
	}

	fromCode(code: number, msg: string, attempts: number): NodeApiError {
		if (code === 0) {
			return this.error(
				`Could not reach Kie after ${attempts} attempts`,
				`${msg} while ${this.action}. Check the Base URL in the "Kie API" credential and the network.`,
				{ code, attempts },
			);
		}
		const known = CODE_MESSAGES[code] ?? (code >= 500 ? CODE_MESSAGES[500] : undefined);
		const kieSays = msg ? ` Kie says: "${msg}".` : '';
		const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
		const message = known
			? `${known.message} (code ${code})${retried}${code === 422 && msg ? `: ${msg}` : ''}`
			: `Kie returned code ${code}${msg ? `: ${msg}` : ''}${retried}`;
		const description = `${known?.description ?? 'See Kie\'s message.'}${kieSays} This happened while ${this.action}.`;
		return this.error(message, description, { code, msg, attempts }, code);
	}
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

function isEnvelope(body: unknown): body is KieEnvelope {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { code?: unknown }).code === 'number'
	);
}

/** Keeps n8n's own errors as they are and wraps anything else, so every thrown error is a node error. */
export function toNodeError(
	context: { getNode: KieContext['getNode'] },
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
