import type { IDataObject } from 'n8n-workflow';

/** Lenient readers for Kie's values: its docs and answers drift between casings and types. */

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOrNull(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A non-empty string, else null (Kie sends `""` and `null` alike for "none"). */
export function textOrNull(value: unknown): string | null {
	const text = stringOrNull(value);
	return text === null || text.trim() === '' ? null : text;
}

/**
 * A word from an untrusted body, lower-cased; '' for anything that is not a string. (`String()` of
 * a JSON object with its own `toString` key throws: a callback body must never be able to do that.)
 */
export function lowerWord(value: unknown): string {
	return typeof value === 'string' ? value.toLowerCase() : '';
}

/** A URL is text; Kie sends `""` and `null` alike for "none". */
export function urlOrNull(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function numberOrNull(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

/** The first of `names` that is present on `object` (camelCase or snake_case spellings). */
export function pick(object: IDataObject, ...names: string[]): unknown {
	for (const name of names) {
		if (object[name] !== undefined && object[name] !== null) return object[name];
	}
	return undefined;
}

/** Follows a path of keys through plain objects; undefined when any step is missing. */
export function dig(value: unknown, path: readonly string[]): unknown {
	let current = value;
	for (const key of path) {
		if (!isPlainObject(current)) return undefined;
		current = current[key];
	}
	return current;
}

/** The first entry of a list (Kie's jobs route answers `resultUrls: [url]`). */
export function firstOf(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : undefined;
}

export function objectsIn(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/**
 * Kie sends `createTime` as "2025-01-01 00:00:00" (no zone; read as UTC) or as epoch milliseconds.
 * Both become an ISO 8601 string; anything unparseable is passed through as text.
 */
export function normalizeCreateTime(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) {
		const millis = value < 1e11 ? value * 1000 : value;
		const date = new Date(millis);
		return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
	}
	if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		if (/^\d{12,14}$/.test(text)) return normalizeCreateTime(Number(text));
		const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
		if (match) {
			const date = new Date(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
			if (!Number.isNaN(date.getTime())) return date.toISOString();
		}
		return text;
	}
	return null;
}

/** Kie's `resultJson` is a JSON string; a parsed object is accepted too. */
export function parseJsonText(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return undefined;
	}
}

export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}
