/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/kie/sync.ts: the answers of Kie's three synchronous Suno calls, in every casing
 * Kie's pages and live answers show (family §5.2-5.4, §13 #19-20), become one output shape.
 */
import { SYNC_OPERATIONS } from '../../../../nodes/shared/kie/sync';

const read = (operation: keyof typeof SYNC_OPERATIONS, data: unknown, sent = {}) => SYNC_OPERATIONS[operation].read(data, sent);

describe('sync answers: Get Timestamped Lyrics', () => {
	/** The reference's two page versions of one answer (family §5.2). */
	const camel = {
		alignedWords: [{ word: '[Verse]\nWaggin\'', success: true, startS: 1.36, endS: 1.79, palign: 0 }],
		waveformData: [0, 1, 0.5, 0.75],
		hootCer: 0.3803191489361702,
		isStreamed: false,
	};
	const snake = { ...camel, alignedWords: [{ word: '[Verse]\nWaggin\'', success: true, start_s: 1.36, end_s: 1.79, p_align: 0 }] };

	it('reads both casings of the aligned words into startS / endS / palign', () => {
		expect(read('getTimestampedLyrics', camel)).toStrictEqual({ fields: camel });
		expect(read('getTimestampedLyrics', snake)).toStrictEqual({ fields: camel });
	});

	it('reads snake_case top-level keys, numbers sent as text, and keeps Kie\'s other fields in camelCase', () => {
		const answer = {
			aligned_words: [{ word: 'la', success: 'yes', start_s: '2.5', end_s: 3, pAlign: 1, extra_note: 'x' }],
			waveform_data: ['0.5', 1],
			hoot_cer: '0.25',
			is_streamed: 'true',
			music_index: 0,
		};
		expect(read('getTimestampedLyrics', answer)).toStrictEqual({
			fields: {
				alignedWords: [{ word: 'la', success: null, startS: 2.5, endS: 3, palign: 1, extraNote: 'x' }],
				waveformData: [0.5, 1],
				hootCer: 0.25,
				isStreamed: true,
				musicIndex: 0,
			},
		});
	});

	it('no words (an instrumental track) is a result; no data at all is not', () => {
		expect(read('getTimestampedLyrics', { alignedWords: null, waveformData: [], hootCer: null, isStreamed: false })).toStrictEqual({
			fields: { alignedWords: [], waveformData: [], hootCer: null, isStreamed: false },
		});
		expect(read('getTimestampedLyrics', null)).toStrictEqual({ problem: 'Kie answered without timestamped lyrics (no data)' });
	});
});

describe('sync answers: Boost Style', () => {
	/** The [LIVE] answer (family §5.3). */
	const live = {
		taskId: '98df596956d0513544e2085da763c46c',
		param: 'Pop, Mysterious',
		result: 'Mysterious pop built around a hushed intro',
		creditsConsumed: 0.4,
		creditsRemaining: 29212.53,
		successFlag: '成功',
		errorCode: null,
		errorMsg: null,
		createTime: 1777379281542,
	};

	it('outputs style from result, with the credits and an ISO createTime', () => {
		expect(read('boostStyle', live)).toStrictEqual({
			fields: {
				style: 'Mysterious pop built around a hushed intro',
				content: 'Pop, Mysterious',
				creditsConsumed: 0.4,
				creditsRemaining: 29212.53,
				createTime: new Date(1777379281542).toISOString(),
			},
		});
	});

	it('reads the documented shape: errorMessage and a text createTime', () => {
		const docs = { ...live, errorMsg: undefined, errorMessage: null, createTime: '2026-04-28 12:28:01' };
		expect(read('boostStyle', docs)).toMatchObject({ fields: { style: live.result, createTime: '2026-04-28T12:28:01.000Z' } });
	});

	it.each([
		['an empty result with errorMsg', { ...live, result: '', errorMsg: 'upstream busy' }, 'Kie answered without a boosted style: upstream busy'],
		['no result with errorMessage', { ...live, result: null, errorMessage: 'content rejected' }, 'Kie answered without a boosted style: content rejected'],
		['a failure flag', { ...live, successFlag: '失败' }, 'Kie answered without a boosted style (status 失败)'],
		['a *_FAILED flag', { ...live, successFlag: 'GENERATE_FAILED' }, 'Kie answered without a boosted style (status GENERATE_FAILED)'],
		['no data', null, 'Kie answered without a boosted style (no data)'],
	])('%s is a problem, not a result', (_name, data, problem) => {
		expect(read('boostStyle', data)).toStrictEqual({ problem });
	});
});

describe('sync answers: Generate Persona', () => {
	it('outputs personaId, name and description (Kie\'s, else what was sent)', () => {
		const sent = { name: 'Sent Name', description: 'Sent description' };
		expect(read('generatePersona', { personaId: 'a1b2c3d4', name: 'Electronic Pop Singer', description: 'Modern' }, sent)).toStrictEqual({
			fields: { personaId: 'a1b2c3d4', name: 'Electronic Pop Singer', description: 'Modern' },
		});
		expect(read('generatePersona', { persona_id: 'a1b2c3d4' }, sent)).toStrictEqual({
			fields: { personaId: 'a1b2c3d4', name: 'Sent Name', description: 'Sent description' },
		});
	});

	it('an answer without a persona ID is a problem', () => {
		expect(read('generatePersona', { personaId: '' })).toStrictEqual({ problem: 'Kie answered without a persona ID' });
		expect(read('generatePersona', null)).toStrictEqual({ problem: 'Kie answered without a persona ID' });
	});
});
