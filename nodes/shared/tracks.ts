import type { IDataObject } from 'n8n-workflow';

/**
 * One output shape for every place results appear: the trigger, the action node's `poll` and
 * `resume` modes, and Get Task Details. Kie's callbacks use snake_case and record-info uses
 * camelCase; both map here, once.
 */

export type Stage = 'pending' | 'text' | 'first' | 'complete' | 'error';

export interface TrackItem extends IDataObject {
	taskId: string;
	stage: Stage;
	status: string | null;
	code: number | null;
	msg: string | null;
	trackIndex: number;
	trackCount: number;
	id: string | null;
	audioUrl: string | null;
	streamAudioUrl: string | null;
	imageUrl: string | null;
	title: string | null;
	tags: string | null;
	prompt: string | null;
	modelName: string | null;
	duration: number | null;
	createTime: string | null;
}

export interface TaskErrorItem extends IDataObject {
	taskId: string;
	stage: 'error';
	status: string | null;
	code: number | null;
	msg: string;
	error: string;
}

export type ResultItem = TrackItem | TaskErrorItem;

export const SUCCESS_STATUS = 'SUCCESS';

/** record-info statuses after which nothing changes any more. */
export const FAILURE_STATUSES: Record<string, string> = {
	CREATE_TASK_FAILED: 'Kie failed to create the task',
	GENERATE_AUDIO_FAILED: 'Kie failed to generate the audio',
	CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
	SENSITIVE_WORD_ERROR: 'Kie filtered the content for sensitive words; change the lyrics, style or title',
};

const STAGE_BY_STATUS: Record<string, Stage> = {
	PENDING: 'pending',
	TEXT_SUCCESS: 'text',
	FIRST_SUCCESS: 'first',
	SUCCESS: 'complete',
};

const STATUS_BY_STAGE: Record<string, string> = {
	text: 'TEXT_SUCCESS',
	first: 'FIRST_SUCCESS',
	complete: 'SUCCESS',
};

export function isTerminalStatus(status: string | null | undefined): boolean {
	return status === SUCCESS_STATUS || (status !== null && status !== undefined && status in FAILURE_STATUSES);
}

export function stageForStatus(status: string): Stage {
	return STAGE_BY_STATUS[status] ?? (status in FAILURE_STATUSES ? 'error' : 'pending');
}

export function statusForStage(stage: string): string | null {
	return STATUS_BY_STAGE[stage] ?? null;
}

function stringOrNull(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function numberOrNull(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
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

/** Reads a track field under its camelCase (record-info) or snake_case (callback) name. */
function field(track: IDataObject, camel: string, snake: string): unknown {
	return track[camel] !== undefined ? track[camel] : track[snake];
}

export interface TrackContext {
	taskId: string;
	stage: Stage;
	status: string | null;
	code: number | null;
	msg: string | null;
}

/** Maps Kie's tracks (either casing) to output items, one per track. */
export function normalizeTracks(tracks: unknown[], context: TrackContext): TrackItem[] {
	const objects = tracks.filter(
		(track): track is IDataObject => typeof track === 'object' && track !== null && !Array.isArray(track),
	);
	return objects.map((track, trackIndex) => ({
		taskId: context.taskId,
		stage: context.stage,
		status: context.status,
		code: context.code,
		msg: context.msg,
		trackIndex,
		trackCount: objects.length,
		id: stringOrNull(track.id),
		audioUrl: stringOrNull(field(track, 'audioUrl', 'audio_url')),
		streamAudioUrl: stringOrNull(field(track, 'streamAudioUrl', 'stream_audio_url')),
		imageUrl: stringOrNull(field(track, 'imageUrl', 'image_url')),
		title: stringOrNull(track.title),
		tags: stringOrNull(track.tags),
		prompt: stringOrNull(track.prompt),
		modelName: stringOrNull(field(track, 'modelName', 'model_name')),
		duration: numberOrNull(track.duration),
		createTime: normalizeCreateTime(track.createTime ?? track.create_time),
	}));
}

/** An item for a task that has no tracks yet (pending, or a text stage). */
export function trackFreeItem(context: TrackContext): IDataObject {
	return {
		taskId: context.taskId,
		stage: context.stage,
		status: context.status,
		code: context.code,
		msg: context.msg,
		trackIndex: null,
		trackCount: 0,
	};
}

export function taskErrorItem(
	taskId: string,
	details: { status?: string | null; code?: number | null; msg?: string | null; error?: string | null },
): TaskErrorItem {
	const fallback =
		(details.status && FAILURE_STATUSES[details.status]) || 'Kie reported that the generation failed';
	const msg = details.msg || details.error || fallback;
	return {
		taskId,
		stage: 'error',
		status: details.status ?? null,
		code: details.code ?? null,
		msg,
		error: details.error || msg,
	};
}

/** `data` of a record-info response, as far as this package reads it. */
export interface RecordInfo extends IDataObject {
	taskId?: string;
	status?: string;
	errorCode?: number | null;
	errorMessage?: string | null;
	response?: IDataObject | null;
}

/** Normalizes a record-info `data` object to output items. */
export function normalizeRecordInfo(taskId: string, data: RecordInfo): IDataObject[] {
	const status = typeof data.status === 'string' ? data.status : 'PENDING';
	const stage = stageForStatus(status);
	if (stage === 'error') {
		return [
			taskErrorItem(taskId, {
				status,
				code: numberOrNull(data.errorCode),
				msg: stringOrNull(data.errorMessage),
			}),
		];
	}
	const response = (data.response ?? {}) as IDataObject;
	const tracks = Array.isArray(response.sunoData) ? (response.sunoData as unknown[]) : [];
	const context: TrackContext = { taskId, stage, status, code: 200, msg: null };
	const items = normalizeTracks(tracks, context);
	return items.length > 0 ? items : [trackFreeItem(context)];
}
