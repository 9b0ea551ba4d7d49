/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The MIDI descriptor (nodes/shared/kie/midi.ts) against every MIDI answer in the family reference
 * (§9, §3.1, §13 #15, #17): the INTEGER successFlag (0 pending, 1 success, 2/3 failed), notes with
 * numbers as strings, the callback's top-level task id, the undocumented jobs result, hostile bodies,
 * and the Standard MIDI File the "midi" binary is written as.
 */
import type { IDataObject } from 'n8n-workflow';

import { midi } from '../../../../nodes/shared/kie/midi';
import { CASINGS, callback, common, details, errorOf, jobs, jobsData, NOT_OBJECTS, refOf } from './familyCases';
import { parseMidi } from './smf';

const TASK_ID = '5c79aaaabe8e';
const ref = refOf('midi', TASK_ID);

/** Kie's callback (docs.kie.ai generate-midi-callbacks): task_id at the top level, some numbers as strings. */
const kieCallback = (): IDataObject => ({
	task_id: TASK_ID,
	code: 200,
	msg: 'success',
	data: {
		state: 'complete',
		instruments: [
			{
				name: 'Drums',
				notes: [
					{ pitch: 73, start: '0.036458333333333336', end: '0.18229166666666666', velocity: 1 },
					{ pitch: 61, start: 0.046875, end: '0.19270833333333334', velocity: 1 },
				],
			},
			{ name: 'Electric Bass (finger)', notes: [{ pitch: 44, start: 7.6875, end: 7.911458333333333, velocity: 1 }] },
		],
	},
});

/** The same notes as the node outputs them: numbers. */
const CALLBACK_INSTRUMENTS = [
	{
		name: 'Drums',
		notes: [
			{ pitch: 73, start: 0.036458333333333336, end: 0.18229166666666666, velocity: 1 },
			{ pitch: 61, start: 0.046875, end: 0.19270833333333334, velocity: 1 },
		],
	},
	{ name: 'Electric Bass (finger)', notes: [{ pitch: 44, start: 7.6875, end: 7.911458333333333, velocity: 1 }] },
];

/** Kie's details answer (docs.kie.ai get-midi-details, family §9). */
const detailsAnswer = (flag: unknown, midiData: unknown = { state: 'complete', instruments: [{ name: 'Drums', notes: [{ pitch: 73, start: 0.0364, end: 0.1822, velocity: 1 }] }] }) => ({
	taskId: TASK_ID,
	recordTaskId: -1,
	audioId: 'e231aaaa8cadc7dc',
	callbackUrl: 'https://example.callback',
	completeTime: 1760335255000,
	midiData,
	successFlag: flag,
	createTime: 1760335251000,
	errorCode: null,
	errorMessage: null,
});
const DRUMS = [{ name: 'Drums', notes: [{ pitch: 73, start: 0.0364, end: 0.1822, velocity: 1 }] }];

describe('midi descriptor: facts', () => {
	it('has Kie\'s paths; the jobs model is unverified', () => {
		expect(midi.detailsPath).toBe('/api/v1/midi/record-info');
		expect(midi.operations.generateMidi).toEqual({
			operation: 'generateMidi',
			perOperationPath: '/api/v1/midi/generate',
			jobsModel: 'ai-music-api/generate-midi-from-audio',
			jobsVerified: false,
		});
	});
});

describe('midi descriptor: details (GET /api/v1/midi/record-info)', () => {
	it('Kie\'s answer (successFlag 1): one item with the instruments', () => {
		expect(details(ref, detailsAnswer(1))).toEqual({
			known: true,
			finished: true,
			stage: 'complete',
			status: '1',
			items: [{ ...common(ref, 'complete', '1', 200, null), instruments: DRUMS }],
		});
	});

	it.each([1, '1', ...CASINGS('SUCCESS')])('success written %j finishes the task', (flag) => {
		expect(details(ref, detailsAnswer(flag)).items).toEqual([{ ...common(ref, 'complete', String(flag), 200, null), instruments: DRUMS }]);
	});

	it.each([0, '0', 'pending'])('%j keeps waiting (midiData null)', (flag) => {
		expect(details(ref, detailsAnswer(flag, null))).toEqual({
			known: true,
			finished: false,
			stage: 'pending',
			status: String(flag),
			items: [common(ref, 'pending', String(flag), 200, null)],
		});
	});

	it.each([
		[2, 'Kie failed to create the MIDI task'],
		[3, 'Kie failed to generate the MIDI'],
		['GENERATE_MIDI_FAILED', 'Kie failed to generate the MIDI'],
		['create_task_failed', 'Kie failed to create the MIDI task'],
	])('%j without notes is one error item (2 means failed here, unlike cover images)', (flag, meaning) => {
		expect(details(ref, { ...detailsAnswer(flag, null), errorCode: 500, errorMessage: null })).toEqual({
			known: true,
			finished: true,
			stage: 'error',
			status: String(flag),
			items: [errorOf(ref, String(flag), 500, meaning)],
		});
	});

	it('an empty midiData (a split_stem source) with success is a complete item with no instruments', () => {
		expect(details(ref, detailsAnswer(1, { state: 'complete', instruments: [] })).items).toEqual([{ ...common(ref, 'complete', '1', 200, null), instruments: [] }]);
	});

	it('an unknown flag (e.g. 4) keeps waiting and reports it', () => {
		expect(details(ref, detailsAnswer(4, null))).toMatchObject({ known: true, finished: false, stage: 'pending', status: '4' });
	});

	it.each(NOT_OBJECTS)('data %j is an unknown task', (data) => {
		expect(details(ref, data).known).toBe(false);
	});

	it('hostile notes are dropped, numeric strings coerced, instrument names defaulted', () => {
		const midiData = {
			instruments: [
				{ name: '  ', notes: [{ pitch: '60', start: '1', end: '1.5', velocity: '0.5' }, { pitch: 'C4', start: 0, end: 1 }, { pitch: 60, start: 2, end: 1 }, { pitch: 60, start: -1, end: 1 }, null, 'x'] },
				{ name: 'Piano', notes: 'none' },
				'not an instrument',
				{ name: 'Bass', notes: [{ pitch: 40, start: 0, end: 0.5 }] },
			],
		};
		expect(details(ref, detailsAnswer(1, midiData)).items[0].instruments).toEqual([
			{ name: 'Instrument 1', notes: [{ pitch: 60, start: 1, end: 1.5, velocity: 0.5 }] },
			{ name: 'Piano', notes: [] },
			{ name: 'Bass', notes: [{ pitch: 40, start: 0, end: 0.5, velocity: 1 }] },
		]);
	});

	it.each([['text'], [42], [{ state: 'complete' }], [{ instruments: 'x' }]])('midiData %j gives no notes; a failure flag is then an error', (midiData) => {
		expect(details(ref, detailsAnswer(3, midiData)).stage).toBe('error');
	});
});

describe('midi descriptor: callbacks', () => {
	it('Kie\'s callback: detected as midi, task id at the top level, string numbers coerced', () => {
		const state = callback(ref, kieCallback());
		expect(state.detected).toBe('midi');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.items).toEqual([{ ...common(ref, 'complete', null, 200, 'success'), instruments: CALLBACK_INSTRUMENTS }]);
	});

	it('[3P]\'s shape with data.taskId and no top-level id is read the same', () => {
		const body = kieCallback();
		delete body.task_id;
		(body.data as IDataObject).taskId = TASK_ID;
		const state = callback(ref, body);
		expect(state.detected).toBe('midi');
		expect(state.taskIdFound).toBe(TASK_ID);
		expect(state.items[0].instruments).toEqual(CALLBACK_INSTRUMENTS);
	});

	it.each([
		['state failed, code 500', { task_id: TASK_ID, code: 500, msg: 'MIDI generation failed.', data: { state: 'failed', instruments: null } }],
		['state fail, code 200', { task_id: TASK_ID, code: 200, msg: 'MIDI generation failed.', data: { state: 'FAIL' } }],
	])('a failure callback (%s) is detected and is one error item', (_case, body) => {
		const state = callback(ref, body);
		expect(state.detected).toBe('midi');
		expect(state.items).toEqual([errorOf(ref, null, body.code, 'MIDI generation failed.')]);
	});
});

describe('midi descriptor: jobs route (undocumented result)', () => {
	const jobsRef = refOf('midi', TASK_ID, 'jobs');

	it.each([
		['resultObject', { resultObject: { state: 'complete', instruments: CALLBACK_INSTRUMENTS } }],
		['resultObject.midiData', { resultObject: { midiData: { instruments: CALLBACK_INSTRUMENTS } } }],
		['midiData', { midiData: { state: 'complete', instruments: CALLBACK_INSTRUMENTS } }],
		['bare instruments', { instruments: CALLBACK_INSTRUMENTS }],
	])('success with %s: status is MIDI\'s own success word, 1, as on the per-operation route', (_shape, result) => {
		expect(jobs(jobsRef, jobsData('success', result)).items).toEqual([{ ...common(jobsRef, 'complete', '1', 200, null), instruments: CALLBACK_INSTRUMENTS }]);
	});
});

describe('midi descriptor: the "midi" binary is a Standard MIDI File of Kie\'s notes', () => {
	it('one spec, written (not downloaded): format 1, a tempo track plus one track per instrument, every note', () => {
		const [item] = callback(ref, kieCallback()).items;
		const files = midi.files(item);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatchObject({ property: 'midi', kind: 'midi', suffix: '' });
		expect(files[0].url).toBeUndefined();
		const parsed = parseMidi(files[0].content as Buffer);
		expect(parsed).toMatchObject({ format: 1, trackCount: 3, division: 480 });
		expect(parsed.tracks[0].tempo).toBe(500_000);
		expect(parsed.tracks.slice(1).map((track) => track.name)).toEqual(['Drums', 'Electric Bass (finger)']);
		expect(parsed.tracks.slice(1).map((track) => track.notes.length)).toEqual([2, 1]);
		// 960 ticks per second; drums on channel 10 (index 9); Kie's velocity 1 is MIDI 127
		expect(parsed.tracks[1].notes).toEqual([
			{ tick: 35, channel: 9, pitch: 73, velocity: 127, length: 140 },
			{ tick: 45, channel: 9, pitch: 61, velocity: 127, length: 140 },
		]);
		expect(parsed.tracks[2].notes).toEqual([{ tick: 7380, channel: 0, pitch: 44, velocity: 127, length: 215 }]);
		expect(parsed.tracks[2].program).toBe(33);
	});

	it('an item without instruments (an error item) has no file', () => {
		expect(midi.files({ taskId: TASK_ID, stage: 'error' })).toEqual([]);
	});
});
