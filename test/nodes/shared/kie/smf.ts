/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * A minimal Standard MIDI File reader for tests: checks the chunk structure byte by byte and
 * returns per track its name and note-on events (velocity > 0) with absolute ticks.
 */

export interface ParsedNote {
	tick: number;
	channel: number;
	pitch: number;
	velocity: number;
	/** Ticks until the matching note-off. */
	length: number;
}

export interface ParsedTrack {
	name: string | null;
	tempo: number | null;
	program: number | null;
	notes: ParsedNote[];
}

export interface ParsedMidi {
	format: number;
	trackCount: number;
	division: number;
	tracks: ParsedTrack[];
}

function variableLength(bytes: Buffer, offset: number): { value: number; next: number } {
	let value = 0;
	let next = offset;
	for (let i = 0; i < 4; i++) {
		const byte = bytes[next++];
		value = value * 128 + (byte & 0x7f);
		if ((byte & 0x80) === 0) return { value, next };
	}
	throw new Error(`variable-length quantity longer than 4 bytes at ${offset}`);
}

function parseTrack(data: Buffer): ParsedTrack {
	const track: ParsedTrack = { name: null, tempo: null, program: null, notes: [] };
	const open = new Map<string, ParsedNote>();
	let offset = 0;
	let tick = 0;
	let ended = false;
	while (offset < data.length) {
		if (ended) throw new Error('bytes after end of track');
		const delta = variableLength(data, offset);
		tick += delta.value;
		offset = delta.next;
		const status = data[offset++];
		if (status === 0xff) {
			const type = data[offset++];
			const length = variableLength(data, offset);
			const payload = data.subarray(length.next, length.next + length.value);
			offset = length.next + length.value;
			if (type === 0x03) track.name = payload.toString('utf8');
			if (type === 0x51) track.tempo = payload.readUIntBE(0, 3);
			if (type === 0x2f) ended = true;
			continue;
		}
		const kind = status & 0xf0;
		const channel = status & 0x0f;
		if (kind === 0xc0) {
			track.program = data[offset++];
			continue;
		}
		if (kind !== 0x80 && kind !== 0x90) throw new Error(`unexpected status byte 0x${status.toString(16)} at ${offset - 1}`);
		const pitch = data[offset++];
		const velocity = data[offset++];
		const key = `${channel}/${pitch}`;
		if (kind === 0x90 && velocity > 0) {
			const note = { tick, channel, pitch, velocity, length: -1 };
			track.notes.push(note);
			open.set(key, note);
		} else {
			const note = open.get(key);
			if (!note) throw new Error(`note-off without note-on (${key}) at tick ${tick}`);
			note.length = tick - note.tick;
			open.delete(key);
		}
	}
	if (!ended) throw new Error('track without end-of-track event');
	if (open.size > 0) throw new Error(`notes never released: ${[...open.keys()].join(', ')}`);
	return track;
}

export function parseMidi(bytes: Buffer): ParsedMidi {
	if (bytes.subarray(0, 4).toString('ascii') !== 'MThd') throw new Error('no MThd header');
	if (bytes.readUInt32BE(4) !== 6) throw new Error('header length is not 6');
	const result: ParsedMidi = { format: bytes.readUInt16BE(8), trackCount: bytes.readUInt16BE(10), division: bytes.readUInt16BE(12), tracks: [] };
	let offset = 14;
	while (offset < bytes.length) {
		if (bytes.subarray(offset, offset + 4).toString('ascii') !== 'MTrk') throw new Error(`no MTrk chunk at ${offset}`);
		const length = bytes.readUInt32BE(offset + 4);
		result.tracks.push(parseTrack(bytes.subarray(offset + 8, offset + 8 + length)));
		offset += 8 + length;
	}
	if (offset !== bytes.length) throw new Error('trailing bytes');
	if (result.tracks.length !== result.trackCount) throw new Error(`header says ${result.trackCount} tracks, file has ${result.tracks.length}`);
	return result;
}
