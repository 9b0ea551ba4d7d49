import type { IDataObject } from 'n8n-workflow';

import { normalizeInstruments, writeMidiFile } from '../midi';
import type { ResultFields, TaskTypeDescriptor } from './types';
import { dig, isPlainObject, lowerWord, numberOrNull } from './values';

/**
 * MIDI from separated stems (family §9). `successFlag` is an INTEGER here: 0 pending, 1 success,
 * 2 create failed, 3 MIDI failed (cover images use 2 for "generating": the maps stay separate).
 * Notes come as `midiData.instruments` (details) or `data.instruments` (callback); the callback's
 * task id is at the top level (`task_id`, EN docs) or in `data.taskId` ([3P]). The jobs result is
 * undocumented: the instruments bare, in `midiData` or in `resultObject` are all read.
 */

/** A list of instruments, even empty, is a result: a split_stem source may give no notes (family §9). */
function midiResult(instruments: unknown): ResultFields[] {
	if (!Array.isArray(instruments)) return [];
	return [{ instruments: normalizeInstruments(instruments) as unknown as IDataObject[] }];
}

export const midi: TaskTypeDescriptor = {
	taskType: 'midi',
	detailsPath: '/api/v1/midi/record-info',
	stages: ['complete', 'error'],
	status: {
		fields: ['successFlag', 'status'],
		pending: ['0', 'PENDING'],
		complete: ['1', 'SUCCESS'],
		failed: {
			'2': 'Kie failed to create the MIDI task',
			'3': 'Kie failed to generate the MIDI',
			CREATE_TASK_FAILED: 'Kie failed to create the MIDI task',
			GENERATE_MIDI_FAILED: 'Kie failed to generate the MIDI',
			CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
		},
	},
	result: {
		fromDetails: (data) => midiResult(dig(data, ['midiData', 'instruments'])),
		fromCallback: (body) => midiResult(dig(body, ['data', 'instruments'])),
		fromJobs: (result) => {
			const holder = dig(result, ['resultObject']) ?? result;
			return midiResult(dig(holder, ['midiData', 'instruments']) ?? dig(holder, ['instruments']));
		},
		isUsable: (fields) => Array.isArray(fields.instruments) && fields.instruments.length > 0,
	},
	callback: {
		matches: (body) => {
			const data = body.data;
			if (!isPlainObject(data)) return false;
			return Array.isArray(data.instruments) || (typeof data.state === 'string' && data.callbackType === undefined);
		},
		claimedStage: (body) => {
			const state = lowerWord(dig(body, ['data', 'state']));
			return numberOrNull(body.code) === 200 && state !== 'failed' && state !== 'fail' ? 'complete' : 'error';
		},
	},
	files: (item) =>
		Array.isArray(item.instruments)
			? [{ property: 'midi', kind: 'midi', suffix: '', content: writeMidiFile(normalizeInstruments(item.instruments)) }]
			: [],
	operations: {
		generateMidi: {
			operation: 'generateMidi',
			perOperationPath: '/api/v1/midi/generate',
			jobsModel: 'ai-music-api/generate-midi-from-audio',
			jobsVerified: false,
		},
	},
};
