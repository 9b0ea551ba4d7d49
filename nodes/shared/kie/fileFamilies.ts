import type { IDataObject } from 'n8n-workflow';

import type { CreateOperation, FileSpec, ResultFields, Stage, StatusWords, TaskTypeDescriptor } from './types';
import { dig, firstOf, isHttpUrl, isPlainObject, numberOrNull, pick, urlOrNull } from './values';

/**
 * What the file families (WAV, stems, music video) share: one callback with no callbackType
 * (`code` 200 or not), `successFlag` words (a CN page: `status`), and, where Kie's docs show an
 * integer flag, Kie's own integer vocabulary (the MIDI page: 0 pending, 1 success, 2 create failed,
 * 3 failed; family §3.1, §13 #17).
 */

export function claimByCode(body: IDataObject): Stage {
	return numberOrNull(body.code) === 200 ? 'complete' : 'error';
}

export function fileFamilyStatus(failure: string, failed: Readonly<Record<string, string>>): StatusWords {
	return {
		fields: ['successFlag', 'status'],
		pending: ['PENDING', '0'],
		complete: ['SUCCESS', '1'],
		failed: {
			CREATE_TASK_FAILED: 'Kie failed to create the task',
			CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
			'2': 'Kie failed to create the task',
			'3': failure,
			...failed,
		},
	};
}

/** A family whose result is one file URL (WAV, music video). */
export interface SingleFileFamily {
	taskType: 'wav' | 'video';
	detailsPath: string;
	/** Output field, e.g. `wavUrl`. */
	field: string;
	/** Kie's names for it, in details `response` and in the callback's `data`. */
	names: readonly string[];
	status: StatusWords;
	file: Omit<FileSpec, 'url' | 'suffix'>;
	operations: Readonly<Record<string, CreateOperation>>;
}

export function singleFileDescriptor(family: SingleFileFamily): TaskTypeDescriptor {
	const result = (holder: unknown): ResultFields[] => {
		const url = isPlainObject(holder) ? urlOrNull(pick(holder, ...family.names)) : null;
		return url === null ? [] : [{ [family.field]: url }];
	};
	return {
		taskType: family.taskType,
		detailsPath: family.detailsPath,
		stages: ['complete', 'error'],
		status: family.status,
		result: {
			fromDetails: (data) => result(data.response),
			fromCallback: (body) => result(body.data),
			// The jobs route answers `resultUrls: [url]` (family §12).
			fromJobs: (answer) => {
				const url = urlOrNull(firstOf(dig(answer, ['resultUrls'])));
				return url !== null ? [{ [family.field]: url }] : result(dig(answer, ['resultObject']) ?? answer);
			},
			isUsable: (fields) => isHttpUrl(fields[family.field]),
		},
		callback: {
			matches: (body) => isPlainObject(body.data) && family.names.some((name) => name in (body.data as IDataObject)),
			claimedStage: claimByCode,
		},
		files: (item) => [{ ...family.file, url: item[family.field], suffix: '' }],
		operations: family.operations,
	};
}
