/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/tasks/interpret.ts: one rule decides a task's state for every family and route.
 * A known in-progress word waits; success, or any usable result whatever the word, finishes; a
 * failure word without a result is one error item; an unknown word keeps waiting.
 */
import type { IDataObject } from 'n8n-workflow';

import { music } from '../../../../nodes/shared/kie/music';
import { JOBS_STATES } from '../../../../nodes/shared/kie/jobs';
import type { TaskRef } from '../../../../nodes/shared/tasks/interpret';
import { interpretCallback, interpretDetails, interpretJobs, meaningOf } from '../../../../nodes/shared/tasks/interpret';

const PER_OPERATION: TaskRef = { taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation' };
const JOBS: TaskRef = { ...PER_OPERATION, apiRoute: 'jobs' };

const camel = (n: number) => ({
	id: `audio-${n}`,
	audioUrl: `https://cdn.example.com/${n}.mp3`,
	streamAudioUrl: `https://cdn.example.com/stream/${n}`,
	imageUrl: `https://cdn.example.com/${n}.jpeg`,
	prompt: '[Verse] lights',
	modelName: 'chirp-v6',
	title: 'Night City',
	tags: 'jazz',
	createTime: '2026-10-01 10:00:00',
	duration: 120.5,
});
const snake = (n: number) => {
	const t = camel(n);
	return {
		id: t.id,
		audio_url: t.audioUrl,
		stream_audio_url: t.streamAudioUrl,
		image_url: t.imageUrl,
		prompt: t.prompt,
		model_name: t.modelName,
		title: t.title,
		tags: t.tags,
		createTime: t.createTime,
		duration: t.duration,
	};
};

const trackFields = (n: number, count: number) => ({
	trackIndex: n - 1,
	trackCount: count,
	id: `audio-${n}`,
	audioUrl: `https://cdn.example.com/${n}.mp3`,
	streamAudioUrl: `https://cdn.example.com/stream/${n}`,
	imageUrl: `https://cdn.example.com/${n}.jpeg`,
	title: 'Night City',
	tags: 'jazz',
	prompt: '[Verse] lights',
	modelName: 'chirp-v6',
	duration: 120.5,
	createTime: '2026-10-01T10:00:00.000Z',
});

const details = (status: string, tracks: IDataObject[] | null, extra: IDataObject = {}) => ({
	taskId: 'task-1',
	status,
	response: { taskId: 'task-1', sunoData: tracks },
	errorCode: null,
	errorMessage: null,
	...extra,
});

const jobs = (state: string, songs: IDataObject[] | null, extra: IDataObject = {}) => ({
	taskId: 'task-1',
	model: 'ai-music-api/add-vocals',
	state,
	param: '{}',
	resultJson: songs === null ? '' : JSON.stringify({ data: songs }),
	failCode: '',
	failMsg: '',
	...extra,
});

describe('meaningOf', () => {
	it('maps music words, case-insensitively, and knows Kie\'s Chinese success/failure words', () => {
		expect(meaningOf(music.status, 'PENDING')).toEqual({ kind: 'progress', stage: 'pending' });
		expect(meaningOf(music.status, 'text_success')).toEqual({ kind: 'progress', stage: 'text' });
		expect(meaningOf(music.status, ' First_Success ')).toEqual({ kind: 'progress', stage: 'first' });
		expect(meaningOf(music.status, 'success')).toEqual({ kind: 'success' });
		expect(meaningOf(music.status, '成功')).toEqual({ kind: 'success' });
		expect(meaningOf(music.status, 'SENSITIVE_WORD_ERROR')).toEqual({
			kind: 'failure',
			message: 'Kie filtered the content for sensitive words; change the lyrics, style or title',
		});
		expect(meaningOf(music.status, '失败')).toEqual({ kind: 'failure', message: 'Kie reported that the task failed' });
		expect(meaningOf(music.status, 'DONE')).toEqual({ kind: 'unknown' });
		expect(meaningOf(music.status, null)).toEqual({ kind: 'progress', stage: 'pending' });
	});

	it('maps the jobs states', () => {
		expect(['waiting', 'queuing', 'generating', 'success', 'fail', 'FAIL', 'paused'].map((word) => meaningOf(JOBS_STATES, word).kind)).toEqual([
			'progress', 'progress', 'progress', 'success', 'failure', 'failure', 'unknown',
		]);
	});
});

describe('interpretDetails (per-operation record-info)', () => {
	it('PENDING: unfinished, one track-free pending item', () => {
		expect(interpretDetails(music, PER_OPERATION, details('PENDING', null))).toEqual({
			known: true,
			finished: false,
			stage: 'pending',
			status: 'PENDING',
			items: [{ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'pending', status: 'PENDING', code: 200, msg: null, trackIndex: null, trackCount: 0 }],
		});
	});

	it('TEXT_SUCCESS and FIRST_SUCCESS: unfinished, at their stage', () => {
		const text = interpretDetails(music, PER_OPERATION, details('TEXT_SUCCESS', []));
		expect([text.finished, text.stage, text.items.length, text.items[0].trackCount]).toEqual([false, 'text', 1, 0]);
		const first = interpretDetails(music, PER_OPERATION, details('FIRST_SUCCESS', [camel(1), { ...camel(2), audioUrl: '' }]));
		expect([first.finished, first.stage]).toEqual([false, 'first']);
		// Kie's "" for a track not rendered yet stays "" (no URL to fetch).
		expect(first.items.map((item) => [item.stage, item.trackIndex, item.audioUrl])).toEqual([
			['first', 0, 'https://cdn.example.com/1.mp3'],
			['first', 1, ''],
		]);
	});

	it('SUCCESS: finished, one complete item per track with the common fields first', () => {
		const state = interpretDetails(music, PER_OPERATION, details('SUCCESS', [camel(1), camel(2)]));
		expect(state).toEqual({
			known: true,
			finished: true,
			stage: 'complete',
			status: 'SUCCESS',
			items: [1, 2].map((n) => ({ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'complete', status: 'SUCCESS', code: 200, msg: null, ...trackFields(n, 2) })),
		});
		expect(Object.keys(state.items[0]).slice(0, 7)).toEqual(['taskId', 'taskType', 'apiRoute', 'stage', 'status', 'code', 'msg']);
	});

	it('status drift: "success" in lower case still finishes', () => {
		expect(interpretDetails(music, PER_OPERATION, details('success', [camel(1)])).stage).toBe('complete');
	});

	it.each([
		['CREATE_TASK_FAILED', null, null, 'Kie failed to create the task'],
		['GENERATE_AUDIO_FAILED', 501, 'Generation failed due to technical issues', 'Generation failed due to technical issues'],
		['SENSITIVE_WORD_ERROR', 400, null, 'Kie filtered the content for sensitive words; change the lyrics, style or title'],
		['CALLBACK_EXCEPTION', 500, 'Error during callback process', 'Error during callback process'],
	])('%s without tracks: one error item (code %p)', (status, errorCode, errorMessage, msg) => {
		const state = interpretDetails(music, PER_OPERATION, details(status, null, { errorCode, errorMessage }));
		expect(state).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status,
			items: [{ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'error', status, code: errorCode ?? 200, msg, error: msg }],
		});
	});

	it('CALLBACK_EXCEPTION with usable tracks: Kie rendered and billed, so the tracks are the result', () => {
		const state = interpretDetails(music, PER_OPERATION, details('CALLBACK_EXCEPTION', [camel(1), camel(2)], { errorCode: 500, errorMessage: 'Error during callback process' }));
		expect([state.finished, state.stage, state.status]).toEqual([true, 'complete', 'CALLBACK_EXCEPTION']);
		expect(state.items).toEqual([1, 2].map((n) => ({
			taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'complete', status: 'CALLBACK_EXCEPTION', code: 500, msg: 'Error during callback process', ...trackFields(n, 2),
		})));
	});

	it('a failure word with only some usable tracks: finished at "first", nothing dropped', () => {
		const state = interpretDetails(music, PER_OPERATION, details('GENERATE_AUDIO_FAILED', [camel(1), { ...camel(2), audioUrl: null }]));
		expect([state.finished, state.stage, state.items.length]).toEqual([true, 'first', 2]);
	});

	it('an unknown word keeps waiting and reports the word; with usable tracks it finishes', () => {
		const waiting = interpretDetails(music, PER_OPERATION, details('DONE', null));
		expect([waiting.known, waiting.finished, waiting.stage, waiting.status, waiting.items[0].status]).toEqual([true, false, 'pending', 'DONE', 'DONE']);
		const done = interpretDetails(music, PER_OPERATION, details('DONE', [camel(1)]));
		expect([done.finished, done.stage, done.items[0].audioUrl]).toEqual([true, 'complete', 'https://cdn.example.com/1.mp3']);
	});

	it('data null (Kie does not know the task): unknown', () => {
		expect(interpretDetails(music, PER_OPERATION, null)).toEqual({
			known: false,
			finished: false,
			stage: 'pending',
			status: null,
			items: [{ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'pending', status: null, code: null, msg: null, trackIndex: null, trackCount: 0 }],
		});
	});
});

describe('interpretJobs (jobs recordInfo)', () => {
	it.each(['waiting', 'queuing', 'generating'])('%s: unfinished, pending', (state) => {
		const read = interpretJobs(music, JOBS, jobs(state, null));
		expect([read.known, read.finished, read.stage, read.status]).toEqual([true, false, 'pending', state]);
		expect(read.items).toEqual([{ taskId: 'task-1', taskType: 'music', apiRoute: 'jobs', stage: 'pending', status: state, code: 200, msg: null, trackIndex: null, trackCount: 0 }]);
	});

	it('success: resultJson (a JSON string) gives the same items as record-info, apart from apiRoute', () => {
		const fromJobs = interpretJobs(music, JOBS, jobs('success', [snake(1), snake(2)]));
		const fromDetails = interpretDetails(music, PER_OPERATION, details('SUCCESS', [camel(1), camel(2)]));
		// The family's success word, so a finished task reads the same whichever route made it.
		expect([fromJobs.finished, fromJobs.stage, fromJobs.status]).toEqual([true, 'complete', 'SUCCESS']);
		const strip = (item: IDataObject) => ({ ...item, apiRoute: undefined });
		expect(fromJobs.items.map(strip)).toEqual(fromDetails.items.map(strip));
		expect(fromJobs.items.map((item) => item.apiRoute)).toEqual(['jobs', 'jobs']);
	});

	it('state drift ("SUCCESS", "Success") is still success', () => {
		expect(interpretJobs(music, JOBS, jobs('Success', [snake(1)])).stage).toBe('complete');
		expect(interpretJobs(music, JOBS, jobs('SUCCESS', [snake(1)])).status).toBe('SUCCESS');
	});

	it('an unknown state keeps waiting and reports the word', () => {
		const read = interpretJobs(music, JOBS, jobs('paused', null));
		expect([read.finished, read.stage, read.status, read.items[0].status]).toEqual([false, 'pending', 'paused', 'paused']);
	});

	it('resultJson already parsed (an object) is read too', () => {
		expect(interpretJobs(music, JOBS, jobs('success', null, { resultJson: { data: [snake(1)] } })).items[0].audioUrl).toBe('https://cdn.example.com/1.mp3');
	});

	it('success with a broken or empty resultJson: nothing to hand on, so one error item that says so', () => {
		for (const resultJson of ['{"data":[', '', '{"data":[]}']) {
			expect(interpretJobs(music, JOBS, jobs('success', null, { resultJson }))).toEqual({
				known: true,
				finished: true,
				stage: 'error',
				status: 'SUCCESS',
				items: [
					{
						taskId: 'task-1',
						taskType: 'music',
						apiRoute: 'jobs',
						stage: 'error',
						status: 'SUCCESS',
						code: null,
						msg: 'Kie reported success but returned no result',
						error: 'Kie reported success but returned no result',
					},
				],
			});
		}
	});

	it('state fail with failCode/failMsg: one error item a user can act on', () => {
		const read = interpretJobs(music, JOBS, jobs('fail', null, { failCode: '422', failMsg: 'negative_tags is required' }));
		expect(read).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: 'fail',
			items: [{ taskId: 'task-1', taskType: 'music', apiRoute: 'jobs', stage: 'error', status: 'fail', code: 422, msg: 'negative_tags is required', error: 'negative_tags is required' }],
		});
	});

	it('a refunded upstream failure says to run it again', () => {
		const read = interpretJobs(music, JOBS, jobs('fail', null, { failCode: '400', failMsg: 'Internal error, please try again later.' }));
		const msg = 'Internal error, please try again later. (Kie\'s upstream failed and Kie refunds the credits: run it again)';
		expect(read.items).toEqual([{ taskId: 'task-1', taskType: 'music', apiRoute: 'jobs', stage: 'error', status: 'fail', code: 400, msg, error: msg }]);
	});

	it('state fail without failCode or failMsg: Kie\'s generic failure, code null', () => {
		const read = interpretJobs(music, JOBS, jobs('fail', null));
		expect(read.items).toEqual([
			{ taskId: 'task-1', taskType: 'music', apiRoute: 'jobs', stage: 'error', status: 'fail', code: null, msg: 'Kie reported that the task failed', error: 'Kie reported that the task failed' },
		]);
	});

	it('state fail but the songs are there: the songs are the result', () => {
		const read = interpretJobs(music, JOBS, jobs('fail', [snake(1), snake(2)], { failCode: '500', failMsg: 'callback failed' }));
		expect([read.finished, read.stage, read.items.length, read.items[0].code]).toEqual([true, 'complete', 2, 500]);
	});

	it('data null ("recordInfo is null"): unknown', () => {
		expect(interpretJobs(music, JOBS, null).known).toBe(false);
	});
});

describe('interpretCallback (a trigger without a credential: nothing is confirmed)', () => {
	it('a complete callback: the tracks as the body says, with the claimed stage\'s status word', () => {
		const body = { code: 200, msg: 'All generated successfully.', data: { callbackType: 'complete', task_id: 'task-1', data: [snake(1), snake(2)] } };
		const state = interpretCallback(music, PER_OPERATION, body, 'complete');
		expect(state).toEqual({
			known: true,
			finished: true,
			stage: 'complete',
			status: 'SUCCESS',
			items: [1, 2].map((n) => ({ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'complete', status: 'SUCCESS', code: 200, msg: 'All generated successfully.', ...trackFields(n, 2) })),
		});
	});

	it('the same tracks from record-info and from the callback are identical apart from msg', () => {
		const body = { code: 200, msg: 'All generated successfully.', data: { callbackType: 'complete', task_id: 'task-1', data: [snake(1), snake(2)] } };
		const fromCallback = interpretCallback(music, PER_OPERATION, body, 'complete').items;
		const fromDetails = interpretDetails(music, PER_OPERATION, details('SUCCESS', [camel(1), camel(2)])).items;
		expect(fromCallback.map((item) => ({ ...item, msg: null }))).toEqual(fromDetails);
	});

	it('a text stage without tracks: one track-free item, unfinished', () => {
		const state = interpretCallback(music, PER_OPERATION, { code: 200, msg: 'Text done', data: { callbackType: 'text', task_id: 'task-1', data: [] } }, 'text');
		expect(state).toEqual({
			known: true,
			finished: false,
			stage: 'text',
			status: 'TEXT_SUCCESS',
			items: [{ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'text', status: 'TEXT_SUCCESS', code: 200, msg: 'Text done', trackIndex: null, trackCount: 0 }],
		});
	});

	it.each([
		['Kie\'s failure example (data.error)', { code: 501, msg: 'Audio generation failed.', data: { callbackType: 'error', task_id: 'task-1', error: 'Generation failed due to technical issues' } }, 501, 'Audio generation failed.', 'Generation failed due to technical issues'],
		['[S]\'s failure shape (data.data null)', { code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: 'task-1', data: null } }, 400, 'Generation failed', 'Generation failed'],
		['no msg, only data.error', { code: 500, data: { callbackType: 'error', task_id: 'task-1', error: 'Boom' } }, 500, 'Boom', 'Boom'],
		['nothing said at all', { code: 500, data: { task_id: 'task-1' } }, 500, 'Kie reported that the task failed', 'Kie reported that the task failed'],
	])('%s: one error item', (_name, body, code, msg, error) => {
		expect(interpretCallback(music, PER_OPERATION, body, 'error').items).toEqual([
			{ taskId: 'task-1', taskType: 'music', apiRoute: 'perOperation', stage: 'error', status: null, code, msg, error },
		]);
	});
});
