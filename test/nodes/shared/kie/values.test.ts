/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** nodes/shared/kie/values.ts: lenient readers for Kie's drifting casings and types. */
import {
	dig,
	firstOf,
	isHttpUrl,
	isPlainObject,
	normalizeCreateTime,
	numberOrNull,
	objectsIn,
	parseJsonText,
	pick,
	stringOrNull,
	textOrNull,
} from '../../../../nodes/shared/kie/values';

describe('normalizeCreateTime', () => {
	it.each([
		[1786343609818, '2026-08-10T06:33:29.818Z'],
		[1786343609, '2026-08-10T06:33:29.000Z'],
		['1786343609818', '2026-08-10T06:33:29.818Z'],
		['2025-01-01 00:00:00', '2025-01-01T00:00:00.000Z'],
		['2025-01-01T12:30:45', '2025-01-01T12:30:45.000Z'],
		['2025-01-01 12:30:45.250', '2025-01-01T12:30:45.250Z'],
		['2025-01-01T12:30:45+02:00', '2025-01-01T10:30:45.000Z'],
		['2025-01-01T12:30:45Z', '2025-01-01T12:30:45.000Z'],
	])('%p → %p (no zone is read as UTC)', (input, expected) => {
		expect(normalizeCreateTime(input)).toBe(expected);
	});

	it('passes unparseable text through; empty values become null', () => {
		expect(normalizeCreateTime('yesterday')).toBe('yesterday');
		expect(normalizeCreateTime('  ')).toBeNull();
		expect(normalizeCreateTime('')).toBeNull();
		expect(normalizeCreateTime(null)).toBeNull();
		expect(normalizeCreateTime(undefined)).toBeNull();
		expect(normalizeCreateTime(Number.NaN)).toBeNull();
		expect(normalizeCreateTime({})).toBeNull();
	});
});

describe('scalar readers', () => {
	it('numberOrNull reads numbers and numeric strings only', () => {
		expect([numberOrNull(1.5), numberOrNull('198.44'), numberOrNull(' 7 '), numberOrNull('x'), numberOrNull(''), numberOrNull(null), numberOrNull(Infinity), numberOrNull(true)]).toEqual([
			1.5, 198.44, 7, null, null, null, null, null,
		]);
	});

	it('stringOrNull keeps text, turns finite numbers into text, drops the rest', () => {
		expect([stringOrNull('a'), stringOrNull(''), stringOrNull(42), stringOrNull(NaN), stringOrNull(null), stringOrNull({})]).toEqual(['a', '', '42', null, null, null]);
	});

	it('textOrNull treats "" and blanks as none (Kie sends both for "none")', () => {
		expect([textOrNull('msg'), textOrNull(''), textOrNull('  '), textOrNull(null), textOrNull(0)]).toEqual(['msg', null, null, null, '0']);
	});

	it('isHttpUrl accepts http(s) URLs only', () => {
		expect(['https://a.b/c', 'http://a', 'ftp://a', 'file:///x', 'javascript:alert(1)', 'not a url', 42].map(isHttpUrl)).toEqual([
			true, true, false, false, false, false, false,
		]);
	});
});

describe('structure readers', () => {
	it('pick returns the first present spelling; null counts as absent', () => {
		expect(pick({ audio_url: 'b', audioUrl: 'a' }, 'audioUrl', 'audio_url')).toBe('a');
		expect(pick({ audioUrl: null, audio_url: 'b' }, 'audioUrl', 'audio_url')).toBe('b');
		expect(pick({}, 'audioUrl')).toBeUndefined();
	});

	it('dig follows plain objects only', () => {
		expect(dig({ a: { b: { c: 1 } } }, ['a', 'b', 'c'])).toBe(1);
		expect(dig({ a: [{ b: 1 }] }, ['a', '0', 'b'])).toBeUndefined();
		expect(dig({ a: 'text' }, ['a', 'length'])).toBeUndefined();
		expect(dig(null, ['a'])).toBeUndefined();
	});

	it('objectsIn keeps the plain objects of a list', () => {
		expect(objectsIn([{ a: 1 }, null, [], 'x', { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
		expect(objectsIn({ a: 1 })).toEqual([]);
	});

	it('firstOf and isPlainObject', () => {
		expect(firstOf(['u', 'v'])).toBe('u');
		expect(firstOf('u')).toBeUndefined();
		expect([isPlainObject({}), isPlainObject([]), isPlainObject(null), isPlainObject('x')]).toEqual([true, false, false, false]);
	});

	it('parseJsonText parses Kie\'s JSON strings, passes objects through and never throws', () => {
		expect(parseJsonText('{"data":[1]}')).toEqual({ data: [1] });
		expect(parseJsonText({ data: [1] })).toEqual({ data: [1] });
		expect(parseJsonText('{broken')).toBeUndefined();
		expect(parseJsonText('')).toBeUndefined();
	});
});
