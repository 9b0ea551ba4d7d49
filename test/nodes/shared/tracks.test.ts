/**
 * nodes/shared/tracks.ts: one output shape for record-info (camelCase) and callbacks (snake_case).
 */
import { parseKieCallback } from '../../../nodes/shared/callback';
import {
	FAILURE_STATUSES,
	isTerminalStatus,
	normalizeCreateTime,
	normalizeRecordInfo,
	normalizeTracks,
	stageForStatus,
	statusForStage,
	taskErrorItem,
} from '../../../nodes/shared/tracks';

/** The same two tracks, as record-info (camelCase) and as a callback (snake_case) send them. */
const camelTracks = [
	{
		id: 'e231aaaa-0000-4000-8000-00008cadc7dc',
		audioUrl: 'https://example.cn/a1.mp3',
		streamAudioUrl: 'https://example.cn/s1',
		imageUrl: 'https://example.cn/i1.jpeg',
		sourceAudioUrl: 'https://example.cn/src1.mp3',
		prompt: '[Verse] Night city lights shining bright',
		modelName: 'chirp-v4-5',
		title: 'Iron Man',
		tags: 'electrifying, rock',
		createTime: 1786343609818,
		duration: 198.44,
	},
	{
		id: 'e231bbbb-0000-4000-8000-00008cadc7dd',
		audioUrl: 'https://example.cn/a2.mp3',
		streamAudioUrl: 'https://example.cn/s2',
		imageUrl: 'https://example.cn/i2.jpeg',
		prompt: '[Verse] Night city lights shining bright',
		modelName: 'chirp-v4-5',
		title: 'Iron Man',
		tags: 'electrifying, rock',
		createTime: '2025-01-01 00:00:00',
		duration: 201,
	},
];

const snakeTracks = camelTracks.map((track) => ({
	id: track.id,
	audio_url: track.audioUrl,
	stream_audio_url: track.streamAudioUrl,
	image_url: track.imageUrl,
	source_audio_url: track.sourceAudioUrl,
	prompt: track.prompt,
	model_name: track.modelName,
	title: track.title,
	tags: track.tags,
	createTime: track.createTime,
	duration: track.duration,
}));

const EXPECTED_KEYS = [
	'taskId', 'stage', 'status', 'code', 'msg', 'trackIndex', 'trackCount', 'id', 'audioUrl', 'streamAudioUrl',
	'imageUrl', 'title', 'tags', 'prompt', 'modelName', 'duration', 'createTime',
].sort();

describe('normalizeTracks', () => {
	const context = { taskId: '2fac9f72', stage: 'complete' as const, status: 'SUCCESS', code: 200, msg: 'All generated successfully.' };

	it('snake_case (callback) and camelCase (record-info) tracks give identical items', () => {
		expect(normalizeTracks(snakeTracks, context)).toStrictEqual(normalizeTracks(camelTracks, context));
	});

	it('maps every field of Kie\'s documented success example', () => {
		const [first, second] = normalizeTracks(camelTracks, context);
		expect(Object.keys(first).sort()).toEqual(EXPECTED_KEYS);
		expect(first).toStrictEqual({
			taskId: '2fac9f72',
			stage: 'complete',
			status: 'SUCCESS',
			code: 200,
			msg: 'All generated successfully.',
			trackIndex: 0,
			trackCount: 2,
			id: 'e231aaaa-0000-4000-8000-00008cadc7dc',
			audioUrl: 'https://example.cn/a1.mp3',
			streamAudioUrl: 'https://example.cn/s1',
			imageUrl: 'https://example.cn/i1.jpeg',
			title: 'Iron Man',
			tags: 'electrifying, rock',
			prompt: '[Verse] Night city lights shining bright',
			modelName: 'chirp-v4-5',
			duration: 198.44,
			createTime: '2026-08-10T06:33:29.818Z',
		});
		expect(second.trackIndex).toBe(1);
		expect(second.createTime).toBe('2025-01-01T00:00:00.000Z');
		// source_* urls are not part of the output shape
		expect(first).not.toHaveProperty('sourceAudioUrl');
	});

	it('missing fields become null, never undefined', () => {
		const [item] = normalizeTracks([{ id: 'x' }], context);
		expect(Object.keys(item).sort()).toEqual(EXPECTED_KEYS);
		for (const key of ['audioUrl', 'streamAudioUrl', 'imageUrl', 'title', 'tags', 'prompt', 'modelName', 'duration', 'createTime']) {
			expect(item[key]).toBeNull();
		}
	});

	it('skips entries that are not objects, and counts only the real tracks', () => {
		const items = normalizeTracks([null, 'x', camelTracks[0], [1]], context);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ trackIndex: 0, trackCount: 1 });
	});

	it('a numeric-string duration becomes a number; garbage becomes null', () => {
		const [a, b] = normalizeTracks([{ duration: '12.5' }, { duration: 'long' }], context);
		expect(a.duration).toBe(12.5);
		expect(b.duration).toBeNull();
	});
});

describe('normalizeCreateTime', () => {
	it.each([
		[1786343609818, '2026-08-10T06:33:29.818Z'],
		['1786343609818', '2026-08-10T06:33:29.818Z'],
		[1735689600, '2025-01-01T00:00:00.000Z'],
		['2025-01-01 00:00:00', '2025-01-01T00:00:00.000Z'],
		['2025-01-01T12:30:00', '2025-01-01T12:30:00.000Z'],
		['2025-01-01 08:00:00+08:00', '2025-01-01T00:00:00.000Z'],
		['2025-01-01T00:00:00.250Z', '2025-01-01T00:00:00.250Z'],
	])('%p -> %p', (input, expected) => {
		expect(normalizeCreateTime(input)).toBe(expected);
	});

	it('passes unparseable text through; empty values become null', () => {
		expect(normalizeCreateTime('yesterday')).toBe('yesterday');
		expect(normalizeCreateTime('')).toBeNull();
		expect(normalizeCreateTime(undefined)).toBeNull();
		expect(normalizeCreateTime(null)).toBeNull();
		expect(normalizeCreateTime(Number.NaN)).toBeNull();
	});
});

describe('statuses and stages', () => {
	it('maps record-info statuses to stages', () => {
		expect(stageForStatus('PENDING')).toBe('pending');
		expect(stageForStatus('TEXT_SUCCESS')).toBe('text');
		expect(stageForStatus('FIRST_SUCCESS')).toBe('first');
		expect(stageForStatus('SUCCESS')).toBe('complete');
		for (const status of ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'CALLBACK_EXCEPTION', 'SENSITIVE_WORD_ERROR']) {
			expect(stageForStatus(status)).toBe('error');
			expect(isTerminalStatus(status)).toBe(true);
		}
		expect(stageForStatus('SOMETHING_NEW')).toBe('pending');
	});

	it('terminal means SUCCESS or a documented failure', () => {
		expect(isTerminalStatus('SUCCESS')).toBe(true);
		expect(isTerminalStatus('FIRST_SUCCESS')).toBe(false);
		expect(isTerminalStatus('PENDING')).toBe(false);
		expect(isTerminalStatus(null)).toBe(false);
		expect(isTerminalStatus(undefined)).toBe(false);
		expect(Object.keys(FAILURE_STATUSES).sort()).toEqual(['CALLBACK_EXCEPTION', 'CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'SENSITIVE_WORD_ERROR']);
	});

	it('maps callback stages back to statuses', () => {
		expect(statusForStage('text')).toBe('TEXT_SUCCESS');
		expect(statusForStage('first')).toBe('FIRST_SUCCESS');
		expect(statusForStage('complete')).toBe('SUCCESS');
		expect(statusForStage('error')).toBeNull();
	});

	it('taskErrorItem falls back from msg to error to the status text', () => {
		expect(taskErrorItem('t', { status: 'SENSITIVE_WORD_ERROR' })).toStrictEqual({
			taskId: 't',
			stage: 'error',
			status: 'SENSITIVE_WORD_ERROR',
			code: null,
			msg: FAILURE_STATUSES.SENSITIVE_WORD_ERROR,
			error: FAILURE_STATUSES.SENSITIVE_WORD_ERROR,
		});
		expect(taskErrorItem('t', { code: 501, error: 'boom' })).toMatchObject({ msg: 'boom', error: 'boom', code: 501 });
		expect(taskErrorItem('t', {})).toMatchObject({ msg: 'Kie reported that the generation failed' });
	});
});

describe('record-info and callback give the same items', () => {
	it('a complete task: record-info (camelCase) and the complete callback (snake_case) match except msg', () => {
		const fromRecordInfo = normalizeRecordInfo('2fac9f72', {
			taskId: '2fac9f72',
			status: 'SUCCESS',
			response: { taskId: '2fac9f72', sunoData: camelTracks },
			errorCode: null,
			errorMessage: null,
		});
		const parsed = parseKieCallback({
			code: 200,
			msg: 'All generated successfully.',
			data: { callbackType: 'complete', task_id: '2fac9f72', data: snakeTracks },
		});
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const strip = (items: Array<Record<string, unknown>>) => items.map(({ msg: _msg, ...rest }) => rest);
		expect(strip(parsed.callback.items)).toStrictEqual(strip(fromRecordInfo));
		expect(fromRecordInfo.map((item) => item.stage)).toEqual(['complete', 'complete']);
		expect(parsed.callback.items.map((item) => item.status)).toEqual(['SUCCESS', 'SUCCESS']);
	});

	it('record-info failure: one error item with errorCode and errorMessage', () => {
		expect(
			normalizeRecordInfo('t1', { status: 'GENERATE_AUDIO_FAILED', errorCode: 501, errorMessage: 'Generation failed due to technical issues', response: null }),
		).toStrictEqual([
			{
				taskId: 't1',
				stage: 'error',
				status: 'GENERATE_AUDIO_FAILED',
				code: 501,
				msg: 'Generation failed due to technical issues',
				error: 'Generation failed due to technical issues',
			},
		]);
	});

	it('record-info without tracks yet: one track-free item', () => {
		expect(normalizeRecordInfo('t2', { status: 'TEXT_SUCCESS', response: { sunoData: null } })).toStrictEqual([
			{ taskId: 't2', stage: 'text', status: 'TEXT_SUCCESS', code: 200, msg: null, trackIndex: null, trackCount: 0 },
		]);
		expect(normalizeRecordInfo('t3', {})).toStrictEqual([
			{ taskId: 't3', stage: 'pending', status: 'PENDING', code: 200, msg: null, trackIndex: null, trackCount: 0 },
		]);
	});
});
