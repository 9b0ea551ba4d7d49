/**
 * nodes/shared/callback.ts: parsing the body Kie POSTs to callBackUrl (reference §3).
 */
import { parseKieCallback } from '../../../nodes/shared/callback';
import { normalizeRecordInfo } from '../../../nodes/shared/tracks';

/** Kie's full success example (reference §3), with its second track. */
const kieSuccess = () => ({
	code: 200,
	msg: 'All generated successfully.',
	data: {
		callbackType: 'complete',
		task_id: '2fac****9f72'.replace(/\*/g, 'a'),
		data: [
			{
				id: 'e231aaaa-aaaa-aaaa-aaaa-aaaa8cadc7dc',
				audio_url: 'https://example.cn/1.mp3',
				stream_audio_url: 'https://example.cn/s1',
				image_url: 'https://example.cn/1.jpeg',
				prompt: '[Verse] Night city lights shining bright',
				model_name: 'chirp-v4-5',
				title: 'Iron Man',
				createTime: 1786343609818,
				duration: 198.44,
				tags: 'electrifying, rock',
				source_audio_url: 'https://example.cn/src.jpeg',
				source_image_url: 'https://example.cn/src.mp3',
				source_stream_audio_url: 'https://example.cn/src',
			},
			{
				id: 'e231bbbb-bbbb-bbbb-bbbb-bbbb8cadc7dc',
				audio_url: 'https://example.cn/2.mp3',
				stream_audio_url: 'https://example.cn/s2',
				image_url: 'https://example.cn/2.jpeg',
				prompt: '[Verse] Night city lights shining bright',
				model_name: 'chirp-v4-5',
				title: 'Iron Man',
				createTime: '2025-01-01 00:00:00',
				duration: 200.1,
				tags: 'electrifying, rock',
			},
		],
	},
});

describe('parseKieCallback: accepted bodies', () => {
	it('Kie\'s success example: one item per track, flat camelCase', () => {
		const parsed = parseKieCallback(kieSuccess());
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const { callback } = parsed;
		expect(callback).toMatchObject({ taskId: '2facaaaa9f72', stage: 'complete', code: 200, msg: 'All generated successfully.' });
		expect(callback.items).toStrictEqual([
			{
				taskId: '2facaaaa9f72',
				stage: 'complete',
				status: 'SUCCESS',
				code: 200,
				msg: 'All generated successfully.',
				trackIndex: 0,
				trackCount: 2,
				id: 'e231aaaa-aaaa-aaaa-aaaa-aaaa8cadc7dc',
				audioUrl: 'https://example.cn/1.mp3',
				streamAudioUrl: 'https://example.cn/s1',
				imageUrl: 'https://example.cn/1.jpeg',
				title: 'Iron Man',
				tags: 'electrifying, rock',
				prompt: '[Verse] Night city lights shining bright',
				modelName: 'chirp-v4-5',
				duration: 198.44,
				createTime: '2026-08-10T06:33:29.818Z',
			},
			expect.objectContaining({ trackIndex: 1, trackCount: 2, createTime: '2025-01-01T00:00:00.000Z', duration: 200.1 }),
		]);
	});

	it('the same tracks from record-info (camelCase) give the same items', () => {
		const body = kieSuccess();
		const camel = body.data.data.map((track) => ({
			id: track.id,
			audioUrl: track.audio_url,
			streamAudioUrl: track.stream_audio_url,
			imageUrl: track.image_url,
			prompt: track.prompt,
			modelName: track.model_name,
			title: track.title,
			tags: track.tags,
			createTime: track.createTime,
			duration: track.duration,
		}));
		const parsed = parseKieCallback(body);
		if (!parsed.ok) throw new Error(parsed.reason);
		const fromRecordInfo = normalizeRecordInfo('2facaaaa9f72', { status: 'SUCCESS', response: { sunoData: camel } });
		expect(parsed.callback.items.map(({ msg: _m, ...rest }) => rest)).toStrictEqual(fromRecordInfo.map(({ msg: _m, ...rest }) => rest));
	});

	it('the add-vocals callback example (string createTime, no tags)', () => {
		const parsed = parseKieCallback({
			code: 200,
			msg: 'All generated successfully.',
			data: {
				callbackType: 'complete',
				task_id: '2fac9f72',
				data: [
					{
						id: 'e231',
						audio_url: 'https://example.cn/x.mp3',
						stream_audio_url: 'https://example.cn/x',
						image_url: 'https://example.cn/x.jpeg',
						prompt: '[Verse] 夜晚城市 灯火辉煌',
						model_name: 'chirp-v4-5',
						title: '钢铁侠',
						createTime: '2025-01-01 00:00:00',
						duration: 198.44,
					},
				],
			},
		});
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.callback.items[0]).toMatchObject({ title: '钢铁侠', tags: null, createTime: '2025-01-01T00:00:00.000Z', trackCount: 1 });
	});

	it('text stage with data: [] gives one track-free item', () => {
		const parsed = parseKieCallback({ code: 200, msg: 'Text generation completed successfully.', data: { callbackType: 'text', task_id: 't1', data: [] } });
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.callback.items).toStrictEqual([
			{ taskId: 't1', stage: 'text', status: 'TEXT_SUCCESS', code: 200, msg: 'Text generation completed successfully.', trackIndex: null, trackCount: 0 },
		]);
	});

	it('first stage with one track', () => {
		const body = kieSuccess();
		body.data.callbackType = 'first';
		body.data.data = body.data.data.slice(0, 1);
		const parsed = parseKieCallback(body);
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.callback.stage).toBe('first');
		expect(parsed.callback.items).toHaveLength(1);
		expect(parsed.callback.items[0]).toMatchObject({ stage: 'first', status: 'FIRST_SUCCESS', trackCount: 1 });
	});

	it('Kie\'s failure example: one error item with code, msg and error', () => {
		const parsed = parseKieCallback({
			code: 501,
			msg: 'Audio generation failed.',
			data: { callbackType: 'error', task_id: '2fac9f72', error: 'Generation failed due to technical issues' },
		});
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.callback.stage).toBe('error');
		expect(parsed.callback.items).toStrictEqual([
			{ taskId: '2fac9f72', stage: 'error', status: null, code: 501, msg: 'Audio generation failed.', error: 'Generation failed due to technical issues' },
		]);
	});

	it('the sister platform\'s failure shape (data: null) is an error too', () => {
		const parsed = parseKieCallback({ code: 400, msg: 'Generation failed', data: { callbackType: 'error', task_id: 't', data: null } });
		if (!parsed.ok) throw new Error(parsed.reason);
		expect(parsed.callback.items).toStrictEqual([{ taskId: 't', stage: 'error', status: null, code: 400, msg: 'Generation failed', error: 'Generation failed' }]);
	});

	it('"failed" as callbackType, or any non-200 code, is a failure whatever the stage says', () => {
		const failed = parseKieCallback({ code: 200, msg: 'x', data: { callbackType: 'failed', task_id: 't' } });
		const complete531 = parseKieCallback({ code: 531, msg: 'credits refunded', data: { callbackType: 'complete', task_id: 't', data: [] } });
		expect(failed.ok && failed.callback.stage).toBe('error');
		expect(complete531.ok && complete531.callback.stage).toBe('error');
		expect(complete531.ok && complete531.callback.items[0]).toMatchObject({ code: 531, msg: 'credits refunded' });
	});
});

describe('parseKieCallback: rejected bodies (never throws)', () => {
	it.each([
		['not an object', 'hello', 'The body must be a JSON object'],
		['an array', [1, 2], 'The body must be a JSON object'],
		['null', null, 'The body must be a JSON object'],
		['code missing', { msg: 'x', data: { callbackType: 'complete', task_id: 't' } }, '"code" must be an integer'],
		['code a string', { code: '200', data: { callbackType: 'complete', task_id: 't' } }, '"code" must be an integer'],
		['msg a number', { code: 200, msg: 5, data: { callbackType: 'complete', task_id: 't' } }, '"msg" must be a string'],
		['data missing', { code: 200, msg: 'x' }, '"data" must be an object'],
		['task_id missing', { code: 200, data: { callbackType: 'complete' } }, '"data.task_id" must be a non-empty string'],
		['taskId camelCase only', { code: 200, data: { callbackType: 'complete', taskId: 't' } }, '"data.task_id" must be a non-empty string'],
		['task_id with a slash', { code: 200, data: { callbackType: 'complete', task_id: '../etc' } }, '"data.task_id" is not a Kie task id'],
		['task_id too long', { code: 200, data: { callbackType: 'complete', task_id: 'a'.repeat(201) } }, '"data.task_id" is not a Kie task id'],
		['unknown stage', { code: 200, data: { callbackType: 'done', task_id: 't' } }, '"data.callbackType" must be one of text, first, complete, error'],
		['tracks not an array', { code: 200, data: { callbackType: 'complete', task_id: 't', data: {} } }, '"data.data" must be an array of tracks'],
		['a track not an object', { code: 200, data: { callbackType: 'complete', task_id: 't', data: ['x'] } }, 'every entry of "data.data" must be an object'],
		['too many tracks', { code: 200, data: { callbackType: 'complete', task_id: 't', data: Array.from({ length: 101 }, () => ({})) } }, '"data.data" has too many tracks'],
		['error not a string', { code: 501, data: { callbackType: 'error', task_id: 't', error: { x: 1 } } }, '"data.error" must be a string'],
	])('%s', (_name, body, reason) => {
		expect(parseKieCallback(body)).toEqual({ ok: false, reason });
	});
});
