import type { IDataObject } from 'n8n-workflow';

/**
 * "Same task id + stage starts one execution." Two layers:
 *
 * 1. A record in the node's workflow static data, which n8n saves with an active workflow and
 *    reloads for every call, so it survives restarts. It is a plain array of `[key, epochMs]`
 *    pairs (JSON-serializable, and no key can ever become an object property, so a hostile
 *    task id such as `__proto__` cannot pollute anything). Bounded: at most
 *    `DEDUPE_MAX_ENTRIES` entries, oldest evicted first, and entries older than
 *    `DEDUPE_MAX_AGE_MS` are dropped.
 * 2. A short-lived in-process record. n8n reloads static data from the database for each call
 *    and saves it only once the call is answered, so a duplicate that arrives while an accepted
 *    call is still running (e.g. downloading files after answering Kie) would not see layer 1 yet.
 */

export const DEDUPE_STATIC_KEY = 'kieSunoSeen';
export const DEDUPE_MAX_ENTRIES = 1000;
export const DEDUPE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export const IN_PROCESS_TTL_MS = 10 * 60 * 1000;
export const IN_PROCESS_MAX_ENTRIES = 1000;

export type SeenEntry = [string, number];

export function dedupeKey(taskId: string, stage: string): string {
	return `${taskId}|${stage}`;
}

function isEntry(value: unknown): value is SeenEntry {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'string' &&
		typeof value[1] === 'number' &&
		Number.isFinite(value[1])
	);
}

/** The valid, unexpired entries, oldest first. Anything malformed in static data is dropped. */
export function readSeen(staticData: IDataObject, nowMs: number): SeenEntry[] {
	const stored = staticData[DEDUPE_STATIC_KEY];
	if (!Array.isArray(stored)) return [];
	const entries: SeenEntry[] = [];
	for (const value of stored as unknown[]) {
		if (isEntry(value) && nowMs - value[1] <= DEDUPE_MAX_AGE_MS) entries.push([value[0], value[1]]);
	}
	return entries;
}

export function hasSeen(staticData: IDataObject, key: string, nowMs: number): boolean {
	return readSeen(staticData, nowMs).some(([seen]) => seen === key);
}

/**
 * Adds `added` (newer times win), oldest first, bounded. The array is replaced, not mutated, so
 * n8n's change tracking on static data notices the write and saves it. n8n loads and saves static data whole per
 * call without a lock, so calls accepted side by side each write the records of the others too
 * (`claimedIn`): whichever save lands last then still holds them all.
 */
export function mergeSeen(staticData: IDataObject, added: SeenEntry[], nowMs: number, maxEntries = DEDUPE_MAX_ENTRIES): void {
	const byKey = new Map<string, number>();
	for (const [key, time] of [...readSeen(staticData, nowMs), ...added]) {
		const before = byKey.get(key);
		byKey.delete(key); // a key added again is the newest among equal times
		byKey.set(key, Math.max(time, before ?? time));
	}
	const entries = [...byKey].sort((a, b) => a[1] - b[1]);
	staticData[DEDUPE_STATIC_KEY] = entries.slice(Math.max(0, entries.length - maxEntries));
}

// Layer 2: per process. Map keys are never object properties, so any string is safe.
const claims = new Map<string, number>();

/** Whether another call in this process accepted `scope` + `key` in the last `IN_PROCESS_TTL_MS`. */
export function isClaimed(scope: string, key: string, nowMs: number): boolean {
	const expires = claims.get(`${scope}\u0000${key}`);
	return expires !== undefined && expires > nowMs;
}

export function claim(scope: string, key: string, nowMs: number): void {
	const id = `${scope}\u0000${key}`;
	claims.delete(id);
	claims.set(id, nowMs + IN_PROCESS_TTL_MS);
	for (const [existing, expires] of claims) {
		if (claims.size <= IN_PROCESS_MAX_ENTRIES && expires > nowMs) break;
		claims.delete(existing);
	}
}

/** What this process accepted for `scope` in the last `IN_PROCESS_TTL_MS`, as record entries. */
export function claimedIn(scope: string, nowMs: number): SeenEntry[] {
	const prefix = `${scope}\u0000`;
	const entries: SeenEntry[] = [];
	for (const [id, expires] of claims) {
		if (expires > nowMs && id.startsWith(prefix)) entries.push([id.slice(prefix.length), expires - IN_PROCESS_TTL_MS]);
	}
	return entries;
}

/** Forgets every in-process claim, as a process restart does. */
export function forgetInProcessClaims(): void {
	claims.clear();
}
