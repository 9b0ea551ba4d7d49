/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/kie/music.ts: one output shape for a song, whichever casing and route Kie used
 * (record-info camelCase, callback snake_case, jobs resultJson snake_case).
 */
import { music } from '../../../../nodes/shared/kie/music';

/** The same two tracks as record-info (camelCase) sends them. */
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

/** ...as callbacks and the jobs route's resultJson send them. */
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

const EXPECTED = [
	{
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
	},
	{
		trackIndex: 1,
		trackCount: 2,
		id: 'e231bbbb-0000-4000-8000-00008cadc7dd',
		audioUrl: 'https://example.cn/a2.mp3',
		streamAudioUrl: 'https://example.cn/s2',
		imageUrl: 'https://example.cn/i2.jpeg',
		title: 'Iron Man',
		tags: 'electrifying, rock',
		prompt: '[Verse] Night city lights shining bright',
		modelName: 'chirp-v4-5',
		duration: 201,
		createTime: '2025-01-01T00:00:00.000Z',
	},
];

describe('music result shape', () => {
	it('record-info (camelCase) maps to the interface\'s track fields, exactly and in order', () => {
		expect(music.result.fromDetails({ status: 'SUCCESS', response: { sunoData: camelTracks } })).toStrictEqual(EXPECTED);
	});

	it('a callback (snake_case in data.data) gives identical fields', () => {
		expect(music.result.fromCallback({ code: 200, data: { callbackType: 'complete', task_id: 't', data: snakeTracks } })).toStrictEqual(EXPECTED);
	});

	it('the jobs route\'s parsed resultJson ({ data: [song…] }, snake_case) gives identical fields', () => {
		expect(music.result.fromJobs({ data: snakeTracks })).toStrictEqual(EXPECTED);
	});

	it('missing fields become null, never undefined', () => {
		expect(music.result.fromDetails({ response: { sunoData: [{ id: 'only-id' }] } })).toStrictEqual([
			{
				trackIndex: 0,
				trackCount: 1,
				id: 'only-id',
				audioUrl: null,
				streamAudioUrl: null,
				imageUrl: null,
				title: null,
				tags: null,
				prompt: null,
				modelName: null,
				duration: null,
				createTime: null,
			},
		]);
	});

	it('skips entries that are not objects, and counts only the real tracks', () => {
		const items = music.result.fromCallback({ data: { data: [null, 'x', snakeTracks[1], 7, []] } });
		expect(items.map((item) => [item.trackIndex, item.trackCount, item.id])).toEqual([[0, 1, 'e231bbbb-0000-4000-8000-00008cadc7dd']]);
	});

	it('a numeric-string duration becomes a number, garbage becomes null; numeric ids become text', () => {
		const [a, b] = music.result.fromCallback({ data: { data: [{ id: 42, duration: '198.44' }, { duration: 'long' }] } });
		expect([a.id, a.duration, b.duration]).toEqual(['42', 198.44, null]);
	});

	it('no track list at all gives no items (every route)', () => {
		expect(music.result.fromDetails({ status: 'PENDING', response: null })).toEqual([]);
		expect(music.result.fromDetails({})).toEqual([]);
		expect(music.result.fromCallback({ data: { callbackType: 'text', data: [] } })).toEqual([]);
		expect(music.result.fromJobs(undefined)).toEqual([]);
		expect(music.result.fromJobs('')).toEqual([]);
		expect(music.result.fromJobs([snakeTracks[0]])).toEqual([]);
	});

	it('a track is usable only with an http(s) audio URL', () => {
		expect(music.result.isUsable({ audioUrl: 'https://example.cn/a.mp3' })).toBe(true);
		expect(music.result.isUsable({ audioUrl: 'http://example.cn/a.mp3' })).toBe(true);
		expect(music.result.isUsable({ audioUrl: '' })).toBe(false);
		expect(music.result.isUsable({ audioUrl: null })).toBe(false);
		expect(music.result.isUsable({ audioUrl: 'file:///etc/passwd' })).toBe(false);
		expect(music.result.isUsable({ imageUrl: 'https://example.cn/i.jpeg' })).toBe(false);
	});
});

describe('music status words', () => {
	it('are record-info\'s', () => {
		expect(music.status).toEqual({
			fields: ['status'],
			pending: ['PENDING'],
			text: ['TEXT_SUCCESS'],
			first: ['FIRST_SUCCESS'],
			complete: ['SUCCESS'],
			failed: {
				CREATE_TASK_FAILED: 'Kie failed to create the task',
				GENERATE_AUDIO_FAILED: 'Kie failed to generate the audio',
				CALLBACK_EXCEPTION: 'Kie reported an error while delivering the callback',
				SENSITIVE_WORD_ERROR: 'Kie filtered the content for sensitive words; change the lyrics, style or title',
			},
		});
		expect(music.detailsPath).toBe('/api/v1/generate/record-info');
		expect(music.stages).toEqual(['text', 'first', 'complete', 'error']);
	});
});

describe('music callbacks', () => {
	it('a callback with a callbackType is a music callback', () => {
		expect(music.callback.matches({ data: { callbackType: 'text', task_id: 't' } })).toBe(true);
		expect(music.callback.matches({ data: { task_id: 't' } })).toBe(false);
		expect(music.callback.matches({ data: 'complete' })).toBe(false);
	});

	it('unverified items report the status word of their claimed stage', () => {
		expect(music.callback.statusForStage).toEqual({ text: 'TEXT_SUCCESS', first: 'FIRST_SUCCESS', complete: 'SUCCESS' });
	});
});

describe('music files', () => {
	it('track n has audio "<title>-<taskId>-n" and cover "…-n-cover"', () => {
		expect(music.files({ trackIndex: 1, audioUrl: 'https://x/a.mp3', imageUrl: 'https://x/i.jpeg' })).toEqual([
			{ property: 'audio', url: 'https://x/a.mp3', kind: 'audio', suffix: '2' },
			{ property: 'cover', url: 'https://x/i.jpeg', kind: 'image', suffix: '2-cover' },
		]);
	});

	it('a track-free item counts as track 1 (its URLs are null, so nothing is fetched)', () => {
		expect(music.files({ trackIndex: null }).map((file) => [file.suffix, file.url])).toEqual([
			['1', undefined],
			['1-cover', undefined],
		]);
	});
});

describe('music operations: both routes, as data', () => {
	it('Add Vocals and Add Instrumental: per-operation paths and jobs models, verified on the jobs route', () => {
		expect(music.operations.addVocals).toEqual({
			operation: 'addVocals',
			perOperationPath: '/api/v1/generate/add-vocals',
			jobsModel: 'ai-music-api/add-vocals',
			jobsVerified: true,
		});
		expect(music.operations.addInstrumental).toEqual({
			operation: 'addInstrumental',
			perOperationPath: '/api/v1/generate/add-instrumental',
			jobsModel: 'ai-music-api/add-instrumental',
			jobsVerified: true,
		});
	});

	it('jobs-verified are exactly the operations family §12 lists as live-verified', () => {
		const verified = Object.values(music.operations)
			.filter((operation) => operation.jobsVerified)
			.map((operation) => operation.operation)
			.sort();
		expect(verified).toEqual(['addInstrumental', 'addVocals', 'extend', 'generate', 'uploadAndCover']);
	});
});
