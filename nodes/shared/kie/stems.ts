import type { IDataObject } from 'n8n-workflow';

import { claimByCode, fileFamilyStatus } from './fileFamilies';
import type { FileSpec, ResultFields, TaskTypeDescriptor } from './types';
import { isHttpUrl, isPlainObject, numberOrNull, objectsIn, pick, stringOrNull, urlOrNull } from './values';

/**
 * Vocal and stem separation (family §8). Details: camelCase `<stem>Url` fields in `response`, plus
 * `originData[]` whose ids feed Generate MIDI. Callback: snake_case fields under
 * `vocal_separation_info` (EN docs) or `vocal_removal_info` (CN docs, dog-test). The jobs result is
 * undocumented: a details-like object (bare or in `resultObject`), or a bare `resultUrls` list whose
 * file names say the stem (Kie names its files `…_Vocals.mp3`, `…_Instrumental.mp3`).
 */

/** Output field → the names Kie uses for it. */
export const STEM_FIELDS: Readonly<Record<string, readonly string[]>> = {
	vocalUrl: ['vocalUrl', 'vocal_url'],
	instrumentalUrl: ['instrumentalUrl', 'instrumental_url'],
	backingVocalsUrl: ['backingVocalsUrl', 'backing_vocals_url'],
	drumsUrl: ['drumsUrl', 'drums_url'],
	bassUrl: ['bassUrl', 'bass_url'],
	guitarUrl: ['guitarUrl', 'guitar_url'],
	pianoUrl: ['pianoUrl', 'piano_url'],
	keyboardUrl: ['keyboardUrl', 'keyboard_url'],
	percussionUrl: ['percussionUrl', 'percussion_url'],
	stringsUrl: ['stringsUrl', 'strings_url'],
	synthUrl: ['synthUrl', 'synth_url'],
	fxUrl: ['fxUrl', 'fx_url'],
	brassUrl: ['brassUrl', 'brass_url'],
	woodwindsUrl: ['woodwindsUrl', 'woodwinds_url'],
	originUrl: ['originUrl', 'origin_url'],
};

const CALLBACK_KEYS = ['vocal_separation_info', 'vocal_removal_info'];

/** How a file name ends (letters and digits only, lower case) → its field; most specific first. */
const FILE_NAME_ENDINGS: ReadonlyArray<[string, string]> = [
	['backingvocals', 'backingVocalsUrl'],
	['vocals', 'vocalUrl'],
	['vocal', 'vocalUrl'],
	['instrumental', 'instrumentalUrl'],
	['drums', 'drumsUrl'],
	['bass', 'bassUrl'],
	['guitar', 'guitarUrl'],
	['piano', 'pianoUrl'],
	['keyboards', 'keyboardUrl'],
	['keyboard', 'keyboardUrl'],
	['percussion', 'percussionUrl'],
	['strings', 'stringsUrl'],
	['synth', 'synthUrl'],
	['fx', 'fxUrl'],
	['brass', 'brassUrl'],
	['woodwinds', 'woodwindsUrl'],
	['origin', 'originUrl'],
];


function stemResult(source: unknown): ResultFields[] {
	if (!isPlainObject(source)) return [];
	const fields: ResultFields = {};
	for (const [field, names] of Object.entries(STEM_FIELDS)) {
		const url = urlOrNull(pick(source, ...names));
		if (url !== null) fields[field] = url;
	}
	const origin = objectsIn(pick(source, 'originData', 'origin_data'));
	if (origin.length > 0) {
		fields.stemTracks = origin.map((track) => ({
			id: stringOrNull(track.id),
			name: stringOrNull(pick(track, 'stem_type_group_name', 'stemTypeGroupName')),
			audioUrl: stringOrNull(pick(track, 'audio_url', 'audioUrl')),
			duration: numberOrNull(track.duration),
		}));
	}
	return Object.keys(fields).length > 0 ? [fields] : [];
}

function fieldForFileName(url: string): string | undefined {
	let name: string;
	try {
		name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
	} catch {
		return undefined;
	}
	const squashed = name.replace(/\.[a-z0-9]{2,5}$/i, '').toLowerCase().replace(/[^a-z0-9]/g, '');
	return FILE_NAME_ENDINGS.find(([ending]) => squashed.endsWith(ending))?.[1];
}

/** A jobs `resultUrls` list: each URL under the stem its file name names; the rest stay in `resultUrls`. */
function stemsFromUrls(list: unknown): ResultFields[] {
	if (!Array.isArray(list)) return [];
	const fields: ResultFields = {};
	const unnamed: string[] = [];
	for (const url of list.filter(isHttpUrl)) {
		const field = fieldForFileName(url);
		if (field !== undefined && fields[field] === undefined) fields[field] = url;
		else unnamed.push(url);
	}
	if (unnamed.length > 0) fields.resultUrls = unnamed;
	return Object.keys(fields).length > 0 ? [fields] : [];
}

function jobsResult(result: unknown): ResultFields[] {
	if (!isPlainObject(result)) return [];
	const holder = pick(result, 'resultObject', ...CALLBACK_KEYS, 'response');
	const named = stemResult(holder ?? result);
	return named.length > 0 ? named : stemsFromUrls(result.resultUrls);
}

function callbackInfo(body: IDataObject): unknown {
	const data = isPlainObject(body.data) ? body.data : {};
	return pick(data, ...CALLBACK_KEYS);
}

export const stems: TaskTypeDescriptor = {
	taskType: 'stems',
	detailsPath: '/api/v1/vocal-removal/record-info',
	stages: ['complete', 'error'],
	status: fileFamilyStatus('Kie failed to separate the stems', {
		GENERATE_AUDIO_FAILED: 'Kie failed to separate the stems',
		SENSITIVE_WORD_ERROR: 'Kie filtered the track for sensitive words',
	}),
	result: {
		fromDetails: (data) => stemResult(data.response),
		fromCallback: (body) => stemResult(callbackInfo(body)),
		fromJobs: jobsResult,
		isUsable: (fields) => Object.keys(STEM_FIELDS).some((field) => field !== 'originUrl' && isHttpUrl(fields[field])),
	},
	callback: {
		matches: (body) => isPlainObject(body.data) && CALLBACK_KEYS.some((key) => key in (body.data as IDataObject)),
		claimedStage: claimByCode,
	},
	// One binary per stem, named like its field without "Url": vocal, instrumental, drums…
	files: (item) =>
		Object.keys(STEM_FIELDS)
			.filter((field) => field !== 'originUrl' && item[field] !== undefined)
			.map((field): FileSpec => {
				const stem = field.slice(0, -'Url'.length);
				return { property: stem, url: item[field], kind: 'audio', suffix: stem };
			}),
	operations: {
		separateStems: {
			operation: 'separateStems',
			perOperationPath: '/api/v1/vocal-removal/generate',
			jobsModel: 'ai-music-api/separate-vocals',
			jobsVerified: false,
		},
	},
};
