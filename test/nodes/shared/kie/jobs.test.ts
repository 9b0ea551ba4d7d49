/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** nodes/shared/kie/jobs.ts: the jobs route's body is derived from the per-operation body. */
import { JOBS_CREATE_PATH, JOBS_DETAILS_PATH, JOBS_REFUNDED_FAILURE, JOBS_STATES, JOBS_UNKNOWN_TASK, jobsRequest, snakeCase } from '../../../../nodes/shared/kie/jobs';
import { music } from '../../../../nodes/shared/kie/music';
import type { CreateOperation } from '../../../../nodes/shared/kie/types';

describe('jobs route facts (BASE §10, family §12)', () => {
	it('paths and the state vocabulary', () => {
		expect(JOBS_CREATE_PATH).toBe('/api/v1/jobs/createTask');
		expect(JOBS_DETAILS_PATH).toBe('/api/v1/jobs/recordInfo');
		expect(JOBS_STATES).toEqual({
			fields: ['state'],
			pending: ['waiting', 'queuing', 'generating'],
			complete: ['success'],
			failed: { fail: 'Kie reported that the task failed' },
		});
	});

	it('recognises "recordInfo is null" and refunded upstream failures', () => {
		expect(JOBS_UNKNOWN_TASK.test('recordInfo is null')).toBe(true);
		expect(JOBS_UNKNOWN_TASK.test('RecordInfo Is Null')).toBe(true);
		expect(JOBS_UNKNOWN_TASK.test('record not found')).toBe(false);
		expect(JOBS_REFUNDED_FAILURE.test('Internal error, please try again later.')).toBe(true);
		expect(JOBS_REFUNDED_FAILURE.test('Sensitive word')).toBe(false);
	});
});

describe('snakeCase', () => {
	it.each([
		['uploadUrl', 'upload_url'],
		['negativeTags', 'negative_tags'],
		['vocalGender', 'vocal_gender'],
		['styleWeight', 'style_weight'],
		['weirdnessConstraint', 'weirdness_constraint'],
		['audioWeight', 'audio_weight'],
		['model', 'model'],
		['infillStartS', 'infill_start_s'],
	])('%s → %s', (camel, snake) => {
		expect(snakeCase(camel)).toBe(snake);
	});
});

describe('jobsRequest', () => {
	it('Add Vocals with every field: model, callBackUrl, snake_case input with the Suno model inside', () => {
		const body = {
			uploadUrl: 'https://example.com/instrumental.mp3',
			title: 'Night City',
			prompt: '[Verse] Night city lights',
			style: 'Jazz',
			negativeTags: 'heavy metal',
			model: 'V6',
			vocalGender: 'f',
			styleWeight: 0.61,
			weirdnessConstraint: 0.72,
			audioWeight: 0.65,
			callBackUrl: 'https://n8n.example.com/webhook/kie',
		};
		expect(jobsRequest(music.operations.addVocals, body)).toStrictEqual({
			model: 'ai-music-api/add-vocals',
			input: {
				upload_url: 'https://example.com/instrumental.mp3',
				title: 'Night City',
				prompt: '[Verse] Night city lights',
				style: 'Jazz',
				negative_tags: 'heavy metal',
				model: 'V6',
				vocal_gender: 'f',
				style_weight: 0.61,
				weirdness_constraint: 0.72,
				audio_weight: 0.65,
			},
			callBackUrl: 'https://n8n.example.com/webhook/kie',
		});
	});

	it('without a callBackUrl there is none (it is optional on this route); undefined fields are left out', () => {
		const body = { uploadUrl: 'https://e.com/a.mp3', title: 't', tags: 'piano', negativeTags: 'n', model: 'V6_MINI', vocalGender: undefined };
		expect(jobsRequest(music.operations.addInstrumental, body)).toStrictEqual({
			model: 'ai-music-api/add-instrumental',
			input: { upload_url: 'https://e.com/a.mp3', title: 't', tags: 'piano', negative_tags: 'n', model: 'V6_MINI' },
		});
	});

	it('per-operation exceptions are data: Extend drops defaultParamFlag on the jobs route', () => {
		const request = jobsRequest(music.operations.extend, { audioId: 'a1', defaultParamFlag: false, model: 'V6', continueAt: 60 });
		expect(request.input).toStrictEqual({ audio_id: 'a1', model: 'V6', continue_at: 60 });
	});

	it('a renamed field is sent under its jobs name', () => {
		const operation: CreateOperation = { operation: 'x', perOperationPath: '/x', jobsModel: 'ai-music-api/x', jobsVerified: false, jobsFields: { stemName: 'stem_name_v2' } };
		expect(jobsRequest(operation, { stemName: 'drums', taskId: 't' }).input).toStrictEqual({ stem_name_v2: 'drums', task_id: 't' });
	});
});
