import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { addressPhrase, blockedAddressKind, isTrustedOrigin } from './urlSafety';

/**
 * The checks files.ts runs around each request: which addresses a host name resolves to (before
 * connecting), which address the socket connected to (after the response head, where n8n exposes
 * it), a byte meter on the body, and abort signals that really close the connection.
 */

export type GuardContext = IExecuteFunctions | IWebhookFunctions;

/** The parts of n8n's stream body used here (an IncomingMessage, or n8n 2.x's Readable wrapper). */
export interface BodyStream {
	pause(): unknown;
	resume(): unknown;
	on(event: string, listener: (...args: never[]) => void): unknown;
	destroy(error?: Error): unknown;
	listenerCount(event: string): number;
	destroyed?: boolean;
	readableFlowing?: boolean | null;
	socket?: { remoteAddress?: string } | null;
	req?: { socket?: { remoteAddress?: string } | null };
}

const MIB = 1024 * 1024;

/** "500 MB" for caps of a megabyte or more, else bytes (small caps stay readable). */
export function sizeLabel(bytes: number): string {
	return bytes >= MIB ? `${Number((bytes / MIB).toFixed(2))} MB` : `${bytes} bytes`;
}

/** A destroyed body may emit 'error' before any consumer listens; that must not crash n8n. */
export function silence(body: BodyStream | undefined): void {
	body?.on('error', () => undefined);
}

/**
 * Counts bytes as the consumer reads them and calls `fail` past `maxBytes`. pause() keeps bytes
 * from flowing before prepareBinaryData's consumer is attached; a consumer that only listens to
 * 'data' (n8n's memory mode) expects a flowing stream, so it gets resumed.
 */
export function meterBody(body: BodyStream, maxBytes: number, fail: (message: string) => void): void {
	let received = 0;
	body.pause();
	body.on('data', (chunk: { length: number }) => {
		received += chunk.length;
		if (received > maxBytes) fail(`larger than ${sizeLabel(maxBytes)}`);
	});
	body.on('newListener', (event: string) => {
		if (event !== 'data') return;
		void Promise.resolve().then(() => {
			if (!body.destroyed && body.readableFlowing !== true && body.listenerCount('readable') === 0) body.resume();
		});
	});
}

/** The address the response's socket connected to, when n8n's body exposes its socket (n8n 1.x). */
export function connectedAddress(body: BodyStream): string | undefined {
	return body.socket?.remoteAddress ?? body.req?.socket?.remoteAddress ?? undefined;
}

/** Why a response must not be used (its socket went to an internal address), or undefined. */
export function connectedAddressRefusal(address: string | undefined, url: URL): string | undefined {
	const kind = address === undefined ? undefined : blockedAddressKind(address);
	return kind && `refused: ${url.hostname} connected to ${address}, ${addressPhrase(kind)}`;
}

type Lookup = (
	hostname: string,
	options: { all: true },
	callback: (error: Error | null, addresses: Array<{ address: string }> | string) => void,
) => void;

/** n8n's DNS lookup for nodes (n8n 2.x: its SSRF-validated resolver when enabled, else the OS's). */
function lookupOf(context: GuardContext): Lookup | undefined {
	const helpers = context.helpers as { getSecureEgressFilter?: (policy?: string) => { createSecureLookup(): unknown } };
	if (typeof helpers.getSecureEgressFilter !== 'function') return undefined;
	const lookup = helpers.getSecureEgressFilter('safe').createSecureLookup();
	return typeof lookup === 'function' ? (lookup as Lookup) : undefined;
}

const isIpLiteral = (hostname: string) => hostname.startsWith('[') || /^[\d.]+$/.test(hostname);

/**
 * Resolves the host before connecting and refuses it when any address is internal. `checked`
 * tells whether the resolved addresses were seen (no lookup helper, or a lookup that failed for
 * another reason than n8n's own SSRF block, leave it to the socket check).
 */
export async function resolvedAddressRefusal(
	context: GuardContext,
	url: URL,
	trustedOrigins: readonly string[],
	signal: AbortSignal,
): Promise<{ refusal?: string; checked: boolean }> {
	if (isTrustedOrigin(url, trustedOrigins) || isIpLiteral(url.hostname)) return { checked: true };
	const lookup = lookupOf(context);
	if (!lookup) return { checked: false };
	const outcome = await new Promise<{ addresses?: string[]; error?: Error }>((resolve) => {
		const onAbort = () => resolve({ error: new Error('aborted') });
		signal.addEventListener('abort', onAbort, { once: true });
		lookup(url.hostname, { all: true }, (error, addresses) => {
			signal.removeEventListener('abort', onAbort);
			const list = Array.isArray(addresses) ? addresses.map((entry) => entry.address) : [String(addresses)];
			resolve(error ? { error } : { addresses: list });
		});
	});
	if (outcome.error) {
		if (/^Ssrf/.test(outcome.error.name)) return { refusal: `refused by n8n's SSRF protection: ${outcome.error.message}`, checked: true };
		return { checked: false };
	}
	for (const address of outcome.addresses ?? []) {
		const kind = blockedAddressKind(address);
		if (kind) return { refusal: `refused: ${url.hostname} resolves to ${address}, ${addressPhrase(kind)}`, checked: true };
	}
	return { checked: true };
}

/**
 * A signal for one request: aborts at the file's deadline, when n8n cancels the execution, or when
 * `stop()` is called. Aborting the request's own signal is what makes n8n's HTTP client close the
 * socket; destroying n8n 2.x's body wrapper alone can leave the connection open.
 */
export function requestSignal(deadline: AbortSignal, cancel: AbortSignal | undefined): { signal: AbortSignal; stop: () => void } {
	const controller = new AbortController();
	const signal = AbortSignal.any([deadline, controller.signal, ...(cancel ? [cancel] : [])]);
	return { signal, stop: () => controller.abort() };
}

export function cancelSignalOf(context: GuardContext): AbortSignal | undefined {
	return 'getExecutionCancelSignal' in context ? context.getExecutionCancelSignal() : undefined;
}
