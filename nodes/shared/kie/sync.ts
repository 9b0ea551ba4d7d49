import type { IDataObject } from 'n8n-workflow';

import { isPlainObject, normalizeCreateTime, numberOrNull, objectsIn, pick, stringOrNull, textOrNull } from './values';

/**
 * Kie's synchronous Suno calls (family §5.2-5.4): one POST, the result at once in `data`, no task
 * to wait for and no callBackUrl. Kie's pages disagree on casing (§13 #19-20), so answers are read
 * leniently and written out in one casing (camelCase).
 */

export type SyncOperationName = 'getTimestampedLyrics' | 'boostStyle' | 'generatePersona';

/** Kie's answer as output fields, or why it is not a usable answer. */
export type SyncAnswer = { fields: IDataObject } | { problem: string };

export interface SyncOperation {
	path: string;
	/** What the user is doing, for error messages. */
	action: string;
	/** Kie's `data` (and the body that was sent) → output fields. */
	read(data: unknown, sent: IDataObject): SyncAnswer;
}

/** snake_case → camelCase, with the spellings Kie's pages use for the same field. */
const ALIASES: Readonly<Record<string, string>> = { start_s: 'startS', end_s: 'endS', p_align: 'palign', pAlign: 'palign' };

function camelKey(name: string): string {
	return ALIASES[name] ?? name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Every field of `source` not in `known`, camelCased (Kie's "other fields"); the first spelling wins. */
function otherFields(source: IDataObject, known: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(source)) {
		const key = camelKey(name);
		if (!known.includes(key) && !(key in out)) out[key] = value;
	}
	return out;
}

function alignedWord(word: IDataObject): IDataObject {
	return {
		word: stringOrNull(word.word),
		success: typeof word.success === 'boolean' ? word.success : null,
		startS: numberOrNull(pick(word, 'startS', 'start_s')),
		endS: numberOrNull(pick(word, 'endS', 'end_s')),
		palign: numberOrNull(pick(word, 'palign', 'p_align', 'pAlign')),
		...otherFields(word, ['word', 'success', 'startS', 'endS', 'palign']),
	};
}

function booleanOrNull(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return null;
}

const LYRICS_FIELDS = ['alignedWords', 'waveformData', 'hootCer', 'isStreamed'];

function timestampedLyrics(data: unknown): SyncAnswer {
	if (!isPlainObject(data)) return { problem: 'Kie answered without timestamped lyrics (no data)' };
	const words = pick(data, 'alignedWords', 'aligned_words');
	const waveform = pick(data, 'waveformData', 'waveform_data');
	return {
		fields: {
			// An instrumental track has no lyrics: Kie answers no words, which is a result, not an error.
			alignedWords: objectsIn(words).map(alignedWord),
			waveformData: Array.isArray(waveform) ? waveform.map(numberOrNull) : [],
			hootCer: numberOrNull(pick(data, 'hootCer', 'hoot_cer')),
			isStreamed: booleanOrNull(pick(data, 'isStreamed', 'is_streamed')),
			...otherFields(data, LYRICS_FIELDS),
		},
	};
}

// Live answers said "成功" (success); "失败" is its failure twin (family §3.1, §5.3).
const BOOST_FAILURE = /^(失败|fail(ed)?|.*_FAILED)$/i;

function boostStyle(data: unknown): SyncAnswer {
	if (!isPlainObject(data)) return { problem: 'Kie answered without a boosted style (no data)' };
	const style = textOrNull(data.result);
	const kieError = textOrNull(pick(data, 'errorMsg', 'errorMessage', 'error_msg', 'error_message'));
	const flag = stringOrNull(pick(data, 'successFlag', 'success_flag'));
	if (style === null || (flag !== null && BOOST_FAILURE.test(flag.trim()))) {
		return { problem: `Kie answered without a boosted style${kieError ? `: ${kieError}` : flag ? ` (status ${flag})` : ''}` };
	}
	return {
		fields: {
			style,
			content: stringOrNull(data.param),
			creditsConsumed: numberOrNull(pick(data, 'creditsConsumed', 'credits_consumed')),
			creditsRemaining: numberOrNull(pick(data, 'creditsRemaining', 'credits_remaining')),
			createTime: normalizeCreateTime(pick(data, 'createTime', 'create_time')),
		},
	};
}

function persona(data: unknown, sent: IDataObject): SyncAnswer {
	const personaId = isPlainObject(data) ? textOrNull(pick(data, 'personaId', 'persona_id')) : null;
	if (!isPlainObject(data) || personaId === null) return { problem: 'Kie answered without a persona ID' };
	return {
		fields: {
			personaId,
			name: stringOrNull(data.name) ?? stringOrNull(sent.name),
			description: stringOrNull(data.description) ?? stringOrNull(sent.description),
		},
	};
}

export const SYNC_OPERATIONS: Readonly<Record<SyncOperationName, SyncOperation>> = {
	getTimestampedLyrics: {
		path: '/api/v1/generate/get-timestamped-lyrics',
		action: 'getting the timestamped lyrics',
		read: timestampedLyrics,
	},
	boostStyle: { path: '/api/v1/style/generate', action: 'boosting the style', read: boostStyle },
	generatePersona: { path: '/api/v1/generate/generate-persona', action: 'generating the persona', read: persona },
};

/** Kie's rule for a persona's vocal window (family §5.4): defaults 0 and 30 s, length 10 to 30 s. */
export const PERSONA_VOCAL_WINDOW = { defaultStart: 0, defaultEnd: 30, minSeconds: 10, maxSeconds: 30 } as const;
