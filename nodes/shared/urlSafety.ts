/**
 * Which URLs the nodes may fetch. Kie hands out file URLs, and the public webhooks (trigger,
 * resume) receive anything, so a URL is never trusted to point at a public host: loopback,
 * private, link-local (cloud metadata) and other special-purpose addresses are refused, by literal
 * here and by the address the socket actually connected to in files.ts.
 */

/** [first address, prefix length, what it is] */
type V4Range = [string, number, string];

const V4_RANGES: V4Range[] = [
	['0.0.0.0', 8, 'unspecified ("this network")'],
	['10.0.0.0', 8, 'private'],
	['100.64.0.0', 10, 'carrier-grade NAT (shared)'],
	['127.0.0.0', 8, 'loopback'],
	['169.254.0.0', 16, 'link-local (cloud metadata)'],
	['172.16.0.0', 12, 'private'],
	['192.0.0.0', 24, 'reserved (IETF protocol)'],
	['192.0.2.0', 24, 'documentation'],
	['192.88.99.0', 24, 'reserved (6to4 relay)'],
	['192.168.0.0', 16, 'private'],
	['198.18.0.0', 15, 'benchmarking'],
	['198.51.100.0', 24, 'documentation'],
	['203.0.113.0', 24, 'documentation'],
	['224.0.0.0', 4, 'multicast'],
	['255.255.255.255', 32, 'broadcast'],
	['240.0.0.0', 4, 'reserved'],
];

function parseV4(text: string): number | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
	return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

const PARSED_V4_RANGES = V4_RANGES.map(([first, bits, kind]) => ({
	first: parseV4(first) as number,
	size: 2 ** (32 - bits),
	kind,
}));

function v4Kind(value: number): string | undefined {
	return PARSED_V4_RANGES.find((range) => value >= range.first && value < range.first + range.size)?.kind;
}

/** The WHATWG host parser: normalizes 2130706433, 0x7f.1, 0177.0.0.1 and IPv6 spellings. */
function canonicalHost(host: string): string | undefined {
	try {
		return new URL(`http://${host}/`).hostname;
	} catch {
		return undefined;
	}
}

/** Eight 16-bit groups of a canonical (WHATWG-serialized) IPv6 address. */
function v6Groups(canonical: string): number[] | undefined {
	const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const missing = 8 - left.length - right.length;
	if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
	const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
	if (groups.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
	return groups.map((group) => parseInt(group, 16));
}

const v4Of = (high: number, low: number) => high * 65536 + low;

function v6Kind(g: number[]): string | undefined {
	const zeroUntil = (count: number) => g.slice(0, count).every((group) => group === 0);
	/** An IPv4 address embedded in the IPv6 one: blocked when the IPv4 address is. */
	const embedded = (value: number, how: string) => {
		const kind = v4Kind(value);
		return kind && `${kind} (${how})`;
	};
	if (zeroUntil(8)) return 'unspecified';
	if (zeroUntil(7) && g[7] === 1) return 'loopback';
	if (zeroUntil(5) && g[5] === 0xffff) return embedded(v4Of(g[6], g[7]), 'IPv4-mapped') ?? undefined;
	if (zeroUntil(6)) return embedded(v4Of(g[6], g[7]), 'IPv4-compatible') ?? 'reserved (IPv4-compatible)';
	if (zeroUntil(4) && g[4] === 0xffff && g[5] === 0) return embedded(v4Of(g[6], g[7]), 'IPv4-translated') ?? 'reserved (IPv4-translated)';
	if (g[0] === 0x64 && g[1] === 0xff9b) {
		if (g.slice(2, 6).every((group) => group === 0)) return embedded(v4Of(g[6], g[7]), 'NAT64');
		return 'reserved (local NAT64)';
	}
	if (g[0] === 0x2002) return embedded(v4Of(g[1], g[2]), '6to4');
	if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
	if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
	if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
	if ((g[0] & 0xff00) === 0xff00) return 'multicast';
	if (g[0] === 0x2001 && g[1] < 0x200) return 'reserved (IETF protocol, incl. Teredo)';
	if (g[0] === 0x2001 && g[1] === 0xdb8) return 'documentation';
	if (g[0] === 0x3fff && g[1] < 0x1000) return 'documentation';
	// Everything else outside global unicast 2000::/3 (discard-only 100::/64, SRv6 5f00::/16, unassigned).
	if ((g[0] & 0xe000) !== 0x2000) return 'reserved';
	return undefined;
}

/**
 * What kind of non-public address `ip` is ('loopback', 'private', 'link-local (cloud metadata)',
 * ...), or undefined for a public address or a text that is not an IP literal.
 */
export function blockedAddressKind(ip: string): string | undefined {
	if (typeof ip !== 'string') return undefined;
	let text = ip.trim().toLowerCase();
	if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
	text = text.replace(/%.*$/, ''); // IPv6 zone id (fe80::1%eth0)
	if (text === '') return undefined;
	if (text.includes(':')) {
		const canonical = canonicalHost(`[${text}]`);
		const groups = canonical && v6Groups(canonical.slice(1, -1));
		return groups ? v6Kind(groups) : undefined;
	}
	// Only texts the host parser reads as IPv4 (a name like example.com is not an address).
	if (!/^[0-9a-fx.]+$/.test(text)) return undefined;
	const canonical = canonicalHost(text);
	const value = canonical === undefined ? undefined : parseV4(canonical);
	return value === undefined ? undefined : v4Kind(value);
}

/** True for IP literals (IPv4, IPv6, with or without brackets) that are not public addresses. */
export function isBlockedAddress(ip: string): boolean {
	return blockedAddressKind(ip) !== undefined;
}

/** "a loopback address", "an unspecified address". */
export function addressPhrase(kind: string): string {
	return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} address`;
}

/** Suffixes that never name a public host (RFC 6761, RFC 8375, cloud-internal, common LAN names). */
const INTERNAL_SUFFIXES = ['localhost', 'local', 'internal', 'localdomain', 'home.arpa', 'lan', 'intranet', 'corp', 'home'];

/** Why a host name is internal, or undefined when it may be public. */
function internalHostReason(hostname: string): string | undefined {
	let host = String(hostname).trim().toLowerCase();
	if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
	host = host.replace(/\.+$/, '');
	if (host === '') return 'an empty host name';
	const addressKind = blockedAddressKind(host);
	if (addressKind) return addressPhrase(addressKind);
	if (host.includes(':')) return canonicalHost(`[${host}]`) ? undefined : 'not a valid IPv6 address';
	if (parseV4(canonicalHost(host) ?? '') !== undefined) return undefined; // a public IPv4 literal
	if (INTERNAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) return 'an internal host name';
	if (!host.includes('.')) return 'a single-label (internal) host name';
	return undefined;
}

/**
 * True for names that are internal by definition (localhost, *.localhost, *.local, *.internal such
 * as metadata.google.internal, single-label names) and for IP literals isBlockedAddress rejects.
 */
export function isInternalHostname(hostname: string): boolean {
	return internalHostReason(hostname) !== undefined;
}

/** The origin (scheme://host:port) of an http(s) URL, normalized; undefined otherwise. */
export function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
	} catch {
		return undefined;
	}
}

/** One refusal, worded for a first request ("reason") and for a redirect target ("redirect"). */
export interface OutboundRefusal {
	reason: string;
	redirect: string;
}

/** Why `url` must not be fetched, or undefined (then `url` is a usable http(s) URL). */
export function outboundRefusal(url: unknown, trustedOrigins: readonly string[]): OutboundRefusal | undefined {
	if (typeof url !== 'string' && !(url instanceof URL)) {
		return { reason: 'not a URL', redirect: 'redirect to something that is not a URL refused' };
	}
	let parsed: URL;
	try {
		parsed = new URL(String(url));
	} catch {
		return { reason: 'not a valid URL', redirect: 'redirect to an invalid URL refused' };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return { reason: 'not an http(s) URL', redirect: `redirect to a non-http(s) URL (${parsed.protocol}) refused` };
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return { reason: 'the URL carries credentials', redirect: 'redirect to a URL with credentials refused' };
	}
	const trusted = trustedOrigins.map((origin) => originOf(origin) ?? origin);
	if (trusted.includes(parsed.origin)) return undefined;
	const what = internalHostReason(parsed.hostname);
	if (what) return { reason: `${parsed.hostname} is ${what}`, redirect: `redirect to ${what} refused (${parsed.hostname})` };
	return undefined;
}

/**
 * The check before any request: http(s) only, no credentials in the URL, host not internal
 * (checked after WHATWG normalization), unless the URL's origin is exactly one of
 * `trustedOrigins` (the user's own Kie host, e.g. a sandbox on 127.0.0.1:8787).
 */
export function checkOutboundUrl(
	url: unknown,
	trustedOrigins: readonly string[],
): { ok: true; url: URL } | { ok: false; reason: string } {
	const refusal = outboundRefusal(url, trustedOrigins);
	if (refusal) return { ok: false, reason: refusal.reason };
	return { ok: true, url: new URL(String(url)) };
}

/** True when `url` has exactly one of the trusted origins (scheme, host and port). */
export function isTrustedOrigin(url: string | URL, trustedOrigins: readonly string[]): boolean {
	const origin = originOf(String(url));
	return origin !== undefined && trustedOrigins.some((candidate) => (originOf(candidate) ?? candidate) === origin);
}
