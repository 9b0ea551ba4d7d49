/**
 * Standard MIDI File writer for Kie's MIDI task (notes per instrument, times in seconds). Format 1:
 * a conductor track (tempo, time signature) and one track per instrument, 480 ticks per quarter
 * note at 120 BPM, so one second is exactly 960 ticks.
 */

/** Times in seconds; velocity 0..1 as Kie sends it, or 1..127. */
export interface MidiNote {
	pitch: number;
	start: number;
	end: number;
	velocity: number;
}

export interface MidiInstrument {
	name: string;
	notes: MidiNote[];
}

export const TICKS_PER_QUARTER = 480;
export const MICROSECONDS_PER_QUARTER = 500_000; // 120 BPM
export const TICKS_PER_SECOND = (TICKS_PER_QUARTER * 1_000_000) / MICROSECONDS_PER_QUARTER;
/** Channel 10 in MIDI's 1-based numbering. */
export const DRUM_CHANNEL = 9;
const MELODIC_CHANNELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15];

/** General MIDI program names (program number = index), as Kie and pretty_midi spell them. */
const GM_PROGRAMS = [
	'Acoustic Grand Piano', 'Bright Acoustic Piano', 'Electric Grand Piano', 'Honky-tonk Piano', 'Electric Piano 1',
	'Electric Piano 2', 'Harpsichord', 'Clavinet', 'Celesta', 'Glockenspiel', 'Music Box', 'Vibraphone', 'Marimba',
	'Xylophone', 'Tubular Bells', 'Dulcimer', 'Drawbar Organ', 'Percussive Organ', 'Rock Organ', 'Church Organ',
	'Reed Organ', 'Accordion', 'Harmonica', 'Tango Accordion', 'Acoustic Guitar (nylon)', 'Acoustic Guitar (steel)',
	'Electric Guitar (jazz)', 'Electric Guitar (clean)', 'Electric Guitar (muted)', 'Overdriven Guitar',
	'Distortion Guitar', 'Guitar Harmonics', 'Acoustic Bass', 'Electric Bass (finger)', 'Electric Bass (pick)',
	'Fretless Bass', 'Slap Bass 1', 'Slap Bass 2', 'Synth Bass 1', 'Synth Bass 2', 'Violin', 'Viola', 'Cello',
	'Contrabass', 'Tremolo Strings', 'Pizzicato Strings', 'Orchestral Harp', 'Timpani', 'String Ensemble 1',
	'String Ensemble 2', 'Synth Strings 1', 'Synth Strings 2', 'Choir Aahs', 'Voice Oohs', 'Synth Choir',
	'Orchestra Hit', 'Trumpet', 'Trombone', 'Tuba', 'Muted Trumpet', 'French Horn', 'Brass Section', 'Synth Brass 1',
	'Synth Brass 2', 'Soprano Sax', 'Alto Sax', 'Tenor Sax', 'Baritone Sax', 'Oboe', 'English Horn', 'Bassoon',
	'Clarinet', 'Piccolo', 'Flute', 'Recorder', 'Pan Flute', 'Blown Bottle', 'Shakuhachi', 'Whistle', 'Ocarina',
	'Lead 1 (square)', 'Lead 2 (sawtooth)', 'Lead 3 (calliope)', 'Lead 4 (chiff)', 'Lead 5 (charang)',
	'Lead 6 (voice)', 'Lead 7 (fifths)', 'Lead 8 (bass + lead)', 'Pad 1 (new age)', 'Pad 2 (warm)',
	'Pad 3 (polysynth)', 'Pad 4 (choir)', 'Pad 5 (bowed)', 'Pad 6 (metallic)', 'Pad 7 (halo)', 'Pad 8 (sweep)',
	'FX 1 (rain)', 'FX 2 (soundtrack)', 'FX 3 (crystal)', 'FX 4 (atmosphere)', 'FX 5 (brightness)', 'FX 6 (goblins)',
	'FX 7 (echoes)', 'FX 8 (sci-fi)', 'Sitar', 'Banjo', 'Shamisen', 'Koto', 'Kalimba', 'Bagpipe', 'Fiddle', 'Shanai',
	'Tinkle Bell', 'Agogo', 'Steel Drums', 'Woodblock', 'Taiko Drum', 'Melodic Tom', 'Synth Drum', 'Reverse Cymbal',
	'Guitar Fret Noise', 'Breath Noise', 'Seashore', 'Bird Tweet', 'Telephone Ring', 'Helicopter', 'Applause', 'Gunshot',
];

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const GM_BY_NAME = new Map(GM_PROGRAMS.map((name, program) => [squash(name), program]));

/** Stem-style names (Kie's separated stems) → the obvious General MIDI program; first match wins. */
const PROGRAM_KEYWORDS: Array<[RegExp, number]> = [
	[/piano|keys|keyboard/, 0],
	[/organ/, 16],
	[/bass/, 33],
	[/guitar/, 25],
	[/violin|fiddle/, 40],
	[/cello/, 42],
	[/string/, 48],
	[/choir|vocal|voice|vox/, 52],
	[/trumpet/, 56],
	[/brass|horn/, 61],
	[/sax/, 65],
	[/flute|woodwind/, 73],
	[/synth|lead/, 80],
	[/pad/, 88],
];

/** How an instrument is played: drum kit on channel 10, or a melodic program (undefined: none sent). */
export function instrumentVoice(name: string): { drums: true } | { drums: false; program: number | undefined } {
	const exact = GM_BY_NAME.get(squash(name));
	if (exact !== undefined) return { drums: false, program: exact };
	const lower = name.toLowerCase();
	if (/drum|percussion/.test(lower)) return { drums: true };
	return { drums: false, program: PROGRAM_KEYWORDS.find(([pattern]) => pattern.test(lower))?.[1] };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function secondsToTicks(seconds: number): number {
	return Math.max(0, Math.round(seconds * TICKS_PER_SECOND));
}

/** 0..1 (Kie) scaled to 1..127; values above 1 are MIDI velocities already (clamped). */
export function midiVelocity(velocity: number): number {
	if (!Number.isFinite(velocity)) return 127;
	return velocity <= 1 ? clamp(Math.round(velocity * 127), 1, 127) : clamp(Math.round(velocity), 1, 127);
}

function variableLength(value: number): number[] {
	const bytes = [value & 0x7f];
	for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) bytes.unshift((rest & 0x7f) | 0x80);
	return bytes;
}

function chunk(type: string, data: number[]): Buffer {
	const head = Buffer.alloc(8);
	head.write(type, 0, 'ascii');
	head.writeUInt32BE(data.length, 4);
	return Buffer.concat([head, Buffer.from(data)]);
}

/** An event at an absolute tick; `rank` orders events at the same tick (note-off before note-on). */
interface TimedEvent {
	tick: number;
	rank: number;
	pitch: number;
	bytes: number[];
}

function trackChunk(events: TimedEvent[]): Buffer {
	const sorted = events
		.map((event, index) => ({ event, index }))
		.sort((a, b) => a.event.tick - b.event.tick || a.event.rank - b.event.rank || a.event.pitch - b.event.pitch || a.index - b.index)
		.map(({ event }) => event);
	const data: number[] = [];
	let previous = 0;
	for (const event of sorted) {
		data.push(...variableLength(event.tick - previous), ...event.bytes);
		previous = event.tick;
	}
	data.push(0x00, 0xff, 0x2f, 0x00); // end of track
	return chunk('MTrk', data);
}

function metaEvent(type: number, payload: number[]): TimedEvent {
	return { tick: 0, rank: 0, pitch: 0, bytes: [0xff, type, ...variableLength(payload.length), ...payload] };
}

function conductorTrack(): Buffer {
	const tempo = [(MICROSECONDS_PER_QUARTER >> 16) & 0xff, (MICROSECONDS_PER_QUARTER >> 8) & 0xff, MICROSECONDS_PER_QUARTER & 0xff];
	return trackChunk([metaEvent(0x58, [4, 2, 24, 8]), metaEvent(0x51, tempo)]);
}

function instrumentTrack(instrument: MidiInstrument, channel: number, program: number | undefined): Buffer {
	const events: TimedEvent[] = [metaEvent(0x03, [...Buffer.from(instrument.name, 'utf8')])];
	if (program !== undefined) events.push({ tick: 0, rank: 0, pitch: 0, bytes: [0xc0 | channel, program] });
	for (const note of instrument.notes) {
		const pitch = clamp(Math.round(note.pitch), 0, 127);
		const on = secondsToTicks(note.start);
		// A note shorter than a tick still lasts one, so its note-off never precedes its note-on.
		const off = Math.max(on + 1, secondsToTicks(note.end));
		events.push({ tick: on, rank: 2, pitch, bytes: [0x90 | channel, pitch, midiVelocity(note.velocity)] });
		events.push({ tick: off, rank: 1, pitch, bytes: [0x80 | channel, pitch, 0x40] });
	}
	return trackChunk(events);
}

/**
 * Standard MIDI File, format 1: conductor track + one track per instrument (track name = the
 * instrument's name; drums on channel 10, other instruments on their own channel with a General
 * MIDI program change when the name makes it obvious).
 */
export function writeMidiFile(instruments: MidiInstrument[]): Buffer {
	const header = Buffer.alloc(14);
	header.write('MThd', 0, 'ascii');
	header.writeUInt32BE(6, 4);
	header.writeUInt16BE(1, 8);
	header.writeUInt16BE(instruments.length + 1, 10);
	header.writeUInt16BE(TICKS_PER_QUARTER, 12);
	let melodic = 0;
	const tracks = instruments.map((instrument) => {
		const voice = instrumentVoice(instrument.name);
		if (voice.drums) return instrumentTrack(instrument, DRUM_CHANNEL, undefined);
		const channel = MELODIC_CHANNELS[melodic++ % MELODIC_CHANNELS.length];
		return instrumentTrack(instrument, channel, voice.program);
	});
	return Buffer.concat([header, conductorTrack(), ...tracks]);
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

function normalizeNote(value: unknown): MidiNote | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const note = value as Record<string, unknown>;
	const pitch = toNumber(note.pitch);
	const start = toNumber(note.start);
	const end = toNumber(note.end);
	const velocity = note.velocity === undefined || note.velocity === null ? 1 : toNumber(note.velocity);
	if (pitch === undefined || start === undefined || end === undefined || velocity === undefined) return undefined;
	if (start < 0 || end < start || velocity < 0) return undefined;
	return { pitch, start, end, velocity };
}

/**
 * Coerces Kie's instrument list (numbers or numeric strings) into MidiInstrument[]; notes with a
 * missing or non-numeric pitch/start/end, a negative start or an end before the start are dropped.
 * Accepts the list itself or an object holding it (`{ instruments: [...] }`).
 */
export function normalizeInstruments(value: unknown): MidiInstrument[] {
	const list =
		typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { instruments?: unknown }).instruments : value;
	if (!Array.isArray(list)) return [];
	return list
		.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && !Array.isArray(entry))
		.map((entry, index) => ({
			name: typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : `Instrument ${index + 1}`,
			notes: (Array.isArray(entry.notes) ? entry.notes : [])
				.map(normalizeNote)
				.filter((note): note is MidiNote => note !== undefined),
		}));
}
