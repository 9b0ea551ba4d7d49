/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/midi.ts: the Standard MIDI File is read back with a small independent SMF parser
 * (below), so header, tracks, names, channels, ticks and velocities are checked byte-exactly.
 */
import type { MidiInstrument } from '../../../nodes/shared/midi';
import { instrumentVoice, midiVelocity, normalizeInstruments, secondsToTicks, writeMidiFile } from '../../../nodes/shared/midi';

/* ------------------------------------------------------------------ a minimal SMF reader */

interface ParsedEvent {
	tick: number;
	kind: 'noteOn' | 'noteOff' | 'program' | 'meta';
	channel?: number;
	pitch?: number;
	velocity?: number;
	program?: number;
	metaType?: number;
	data?: Buffer;
}

interface ParsedFile {
	format: number;
	trackCount: number;
	division: number;
	tracks: ParsedEvent[][];
}

function parseSmf(file: Buffer): ParsedFile {
	expect(file.toString('ascii', 0, 4)).toBe('MThd');
	expect(file.readUInt32BE(4)).toBe(6);
	const format = file.readUInt16BE(8);
	const trackCount = file.readUInt16BE(10);
	const division = file.readUInt16BE(12);
	const tracks: ParsedEvent[][] = [];
	let offset = 14;
	while (offset < file.length) {
		expect(file.toString('ascii', offset, offset + 4)).toBe('MTrk');
		const length = file.readUInt32BE(offset + 4);
		tracks.push(parseTrack(file.subarray(offset + 8, offset + 8 + length)));
		offset += 8 + length;
	}
	expect(offset).toBe(file.length);
	return { format, trackCount, division, tracks };
}

function parseTrack(data: Buffer): ParsedEvent[] {
	const events: ParsedEvent[] = [];
	let position = 0;
	let tick = 0;
	const readVariable = () => {
		let value = 0;
		for (;;) {
			const byte = data[position++];
			value = value * 128 + (byte & 0x7f);
			if ((byte & 0x80) === 0) return value;
		}
	};
	let ended = false;
	while (position < data.length) {
		expect(ended).toBe(false); // nothing after end-of-track
		tick += readVariable();
		const status = data[position++];
		expect(status & 0x80).toBe(0x80); // the writer never relies on running status
		if (status === 0xff) {
			const metaType = data[position++];
			const length = readVariable();
			events.push({ tick, kind: 'meta', metaType, data: data.subarray(position, position + length) });
			position += length;
			if (metaType === 0x2f) ended = true;
		} else if ((status & 0xf0) === 0x90 || (status & 0xf0) === 0x80) {
			const kind = (status & 0xf0) === 0x90 ? 'noteOn' : 'noteOff';
			events.push({ tick, kind, channel: status & 0x0f, pitch: data[position], velocity: data[position + 1] });
			position += 2;
		} else if ((status & 0xf0) === 0xc0) {
			events.push({ tick, kind: 'program', channel: status & 0x0f, program: data[position++] });
		} else {
			throw new Error(`unexpected status 0x${status.toString(16)}`);
		}
	}
	expect(ended).toBe(true);
	return events;
}

const trackName = (events: ParsedEvent[]) => events.find((event) => event.metaType === 0x03)?.data?.toString('utf8');
const notes = (events: ParsedEvent[]) => events.filter((event) => event.kind === 'noteOn' || event.kind === 'noteOff');

/* ------------------------------------------------------------------ tests */

const KIE_EXAMPLE: MidiInstrument[] = [
	{
		name: 'Drums',
		notes: [
			{ pitch: 73, start: 0.036458333333333336, end: 0.18229166666666666, velocity: 1 },
			{ pitch: 61, start: 0.046875, end: 0.19270833333333334, velocity: 1 },
		],
	},
	{ name: 'Electric Bass (finger)', notes: [{ pitch: 44, start: 7.6875, end: 7.911458333333333, velocity: 1 }] },
];

describe('writeMidiFile', () => {
	it('header: MThd, format 1, one track per instrument plus the tempo track, 480 PPQ', () => {
		const parsed = parseSmf(writeMidiFile(KIE_EXAMPLE));
		expect(parsed).toMatchObject({ format: 1, trackCount: 3, division: 480 });
		expect(parsed.tracks).toHaveLength(3);
	});

	it('the conductor track sets 120 BPM (500000 µs per quarter) and 4/4, and holds no notes', () => {
		const [conductor] = parseSmf(writeMidiFile(KIE_EXAMPLE)).tracks;
		expect(conductor.find((event) => event.metaType === 0x51)).toMatchObject({ tick: 0, data: Buffer.from([0x07, 0xa1, 0x20]) });
		expect(conductor.find((event) => event.metaType === 0x58)).toMatchObject({ tick: 0, data: Buffer.from([4, 2, 24, 8]) });
		expect(notes(conductor)).toHaveLength(0);
	});

	it('each instrument track is named after its instrument and has one note-on and one note-off per note', () => {
		const [, drums, bass] = parseSmf(writeMidiFile(KIE_EXAMPLE)).tracks;
		expect([trackName(drums), trackName(bass)]).toEqual(['Drums', 'Electric Bass (finger)']);
		expect(drums.filter((event) => event.kind === 'noteOn')).toHaveLength(2);
		expect(drums.filter((event) => event.kind === 'noteOff')).toHaveLength(2);
		expect(bass.filter((event) => event.kind === 'noteOn')).toHaveLength(1);
		expect(bass.filter((event) => event.kind === 'noteOff')).toHaveLength(1);
	});

	it('seconds become ticks exactly (960 per second at 120 BPM / 480 PPQ); velocity 1 becomes 127', () => {
		const [, drums, bass] = parseSmf(writeMidiFile(KIE_EXAMPLE)).tracks;
		// 0.036458 s = 35 ticks, 0.046875 s = 45, 0.182291 s = 175, 0.192708 s = 185
		expect(notes(drums).map(({ tick, kind, pitch, velocity }) => [tick, kind, pitch, velocity])).toEqual([
			[35, 'noteOn', 73, 127],
			[45, 'noteOn', 61, 127],
			[175, 'noteOff', 73, 64],
			[185, 'noteOff', 61, 64],
		]);
		// 7.6875 s = 7380 ticks, 7.911458 s = 7595
		expect(notes(bass).map(({ tick, kind }) => [tick, kind])).toEqual([
			[7380, 'noteOn'],
			[7595, 'noteOff'],
		]);
		expect([secondsToTicks(1), secondsToTicks(0.5), secondsToTicks(2.25), secondsToTicks(-1)]).toEqual([960, 480, 2160, 0]);
	});

	it('drums go to channel 10 without a program change; others get their own channel and a General MIDI program', () => {
		const instruments: MidiInstrument[] = ['Drums', 'Electric Bass (finger)', 'Acoustic Grand Piano', 'percussion', 'Vocals', 'Steel Drums'].map(
			(name) => ({ name, notes: [{ pitch: 60, start: 0, end: 1, velocity: 0.5 }] }),
		);
		const tracks = parseSmf(writeMidiFile(instruments)).tracks.slice(1);
		const summary = tracks.map((events) => ({
			name: trackName(events),
			channels: [...new Set(notes(events).map((event) => event.channel))],
			program: events.find((event) => event.kind === 'program')?.program,
		}));
		expect(summary).toEqual([
			{ name: 'Drums', channels: [9], program: undefined },
			{ name: 'Electric Bass (finger)', channels: [0], program: 33 },
			{ name: 'Acoustic Grand Piano', channels: [1], program: 0 },
			{ name: 'percussion', channels: [9], program: undefined },
			{ name: 'Vocals', channels: [2], program: 52 },
			{ name: 'Steel Drums', channels: [3], program: 114 }, // a melodic GM instrument despite "Drums"
		]);
	});

	it('more than 15 melodic instruments reuse channels but never channel 10', () => {
		const instruments = Array.from({ length: 17 }, (_, index) => ({ name: `Synth ${index}`, notes: [{ pitch: 60, start: 0, end: 1, velocity: 1 }] }));
		const channels = parseSmf(writeMidiFile(instruments)).tracks.slice(1).map((events) => notes(events)[0].channel);
		expect(channels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 0, 1]);
	});

	it('velocity 0..1 scales to 1..127, values above 1 are MIDI velocities (clamped); pitch is clamped to 0..127', () => {
		expect([0, 0.001, 0.5, 0.75, 1, 1.4, 64, 127, 300].map(midiVelocity)).toEqual([1, 1, 64, 95, 127, 1, 64, 127, 127]);
		const [, track] = parseSmf(
			writeMidiFile([
				{
					name: 'Piano',
					notes: [
						{ pitch: -5, start: 0, end: 0.5, velocity: 0.5 },
						{ pitch: 200, start: 1, end: 1.5, velocity: 100 },
						{ pitch: 60.4, start: 2, end: 2.5, velocity: 0 },
					],
				},
			]),
		).tracks;
		expect(track.filter((event) => event.kind === 'noteOn').map(({ pitch, velocity }) => [pitch, velocity])).toEqual([
			[0, 64],
			[127, 100],
			[60, 1],
		]);
	});

	it('notes are sorted; at equal ticks note-off comes before note-on; a zero-length note still lasts a tick', () => {
		const [, track] = parseSmf(
			writeMidiFile([
				{
					name: 'Lead',
					notes: [
						{ pitch: 64, start: 1, end: 2, velocity: 1 }, // given out of order
						{ pitch: 62, start: 0, end: 1, velocity: 1 }, // ends where the next begins
						{ pitch: 67, start: 3, end: 3, velocity: 1 }, // zero length
					],
				},
			]),
		).tracks;
		expect(notes(track).map(({ tick, kind, pitch }) => [tick, kind, pitch])).toEqual([
			[0, 'noteOn', 62],
			[960, 'noteOff', 62],
			[960, 'noteOn', 64],
			[1920, 'noteOff', 64],
			[2880, 'noteOn', 67],
			[2881, 'noteOff', 67],
		]);
	});

	it('an empty instrument list gives a valid file with only the tempo track; an instrument without notes keeps its named track', () => {
		const empty = parseSmf(writeMidiFile([]));
		expect(empty).toMatchObject({ format: 1, trackCount: 1, division: 480 });
		expect(empty.tracks).toHaveLength(1);
		const silent = parseSmf(writeMidiFile([{ name: 'Strings', notes: [] }]));
		expect(silent.trackCount).toBe(2);
		expect(trackName(silent.tracks[1])).toBe('Strings');
		expect(notes(silent.tracks[1])).toHaveLength(0);
	});

	it('long tick gaps use multi-byte variable-length deltas; names are UTF-8', () => {
		const [, track] = parseSmf(writeMidiFile([{ name: 'Guitarra Eléctrica 🎸', notes: [{ pitch: 40, start: 600, end: 601, velocity: 1 }] }])).tracks;
		expect(trackName(track)).toBe('Guitarra Eléctrica 🎸');
		expect(notes(track).map((event) => event.tick)).toEqual([576000, 576960]);
	});
});

describe('instrumentVoice', () => {
	it('exact General MIDI names (any spelling of case and punctuation), then drums, then obvious keywords', () => {
		expect(instrumentVoice('electric bass (finger)')).toEqual({ drums: false, program: 33 });
		expect(instrumentVoice('Lead 4 chiff')).toEqual({ drums: false, program: 83 });
		expect(instrumentVoice('Bag pipe')).toEqual({ drums: false, program: 109 });
		expect(instrumentVoice('Drum Kit')).toEqual({ drums: true });
		expect(instrumentVoice('Percussion')).toEqual({ drums: true });
		expect(instrumentVoice('Bass')).toEqual({ drums: false, program: 33 });
		expect(instrumentVoice('Other')).toEqual({ drums: false, program: undefined });
		// the table has all 128 programs in order
		expect(['Acoustic Grand Piano', 'Steel Drums', 'Taiko Drum', 'Gunshot'].map((name) => instrumentVoice(name))).toEqual(
			[0, 114, 116, 127].map((program) => ({ drums: false, program })),
		);
	});
});

describe('normalizeInstruments', () => {
	it("coerces Kie's numbers and numeric strings, drops bad notes and non-objects", () => {
		const input = {
			instruments: [
				{
					name: 'Drums',
					notes: [
						{ pitch: 73, start: '0.036458333333333336', end: '0.18229166666666666', velocity: 1 },
						{ pitch: '61', start: 0.046875, end: '0.19270833333333334', velocity: '0.5' },
						{ pitch: 60, start: 'soon', end: 1, velocity: 1 }, // non-numeric start
						{ pitch: 60, start: 2, end: 1, velocity: 1 }, // ends before it starts
						{ pitch: 60, start: -1, end: 1, velocity: 1 }, // negative start
						{ pitch: null, start: 0, end: 1, velocity: 1 },
						{ pitch: 60, start: 0, end: 1, velocity: 'loud' },
						{ pitch: 60, start: '', end: 1 },
						'not a note',
						{ pitch: 62, start: 3, end: 4 }, // no velocity: full
					],
				},
				'garbage',
				{ notes: 'none' },
			],
		};
		expect(normalizeInstruments(input)).toEqual([
			{
				name: 'Drums',
				notes: [
					{ pitch: 73, start: 0.036458333333333336, end: 0.18229166666666666, velocity: 1 },
					{ pitch: 61, start: 0.046875, end: 0.19270833333333334, velocity: 0.5 },
					{ pitch: 62, start: 3, end: 4, velocity: 1 },
				],
			},
			{ name: 'Instrument 2', notes: [] },
		]);
		expect(normalizeInstruments(input.instruments)).toEqual(normalizeInstruments(input));
		expect([null, undefined, 'x', 42, {}].map(normalizeInstruments)).toEqual([[], [], [], [], []]);
	});
});
