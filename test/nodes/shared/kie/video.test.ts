/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The music video descriptor (nodes/shared/kie/video.ts) against every MP4 answer in the family
 * reference (§10, §12, §3.1): details ([S] values), the callback (`video_url`), the jobs route
 * (`resultUrls`), every status word in every casing, hostile bodies, files.
 */

import { video } from '../../../../nodes/shared/kie/video';
import { CASINGS, callback, common, details, errorOf, jobs, jobsData, NOT_OBJECTS, refOf } from './familyCases';

const TASK_ID = 'taskId_774b9aa0422f';
const VIDEO_URL = 'https://example.com/videos/video_847715e66259.mp4';
const ref = refOf('video', TASK_ID);

/** The details answer of family §10 ([S] values in Kie's skeleton). */
const detailsAnswer = (flag: unknown, response: unknown = { videoUrl: VIDEO_URL }) => ({
	taskId: TASK_ID,
	musicId: 'e231aaaa8cadc7dc',
	callbackUrl: 'https://api.example.com/callback',
	musicIndex: 0,
	completeTime: 1735661400000,
	response,
	successFlag: flag,
	createTime: 1735661400000,
	errorCode: null,
	errorMessage: null,
});

const videoItem = (status: string | null, code: number | null = 200, msg: string | null = null, at = ref) => [
	{ ...common(at, 'complete', status, code, msg), videoUrl: VIDEO_URL },
];

describe('video descriptor: facts', () => {
	it('has Kie\'s paths and the jobs model (verified live)', () => {
		expect(video.detailsPath).toBe('/api/v1/mp4/record-info');
		expect(video.operations.createMusicVideo).toEqual({
			operation: 'createMusicVideo',
			perOperationPath: '/api/v1/mp4/generate',
			jobsModel: 'ai-music-api/create-music-video',
			jobsVerified: true,
		});
		expect(video.stages).toEqual(['complete', 'error']);
	});

	it('the file is the binary "video" from videoUrl', () => {
		expect(video.files({ videoUrl: VIDEO_URL })).toEqual([{ property: 'video', url: VIDEO_URL, kind: 'video', suffix: '' }]);
	});
});

describe('video descriptor: details (GET /api/v1/mp4/record-info)', () => {
	it('Kie\'s SUCCESS answer: one item with videoUrl', () => {
		expect(details(ref, detailsAnswer('SUCCESS'))).toEqual({ known: true, finished: true, stage: 'complete', status: 'SUCCESS', items: videoItem('SUCCESS') });
	});

	it.each([...CASINGS('SUCCESS'), 1])('success written %j finishes the task', (flag) => {
		expect(details(ref, detailsAnswer(flag)).items).toEqual(videoItem(String(flag)));
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
		['GENERATE_MP4_FAILED', 'Kie failed to render the music video'],
		['GENERATE_AUDIO_FAILED', 'Kie failed to render the music video'],
		['CALLBACK_EXCEPTION', 'Kie reported an error while delivering the callback'],
		['SENSITIVE_WORD_ERROR', 'Kie filtered the video text for sensitive words; change Author or Domain Name'],
		['3', 'Kie failed to render the music video'],
	])('%s without a video is one error item', (flag, meaning) => {
		expect(details(ref, detailsAnswer(flag.toLowerCase(), null))).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: flag.toLowerCase(),
			items: [errorOf(ref, flag.toLowerCase(), 200, meaning)],
		});
	});

	it('CALLBACK_EXCEPTION with the video keeps it: complete', () => {
		expect(details(ref, detailsAnswer('CALLBACK_EXCEPTION')).items).toEqual(videoItem('CALLBACK_EXCEPTION'));
	});

	it('the snake_case video_url in response is read too; an empty URL is none', () => {
		expect(details(ref, detailsAnswer('SUCCESS', { video_url: VIDEO_URL })).items).toEqual(videoItem('SUCCESS'));
		expect(details(ref, detailsAnswer('PENDING', { videoUrl: '' })).items).toEqual([common(ref, 'pending', 'PENDING', 200, null)]);
	});

	it('Kie\'s empty EN skeleton (every value null) is a task still pending', () => {
		const skeleton = { taskId: TASK_ID, musicId: null, callbackUrl: null, musicIndex: null, completeTime: null, response: { videoUrl: null }, successFlag: null, createTime: null, errorCode: null, errorMessage: null };
		expect(details(ref, skeleton)).toEqual({ known: true, finished: false, stage: 'pending', status: null, items: [common(ref, 'pending', null, 200, null)] });
	});

	it.each(NOT_OBJECTS)('data %j is an unknown task', (data) => {
		expect(details(ref, data).known).toBe(false);
	});

	it.each([['x'], [[VIDEO_URL]], [{ videoUrl: 7 }], [{ videoUrl: [VIDEO_URL] }]])('a hostile response %j gives no videoUrl', (response) => {
		expect(details(ref, detailsAnswer('PENDING', response)).items).toEqual([common(ref, 'pending', 'PENDING', 200, null)]);
	});
});

describe('video descriptor: callbacks', () => {
	it('Kie\'s callback ({code, msg, data:{task_id, video_url}}): detected as video, one complete item', () => {
		const body = { code: 200, msg: 'MP4 generated successfully.', data: { task_id: TASK_ID, video_url: VIDEO_URL } };
		const state = callback(ref, body);
		expect(state.detected).toBe('video');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.items).toEqual(videoItem(null, 200, 'MP4 generated successfully.'));
	});

	it('a camelCase videoUrl callback is read too', () => {
		const body = { code: 200, msg: 'ok', data: { taskId: TASK_ID, videoUrl: VIDEO_URL } };
		expect(callback(ref, body).detected).toBe('video');
		expect(callback(ref, body).items).toEqual(videoItem(null, 200, 'ok'));
	});

	it('a failure callback (code 501, video_url null) is one error item', () => {
		const state = callback(ref, { code: 501, msg: 'MP4 generation failed.', data: { task_id: TASK_ID, video_url: null } });
		expect(state.detected).toBe('video');
		expect(state.items).toEqual([errorOf(ref, null, 501, 'MP4 generation failed.')]);
	});
});

describe('video descriptor: jobs route', () => {
	const jobsRef = refOf('video', TASK_ID, 'jobs');

	it('success with resultUrls (verified live)', () => {
		expect(jobs(jobsRef, jobsData('success', { resultUrls: [VIDEO_URL] })).items).toEqual(videoItem('SUCCESS', 200, null, jobsRef));
	});

	it('fail is an error item', () => {
		expect(jobs(jobsRef, jobsData('fail', undefined, { failCode: '500', failMsg: 'render failed' })).items).toEqual([errorOf(jobsRef, 'fail', 500, 'render failed')]);
	});
});
