import type { IDataObject } from 'n8n-workflow';

import type { ResultFields, Stage, TaskTypeDescriptor } from './types';
import { dig, isHttpUrl, isPlainObject, lowerWord, normalizeCreateTime, numberOrNull, objectsIn, pick, stringOrNull } from './values';

/**
 * Songs: Generate, Extend, Upload and Cover/Extend, Add Vocals/Instrumental, Replace Section,
 * Mashup (kie-suno-api.md §1-4, family §4, §12). Two tracks per task. Details answer camelCase
 * tracks in `response.sunoData`; callbacks snake_case tracks in `data.data`; the jobs route a
 * `resultJson` of `{ data: [song…] }` in snake_case.
 */

/** One output item per track, whichever casing Kie used. */
function tracks(list: unknown): ResultFields[] {
	const objects = objectsIn(list);
	return objects.map((track, trackIndex) => ({
		trackIndex,
		trackCount: objects.length,
		id: stringOrNull(track.id),
		audioUrl: stringOrNull(pick(track, 'audioUrl', 'audio_url')),
		streamAudioUrl: stringOrNull(pick(track, 'streamAudioUrl', 'stream_audio_url')),
		imageUrl: stringOrNull(pick(track, 'imageUrl', 'image_url')),
		title: stringOrNull(track.title),
		tags: stringOrNull(track.tags),
		prompt: stringOrNull(track.prompt),
		modelName: stringOrNull(pick(track, 'modelName', 'model_name')),
		duration: numberOrNull(track.duration),
		createTime: normalizeCreateTime(pick(track, 'createTime', 'create_time')),
	}));
}

/** Kie's numeric rules for song inputs (family §4.3-4.6, §11). */
export const MUSIC_RULES = {
	/** Upload and Cover / Extend take source audio of at most 8 minutes. */
	maxSourceSeconds: 480,
	/** Replace Section: the window is at least 10 s and at most half the track. */
	replaceSection: { minSeconds: 10, maxShareOfTrack: 0.5 },
	/** Mashup blends exactly two sources (`uploadUrlList` minItems = maxItems = 2). */
	mashupSources: 2,
} as const;

const CALLBACK_STAGES: Record<string, Stage> = {
	text: 'text',
	first: 'first',
	complete: 'complete',
	error: 'error',
	failed: 'error',
};

export const music: TaskTypeDescriptor = {
	taskType: 'music',
	detailsPath: '/api/v1/generate/record-info',
	stages: ['text', 'first', 'complete', 'error'],
	status: {
		fields: ['status'],
		pending: ['PENDING'],
		text: ['TEXT_SUCCESS'],
		first: ['FIRST_SUCCESS'],
		complete: ['SUCCESS'],
		failed: {
			CREATE_TASK_FAILED: 'Kie failed to create the task',
			GENERATE_AUDIO_FAILED: 'Kie failed to generate the audio',
			CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
			SENSITIVE_WORD_ERROR: 'Kie filtered the content for sensitive words; change the lyrics, style or title',
		},
	},
	result: {
		fromDetails: (data) => tracks(dig(data, ['response', 'sunoData'])),
		fromCallback: (body) => tracks(dig(body, ['data', 'data'])),
		fromJobs: (result) => tracks(isPlainObject(result) ? result.data : undefined),
		isUsable: (fields) => isHttpUrl(fields.audioUrl),
	},
	callback: {
		matches: (body) => isPlainObject(body.data) && body.data.callbackType !== undefined,
		claimedStage(body: IDataObject): Stage {
			if (body.code !== undefined && numberOrNull(body.code) !== 200) return 'error';
			const word = lowerWord(dig(body, ['data', 'callbackType']));
			return CALLBACK_STAGES[word] ?? 'complete';
		},
		statusForStage: { text: 'TEXT_SUCCESS', first: 'FIRST_SUCCESS', complete: 'SUCCESS' },
	},
	files: (item) => {
		const track = typeof item.trackIndex === 'number' ? item.trackIndex + 1 : 1;
		return [
			{ property: 'audio', url: item.audioUrl, kind: 'audio', suffix: String(track) },
			{ property: 'cover', url: item.imageUrl, kind: 'image', suffix: `${track}-cover` },
		];
	},
	operations: {
		generate: { operation: 'generate', perOperationPath: '/api/v1/generate', jobsModel: 'ai-music-api/generate', jobsVerified: true },
		extend: {
			operation: 'extend',
			perOperationPath: '/api/v1/generate/extend',
			jobsModel: 'ai-music-api/extend',
			jobsVerified: true,
			// The jobs route has no flag: fields that are left out are inherited from the source.
			jobsFields: { defaultParamFlag: null },
		},
		uploadAndCover: {
			operation: 'uploadAndCover',
			perOperationPath: '/api/v1/generate/upload-cover',
			jobsModel: 'ai-music-api/upload-and-cover-audio',
			jobsVerified: true,
		},
		uploadAndExtend: {
			operation: 'uploadAndExtend',
			perOperationPath: '/api/v1/generate/upload-extend',
			jobsModel: 'ai-music-api/upload-and-extend-audio',
			jobsVerified: false,
		},
		addVocals: {
			operation: 'addVocals',
			perOperationPath: '/api/v1/generate/add-vocals',
			jobsModel: 'ai-music-api/add-vocals',
			jobsVerified: true,
		},
		addInstrumental: {
			operation: 'addInstrumental',
			perOperationPath: '/api/v1/generate/add-instrumental',
			jobsModel: 'ai-music-api/add-instrumental',
			jobsVerified: true,
		},
		replaceSection: {
			operation: 'replaceSection',
			perOperationPath: '/api/v1/generate/replace-section',
			jobsModel: 'ai-music-api/replace-section',
			jobsVerified: false,
		},
		mashup: {
			operation: 'mashup',
			perOperationPath: '/api/v1/generate/mashup',
			jobsModel: 'ai-music-api/mashup',
			jobsVerified: false,
		},
	},
};
