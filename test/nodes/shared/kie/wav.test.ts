/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The WAV descriptor (nodes/shared/kie/wav.ts) against every WAV answer in the family reference
 * (§7, §12, §13 #12, #17): details (`successFlag` or CN `status`, string or integer), callbacks
 * (`audioWavUrl` / `audio_wav_url`), the jobs route (`resultUrls`), casing, hostile bodies, files.
 */
import type { IDataObject } from 'n8n-workflow';

import { wav } from '../../../../nodes/shared/kie/wav';
import { CASINGS, callback, common, details, errorOf, jobs, jobsData, NOT_OBJECTS, refOf } from './familyCases';

const TASK_ID = '988e1234c8d3';
const WAV_URL = 'https://example.com/s/04e6aaaae727.wav';
const ref = refOf('wav', TASK_ID);

/** Kie's details answer (dog-test + docs.kie.ai/cn, family §7); `statusKey: 'status'` is the CN spelling. */
const detailsAnswer = (flag: unknown, statusKey = 'successFlag', response: unknown = { audioWavUrl: WAV_URL }) => ({
	taskId: TASK_ID,
	musicId: 'e231aaaa8cadc7dc',
	callbackUrl: 'https://api.example.com/callback',
	musicIndex: 0,
	completeTime: '2025-01-01 00:10:00',
	response,
	[statusKey]: flag,
	createTime: '2025-01-01 00:00:00',
	errorCode: null,
	errorMessage: null,
});

const wavItem = (status: string | null, code: number | null = 200, msg: string | null = null, at = ref) => [
	{ ...common(at, 'complete', status, code, msg), wavUrl: WAV_URL },
];

describe('wav descriptor: facts', () => {
	it('has Kie\'s paths, the jobs model, and awaits the earlier task on 409 "WAV record already exists"', () => {
		expect(wav.detailsPath).toBe('/api/v1/wav/record-info');
		expect(wav.operations.convertToWav).toEqual({
			operation: 'convertToWav',
			perOperationPath: '/api/v1/wav/generate',
			jobsModel: 'ai-music-api/convert-to-wav-format',
			jobsVerified: true,
			existingTaskCodes: [409],
		});
		expect(wav.stages).toEqual(['complete', 'error']);
	});

	it('the file is the binary "audio" from wavUrl', () => {
		expect(wav.files({ taskId: TASK_ID, wavUrl: WAV_URL })).toEqual([{ property: 'audio', url: WAV_URL, kind: 'audio', suffix: '' }]);
	});
});

describe('wav descriptor: details (GET /api/v1/wav/record-info)', () => {
	it.each(['successFlag', 'status'])('SUCCESS in %s: one item with wavUrl', (statusKey) => {
		expect(details(ref, detailsAnswer('SUCCESS', statusKey))).toEqual({ known: true, finished: true, stage: 'complete', status: 'SUCCESS', items: wavItem('SUCCESS') });
	});

	it.each([...CASINGS('SUCCESS'), 1, '1'])('success written %j finishes the task', (flag) => {
		const state = details(ref, detailsAnswer(flag));
		expect(state.finished).toBe(true);
		expect(state.items).toEqual(wavItem(String(flag)));
	});

	it.each([...CASINGS('PENDING'), 0, '0'])('pending written %j keeps waiting', (flag) => {
		expect(details(ref, detailsAnswer(flag, 'successFlag', null))).toEqual({
			known: true,
			finished: false,
			stage: 'pending',
			status: String(flag),
			items: [common(ref, 'pending', String(flag), 200, null)],
		});
	});

	it.each([
		['CREATE_TASK_FAILED', 'Kie failed to create the task'],
		['GENERATE_WAV_FAILED', 'Kie failed to convert the track to WAV'],
		['GENERATE_AUDIO_FAILED', 'Kie failed to convert the track to WAV'],
		['CALLBACK_EXCEPTION', 'Kie reported an error while delivering the callback'],
		['SENSITIVE_WORD_ERROR', 'Kie filtered the track for sensitive words'],
		['2', 'Kie failed to create the task'],
		['3', 'Kie failed to convert the track to WAV'],
	])('%s without a file is one error item', (flag, meaning) => {
		expect(details(ref, detailsAnswer(flag, 'successFlag', null))).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: flag,
			items: [errorOf(ref, flag, 200, meaning)],
		});
	});

	it('Kie\'s errorCode and errorMessage win over the word\'s meaning', () => {
		const failed = { ...detailsAnswer('GENERATE_WAV_FAILED', 'status', null), errorCode: 501, errorMessage: 'WAV generation failed' };
		expect(details(ref, failed).items).toEqual([errorOf(ref, 'GENERATE_WAV_FAILED', 501, 'WAV generation failed')]);
	});

	it('CALLBACK_EXCEPTION with the file keeps it: complete', () => {
		expect(details(ref, detailsAnswer('CALLBACK_EXCEPTION')).items).toEqual(wavItem('CALLBACK_EXCEPTION'));
	});

	it('successFlag wins over status when both are present (the EN field)', () => {
		const both = { ...detailsAnswer('PENDING', 'successFlag', null), status: 'SUCCESS' };
		expect(details(ref, both).stage).toBe('pending');
	});

	it('the snake_case audio_wav_url in response is read too', () => {
		expect(details(ref, detailsAnswer('SUCCESS', 'successFlag', { audio_wav_url: WAV_URL })).items).toEqual(wavItem('SUCCESS'));
	});

	it('an empty URL is no result: pending stays pending, an unknown word keeps waiting', () => {
		expect(details(ref, detailsAnswer('PENDING', 'successFlag', { audioWavUrl: '' })).items).toEqual([common(ref, 'pending', 'PENDING', 200, null)]);
		expect(details(ref, detailsAnswer('CONVERTING', 'successFlag', { audioWavUrl: '  ' }))).toMatchObject({ finished: false, stage: 'pending', status: 'CONVERTING' });
	});

	it('a non-http URL with a failure word is not a usable result: error', () => {
		const state = details(ref, detailsAnswer('GENERATE_WAV_FAILED', 'successFlag', { audioWavUrl: 'file:///etc/passwd' }));
		expect(state.stage).toBe('error');
		expect(state.items).toEqual([errorOf(ref, 'GENERATE_WAV_FAILED', 200, 'Kie failed to convert the track to WAV')]);
	});

	it.each(NOT_OBJECTS)('data %j is an unknown task', (data) => {
		expect(details(ref, data).known).toBe(false);
	});

	it.each([['x'], [42], [[WAV_URL]], [{ audioWavUrl: 42 }], [{ audioWavUrl: { url: WAV_URL } }]])('a hostile response %j gives no wavUrl', (response) => {
		const state = details(ref, detailsAnswer('PENDING', 'successFlag', response));
		expect(state.items).toEqual([common(ref, 'pending', 'PENDING', 200, null)]);
	});
});

describe('wav descriptor: callbacks', () => {
	/** Kie's callback (docs.kie.ai convert-to-wav-callbacks; dog-test CN spells the key audio_wav_url). */
	const callbackBody = (key = 'audioWavUrl'): IDataObject => ({ code: 200, msg: 'success', data: { [key]: WAV_URL, task_id: TASK_ID } });

	it.each(['audioWavUrl', 'audio_wav_url'])('success with %s: detected as wav, one complete item', (key) => {
		const state = callback(ref, callbackBody(key));
		expect(state.detected).toBe('wav');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state).toMatchObject({ finished: true, stage: 'complete', status: null });
		expect(state.items).toEqual(wavItem(null, 200, 'success'));
	});

	it.each([400, 500, 501])('a failure callback (code %i, key null) is one error item', (code) => {
		const body = { code, msg: 'WAV generation failed.', data: { task_id: TASK_ID, audioWavUrl: null } };
		const state = callback(ref, body);
		expect(state.detected).toBe('wav');
		expect(state.items).toEqual([errorOf(ref, null, code, 'WAV generation failed.')]);
	});
});

describe('wav descriptor: jobs route (resultJson.resultUrls)', () => {
	const jobsRef = refOf('wav', TASK_ID, 'jobs');

	it.each([
		['resultUrls', { resultUrls: [WAV_URL] }],
		['a details-like object', { audioWavUrl: WAV_URL }],
		['resultObject', { resultObject: { audio_wav_url: WAV_URL } }],
	])('success with %s', (_shape, result) => {
		expect(jobs(jobsRef, jobsData('success', result)).items).toEqual(wavItem('SUCCESS', 200, null, jobsRef));
	});

	it('an empty or hostile resultUrls gives no file', () => {
		expect(jobs(jobsRef, jobsData('generating', { resultUrls: [] })).items).toEqual([common(jobsRef, 'pending', 'generating', 200, null)]);
		expect(jobs(jobsRef, jobsData('generating', { resultUrls: [42, null] })).items).toEqual([common(jobsRef, 'pending', 'generating', 200, null)]);
		expect(jobs(jobsRef, jobsData('generating', { resultUrls: 'https://x/a.wav' })).items).toEqual([common(jobsRef, 'pending', 'generating', 200, null)]);
	});

	it('fail is an error item with failCode and failMsg', () => {
		expect(jobs(jobsRef, jobsData('fail', undefined, { failCode: '501', failMsg: 'conversion failed' })).items).toEqual([
			errorOf(jobsRef, 'fail', 501, 'conversion failed'),
		]);
	});
});
