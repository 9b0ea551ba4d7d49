/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The lyrics descriptor (nodes/shared/kie/lyrics.ts) against every lyrics answer in the family
 * reference (§6, §12, §13 #13-14): details (EN `lyricsData`, CN `data`), callbacks ([K] `task_id`,
 * [S] `taskId`, [S] failure), the jobs route, every status word in every casing, hostile bodies.
 */
import type { IDataObject } from 'n8n-workflow';

import { lyrics } from '../../../../nodes/shared/kie/lyrics';
import { CASINGS, callback, common, details, errorOf, jobs, jobsData, NOT_OBJECTS, refOf } from './familyCases';

const TASK_ID = '3b66882fde0a5d398bd269cab6d9542b';
const ref = refOf('lyrics', TASK_ID);
const VERSE_1 = '[Verse]\nMoonlight spreads across the windowsill\n…';
const VERSE_2 = '[Verse]\n…';

/** Kie's success callback (docs.kie.ai generate-lyrics-callbacks, family §6), verbatim but for the id. */
const successCallback = (): IDataObject => ({
	code: 200,
	msg: 'All generated successfully.',
	data: {
		callbackType: 'complete',
		task_id: TASK_ID,
		data: [
			{ error_message: '', status: 'complete', text: VERSE_1, title: 'Starry Night Dreams' },
			{ error_message: '', status: 'complete', text: VERSE_2, title: 'Starry Night Dreams' },
		],
	},
});

/** Kie's details answer (docs.kie.ai EN, family §6); `listKey: 'data'` is the CN / dog-test spelling. */
const detailsAnswer = (status: unknown, listKey = 'lyricsData', list: unknown = [{ text: '[Verse]\n…', title: 'Iron Man', status: 'complete', errorMessage: '' }]) => ({
	taskId: TASK_ID,
	param: '{"prompt":"A song about peaceful night in the city"}',
	response: { taskId: TASK_ID, [listKey]: list },
	status,
	type: 'LYRICS',
	errorCode: null,
	errorMessage: null,
});

const ironMan = (stage: 'complete', status: string | null, code = 200, msg: string | null = null) => [
	{ ...common(ref, stage, status, code, msg), index: 0, count: 1, title: 'Iron Man', text: '[Verse]\n…' },
];

describe('lyrics descriptor: facts', () => {
	it('has Kie\'s paths, the jobs model, only complete/error stages and no files', () => {
		expect(lyrics.detailsPath).toBe('/api/v1/lyrics/record-info');
		expect(lyrics.operations.generate).toEqual({
			operation: 'generate',
			perOperationPath: '/api/v1/lyrics',
			jobsModel: 'ai-music-api/generate-lyrics',
			jobsVerified: true,
		});
		expect(lyrics.stages).toEqual(['complete', 'error']);
		expect(lyrics.files({ taskId: TASK_ID, text: 'x' })).toEqual([]);
	});
});

describe('lyrics descriptor: details (GET /api/v1/lyrics/record-info)', () => {
	it.each(['lyricsData', 'data'])('SUCCESS with the variants under response.%s: one item per variant', (listKey) => {
		const state = details(ref, detailsAnswer('SUCCESS', listKey));
		expect(state).toEqual({ known: true, finished: true, stage: 'complete', status: 'SUCCESS', items: ironMan('complete', 'SUCCESS') });
	});

	it.each(CASINGS('SUCCESS'))('the success word in any casing (%j) finishes the task', (word) => {
		const state = details(ref, detailsAnswer(word));
		expect(state.finished).toBe(true);
		expect(state.items).toEqual(ironMan('complete', word));
	});

	it.each(CASINGS('PENDING'))('PENDING (%j) keeps waiting with one pending item', (word) => {
		const pending = { ...detailsAnswer(word), response: { taskId: TASK_ID, lyricsData: null } };
		expect(details(ref, pending)).toEqual({
			known: true,
			finished: false,
			stage: 'pending',
			status: word,
			items: [common(ref, 'pending', word, 200, null)],
		});
	});

	it.each([
		['CREATE_TASK_FAILED', 'Kie failed to create the task'],
		['GENERATE_LYRICS_FAILED', 'Kie failed to generate the lyrics'],
		['SENSITIVE_WORD_ERROR', 'Kie filtered the prompt for sensitive words; change it'],
		['CALLBACK_EXCEPTION', 'Kie reported an error while delivering the callback'],
	])('%s without lyrics is one error item with the meaning of the word', (word, meaning) => {
		const failed = { ...detailsAnswer(word.toLowerCase()), response: null };
		expect(details(ref, failed)).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: word.toLowerCase(),
			items: [errorOf(ref, word.toLowerCase(), 200, meaning)],
		});
	});

	it('a failure with Kie\'s own errorCode and errorMessage reports those', () => {
		const failed = { ...detailsAnswer('GENERATE_LYRICS_FAILED'), response: null, errorCode: 501, errorMessage: 'Lyrics generation failed' };
		expect(details(ref, failed).items).toEqual([errorOf(ref, 'GENERATE_LYRICS_FAILED', 501, 'Lyrics generation failed')]);
	});

	it('CALLBACK_EXCEPTION with lyrics (only the delivery failed) keeps what Kie billed: complete', () => {
		const state = details(ref, detailsAnswer('CALLBACK_EXCEPTION'));
		expect(state.finished).toBe(true);
		expect(state.items).toEqual(ironMan('complete', 'CALLBACK_EXCEPTION'));
	});

	it('an unknown word keeps waiting and reports the raw word', () => {
		const state = details(ref, { ...detailsAnswer('REVIEWING'), response: null });
		expect(state).toEqual({ known: true, finished: false, stage: 'pending', status: 'REVIEWING', items: [common(ref, 'pending', 'REVIEWING', 200, null)] });
	});

	it('variants that failed or have no text are left out; index and count cover the usable ones', () => {
		const list = [
			{ text: '', title: 'Empty', status: 'complete', errorMessage: '' },
			{ text: '[Verse] kept', title: 'Kept', status: 'complete', errorMessage: '' },
			{ text: '[Verse] half', title: 'Failed', status: 'failed', errorMessage: 'Sensitive word' },
			{ text: null, title: 'Null', status: 'failed', errorMessage: 'x' },
			{ text: '[Verse] also kept', title: null, status: 'complete' },
		];
		expect(details(ref, detailsAnswer('SUCCESS', 'lyricsData', list)).items).toEqual([
			{ ...common(ref, 'complete', 'SUCCESS', 200, null), index: 0, count: 2, title: 'Kept', text: '[Verse] kept' },
			{ ...common(ref, 'complete', 'SUCCESS', 200, null), index: 1, count: 2, title: null, text: '[Verse] also kept' },
		]);
	});

	it('EN wins when both list keys are present; a null EN list falls back to the CN one', () => {
		const both = { ...detailsAnswer('SUCCESS'), response: { lyricsData: [{ text: 'EN', title: 'en' }], data: [{ text: 'CN', title: 'cn' }] } };
		expect(details(ref, both).items.map((item) => item.text)).toEqual(['EN']);
		const cnOnly = { ...detailsAnswer('SUCCESS'), response: { lyricsData: null, data: [{ text: 'CN', title: 'cn' }] } };
		expect(details(ref, cnOnly).items.map((item) => item.text)).toEqual(['CN']);
	});

	it.each(NOT_OBJECTS)('data %j (Kie\'s "not found" is data null) is an unknown task', (data) => {
		expect(details(ref, data)).toEqual({ known: false, finished: false, stage: 'pending', status: null, items: [common(ref, 'pending', null, null, null)] });
	});

	it.each([[{ lyricsData: 'text' }], ['a string'], [42], [[{ text: 'in an array' }]], [{ lyricsData: [null, 7, 'x', [], { title: 'no text' }] }]])(
		'a hostile response %j gives no variants, and SUCCESS without lyrics is an error item',
		(response) => {
			const state = details(ref, { ...detailsAnswer('SUCCESS'), response });
			const msg = 'Kie reported success but returned no result';
			expect(state.items).toEqual([{ ...common(ref, 'error', 'SUCCESS', null, msg), error: msg }]);
		},
	);
});

describe('lyrics descriptor: callbacks (trigger without credential)', () => {
	it('Kie\'s success callback: detected as lyrics, task id from data.task_id, one complete item per variant', () => {
		const state = callback(ref, successCallback());
		expect(state.detected).toBe('lyrics');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.finished).toBe(true);
		expect(state.items).toEqual([
			{ ...common(ref, 'complete', null, 200, 'All generated successfully.'), index: 0, count: 2, title: 'Starry Night Dreams', text: VERSE_1 },
			{ ...common(ref, 'complete', null, 200, 'All generated successfully.'), index: 1, count: 2, title: 'Starry Night Dreams', text: VERSE_2 },
		]);
	});

	it('[S] puts the task id in data.taskId; callbackType casing does not matter', () => {
		const body = successCallback();
		const data = body.data as IDataObject;
		delete data.task_id;
		data.taskId = TASK_ID;
		data.callbackType = 'COMPLETE';
		const state = callback(ref, body);
		expect(state.detected).toBe('lyrics');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.stage).toBe('complete');
		expect(state.items).toHaveLength(2);
	});

	it('[S] failure body: one error item with Kie\'s code and message (detected as music: the known ambiguity, the URL tag decides)', () => {
		const body = { code: 400, msg: 'Lyrics generation failed: sensitive words', data: { callbackType: 'error', taskId: TASK_ID, data: null } };
		const state = callback(ref, body);
		expect(state.detected).toBe('music');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state).toMatchObject({ finished: true, stage: 'error', status: null });
		expect(state.items).toEqual([errorOf(ref, null, 400, 'Lyrics generation failed: sensitive words')]);
	});

	it.each([500, 501, 531])('a complete callbackType with code %i is still an error', (code) => {
		const body = { ...successCallback(), code, msg: 'Server error' };
		expect(callback(ref, body).items).toEqual([errorOf(ref, null, code, 'Server error')]);
	});

	it('a music callback is never taken for lyrics (tracks have audio_url and id)', () => {
		const music = { code: 200, msg: 'ok', data: { callbackType: 'complete', task_id: TASK_ID, data: [{ id: 'a', audio_url: 'https://x/a.mp3', text: 'x' }] } };
		expect(lyrics.callback.matches(music)).toBe(false);
	});
});

describe('lyrics descriptor: jobs route (resultJson.resultObject.lyricsData)', () => {
	const jobsRef = refOf('lyrics', TASK_ID, 'jobs');
	const variant = { text: '[Verse] jobs', title: 'Jobs Title', status: 'complete', errorMessage: '' };

	it.each([
		['resultObject.lyricsData', { resultObject: { lyricsData: [variant] } }],
		['resultObject.data', { resultObject: { data: [variant] } }],
		['lyricsData', { lyricsData: [variant] }],
	])('state success with the variants in %s: the same item as the per-operation route (status SUCCESS)', (_where, result) => {
		expect(jobs(jobsRef, jobsData('success', result))).toEqual({
			known: true,
			finished: true,
			stage: 'complete',
			status: 'SUCCESS',
			items: [{ ...common(jobsRef, 'complete', 'SUCCESS', 200, null), index: 0, count: 1, title: 'Jobs Title', text: '[Verse] jobs' }],
		});
	});

	it.each(['waiting', 'queuing', 'GENERATING'])('state %s keeps waiting', (state) => {
		expect(jobs(jobsRef, jobsData(state))).toMatchObject({ finished: false, stage: 'pending', items: [common(jobsRef, 'pending', state, 200, null)] });
	});

	it('state fail with Kie\'s refundable upstream failure says the credits come back', () => {
		const state = jobs(jobsRef, jobsData('fail', undefined, { failCode: '400', failMsg: 'Upstream error, please try again later' }));
		const msg = 'Upstream error, please try again later (Kie\'s upstream failed and Kie refunds the credits: run it again)';
		expect(state).toEqual({ known: true, finished: true, stage: 'error', status: 'fail', items: [errorOf(jobsRef, 'fail', 400, msg)] });
	});

	it('a resultJson that is not JSON gives no variants', () => {
		const data = { ...jobsData('generating'), resultJson: '{"resultObject":' };
		expect(jobs(jobsRef, data).items).toEqual([common(jobsRef, 'pending', 'generating', 200, null)]);
	});
});
