import type { IDataObject } from 'n8n-workflow';

import { JOBS_REFUNDED_FAILURE, JOBS_STATES } from '../kie/jobs';
import type { ApiRoute, ResultFields, Stage, StatusWords, TaskType, TaskTypeDescriptor } from '../kie/types';
import { isPlainObject, numberOrNull, parseJsonText, pick, stringOrNull, textOrNull } from '../kie/values';

/**
 * Turns one task's answer from Kie (per-operation details, or jobs recordInfo) into its state and
 * output items, the same way for every family and route:
 * - a known in-progress word: not finished, the stage that word means;
 * - a success word with a result: finished, `complete`;
 * - a result with usable files or text, whatever the word (e.g. CALLBACK_EXCEPTION after Kie
 *   rendered and billed, when only the delivery failed): finished, `complete` (or `first` when only
 *   some tracks are usable): what was paid for is never dropped;
 * - a success word without any result, or a failure word without a usable one: one `error` item;
 * - an unknown word: not finished (keep waiting), the raw word reported in `status`.
 */

export interface TaskRef {
	taskId: string;
	taskType: TaskType;
	apiRoute: ApiRoute;
}

export interface TaskState {
	/** False when Kie has no such task on this route. */
	known: boolean;
	finished: boolean;
	stage: Stage;
	/** Kie's own status word, as text. */
	status: string | null;
	items: IDataObject[];
}

type WordMeaning = { kind: 'progress'; stage: Stage } | { kind: 'success' } | { kind: 'failure'; message: string } | { kind: 'unknown' };

// Kie's boost-style answered "成功" (success) live; "失败" is its failure twin (family §3.1).
const SUCCESS_WORDS = new Set(['成功']);
const FAILURE_WORDS = new Set(['失败']);

function has(list: readonly string[] | undefined, word: string): boolean {
	return (list ?? []).some((entry) => entry.toUpperCase() === word);
}

export function meaningOf(words: StatusWords, raw: string | null): WordMeaning {
	if (raw === null) return { kind: 'progress', stage: 'pending' };
	const word = raw.trim().toUpperCase();
	if (has(words.pending, word)) return { kind: 'progress', stage: 'pending' };
	if (has(words.text, word)) return { kind: 'progress', stage: 'text' };
	if (has(words.first, word)) return { kind: 'progress', stage: 'first' };
	if (has(words.complete, word) || SUCCESS_WORDS.has(word)) return { kind: 'success' };
	const failed = Object.entries(words.failed).find(([failure]) => failure.toUpperCase() === word);
	if (failed) return { kind: 'failure', message: failed[1] };
	// Kie's words for failures end alike (family §3.1); one not listed yet is still a failure.
	if (FAILURE_WORDS.has(word) || /_(FAILED|ERROR)$/.test(word)) return { kind: 'failure', message: 'Kie reported that the task failed' };
	return { kind: 'unknown' };
}

export function statusWord(data: IDataObject, words: StatusWords): string | null {
	return stringOrNull(pick(data, ...words.fields));
}

/** The fields every item has, in the order people read them. */
export function commonFields(ref: TaskRef, stage: Stage, status: string | null, code: number | null, msg: string | null): IDataObject {
	return { taskId: ref.taskId, taskType: ref.taskType, apiRoute: ref.apiRoute, stage, status, code, msg };
}

export function errorItem(ref: TaskRef, details: { status?: string | null; code?: number | null; msg?: string | null }): IDataObject {
	const msg = details.msg || 'Kie reported that the task failed';
	return { ...commonFields(ref, 'error', details.status ?? null, details.code ?? null, msg), error: msg };
}

/** An item for a task without a result yet (music keeps 0.1's track fields). */
export function placeholderItem(ref: TaskRef, stage: Stage, status: string | null, code: number | null, msg: string | null): IDataObject {
	const item = commonFields(ref, stage, status, code, msg);
	return ref.taskType === 'music' ? { ...item, trackIndex: null, trackCount: 0 } : item;
}

interface Answer {
	status: string | null;
	meaning: WordMeaning;
	fields: ResultFields[];
	code: number | null;
	msg: string | null;
}

function resolve(descriptor: TaskTypeDescriptor, ref: TaskRef, answer: Answer): TaskState {
	const { status, meaning, fields, code, msg } = answer;
	const withStage = (stage: Stage) => fields.map((result) => ({ ...commonFields(ref, stage, status, code, msg), ...result }));
	const usable = fields.filter((result) => descriptor.result.isUsable(result));
	if (meaning.kind === 'progress') {
		const items = fields.length > 0 ? withStage(meaning.stage) : [placeholderItem(ref, meaning.stage, status, code, msg)];
		return { known: true, finished: false, stage: meaning.stage, status, items };
	}
	if (usable.length > 0 || (meaning.kind === 'success' && fields.length > 0)) {
		const stage: Stage = meaning.kind === 'success' || usable.length === fields.length ? 'complete' : 'first';
		return { known: true, finished: true, stage, status, items: withStage(stage) };
	}
	if (meaning.kind === 'success' || meaning.kind === 'failure') {
		// A success word with nothing usable (no file, no text) has nothing to hand on either.
		const reason = meaning.kind === 'failure' ? meaning.message : 'Kie reported success but returned no result';
		const item = errorItem(ref, { status, code: meaning.kind === 'failure' ? code : null, msg: msg || reason });
		return { known: true, finished: true, stage: 'error', status, items: [item] };
	}
	return { known: true, finished: false, stage: 'pending', status, items: [placeholderItem(ref, 'pending', status, code, msg)] };
}

export function unknownTask(ref: TaskRef): TaskState {
	return { known: false, finished: false, stage: 'pending', status: null, items: [placeholderItem(ref, 'pending', null, null, null)] };
}

/** Per-operation details `data` (record-info and its siblings). */
export function interpretDetails(descriptor: TaskTypeDescriptor, ref: TaskRef, data: unknown): TaskState {
	if (!isPlainObject(data)) return unknownTask(ref);
	const status = statusWord(data, descriptor.status);
	return resolve(descriptor, ref, {
		status,
		meaning: meaningOf(descriptor.status, status),
		fields: descriptor.result.fromDetails(data),
		code: numberOrNull(data.errorCode) ?? 200,
		msg: textOrNull(pick(data, 'errorMessage', 'errorMsg')),
	});
}

/**
 * Jobs recordInfo `data`: `state`, `resultJson` (a JSON string), `failCode`, `failMsg`. A success
 * reports the family's own success word, so a finished task's items are the same on both routes.
 */
export function interpretJobs(descriptor: TaskTypeDescriptor, ref: TaskRef, data: unknown): TaskState {
	if (!isPlainObject(data)) return unknownTask(ref);
	const state = statusWord(data, JOBS_STATES);
	const meaning = meaningOf(JOBS_STATES, state);
	const status = meaning.kind === 'success' ? (descriptor.status.complete[0] ?? state) : state;
	let msg = textOrNull(data.failMsg);
	if (meaning.kind === 'failure' && msg !== null && JOBS_REFUNDED_FAILURE.test(msg)) {
		msg = `${msg} (Kie's upstream failed and Kie refunds the credits: run it again)`;
	}
	return resolve(descriptor, ref, {
		status,
		meaning,
		fields: descriptor.result.fromJobs(parseJsonText(data.resultJson)),
		code: numberOrNull(data.failCode) ?? (meaning.kind === 'failure' ? null : 200),
		msg,
	});
}

/**
 * A callback body read as it is, for a trigger that has no credential to ask Kie with. Its items
 * carry `verified: false` (added by the trigger): nothing here is confirmed.
 */
export function interpretCallback(descriptor: TaskTypeDescriptor, ref: TaskRef, body: IDataObject, claimedStage: Stage): TaskState {
	const code = numberOrNull(body.code);
	const msg = textOrNull(body.msg);
	if (claimedStage === 'error') {
		const error = textOrNull(isPlainObject(body.data) ? body.data.error : undefined);
		const item = { ...errorItem(ref, { code, msg: msg ?? error }), error: error ?? msg ?? 'Kie reported that the task failed' };
		return { known: true, finished: true, stage: 'error', status: null, items: [item] };
	}
	const status = descriptor.callback.statusForStage?.[claimedStage] ?? null;
	const fields = descriptor.result.fromCallback(body);
	const items = fields.length > 0
		? fields.map((result) => ({ ...commonFields(ref, claimedStage, status, code, msg), ...result }))
		: [placeholderItem(ref, claimedStage, status, code, msg)];
	return { known: true, finished: claimedStage === 'complete', stage: claimedStage, status, items };
}
