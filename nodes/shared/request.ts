import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { DoorbellRead } from './callback';
import { parseDoorbell } from './callback';
import type { SignatureCheck } from './signature';
import { verifyKieSignature } from './signature';

/**
 * Reads Kie's callback requests defensively (the trigger and the resume webhook). Their URLs are public, so anything can arrive: these
 * helpers never throw, and every problem becomes a reason for a 400 answer.
 */

/** Kie's callbacks are a few KiB; anything bigger is not one. */
export const MAX_BODY_CHARS = 1024 * 1024;
/** Kie's callbacks nest four levels deep (body → data → data[] → track). */
export const MAX_BODY_DEPTH = 12;
export const MAX_BODY_NODES = 20_000;

export type BodyRead = { ok: true; body: unknown } | { ok: false; reason: string };

export function headerValue(context: IWebhookFunctions, name: string): string | undefined {
	try {
		const headers = context.getHeaderData() as Record<string, unknown> | undefined;
		const value = headers?.[name];
		const first = Array.isArray(value) ? (value[0] as unknown) : value;
		return typeof first === 'string' ? first : undefined;
	} catch {
		return undefined;
	}
}

function mediaType(contentType: string): string {
	return contentType.split(';')[0].trim().toLowerCase();
}

function isJsonMediaType(type: string): boolean {
	return type === 'application/json' || /^[a-z]+\/[\w.+-]*\+json$/.test(type);
}

/** Parses a JSON text; never throws (deeply nested text can exhaust the stack). */
function parseJsonText(text: string): BodyRead {
	if (text.length > MAX_BODY_CHARS) return { ok: false, reason: 'The body is too large' };
	if (text.trim() === '') return { ok: false, reason: 'The body is empty' };
	try {
		return { ok: true, body: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, reason: 'The body is not valid JSON' };
	}
}

function isPlainContainer(value: object): boolean {
	if (Array.isArray(value)) return true;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/**
 * Walks the parsed body without recursion and rejects what no Kie callback contains: non-JSON
 * values (Buffers, class instances), `__proto__` keys, too deep nesting, too many values, too
 * much text.
 */
export function checkBodyShape(body: unknown): string | undefined {
	const stack: Array<[unknown, number]> = [[body, 0]];
	let nodes = 0;
	let chars = 0;
	while (stack.length > 0) {
		const [value, depth] = stack.pop() as [unknown, number];
		nodes++;
		if (nodes > MAX_BODY_NODES) return 'The body has too many values';
		if (typeof value === 'string') {
			chars += value.length;
			if (chars > MAX_BODY_CHARS) return 'The body is too large';
			continue;
		}
		if (value === null || typeof value !== 'object') continue;
		if (!isPlainContainer(value)) return 'The body must be plain JSON';
		if (depth >= MAX_BODY_DEPTH) return 'The body is nested too deeply';
		if (Array.isArray(value)) {
			if (nodes + stack.length + value.length > MAX_BODY_NODES) return 'The body has too many values';
			for (const child of value) stack.push([child, depth + 1]);
			continue;
		}
		const keys = Object.keys(value);
		if (nodes + stack.length + keys.length > MAX_BODY_NODES) return 'The body has too many values';
		for (const key of keys) {
			if (key === '__proto__') return 'The body contains a "__proto__" key';
			chars += key.length;
			if (chars > MAX_BODY_CHARS) return 'The body is too large';
			stack.push([(value as Record<string, unknown>)[key], depth + 1]);
		}
	}
	return undefined;
}

/**
 * The JSON body of the request. n8n parses `application/json` itself; a body n8n left as text
 * (e.g. `text/plain`, or no Content-Type) is parsed here if it is JSON. Form, XML, multipart and
 * binary bodies are refused by their Content-Type.
 */
export function readJsonBody(context: IWebhookFunctions): BodyRead {
	const contentType = headerValue(context, 'content-type');
	if (contentType !== undefined && contentType.trim() !== '') {
		const type = mediaType(contentType);
		if (!isJsonMediaType(type) && type !== 'text/plain') {
			return { ok: false, reason: `Content-Type must be application/json, got "${type.slice(0, 100)}"` };
		}
	}
	let body: unknown;
	try {
		body = context.getBodyData() as unknown;
	} catch {
		return { ok: false, reason: 'The body could not be read' };
	}
	// n8n has already parsed a JSON body, so a string there is a JSON string, not text to parse.
	if (typeof body === 'string' && contentType !== undefined && isJsonMediaType(mediaType(contentType))) {
		return { ok: false, reason: 'The body must be a JSON object' };
	}
	if (typeof body === 'string') return parseJsonText(body);
	if (Buffer.isBuffer(body)) return parseJsonText(body.toString('utf8'));
	const isEmptyObject =
		typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0;
	if (body === undefined || body === null || isEmptyObject) {
		// n8n leaves bodies it does not parse as {} or undefined; the raw bytes may still be JSON.
		try {
			const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
			if (Buffer.isBuffer(raw) && raw.length > 0) return parseJsonText(raw.toString('utf8'));
		} catch {
			// No request object: fall through to the empty body.
		}
		if (body === undefined || body === null) return { ok: false, reason: 'The body is empty' };
	}
	return { ok: true, body };
}

function queryData(context: IWebhookFunctions): IDataObject {
	try {
		const query = context.getQueryData() as unknown;
		return typeof query === 'object' && query !== null ? (query as IDataObject) : {};
	} catch {
		return {};
	}
}

/** Reads a Kie callback from the request: the one entry point for both webhooks. */
export function readDoorbell(context: IWebhookFunctions): DoorbellRead {
	const read = readJsonBody(context);
	if (!read.ok) return read;
	const shapeProblem = checkBodyShape(read.body);
	if (shapeProblem !== undefined) return { ok: false, reason: shapeProblem };
	return parseDoorbell(read.body, queryData(context));
}

/** Checks Kie's HMAC headers for `taskId`; `hmacKey` '' means the user configured no key. */
export function checkCallbackSignature(context: IWebhookFunctions, taskId: string, hmacKey: string): SignatureCheck {
	if (hmacKey === '') return { valid: true };
	return verifyKieSignature({
		taskId,
		timestamp: headerValue(context, 'x-webhook-timestamp'),
		signature: headerValue(context, 'x-webhook-signature'),
		hmacKey,
	});
}

/** Answers the request directly (Kie must never wait), and starts or resumes nothing. */
export function rejectRequest(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ error: message }).end();
	return { noWebhookResponse: true };
}
