/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/urlSafety.ts: which hosts a download may reach. Every spelling of an internal
 * address must be refused; public hosts and the user's exact Kie origin must pass.
 */
import {
	blockedAddressKind,
	checkOutboundUrl,
	isBlockedAddress,
	isInternalHostname,
	isTrustedOrigin,
	originOf,
	outboundRefusal,
} from '../../../nodes/shared/urlSafety';

describe('isBlockedAddress', () => {
	it.each([
		['127.0.0.1', 'loopback'],
		['127.255.255.254', 'loopback'],
		['10.0.0.1', 'private'],
		['10.255.255.255', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.1', 'private'],
		['100.64.0.1', 'carrier-grade NAT (shared)'],
		['100.127.255.255', 'carrier-grade NAT (shared)'],
		['100.100.100.200', 'carrier-grade NAT (shared)'], // Alibaba Cloud metadata
		['169.254.169.254', 'link-local (cloud metadata)'],
		['169.254.0.1', 'link-local (cloud metadata)'],
		['0.0.0.0', 'unspecified ("this network")'],
		['0.1.2.3', 'unspecified ("this network")'],
		['192.0.0.192', 'reserved (IETF protocol)'], // Oracle Cloud metadata
		['192.0.2.5', 'documentation'],
		['198.51.100.7', 'documentation'],
		['203.0.113.9', 'documentation'],
		['198.18.0.1', 'benchmarking'],
		['198.19.255.255', 'benchmarking'],
		['192.88.99.1', 'reserved (6to4 relay)'],
		['224.0.0.1', 'multicast'],
		['239.255.255.250', 'multicast'],
		['240.0.0.1', 'reserved'],
		['255.255.255.255', 'broadcast'],
	])('IPv4 %s is %s', (ip, kind) => {
		expect(blockedAddressKind(ip)).toBe(kind);
		expect(isBlockedAddress(ip)).toBe(true);
	});

	it.each([
		// other spellings of 127.0.0.1 / 10.0.0.1 that the WHATWG host parser accepts
		['2130706433', 'loopback'],
		['0x7f000001', 'loopback'],
		['0x7f.1', 'loopback'],
		['0177.0.0.1', 'loopback'],
		['0177.1', 'loopback'],
		['127.1', 'loopback'],
		['0X7F.0.0.01', 'loopback'],
		['167772161', 'private'],
		['012.0.0.1', 'private'],
		['0', 'unspecified ("this network")'],
	])('IPv4 spelled %s is %s', (ip, kind) => {
		expect(blockedAddressKind(ip)).toBe(kind);
	});

	it.each([
		['::1', 'loopback'],
		['[::1]', 'loopback'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		['::', 'unspecified'],
		['[::]', 'unspecified'],
		['::ffff:127.0.0.1', 'loopback (IPv4-mapped)'],
		['[::ffff:7f00:1]', 'loopback (IPv4-mapped)'],
		['::ffff:169.254.169.254', 'link-local (cloud metadata) (IPv4-mapped)'],
		['::ffff:10.0.0.1', 'private (IPv4-mapped)'],
		['0:0:0:0:0:ffff:c0a8:0101', 'private (IPv4-mapped)'],
		['::127.0.0.1', 'loopback (IPv4-compatible)'],
		['::8.8.8.8', 'reserved (IPv4-compatible)'],
		['::ffff:0:127.0.0.1', 'loopback (IPv4-translated)'],
		['64:ff9b::127.0.0.1', 'loopback (NAT64)'],
		['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata) (NAT64)'],
		['64:ff9b:1::1', 'reserved (local NAT64)'],
		['2002:7f00:1::', 'loopback (6to4)'],
		['2002:c0a8:0101::1', 'private (6to4)'],
		['fe80::1', 'link-local'],
		['fe80::1%eth0', 'link-local'],
		['[fe80::abcd%25en0]', 'link-local'],
		['febf::1', 'link-local'],
		['fc00::1', 'unique-local'],
		['fd00:ec2::254', 'unique-local'], // AWS IPv6 metadata
		['fec0::1', 'site-local'],
		['ff02::1', 'multicast'],
		['2001:db8::1', 'documentation'],
		['3fff::1', 'documentation'],
		['2001::1', 'reserved (IETF protocol, incl. Teredo)'],
		['2001:1ff::1', 'reserved (IETF protocol, incl. Teredo)'],
		['100::1', 'reserved'],
		['5f00::1', 'reserved'],
	])('IPv6 %s is %s', (ip, kind) => {
		expect(blockedAddressKind(ip)).toBe(kind);
	});

	it.each([
		'8.8.8.8',
		'1.1.1.1',
		'100.63.255.255',
		'100.128.0.0',
		'172.15.255.255',
		'172.32.0.0',
		'169.253.255.255',
		'192.169.0.1',
		'223.255.255.255',
		'::ffff:8.8.8.8',
		'64:ff9b::8.8.8.8',
		'2002:0808:0808::1',
		'2606:4700:4700::1111',
		'[2a00:1450:4001:81b::200e]',
		'2001:4860:4860::8888',
		'2001:200::1',
		'3ffe::1',
	])('public %s is not blocked', (ip) => {
		expect(blockedAddressKind(ip)).toBeUndefined();
		expect(isBlockedAddress(ip)).toBe(false);
	});

	it.each(['example.com', 'face.cafe', '', '1.2.3.4.5', '256.1.1.1', 'not an ip', ':::1', 'fe80::zz'])(
		'%j is not an IP literal, so not "blocked" (names are isInternalHostname\'s job)',
		(text) => {
			expect(isBlockedAddress(text)).toBe(false);
		},
	);
});

describe('isInternalHostname', () => {
	it.each([
		'localhost',
		'LOCALHOST',
		'localhost.',
		'foo.localhost',
		'a.b.localhost',
		'printer.local',
		'metadata.google.internal',
		'service.internal',
		'box.localdomain',
		'router.home.arpa',
		'nas.lan',
		'metadata', // single label
		'intranet',
		'127.0.0.1',
		'[::1]',
		'::ffff:127.0.0.1',
		'169.254.169.254',
		'2130706433',
		'0x7f.1',
		'',
	])('%j is internal', (host) => {
		expect(isInternalHostname(host)).toBe(true);
	});

	it.each(['example.com', 'tempfile.redpandaai.co', 'cdn1.suno.ai', 'localhost.example.com', 'internal.example.com', '8.8.8.8', '[2606:4700::1111]'])(
		'%j may be public',
		(host) => {
			expect(isInternalHostname(host)).toBe(false);
		},
	);
});

describe('checkOutboundUrl', () => {
	const refused = (url: unknown, trusted: string[] = []) => {
		const result = checkOutboundUrl(url, trusted);
		return result.ok ? 'ok' : result.reason;
	};

	it('accepts public http(s) URLs and returns the parsed URL', () => {
		const result = checkOutboundUrl('https://cdn1.suno.ai/a.mp3?sig=1', []);
		expect(result).toEqual({ ok: true, url: new URL('https://cdn1.suno.ai/a.mp3?sig=1') });
		expect(refused('http://93.184.216.34:8080/x')).toBe('ok');
	});

	it.each([
		['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
		['http://2130706433/', '127.0.0.1 is a loopback address'],
		['http://0x7f.1/', '127.0.0.1 is a loopback address'],
		['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
		['http://127.1:8080/', '127.0.0.1 is a loopback address'],
		['http://[::1]:8787/', '[::1] is a loopback address'],
		['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1] is a loopback (IPv4-mapped) address'],
		['http://[::ffff:a9fe:a9fe]/latest/meta-data/', '[::ffff:a9fe:a9fe] is a link-local (cloud metadata) (IPv4-mapped) address'],
		['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local (cloud metadata) address'],
		['http://10.0.0.5/', '10.0.0.5 is a private address'],
		['http://0.0.0.0:5678/', '0.0.0.0 is an unspecified ("this network") address'],
		['http://localhost:5678/rest', 'localhost is an internal host name'],
		['http://foo.localhost/', 'foo.localhost is an internal host name'],
		['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is an internal host name'],
		['http://metadata/', 'metadata is a single-label (internal) host name'],
		['HTTP://LOCALHOST./', 'localhost. is an internal host name'],
	])('%s is refused: %s', (url, reason) => {
		expect(refused(url)).toBe(reason);
	});

	it.each([
		['ftp://example.com/a.mp3', 'not an http(s) URL'],
		['file:///etc/passwd', 'not an http(s) URL'],
		['javascript:alert(1)', 'not an http(s) URL'],
		['data:audio/mpeg;base64,AAAA', 'not an http(s) URL'],
		['gopher://127.0.0.1:6379/_FLUSHALL', 'not an http(s) URL'],
		['/relative.mp3', 'not a valid URL'],
		['http://', 'not a valid URL'],
		['https://user:pass@example.com/a.mp3', 'the URL carries credentials'],
		['https://user@example.com/a.mp3', 'the URL carries credentials'],
		[42, 'not a URL'],
		[{ href: 'https://example.com' }, 'not a URL'],
		[null, 'not a URL'],
	])('%j is refused: %s', (url, reason) => {
		expect(refused(url)).toBe(reason);
	});

	it('a trusted origin passes only on an exact origin match (scheme, host and port)', () => {
		const trusted = ['http://127.0.0.1:8787'];
		expect(refused('http://127.0.0.1:8787/files/a.mp3', trusted)).toBe('ok');
		expect(refused('http://127.0.0.1:8787', trusted)).toBe('ok');
		expect(refused('http://127.0.0.1:8788/files/a.mp3', trusted)).toBe('127.0.0.1 is a loopback address');
		expect(refused('http://127.0.0.1/files/a.mp3', trusted)).toBe('127.0.0.1 is a loopback address');
		expect(refused('https://127.0.0.1:8787/files/a.mp3', trusted)).toBe('127.0.0.1 is a loopback address');
		expect(refused('http://localhost:8787/files/a.mp3', trusted)).toBe('localhost is an internal host name');
		expect(refused('http://[::1]:8787/files/a.mp3', trusted)).toBe('[::1] is a loopback address');
		// the origin is normalized on both sides; a trusted origin with a path still means its origin
		expect(refused('http://2130706433:8787/x', ['http://127.0.0.1:8787/api/'])).toBe('ok');
		expect(refused('https://api.kie.ai/x', ['https://api.kie.ai:443'])).toBe('ok');
		// credentials and schemes are refused even on a trusted origin
		expect(refused('http://a:b@127.0.0.1:8787/x', trusted)).toBe('the URL carries credentials');
	});

	it('originOf, isTrustedOrigin and the redirect wording', () => {
		expect(originOf('https://API.kie.ai:443/api/v1?x=1')).toBe('https://api.kie.ai');
		expect(originOf('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
		expect(originOf('ftp://example.com/')).toBeUndefined();
		expect(originOf('not a url')).toBeUndefined();
		expect(isTrustedOrigin('http://127.0.0.1:8787/a', ['http://127.0.0.1:8787/'])).toBe(true);
		expect(isTrustedOrigin('http://127.0.0.1:8788/a', ['http://127.0.0.1:8787'])).toBe(false);
		expect(outboundRefusal('http://10.1.2.3/x', [])).toEqual({
			reason: '10.1.2.3 is a private address',
			redirect: 'redirect to a private address refused (10.1.2.3)',
		});
		expect(outboundRefusal('https://example.com/x', [])).toBeUndefined();
	});
});
