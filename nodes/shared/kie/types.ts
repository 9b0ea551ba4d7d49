import type { IDataObject } from 'n8n-workflow';

/**
 * The shape of Kie's facts. Each task type (music, lyrics, wav, stems, midi, video, coverImage)
 * has one data module implementing `TaskTypeDescriptor`: where its tasks are created and read, how
 * its status words map to stages, and how its answers become output items. Poll, resume, the
 * trigger, Get Task Details and downloads read only from these descriptors.
 */

export const TASK_TYPES = ['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export type Stage = 'pending' | 'text' | 'first' | 'complete' | 'error';
export const STAGE_ORDER: readonly Stage[] = ['pending', 'text', 'first', 'complete'];

export const API_ROUTES = ['perOperation', 'jobs'] as const;
export type ApiRoute = (typeof API_ROUTES)[number];

/** How one family's status words map to stages. Words are compared case-insensitively. */
export interface StatusWords {
	/** Where the word is in the details `data`; the first present field wins (Kie's docs disagree). */
	fields: readonly string[];
	pending: readonly string[];
	text?: readonly string[];
	first?: readonly string[];
	complete: readonly string[];
	/** Failure words and what they mean to a user. */
	failed: Readonly<Record<string, string>>;
}

/** An async create operation: one Kie endpoint per route. */
export interface CreateOperation {
	/** The node's `operation` value. */
	operation: string;
	/** Per-operation ("legacy") route: camelCase body. */
	perOperationPath: string;
	/** Jobs route model (`ai-music-api/<name>`); absent when Kie documents none. */
	jobsModel?: string;
	/** Publicly verified on the jobs route, so `auto` may send V6-family models there. */
	jobsVerified: boolean;
	/**
	 * Envelope codes with which Kie refuses a repeat but names the task it already made (cover:
	 * once per music task; WAV: once per track): that task is awaited instead of failing.
	 */
	existingTaskCodes?: readonly number[];
	/** Kie field → jobs input field where plain snake_case is wrong; `null` drops the field. */
	jobsFields?: Readonly<Record<string, string | null>>;
}

/** Kie's result for one task, mapped to the family's output fields (no common fields). */
export type ResultFields = IDataObject;

export interface ResultShape {
	/** From the per-operation details `data` (e.g. record-info). */
	fromDetails(data: IDataObject): ResultFields[];
	/** From a callback body (used only where nothing can be verified). */
	fromCallback(body: IDataObject): ResultFields[];
	/** From the jobs route's parsed `resultJson`. */
	fromJobs(result: unknown): ResultFields[];
	/** Whether an item carries the finished result (a file URL, lyrics text, notes). */
	isUsable(fields: ResultFields): boolean;
}

export interface CallbackFacts {
	/** Whether a callback body is this family's (checked in registry order). */
	matches(body: IDataObject): boolean;
	/** The stage a body claims: a hint only, never trusted for output. */
	claimedStage(body: IDataObject): Stage;
	/** The status word an unverified callback item reports for its stage (none: null). */
	statusForStage?: Readonly<Partial<Record<Stage, string>>>;
}

/** A file an output item can carry as binary data: downloaded from `url`, or written from `content`. */
export interface FileSpec {
	property: string;
	kind: 'audio' | 'image' | 'video' | 'midi';
	/** Appended to `<title>-<taskId>` in the file name. */
	suffix: string;
	url?: unknown;
	content?: Buffer;
}

export interface TaskTypeDescriptor {
	taskType: TaskType;
	/** Per-operation details endpoint (`GET …?taskId=`). */
	detailsPath: string;
	/** The stages this family reaches (events a trigger can select). */
	stages: readonly Stage[];
	status: StatusWords;
	result: ResultShape;
	callback: CallbackFacts;
	/** The files of one output item. */
	files(item: IDataObject): FileSpec[];
	operations: Readonly<Record<string, CreateOperation>>;
}
