import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BodyStream } from './downloadGuards';
import {
	cancelSignalOf,
	connectedAddress,
	connectedAddressRefusal,
	meterBody,
	requestSignal,
	resolvedAddressRefusal,
	silence,
	sizeLabel,
} from './downloadGuards';
import { fileTypeFor } from './fileTypes';
import type { FileKind } from './fileTypes';
import { isTrustedOrigin, originOf, outboundRefusal } from './urlSafety';

/**
 * Downloads the files Kie generated into n8n binary data. The URLs come from Kie's answers but
 * reach the nodes through public webhooks too, so every hop is checked: the URL (urlSafety.ts),
 * the addresses its host resolves to, and the address the socket connected to where n8n exposes
 * it (downloadGuards.ts). The file hosts are third parties: requests use the plain `httpRequest`
 * helper, never the authenticated one, so the Kie key is never sent. Bodies stream into n8n's
 * binary storage with a byte cap and a wall-time cap.
 */

export type { FileKind } from './fileTypes';

export type FileContext = IExecuteFunctions | IWebhookFunctions;

export interface FileTarget {
	/** Binary property name: 'audio', 'cover', 'video', 'image', 'image_1', 'vocal', ... */
	property: string;
	/** From Kie's authenticated answer; validated here. */
	url: unknown;
	/** Default MIME type and extension when neither the response nor the URL says. */
	kind: FileKind;
	/** Base name without extension (see safeFileName). */
	fileName: string;
}

export interface DownloadPolicy {
	/** Per file. */
	maxBytes: number;
	/** Total wall time per file, redirects and a slow body included. */
	timeoutMs: number;
	/** Origins (scheme://host:port) exempt from the address checks: the user's own Kie host. */
	trustedOrigins: readonly string[];
}

export const DEFAULT_MAX_FILE_SIZE_MB = 500;

/** The option that sets the cap, the same on every node that downloads (interface: `maxFileSizeMb`). */
export const MAX_FILE_SIZE_OPTION: INodeProperties = {
	displayName: 'Max File Size (MB)',
	name: 'maxFileSizeMb',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_MAX_FILE_SIZE_MB,
	description: 'A bigger file is not downloaded; its item gets "downloadError" instead',
};
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 10 * 60_000;
export const MAX_REDIRECTS = 5;

const MIB = 1024 * 1024;

export function downloadPolicy(options: { maxFileSizeMb?: unknown }, trustedOrigins: readonly string[]): DownloadPolicy {
	const raw = options?.maxFileSizeMb;
	const requested = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	const megabytes = typeof requested === 'number' && Number.isFinite(requested) && requested > 0 ? requested : DEFAULT_MAX_FILE_SIZE_MB;
	return {
		maxBytes: Math.max(1, Math.floor(megabytes * MIB)),
		timeoutMs: DEFAULT_DOWNLOAD_TIMEOUT_MS,
		trustedOrigins: trustedOrigins.map((origin) => originOf(origin)).filter((origin): origin is string => !!origin),
	};
}

/** Joins parts into a file base name safe on every OS: NFKD, only [\w-], spaces to '-', ≤60 chars a part. */
export function safeFileName(...parts: Array<string | number | null | undefined>): string {
	const cleaned = parts
		.filter((part) => part !== null && part !== undefined && part !== '')
		.map((part) =>
			String(part)
				.normalize('NFKD')
				.replace(/[^\w\s-]/g, '')
				.trim()
				.replace(/\s+/g, '-')
				.replace(/-{2,}/g, '-')
				.slice(0, 60)
				.replace(/^-+|-+$/g, ''),
		)
		.filter((part) => part !== '');
	return cleaned.length > 0 ? cleaned.join('-') : 'kie-suno';
}

interface StreamResponse {
	body: BodyStream;
	headers: IDataObject;
	statusCode: number;
}

/** One response and the means to close its connection. */
interface Hop {
	response: StreamResponse;
	url: URL;
	/** The request's signal: the deadline, n8n's cancel, or stop(). */
	signal: AbortSignal;
	stop: () => void;
}

type BinaryInput = Parameters<FileContext['helpers']['prepareBinaryData']>[0];

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers?.[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/**
 * Streams one file into n8n binary data. Throws (NodeOperationError) with a message that says
 * what failed ("refused: 127.0.0.1 is a loopback address", "larger than 500 MB", "took longer
 * than 600 s", "HTTP 404", ...) and never carries a URL's path or query.
 */
export async function downloadFile(context: FileContext, target: FileTarget, policy: DownloadPolicy): Promise<IBinaryData> {
	const fail = (message: string) => new NodeOperationError(context.getNode(), message);
	const refusal = outboundRefusal(target.url, policy.trustedOrigins);
	if (refusal) throw fail(`refused: ${refusal.reason}`);
	const deadline = AbortSignal.timeout(policy.timeoutMs);
	const cancel = cancelSignalOf(context);
	const interrupted = () => (deadline.aborted ? `took longer than ${policy.timeoutMs / 1000} s` : 'download cancelled');

	let url = new URL(String(target.url));
	for (let hop = 0; ; hop++) {
		const { signal, stop } = requestSignal(deadline, cancel);
		const resolved = await resolvedAddressRefusal(context, url, policy.trustedOrigins, signal);
		if (signal.aborted) throw fail(interrupted());
		if (resolved.refusal) throw fail(resolved.refusal);
		const answer = await requestOnce(context, url, policy.timeoutMs, signal);
		if (typeof answer === 'string') throw fail(signal.aborted ? interrupted() : `request failed: ${answer}`);
		silence(answer.body);
		const close = () => {
			stop();
			answer.body.destroy();
		};
		const problem = responseProblem(answer, url, policy, resolved.checked);
		if (problem !== undefined) {
			close();
			throw fail(problem);
		}
		if (!REDIRECT_STATUSES.includes(answer.statusCode)) {
			return await storeBody(context, { response: answer, url, signal, stop }, target, policy, interrupted);
		}
		close();
		const next = redirectTarget(answer, url, hop, policy.trustedOrigins);
		if (typeof next === 'string') throw fail(next);
		url = next;
	}
}

/** Why a response head is not usable (checked before a byte of its body is read), or undefined. */
function responseProblem(response: StreamResponse, url: URL, policy: DownloadPolicy, resolvedChecked: boolean): string | undefined {
	if (!isTrustedOrigin(url, policy.trustedOrigins)) {
		const address = connectedAddress(response.body);
		if (address === undefined && !resolvedChecked) return `refused: could not check which address ${url.hostname} resolves to`;
		const refused = connectedAddressRefusal(address, url);
		if (refused) return refused;
	}
	const status = response.statusCode;
	if (REDIRECT_STATUSES.includes(status)) return undefined;
	if (status < 200 || status >= 300) return `HTTP ${status}`;
	const declared = Number(header(response.headers, 'content-length'));
	if (Number.isFinite(declared) && declared > policy.maxBytes) {
		return `larger than ${sizeLabel(policy.maxBytes)} (Content-Length ${declared})`;
	}
	return undefined;
}

/** Where a redirect leads, or why it is not followed. */
function redirectTarget(response: StreamResponse, from: URL, hop: number, trustedOrigins: readonly string[]): URL | string {
	if (hop >= MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
	const location = header(response.headers, 'location');
	if (!location) return `HTTP ${response.statusCode} redirect without a Location`;
	let next: URL;
	try {
		next = new URL(location, from);
	} catch {
		return 'redirect to an invalid URL refused';
	}
	return outboundRefusal(next.href, trustedOrigins)?.redirect ?? next;
}

/** One GET without following redirects; a failure comes back as its description. */
async function requestOnce(context: FileContext, url: URL, timeoutMs: number, signal: AbortSignal): Promise<StreamResponse | string> {
	try {
		return (await context.helpers.httpRequest({
			method: 'GET',
			url: url.href,
			encoding: 'stream',
			returnFullResponse: true,
			json: false,
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: true,
			// Uncompressed: the byte cap counts file bytes, and n8n 1.x hands over the socket's own stream.
			headers: { 'Accept-Encoding': 'identity' },
			timeout: timeoutMs,
			abortSignal: signal,
		})) as StreamResponse;
	} catch (error) {
		return describeRequestError(error as Error, url);
	}
}

/** A request error without the URL (its query may hold a signed token). */
function describeRequestError(error: Error | undefined, url: URL): string {
	const code = (error as { code?: unknown } | undefined)?.code;
	let message = String(error?.message ?? 'no response').split(url.href).join(url.host);
	if (url.search !== '') message = message.split(url.search).join('');
	return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

async function storeBody(
	context: FileContext,
	{ response, url, signal, stop }: Hop,
	target: FileTarget,
	policy: DownloadPolicy,
	interrupted: () => string,
): Promise<IBinaryData> {
	const body = response.body;
	let failure: string | undefined;
	const halt = (message: string) => {
		failure ??= message;
		stop();
		if (!body.destroyed) body.destroy(new Error(message));
	};
	const onAbort = () => halt(interrupted());
	signal.addEventListener('abort', onAbort, { once: true });
	if (signal.aborted) onAbort();
	meterBody(body, policy.maxBytes, halt);
	const { mimeType, extension } = fileTypeFor(url.href, header(response.headers, 'content-type'), target.kind);
	let binary: IBinaryData | undefined;
	let storeError: Error | undefined;
	try {
		binary = await context.helpers.prepareBinaryData(body as unknown as BinaryInput, `${target.fileName}.${extension}`, mimeType);
	} catch (error) {
		storeError = error as Error;
	}
	signal.removeEventListener('abort', onAbort);
	if (failure === undefined && binary) return binary;
	const message = failure ?? `could not store the file: ${storeError?.message ?? 'no data'}`;
	halt(message);
	throw new NodeOperationError(context.getNode(), message);
}

/**
 * Downloads every target with a usable URL (null, undefined and '' are skipped silently). A file
 * that cannot be downloaded does not lose the item: `json.downloadError` says
 * "<property>: <reason>; ..." and nothing is thrown.
 */
export async function attachFiles(
	context: FileContext,
	json: IDataObject,
	targets: FileTarget[],
	policy: DownloadPolicy,
): Promise<{ json: IDataObject; binary?: Record<string, IBinaryData> }> {
	const binary: Record<string, IBinaryData> = {};
	const errors: string[] = [];
	for (const target of targets) {
		if (target.url === null || target.url === undefined || target.url === '') continue;
		try {
			binary[target.property] = await downloadFile(context, target, policy);
		} catch (error) {
			errors.push(`${target.property}: ${(error as Error).message}`);
		}
	}
	const result: { json: IDataObject; binary?: Record<string, IBinaryData> } = {
		json: errors.length > 0 ? { ...json, downloadError: errors.join('; ') } : json,
	};
	if (Object.keys(binary).length > 0) result.binary = binary;
	return result;
}
