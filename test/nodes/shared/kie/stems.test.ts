/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The stems descriptor (nodes/shared/kie/stems.ts) against every vocal-removal answer in the family
 * reference (§8, §12, §13 #11): details (camelCase `<stem>Url` + `originData`), callbacks under
 * `vocal_separation_info` (EN) or `vocal_removal_info` (CN) for both types, the undocumented jobs
 * result, every status word in every casing, hostile bodies, and one binary per stem.
 */
import type { IDataObject } from 'n8n-workflow';

import { stems } from '../../../../nodes/shared/kie/stems';
import { CASINGS, callback, common, details, errorOf, jobs, jobsData, NOT_OBJECTS, refOf } from './familyCases';

const TASK_ID = '3e63b4cc88d52611159371f6af5571e7';
const ref = refOf('stems', TASK_ID);
const VOCAL = 'https://file.aiquickdraw.com/s/3d70aaaa_Vocals.mp3';
const INSTRUMENTAL = 'https://file.aiquickdraw.com/s/d92aaaaa_Instrumental.mp3';

const NULL_STEMS = {
	backingVocalsUrl: null, drumsUrl: null, bassUrl: null, guitarUrl: null, pianoUrl: null, keyboardUrl: null,
	percussionUrl: null, stringsUrl: null, synthUrl: null, fxUrl: null, brassUrl: null, woodwindsUrl: null,
};

/** Kie's details answer (dog-test.kie.ai/cn get-vocal-separation-details-cn, family §8). */
const detailsAnswer = (flag: unknown, response: unknown = separateVocalResponse()) => ({
	taskId: TASK_ID,
	musicId: '376c687e-d439-42c1-b1e4-bcb43b095ec2',
	callbackUrl: 'https://example.com/callback',
	musicIndex: 0,
	completeTime: 1753782937000,
	response,
	successFlag: flag,
	createTime: 1753782854000,
	errorCode: null,
	errorMessage: null,
});

function separateVocalResponse(): IDataObject {
	return {
		id: null,
		originUrl: null,
		originData: [
			{ duration: 245.6, audio_url: 'https://example001.mp3', stem_type_group_name: 'Vocals', id: '3d7021c9-aaaa' },
			{ duration: 245.6, audio_url: 'https://example002.mp3', stem_type_group_name: 'Instrumental', id: 'd92a13bf-bbbb' },
		],
		instrumentalUrl: INSTRUMENTAL,
		vocalUrl: VOCAL,
		...NULL_STEMS,
	};
}

const STEM_TRACKS = [
	{ id: '3d7021c9-aaaa', name: 'Vocals', audioUrl: 'https://example001.mp3', duration: 245.6 },
	{ id: 'd92a13bf-bbbb', name: 'Instrumental', audioUrl: 'https://example002.mp3', duration: 245.6 },
];

/** The split_stem callback keys of family §8 ("piano_url not shown in callbacks"). */
const SPLIT_KEYS: Array<[string, string]> = [
	['vocal_url', 'vocalUrl'],
	['backing_vocals_url', 'backingVocalsUrl'],
	['drums_url', 'drumsUrl'],
	['bass_url', 'bassUrl'],
	['guitar_url', 'guitarUrl'],
	['keyboard_url', 'keyboardUrl'],
	['percussion_url', 'percussionUrl'],
	['strings_url', 'stringsUrl'],
	['synth_url', 'synthUrl'],
	['fx_url', 'fxUrl'],
	['brass_url', 'brassUrl'],
	['woodwinds_url', 'woodwindsUrl'],
];
const stemUrl = (key: string) => `https://file.aiquickdraw.com/s/${key}.mp3`;

describe('stems descriptor: facts', () => {
	it('has Kie\'s paths; the jobs model exists but is not verified, so auto never uses it', () => {
		expect(stems.detailsPath).toBe('/api/v1/vocal-removal/record-info');
		expect(stems.operations.separateStems).toEqual({
			operation: 'separateStems',
			perOperationPath: '/api/v1/vocal-removal/generate',
			jobsModel: 'ai-music-api/separate-vocals',
			jobsVerified: false,
		});
	});

	it('one binary per stem URL, named like the field without "Url"; origin and stemTracks are no files', () => {
		const item = { vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL, backingVocalsUrl: stemUrl('b'), originUrl: 'https://x/origin.mp3', stemTracks: STEM_TRACKS };
		expect(stems.files(item)).toEqual([
			{ property: 'vocal', url: VOCAL, kind: 'audio', suffix: 'vocal' },
			{ property: 'instrumental', url: INSTRUMENTAL, kind: 'audio', suffix: 'instrumental' },
			{ property: 'backingVocals', url: stemUrl('b'), kind: 'audio', suffix: 'backingVocals' },
		]);
	});
});

describe('stems descriptor: details (GET /api/v1/vocal-removal/record-info)', () => {
	it('Kie\'s separate_vocal answer: vocalUrl, instrumentalUrl, stemTracks (the ids Generate MIDI takes); null stems left out', () => {
		expect(details(ref, detailsAnswer('SUCCESS'))).toEqual({
			known: true,
			finished: true,
			stage: 'complete',
			status: 'SUCCESS',
			items: [{ ...common(ref, 'complete', 'SUCCESS', 200, null), vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL, stemTracks: STEM_TRACKS }],
		});
	});

	it('a split_stem answer fills every instrument field including pianoUrl, in interface order', () => {
		const response: IDataObject = { ...NULL_STEMS, id: null, originUrl: null, instrumentalUrl: null, originData: [] };
		for (const [, field] of SPLIT_KEYS) response[field] = stemUrl(field);
		response.pianoUrl = stemUrl('pianoUrl');
		const [item] = details(ref, detailsAnswer('SUCCESS', response)).items;
		expect(Object.keys(item)).toEqual([
			'taskId', 'taskType', 'apiRoute', 'stage', 'status', 'code', 'msg',
			'vocalUrl', 'backingVocalsUrl', 'drumsUrl', 'bassUrl', 'guitarUrl', 'pianoUrl', 'keyboardUrl', 'percussionUrl',
			'stringsUrl', 'synthUrl', 'fxUrl', 'brassUrl', 'woodwindsUrl',
		]);
		expect(item.pianoUrl).toBe(stemUrl('pianoUrl'));
		expect(stems.files(item).map((file) => file.property)).toEqual([
			'vocal', 'backingVocals', 'drums', 'bass', 'guitar', 'piano', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds',
		]);
	});

	it.each([...CASINGS('SUCCESS'), 1])('success written %j finishes the task', (flag) => {
		expect(details(ref, detailsAnswer(flag)).stage).toBe('complete');
	});

	it.each([...CASINGS('PENDING'), 0])('pending written %j keeps waiting', (flag) => {
		expect(details(ref, detailsAnswer(flag, null))).toEqual({
			known: true,
			finished: false,
			stage: 'pending',
			status: String(flag),
			items: [common(ref, 'pending', String(flag), 200, null)],
		});
	});

	it.each([
		['CREATE_TASK_FAILED', 'Kie failed to create the task'],
		['GENERATE_AUDIO_FAILED', 'Kie failed to separate the stems'],
		['CALLBACK_EXCEPTION', 'Kie reported an error while delivering the callback'],
		['SENSITIVE_WORD_ERROR', 'Kie filtered the track for sensitive words'],
		['2', 'Kie failed to create the task'],
		['3', 'Kie failed to separate the stems'],
	])('%s without stems is one error item', (flag, meaning) => {
		expect(details(ref, { ...detailsAnswer(flag, null), errorCode: 501 })).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: flag,
			items: [errorOf(ref, flag, 501, meaning)],
		});
	});

	it('a failure word with only originData (no stem URL) is still an error: origin is no result', () => {
		const response = { originUrl: 'https://x/origin.mp3', originData: [{ id: 'x', audio_url: 'https://x/o.mp3' }] };
		expect(details(ref, detailsAnswer('GENERATE_AUDIO_FAILED', response)).stage).toBe('error');
	});

	it('CALLBACK_EXCEPTION with stems keeps them: complete', () => {
		const state = details(ref, detailsAnswer('CALLBACK_EXCEPTION'));
		expect(state.stage).toBe('complete');
		expect(state.items[0]).toMatchObject({ status: 'CALLBACK_EXCEPTION', vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL });
	});

	it.each(NOT_OBJECTS)('data %j is an unknown task', (data) => {
		expect(details(ref, data).known).toBe(false);
	});

	it.each([['x'], [[VOCAL]], [{ vocalUrl: 5, instrumentalUrl: { url: INSTRUMENTAL }, drumsUrl: '' }], [{ originData: 'list' }]])(
		'a hostile response %j gives no stems',
		(response) => {
			expect(details(ref, detailsAnswer('PENDING', response)).items).toEqual([common(ref, 'pending', 'PENDING', 200, null)]);
		},
	);

	it('stemTracks entries keep only the four fields, coerced, whatever else an entry holds', () => {
		const response = { vocalUrl: VOCAL, originData: [{ id: 7, stemTypeGroupName: 'Vocals', audioUrl: 'https://x/v.mp3', duration: '12.5', extra: { deep: true } }, 'junk', null] };
		expect(details(ref, detailsAnswer('SUCCESS', response)).items[0].stemTracks).toEqual([
			{ id: '7', name: 'Vocals', audioUrl: 'https://x/v.mp3', duration: 12.5 },
		]);
	});
});

describe('stems descriptor: callbacks', () => {
	const separateCallback = (key: string, msg: string): IDataObject => ({
		code: 200,
		msg,
		data: { task_id: TASK_ID, [key]: { instrumental_url: INSTRUMENTAL, origin_url: '', vocal_url: VOCAL } },
	});

	it.each([
		['vocal_separation_info', 'vocal separation generated successfully.'],
		['vocal_removal_info', 'vocal Removal generated successfully.'],
	])('Kie\'s separate_vocal callback under %s: detected as stems, vocal and instrumental, empty origin left out', (key, msg) => {
		const state = callback(ref, separateCallback(key, msg));
		expect(state.detected).toBe('stems');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.items).toEqual([{ ...common(ref, 'complete', null, 200, msg), vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL }]);
	});

	it('a split_stem callback: every snake_case key becomes its camelCase field', () => {
		const info: IDataObject = { origin_url: 'https://file.aiquickdraw.com/s/origin.mp3' };
		for (const [key] of SPLIT_KEYS) info[key] = stemUrl(key);
		const state = callback(ref, { code: 200, msg: 'ok', data: { task_id: TASK_ID, vocal_removal_info: info } });
		const expected: IDataObject = { ...common(ref, 'complete', null, 200, 'ok') };
		for (const [key, field] of SPLIT_KEYS) expected[field] = stemUrl(key);
		expected.originUrl = 'https://file.aiquickdraw.com/s/origin.mp3';
		expect(state.items).toEqual([expected]);
	});

	it.each(['vocal_separation_info', 'vocal_removal_info'])('a failure callback (%s null) is detected and is one error item', (key) => {
		const state = callback(ref, { code: 501, msg: 'Vocal separation failed.', data: { task_id: TASK_ID, [key]: null } });
		expect(state.detected).toBe('stems');
		expect(state.items).toEqual([errorOf(ref, null, 501, 'Vocal separation failed.')]);
	});
});

describe('stems descriptor: jobs route (undocumented result)', () => {
	const jobsRef = refOf('stems', TASK_ID, 'jobs');
	const expected = (extra: IDataObject = {}) => [{ ...common(jobsRef, 'complete', 'SUCCESS', 200, null), vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL, ...extra }];

	it.each([
		['resultObject (details-like)', { resultObject: { vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL } }],
		['vocal_removal_info', { vocal_removal_info: { vocal_url: VOCAL, instrumental_url: INSTRUMENTAL } }],
		['response', { response: { vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL } }],
		['bare fields', { vocalUrl: VOCAL, instrumentalUrl: INSTRUMENTAL }],
	])('success with %s', (_shape, result) => {
		expect(jobs(jobsRef, jobsData('success', result)).items).toEqual(expected());
	});

	it('a bare resultUrls list: each URL under the stem its file name names (Kie\'s …_Vocals.mp3)', () => {
		expect(jobs(jobsRef, jobsData('success', { resultUrls: [INSTRUMENTAL, VOCAL] })).items).toEqual(expected());
	});

	it('resultUrls with backing vocals, a sandbox-style name, and one nobody can name (kept in resultUrls)', () => {
		const urls = ['https://x/s/abc_Backing_Vocals.mp3', 'https://x/files/t/drums.mp3', 'https://x/s/mystery.mp3', 'ftp://x/vocals.mp3', 42];
		expect(jobs(jobsRef, jobsData('success', { resultUrls: urls })).items).toEqual([
			{ ...common(jobsRef, 'complete', 'SUCCESS', 200, null), backingVocalsUrl: urls[0], drumsUrl: urls[1], resultUrls: ['https://x/s/mystery.mp3'] },
		]);
	});
});
