import { createHash } from 'crypto';
import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/** The `kieApi` credential as the transport reads it, cached per execution context. */

export type KieContext = IExecuteFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'kieApi';
export const DEFAULT_BASE_URL = 'https://api.kie.ai';
export const DEFAULT_UPLOAD_BASE_URL = 'https://kieai.redpandaai.co';

export interface KieCredentialHosts {
	baseUrl: string;
	uploadBaseUrl: string;
	secrets: string[];
	/** Names the Kie account (a hash of the Base URL and the API key; never the key itself). */
	account: string;
}

const hostCache = new WeakMap<object, KieCredentialHosts>();

function trimUrl(value: unknown, fallback: string): string {
	const text = typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
	return text.replace(/\/+$/, '');
}

export async function credentialHosts(context: KieContext): Promise<KieCredentialHosts> {
	const cached = hostCache.get(context);
	if (cached) return cached;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = trimUrl(credentials.baseUrl, DEFAULT_BASE_URL);
	const hosts: KieCredentialHosts = {
		baseUrl,
		uploadBaseUrl: trimUrl(credentials.uploadBaseUrl, DEFAULT_UPLOAD_BASE_URL),
		secrets: [credentials.apiKey, credentials.webhookHmacKey].filter(
			(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
		),
		account: createHash('sha256').update(`${baseUrl}\u0000${String(credentials.apiKey ?? '')}`).digest('hex'),
	};
	hostCache.set(context, hosts);
	return hosts;
}

export async function kieBaseUrl(context: KieContext): Promise<string> {
	return (await credentialHosts(context)).baseUrl;
}

/**
 * The origins of the user's own Kie hosts. Downloads may reach a private address only there (a
 * proxy or the local sandbox): anything else Kie names must be a public file host.
 */
export async function trustedOrigins(context: KieContext): Promise<string[]> {
	const hosts = await credentialHosts(context);
	const origins = new Set<string>();
	for (const url of [hosts.baseUrl, hosts.uploadBaseUrl]) {
		try {
			origins.add(new URL(url).origin);
		} catch {
			// An unparseable host trusts nothing.
		}
	}
	return [...origins];
}

/** Replaces every credential secret in `text`; used on everything that reaches an error. */
export function redactSecrets(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join('***');
	return result.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer ***');
}
