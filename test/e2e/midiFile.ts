/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * A small Standard MIDI File reader for the e2e tests (written from the SMF 1.0 spec, independent
 * of the product's writer): header, tracks, each track's name and its notes (note-on with a
 * velocity above 0, running status honoured). Throws on anything malformed.
 */

export interface MidiTrack {
	name: string | null;
	notes: Array<{ channel: number; pitch: number; velocity: number; tick: number }>;
	endOfTrack: boolean;
}

export interface MidiFile {
	format: number;
	division: number;
	tracks: MidiTrack[];
}

function readVarLen(buf: Buffer, pos: { at: number }, end: number): number {
	let value = 0;
	for (let i = 0; i < 4; i++) {
		if (pos.at >= end) throw new Error('variable-length number runs past the track');
		const byte = buf[pos.at++];
		value = (value << 7) | (byte & 0x7f);
		if ((byte & 0x80) === 0) return value;
	}
	throw new Error('variable-length number longer than 4 bytes');
}

function readTrack(buf: Buffer, start: number, end: number): MidiTrack {
	const track: MidiTrack = { name: null, notes: [], endOfTrack: false };
	const pos = { at: start };
	let tick = 0;
	let running = 0;
	while (pos.at < end) {
		tick += readVarLen(buf, pos, end);
		let status = buf[pos.at];
		if (status & 0x80) pos.at++;
		else if (running) status = running;
		else throw new Error(`data byte without a running status at ${pos.at}`);
		if (status === 0xff) {
			const type = buf[pos.at++];
			const length = readVarLen(buf, pos, end);
			if (type === 0x03) track.name = buf.subarray(pos.at, pos.at + length).toString('latin1');
			if (type === 0x2f) track.endOfTrack = true;
			pos.at += length;
			continue;
		}
		if (status === 0xf0 || status === 0xf7) {
			pos.at += readVarLen(buf, pos, end);
			continue;
		}
		running = status;
		const kind = status & 0xf0;
		const dataBytes = kind === 0xc0 || kind === 0xd0 ? 1 : 2;
		const data = buf.subarray(pos.at, pos.at + dataBytes);
		pos.at += dataBytes;
		if (kind === 0x90 && data[1] > 0) track.notes.push({ channel: status & 0x0f, pitch: data[0], velocity: data[1], tick });
	}
	if (pos.at !== end) throw new Error('track events run past the chunk');
	return track;
}

export function parseMidi(buf: Buffer): MidiFile {
	if (buf.subarray(0, 4).toString('latin1') !== 'MThd') throw new Error('no MThd header');
	const headerLength = buf.readUInt32BE(4);
	const format = buf.readUInt16BE(8);
	const trackCount = buf.readUInt16BE(10);
	const division = buf.readUInt16BE(12);
	let at = 8 + headerLength;
	const tracks: MidiTrack[] = [];
	while (at < buf.length) {
		const id = buf.subarray(at, at + 4).toString('latin1');
		const length = buf.readUInt32BE(at + 4);
		if (at + 8 + length > buf.length) throw new Error(`chunk ${id} runs past the file`);
		if (id === 'MTrk') tracks.push(readTrack(buf, at + 8, at + 8 + length));
		at += 8 + length;
	}
	if (tracks.length !== trackCount) throw new Error(`header says ${trackCount} tracks, file has ${tracks.length}`);
	return { format, division, tracks };
}
