import type { IDataObject } from 'n8n-workflow';

import type { TaskTypeDescriptor } from './types';
import { dig, isPlainObject, lowerWord, numberOrNull, objectsIn, pick, stringOrNull, textOrNull } from './values';

/**
 * Lyrics (family §6): one `complete` (or error) callback; details list the variants under
 * `response.lyricsData` (EN docs) or `response.data` (CN docs); the jobs route nests them in
 * `resultObject.lyricsData`. A variant without text, or whose own status is `failed`, is left out.
 */

function variants(list: unknown) {
	const usable = objectsIn(list).filter(
		(variant) => textOrNull(variant.text) !== null && lowerWord(variant.status) !== 'failed',
	);
	return usable.map((variant, index) => ({
		index,
		count: usable.length,
		title: stringOrNull(variant.title),
		text: stringOrNull(variant.text),
	}));
}

function variantList(holder: unknown): unknown {
	return isPlainObject(holder) ? pick(holder, 'lyricsData', 'data') : undefined;
}

export const lyrics: TaskTypeDescriptor = {
	taskType: 'lyrics',
	detailsPath: '/api/v1/lyrics/record-info',
	stages: ['complete', 'error'],
	status: {
		fields: ['status', 'successFlag'],
		pending: ['PENDING'],
		complete: ['SUCCESS'],
		failed: {
			CREATE_TASK_FAILED: 'Kie failed to create the task',
			GENERATE_LYRICS_FAILED: 'Kie failed to generate the lyrics',
			CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
			SENSITIVE_WORD_ERROR: 'Kie filtered the prompt for sensitive words; change it',
		},
	},
	result: {
		fromDetails: (data) => variants(variantList(data.response)),
		fromCallback: (body) => variants(dig(body, ['data', 'data'])),
		fromJobs: (result) => variants(variantList(dig(result, ['resultObject'])) ?? variantList(result)),
		isUsable: (fields) => textOrNull(fields.text) !== null,
	},
	callback: {
		// A callbackType with variants that have text and no audio (family §3.2 rule 6).
		matches: (body) => {
			const data = body.data;
			if (!isPlainObject(data) || data.callbackType === undefined) return false;
			const entries = objectsIn(data.data);
			return entries.length > 0 && entries.every((entry) => entry.text !== undefined && entry.audio_url === undefined && entry.id === undefined);
		},
		claimedStage: (body: IDataObject) => {
			const word = lowerWord(dig(body, ['data', 'callbackType']));
			const failedCode = body.code !== undefined && numberOrNull(body.code) !== 200;
			return failedCode || word === 'error' || word === 'failed' ? 'error' : 'complete';
		},
	},
	files: () => [],
	operations: {
		generate: { operation: 'generate', perOperationPath: '/api/v1/lyrics', jobsModel: 'ai-music-api/generate-lyrics', jobsVerified: true },
	},
};
