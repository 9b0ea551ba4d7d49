/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Seeded generator of hostile callback requests: bodies and headers that are NOT a correctly
 * signed Kie callback, so none of them may start or resume an execution. Every request is
 * built from the PRNG alone (plus the signing function), so a seed reproduces the same list.
 *
 * Categories (fixed counts per 1,000):
 *   random-json    random JSON values and objects (Kie-ish keys, prototype-ish keys, odd numbers)
 *   deep-nesting   arrays/objects nested 13 … 50,000 levels, alone or inside a signed Kie envelope
 *   huge-strings   strings of 64 KiB … 2 MiB (task id, msg, track fields, keys), many-values bodies
 *   wrong-types    a signed Kie callback with one field of the wrong type or an invalid value
 *   proto-keys     __proto__ / constructor / prototype keys carrying a Kie envelope or inside one
 *   bad-signature  well-formed Kie callbacks with a missing, wrong, stale, future or foreign signature
 *   content-type   signed Kie callbacks (or garbage) as form, XML, octet-stream, multipart, text/html, …
 *   invalid-json   truncated, commented, single-quoted, NaN, invalid UTF-8, BOM+garbage …
 *   empty          empty / whitespace bodies with and without content types
 */

export type Signer = (taskId: string, opts?: { offsetSec?: number; key?: string }) => Record<string, string>;

export interface HostileRequest {
	index: number;
	category: string;
	variant: string;
	/** undefined = no Content-Type header */
	contentType?: string;
	headers: Record<string, string>;
	body: Buffer;
}

export const CATEGORY_COUNTS: Record<string, number> = {
	'random-json': 150,
	'deep-nesting': 100,
	'huge-strings': 60,
	'wrong-types': 150,
	'proto-keys': 100,
	'bad-signature': 120,
	'content-type': 140,
	'invalid-json': 100,
	empty: 80,
};

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

type Rng = () => number;

class Gen {
	constructor(
		private readonly rng: Rng,
		readonly sign: Signer,
		private readonly knownTaskId: string,
		/** where hostile bodies say the files are (the suite's internal-address listener) */
		readonly fileBase: string,
	) {}

	int(min: number, max: number): number {
		return min + Math.floor(this.rng() * (max - min + 1));
	}

	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.rng() * list.length)];
	}

	chance(p: number): boolean {
		return this.rng() < p;
	}

	hex(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
		return s;
	}

	/** A task id: usually a fresh random one, sometimes the one the suite later sends validly. */
	taskId(): string {
		return this.chance(0.2) ? this.knownTaskId : this.hex(32);
	}

	str(maxLen = 24): string {
		const pools = [
			'abcdefghijklmnopqrstuvwxyz',
			'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.',
			'<>&"\'\\/{}[]:,;=%$#@!`~|',
			'äöüß€漢字🎵\u0000\u0007\u200b\ufeff\u202e',
		];
		const len = this.int(0, maxLen);
		let s = '';
		for (let i = 0; i < len; i++) {
			const pool = this.pick(pools);
			s += Array.from(pool)[this.int(0, Array.from(pool).length - 1)];
		}
		return s;
	}

	key(): string {
		return this.chance(0.5)
			? this.pick(['code', 'msg', 'data', 'callbackType', 'task_id', 'audio_url', 'id', 'error', 'toString', 'valueOf', 'hasOwnProperty', 'constructor', 'prototype', 'length', 'then', '0', ''])
			: this.str(12);
	}

	number(): number {
		return this.pick([0, -0, 1, -1, 200, 400, 501, 0.5, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE, 123456789, -200]);
	}

	value(depth: number): unknown {
		const r = this.rng();
		if (depth <= 0 || r < 0.35) {
			return this.pick<() => unknown>([() => this.str(), () => this.number(), () => this.chance(0.5), () => null])();
		}
		if (r < 0.65) {
			const n = this.int(0, 6);
			return Array.from({ length: n }, () => this.value(depth - 1));
		}
		const o: Record<string, unknown> = {};
		const n = this.int(0, 7);
		for (let i = 0; i < n; i++) o[this.key()] = this.value(depth - 1);
		return o;
	}

	track(taskId: string, i: number): Record<string, unknown> {
		return {
			id: this.hex(8) + '-' + this.hex(4),
			audio_url: `${this.fileBase}/files/${taskId}/${i}.mp3`,
			stream_audio_url: `${this.fileBase}/stream/${taskId}/${i}`,
			image_url: `${this.fileBase}/files/${taskId}/${i}.jpeg`,
			prompt: '',
			model_name: 'chirp-v4-5',
			title: 'hostile',
			tags: 'piano',
			createTime: Date.now(),
			duration: 12.5,
		};
	}

	/** A well-formed Kie callback body. */
	callback(taskId: string, stage = this.pick(['text', 'first', 'complete', 'error'] as const)): any {
		if (stage === 'error') return { code: 501, msg: 'Audio generation failed.', data: { callbackType: 'error', task_id: taskId, error: 'hostile' } };
		const n = stage === 'text' ? 0 : stage === 'first' ? 1 : 2;
		return { code: 200, msg: 'ok', data: { callbackType: stage, task_id: taskId, data: Array.from({ length: n }, (_, i) => this.track(taskId, i + 1)) } };
	}

	signed(taskId: string): Record<string, string> {
		return this.sign(taskId);
	}
}

function json(value: unknown): Buffer {
	return Buffer.from(JSON.stringify(value));
}

function nest(depth: number, kind: 'array' | 'object' | 'mixed', leaf: string, rng: Rng): string {
	let open = '';
	let close = '';
	for (let i = 0; i < depth; i++) {
		const arr = kind === 'array' || (kind === 'mixed' && rng() < 0.5);
		open += arr ? '[' : '{"a":';
		close = (arr ? ']' : '}') + close;
	}
	return open + leaf + close;
}

type Maker = (g: Gen, rng: Rng) => Omit<HostileRequest, 'index' | 'category'>;

const J = 'application/json';

const makers: Record<string, Maker> = {
	'random-json': (g) => {
		const variant = g.pick(['value', 'object', 'kie-ish', 'array-of-callbacks']);
		let v: unknown;
		if (variant === 'value') v = g.value(g.int(0, 6));
		else if (variant === 'object') v = g.value(1 + g.int(1, 5)) ?? {};
		else if (variant === 'kie-ish') {
			const taskId = g.taskId();
			const cb = g.callback(taskId);
			// scramble: drop or replace two random fields at random levels
			for (let i = 0; i < 2; i++) {
				const target = g.chance(0.5) || typeof cb.data !== 'object' || cb.data === null ? cb : cb.data;
				const k = g.pick(Object.keys(target));
				if (g.chance(0.5)) delete target[k];
				else target[k] = g.value(2);
			}
			if (cb.data && typeof cb.data === 'object' && typeof cb.code === 'number' && cb.data.task_id === taskId && typeof cb.data.callbackType === 'string') {
				cb.code = String(cb.code); // never leave a valid envelope behind
			}
			v = cb;
		} else v = Array.from({ length: g.int(1, 3) }, () => g.callback(g.taskId()));
		// signed with an id that is not the body's: a valid-looking signature never matches
		const headers = g.chance(0.4) ? g.signed(g.hex(32)) : {};
		return { variant, contentType: J, headers, body: json(v) };
	},

	'deep-nesting': (g, rng) => {
		const depth = g.pick([13, 64, 500, 5_000, 20_000, 50_000]);
		const kind = g.pick(['array', 'object', 'mixed'] as const);
		const where = g.pick(['top', 'track', 'data']);
		const taskId = g.taskId();
		let text: string;
		if (where === 'top') text = nest(depth, kind, '1', rng);
		else if (where === 'data') text = JSON.stringify({ code: 200, msg: 'ok', data: '__X__' }).replace('"__X__"', nest(depth, kind, 'null', rng));
		else {
			const cb = g.callback(taskId, 'complete');
			cb.data.data[0].extra = '__X__';
			text = JSON.stringify(cb).replace('"__X__"', nest(depth, kind, '"deep"', rng));
		}
		return { variant: `${where}-${kind}-${depth}`, contentType: J, headers: g.signed(taskId), body: Buffer.from(text) };
	},

	'huge-strings': (g) => {
		const size = g.pick([64 * 1024, 256 * 1024, 1024 * 1024, 1024 * 1024 + 1, MAX_BODY_BYTES - 4096]);
		const chunk = g.str(16) || 'x';
		const big = chunk.repeat(Math.ceil(size / Math.max(1, Buffer.byteLength(chunk)))).slice(0, size);
		const trimmed = Buffer.from(big).subarray(0, size).toString('utf8');
		const where = g.pick(['task_id', 'msg', 'audio_url', 'key', 'error', 'many-values']);
		const taskId = g.taskId();
		const cb = g.callback(taskId, where === 'error' ? 'error' : 'complete');
		// Under 1 MiB these bodies are well-formed callbacks, so they carry a foreign signature (a
		// correctly signed one would be Kie's own, not hostile); they are parsed before the check.
		let headers = g.sign(g.hex(32));
		if (where === 'task_id') {
			cb.data.task_id = trimmed.replace(/[^\w.-]/g, 'a');
			headers = g.signed(cb.data.task_id);
		} else if (where === 'msg') cb.msg = trimmed;
		else if (where === 'audio_url') cb.data.data[0].audio_url = `${g.fileBase}/${trimmed}`;
		else if (where === 'key') cb.data.data[0][trimmed] = 1;
		else if (where === 'error') cb.data.error = trimmed;
		else cb.data.data[0].extra = Array.from({ length: Math.min(200_000, Math.floor(size / 8)) }, (_, i) => i);
		let body = json(cb);
		if (body.length > MAX_BODY_BYTES) body = body.subarray(0, MAX_BODY_BYTES); // (then also invalid JSON)
		return { variant: `${where}-${size}`, contentType: J, headers, body };
	},

	'wrong-types': (g) => {
		const taskId = g.taskId();
		const cb = g.callback(taskId, g.pick(['text', 'first', 'complete', 'error'] as const));
		const mutations: Array<[string, () => void]> = [
			['code-string', () => (cb.code = '200')],
			['code-float', () => (cb.code = 200.5)],
			['code-null', () => (cb.code = null)],
			['code-array', () => (cb.code = [200])],
			['code-object', () => (cb.code = { valueOf: 200 })],
			['code-bool', () => (cb.code = true)],
			['code-missing', () => delete cb.code],
			['msg-number', () => (cb.msg = 42)],
			['msg-object', () => (cb.msg = { text: 'ok' })],
			['msg-array', () => (cb.msg = ['ok'])],
			['data-array', () => (cb.data = [cb.data])],
			['data-string', () => (cb.data = JSON.stringify(cb.data))],
			['data-null', () => (cb.data = null)],
			['data-missing', () => delete cb.data],
			['task_id-number', () => (cb.data.task_id = 12345)],
			['task_id-array', () => (cb.data.task_id = [taskId])],
			['task_id-object', () => (cb.data.task_id = { id: taskId })],
			['task_id-empty', () => (cb.data.task_id = '')],
			['task_id-blank', () => (cb.data.task_id = '   ')],
			['task_id-traversal', () => (cb.data.task_id = '../../etc/passwd')],
			['task_id-spaces', () => (cb.data.task_id = 'a b c')],
			['task_id-newline', () => (cb.data.task_id = `${taskId}\n`)],
			['task_id-unicode', () => (cb.data.task_id = `${taskId}🎵`)],
			['task_id-toolong', () => (cb.data.task_id = 'a'.repeat(201))],
			['task_id-missing', () => delete cb.data.task_id],
			['callbackType-unknown', () => (cb.data.callbackType = g.pick(['done', 'COMPLETE', 'success', 'complete ', '__proto__', 'toString']))],
			['callbackType-number', () => (cb.data.callbackType = 3)],
			['callbackType-array', () => (cb.data.callbackType = ['complete'])],
			['callbackType-missing', () => delete cb.data.callbackType],
			// JSON can name own toString/valueOf keys: String() of such an object throws
			['callbackType-toString-object', () => (cb.data.callbackType = { toString: 1, valueOf: 'x' })],
			['tracks-object', () => (cb.data.data = { 0: {} })],
			['tracks-string', () => (cb.data.data = 'tracks')],
			['tracks-number', () => (cb.data.data = 2)],
			['tracks-of-strings', () => (cb.data.data = ['a', 'b'])],
			['tracks-of-arrays', () => (cb.data.data = [[1], [2]])],
			['tracks-with-null', () => (cb.data.data = [null])],
			['tracks-101', () => (cb.data.data = Array.from({ length: 101 }, () => ({})))],
			['error-number', () => (cb.data.error = 501)],
			['error-object', () => (cb.data.error = { message: 'x' })],
		];
		const [variant, mutate] = g.pick(mutations);
		mutate();
		const sigId = typeof cb?.data?.task_id === 'string' ? cb.data.task_id : String(cb?.data?.task_id ?? taskId);
		return { variant, contentType: J, headers: g.signed(sigId), body: json(cb) };
	},

	'proto-keys': (g) => {
		const taskId = g.taskId();
		const env = () => g.callback(taskId, 'complete');
		const variants: Array<[string, () => string, boolean]> = [
			// [variant, JSON text, signed?]
			['__proto__-envelope', () => `{"__proto__":${JSON.stringify(env())}}`, true],
			['__proto__-in-valid', () => JSON.stringify(env()).replace('{"code":200', '{"__proto__":{"polluted":true},"code":200'), true],
			['__proto__-in-data', () => JSON.stringify(env()).replace('"callbackType"', '"__proto__":{"callbackType":"complete"},"callbackType"'), true],
			['__proto__-in-track', () => JSON.stringify(env()).replace('{"id"', `{"__proto__":{"audio_url":"${g.fileBase}/x"},"id"`), true],
			['__proto__-array', () => `{"__proto__":[1,2,3],"code":200}`, true],
			['constructor-prototype-envelope', () => `{"constructor":{"prototype":${JSON.stringify(env())}}}`, true],
			['constructor-prototype-code', () => `{"constructor":{"prototype":{"code":200}},"msg":"ok","data":${JSON.stringify(env().data)}}`, true],
			['prototype-envelope', () => `{"prototype":${JSON.stringify(env())}}`, true],
			['data-in-__proto__', () => `{"code":200,"msg":"ok","__proto__":{"data":${JSON.stringify(env().data)}}}`, true],
			['tracks-in-__proto__', () => JSON.stringify({ code: 200, msg: 'ok', data: { callbackType: 'complete', task_id: taskId } }).replace('"callbackType"', `"__proto__":{"data":[{}]},"callbackType"`), true],
			['constructor-keys-unsigned', () => JSON.stringify({ ...env(), constructor: { prototype: { isAdmin: true } }, toString: 'x', valueOf: 1 }), false],
			['hasOwnProperty-unsigned', () => JSON.stringify({ ...env(), hasOwnProperty: 'x', data: { ...env().data, hasOwnProperty: 1 } }), false],
		];
		const [variant, text, signed] = g.pick(variants);
		return { variant, contentType: J, headers: signed ? g.signed(taskId) : {}, body: Buffer.from(text()) };
	},

	'bad-signature': (g) => {
		const taskId = g.taskId();
		const cb = g.callback(taskId);
		const ts = String(Math.floor(Date.now() / 1000));
		const good = g.signed(taskId);
		const variants: Array<[string, () => Record<string, string>]> = [
			['missing', () => ({})],
			['timestamp-only', () => ({ 'x-webhook-timestamp': ts })],
			['signature-only', () => ({ 'x-webhook-signature': good['x-webhook-signature'] })],
			['wrong-key', () => g.sign(taskId, { key: 'not-the-key' })],
			['stale', () => g.sign(taskId, { offsetSec: -3600 })],
			['future', () => g.sign(taskId, { offsetSec: 3600 })],
			['other-task', () => g.sign(g.hex(32))],
			['timestamp-text', () => ({ ...good, 'x-webhook-timestamp': 'yesterday' })],
			['timestamp-negative', () => ({ ...good, 'x-webhook-timestamp': '-1' })],
			['timestamp-huge', () => ({ ...good, 'x-webhook-timestamp': '9'.repeat(40) })],
			['signature-hex', () => ({ ...good, 'x-webhook-signature': Buffer.from(good['x-webhook-signature'], 'base64').toString('hex') })],
			['signature-truncated', () => ({ ...good, 'x-webhook-signature': good['x-webhook-signature'].slice(0, 20) })],
			['signature-empty', () => ({ ...good, 'x-webhook-signature': '' })],
			['signature-huge', () => ({ ...good, 'x-webhook-signature': 'A'.repeat(4000) })],
			['signature-of-timestamp-swap', () => g.sign(`${ts}`, {})],
		];
		const [variant, headers] = g.pick(variants);
		return { variant, contentType: J, headers: headers(), body: json(cb) };
	},

	'content-type': (g) => {
		const taskId = g.taskId();
		const cb = g.callback(taskId, g.pick(['complete', 'error'] as const));
		const text = JSON.stringify(cb);
		const boundary = `----kiefaults${g.hex(8)}`;
		const variants: Array<[string, string | undefined, () => Buffer]> = [
			['form-kie-fields', 'application/x-www-form-urlencoded', () => Buffer.from(`code=${cb.code}&msg=ok&data[callbackType]=${cb.data.callbackType}&data[task_id]=${taskId}`)],
			['form-json-value', 'application/x-www-form-urlencoded', () => Buffer.from(`payload=${encodeURIComponent(text)}`)],
			['form-json-raw', 'application/x-www-form-urlencoded', () => Buffer.from(text)],
			['xml-kie', 'application/xml', () => Buffer.from(`<?xml version="1.0"?><root><code>${cb.code}</code><msg>ok</msg><data><callbackType>${cb.data.callbackType}</callbackType><task_id>${taskId}</task_id></data></root>`)],
			['xml-json', 'text/xml', () => Buffer.from(text)],
			['xml-entity', 'application/xml', () => Buffer.from(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>`)],
			['atom+xml', 'application/atom+xml', () => Buffer.from(`<feed><code>200</code></feed>`)],
			['octet-stream-json', 'application/octet-stream', () => Buffer.from(text)],
			['octet-stream-binary', 'application/octet-stream', () => Buffer.from(Array.from({ length: g.int(1, 4096) }, () => g.int(0, 255)))],
			['multipart-json-part', `multipart/form-data; boundary=${boundary}`, () => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="payload"; filename="cb.json"\r\nContent-Type: application/json\r\n\r\n${text}\r\n--${boundary}--\r\n`)],
			['multipart-fields', `multipart/form-data; boundary=${boundary}`, () => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n200\r\n--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(cb.data)}\r\n--${boundary}--\r\n`)],
			['multipart-broken', `multipart/form-data; boundary=${boundary}`, () => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated`)],
			['multipart-no-boundary', 'multipart/form-data', () => Buffer.from(text)],
			['multipart-mixed', `multipart/mixed; boundary=${boundary}`, () => Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${text}\r\n--${boundary}--\r\n`)],
			['text-html', 'text/html', () => Buffer.from(`<html><body>${text}</body></html>`)],
			['text-csv', 'text/csv', () => Buffer.from(`code,msg\n200,ok\n`)],
			['image-png-json', 'image/png', () => Buffer.from(text)],
			['x-json', 'application/x-json', () => Buffer.from(text)],
			['garbage-type', `${g.str(8)}/${g.str(8)}`.replace(/[^\x21-\x7e]/g, 'x'), () => Buffer.from(text)],
			['json-garbage-params', 'application/json; charset=utf-8; boundary=x; q=0', () => Buffer.from(g.str(40))],
			['vendor+json-garbage', 'application/vnd.kie.callback+json', () => Buffer.from(JSON.stringify(g.value(3)))],
		];
		const [variant, contentType, body] = g.pick(variants);
		// Everything here is signed correctly: only the content type (or the body) is wrong.
		return { variant, contentType, headers: g.signed(taskId), body: body() };
	},

	'invalid-json': (g) => {
		const taskId = g.taskId();
		const text = JSON.stringify(g.callback(taskId, 'complete'));
		const variants: Array<[string, () => Buffer]> = [
			['truncated', () => Buffer.from(text.slice(0, g.int(1, text.length - 1)))],
			['trailing-comma', () => Buffer.from(text.replace(/}$/, ',}'))],
			['single-quotes', () => Buffer.from(text.replace(/"/g, "'"))],
			['comments', () => Buffer.from(`/* kie */${text}// end`)],
			['nan', () => Buffer.from(text.replace('"code":200', '"code":NaN'))],
			['infinity', () => Buffer.from(text.replace('"code":200', '"code":Infinity'))],
			['hex-number', () => Buffer.from(text.replace('"code":200', '"code":0xC8'))],
			['unquoted-keys', () => Buffer.from(text.replace(/"(\w+)":/g, '$1:'))],
			['two-documents', () => Buffer.from(text + text)],
			['bom-garbage', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`garbage${text}`)])],
			// between tokens, not inside a string (there, a decoder would just make U+FFFD of them)
			['invalid-utf8', () => Buffer.concat([Buffer.from(text.slice(0, 1)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(text.slice(1))])],
			['utf16', () => Buffer.from(text, 'utf16le')],
			['control-chars', () => Buffer.from(text.replace('"ok"', '"o\u0001\u0002k"'))],
			['lone-brace', () => Buffer.from(g.pick(['{', '}', '[', ']', '"', ':', ',']))],
			['random-bytes', () => Buffer.from(Array.from({ length: g.int(1, 2048) }, () => g.int(0, 255)))],
			['undefined', () => Buffer.from('undefined')],
		];
		const [variant, body] = g.pick(variants);
		const contentType = g.pick([J, J, J, 'text/plain', undefined, 'application/json; charset=utf-8']);
		return { variant: `${variant}${contentType === undefined ? '-no-type' : contentType === 'text/plain' ? '-text' : ''}`, contentType, headers: g.signed(taskId), body: body() };
	},

	empty: (g) => {
		const contentType = g.pick([J, 'text/plain', undefined, 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/xml']);
		const body = g.pick(['', '', ' ', '\r\n\t ', '\u00a0', '{}', '[]', 'null', '""', '0']);
		const taskId = g.taskId();
		return { variant: `${JSON.stringify(body)}-${contentType ?? 'none'}`, contentType, headers: g.chance(0.5) ? g.signed(taskId) : {}, body: Buffer.from(body) };
	},
};

/**
 * `total` hostile requests (categories in proportion to CATEGORY_COUNTS), shuffled, reproducible
 * from `seed`. `knownTaskId` is a real task's id the suite later sends in a valid callback: some hostile
 * requests use it, so a hostile body that were accepted would also show up as a duplicate.
 * `fileBase`: the origin the hostile bodies name for their files (an internal address).
 */
export function generateHostile(rng: Rng, sign: Signer, knownTaskId: string, total = 1000, fileBase = 'http://127.0.0.1:1'): HostileRequest[] {
	const g = new Gen(rng, sign, knownTaskId, fileBase);
	const sum = Object.values(CATEGORY_COUNTS).reduce((a, b) => a + b, 0);
	const plan: string[] = [];
	for (const [category, count] of Object.entries(CATEGORY_COUNTS)) {
		for (let i = 0; i < Math.round((count * total) / sum); i++) plan.push(category);
	}
	while (plan.length < total) plan.push('random-json');
	plan.length = total;
	// Fisher-Yates with the same PRNG
	for (let i = plan.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		[plan[i], plan[j]] = [plan[j], plan[i]];
	}
	return plan.map((category, index) => {
		const made = makers[category](g, rng);
		if (made.body.length > MAX_BODY_BYTES) made.body = made.body.subarray(0, MAX_BODY_BYTES);
		return { index, category, ...made };
	});
}
