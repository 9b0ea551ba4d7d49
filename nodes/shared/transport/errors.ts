import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { CODE_MESSAGES, RETRYABLE_CODES } from '../kie/codes';
import type { KieContext } from './credentials';
import { redactSecrets } from './credentials';
import type { KieEnvelope, KieRequest } from './types';

/**
 * Turns Kie's answers and network failures into outcomes (ok, retry, fail) and into the errors
 * users see: every message names what was being done and says what to do, with secrets removed.
 */

// Errors that prove the request never left this machine, so resending cannot create a second task.
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CANCELLED_ERRORS = new Set(['ERR_CANCELED', 'ABORT_ERR']);

/** Errors that may heal by waiting (see `isTransientKieError`). */
const transientErrors = new WeakSet<object>();

/** 5xx codes Kie documents with a final meaning (generation failed, feature disabled): waiting cannot help. */
const FINAL_SERVER_CODES: ReadonlySet<number> = new Set([501, 505]);

function isServerTrouble(code: number): boolean {
	return code >= 500 && !FINAL_SERVER_CODES.has(code);
}

/** Whether waiting may help: network failures, 429/430/455, 5xx. 401, 402, 422… never heal by waiting. */
export function isTransientKieError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && transientErrors.has(error);
}

export interface FullResponse {
	body: unknown;
	headers: IDataObject;
	statusCode: number;
}

export type Outcome =
	| { type: 'ok'; envelope: KieEnvelope }
	| { type: 'retry'; code: number; msg: string; headers?: IDataObject }
	| { type: 'fail'; error: NodeApiError };

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


const UNKNOWN_OUTCOME_HINT =
	'It was not sent again, because that could create (and bill) a second task. Check whether the task exists in your Kie dashboard (kie.ai logs) before retrying.';

/** Builds the errors users see, with secrets removed from everything Kie or the network said. */
export class KieErrorFactory {
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
		if (envelope && status >= 200 && status < 300 && this.request.tolerate?.(envelope)) return { type: 'ok', envelope };
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
		if (isServerTrouble(code) && this.request.kind === 'read') return { type: 'retry', code, msg };
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
		const error = this.describeCode(code, msg, attempts);
		// What may heal by waiting: network failures, rate limits, maintenance, server errors.
		if (code === 0 || RETRYABLE_CODES.has(code) || isServerTrouble(code)) transientErrors.add(error);
		return error;
	}

	private describeCode(code: number, msg: string, attempts: number): NodeApiError {
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
			? `${known.message} (code ${code})${retried}${(code === 400 || code === 409 || code === 422) && msg ? `: ${msg}` : ''}`
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
