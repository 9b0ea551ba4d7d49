'use strict';
/*
 * Deterministic generated files of the Kie SANDBOX (local test double, not Kie). The same seed
 * always gives the same bytes, so tests can compare a download's sha256 with what was served.
 * Bodies come from an AES-128-CTR keystream: any offset, any size, streamed in 64 KiB chunks.
 *   mp3  ID3v2.4 header + MPEG frame header over the keystream (as in 0.1, byte for byte)
 *   jpeg SOI/APP0 + 1 KiB keystream + EOI
 *   png  a real 16x16 RGB PNG (IHDR, IDAT, IEND with CRCs)
 *   wav  RIFF/WAVE, PCM 16-bit stereo 44.1 kHz header + keystream samples
 *   mp4  an `ftyp` box, then one `mdat` box of keystream (no `moov`: nothing here plays it)
 */

const crypto = require('crypto');
const zlib = require('zlib');
const { Readable } = require('stream');

const CHUNK = 64 * 1024;
const ZEROES = Buffer.alloc(CHUNK + 16);
const MP3_HEADER = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfb, 0x90, 0x64]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00]);
const JPEG_TAIL = Buffer.from([0xff, 0xd9]);
const IMAGE_BODY_BYTES = 1024;
const WAV_HEADER_BYTES = 44;
const MP4_HEADER_BYTES = 32;

function keyFor(seed) {
	return crypto.createHash('sha256').update(String(seed)).digest().subarray(0, 16);
}

function keystream(key, pos, len) {
	const block = Math.floor(pos / 16);
	const skip = pos % 16;
	const iv = Buffer.alloc(16);
	iv.writeBigUInt64BE(BigInt(block), 8);
	const c = crypto.createCipheriv('aes-128-ctr', key, iv);
	const need = len + skip;
	const out = need <= ZEROES.length ? c.update(ZEROES.subarray(0, need)) : c.update(Buffer.alloc(need));
	return out.subarray(skip, skip + len);
}

/** Keystream bytes [start, end] of a file of `size` bytes, with `head` written over its first bytes. */
function overlayStream(keySeed, size, head, start, end) {
	const key = keyFor(keySeed);
	let pos = start === undefined ? 0 : start;
	const last = end === undefined ? size - 1 : end;
	return new Readable({
		read() {
			if (pos > last) {
				this.push(null);
				return;
			}
			const len = Math.min(CHUNK, last - pos + 1);
			const buf = Buffer.from(keystream(key, pos, len));
			if (pos < head.length) {
				for (let i = pos; i < Math.min(head.length, pos + len); i++) buf[i - pos] = head[i];
			}
			pos += len;
			this.push(buf);
		},
	});
}

/** `len` bytes at `pos` of the generated mp3 with this seed (for callers that pace their own writes). */
function generatedAudioChunk(seed, pos, len) {
	const buf = Buffer.from(keystream(keyFor(`audio:${seed}`), pos, len));
	for (let i = pos; i < Math.min(MP3_HEADER.length, pos + len); i++) buf[i - pos] = MP3_HEADER[i];
	return buf;
}

/** The bytes of a generated mp3 (seed `${taskId}/${n}` for music tracks), bytes [start, end] inclusive. */
function generatedAudioStream(seed, size, start, end) {
	return overlayStream(`audio:${seed}`, size, MP3_HEADER, start, end);
}

function wavHeader(dataBytes) {
	const h = Buffer.alloc(WAV_HEADER_BYTES);
	h.write('RIFF', 0, 'ascii');
	h.writeUInt32LE(36 + dataBytes, 4);
	h.write('WAVE', 8, 'ascii');
	h.write('fmt ', 12, 'ascii');
	h.writeUInt32LE(16, 16); // fmt chunk size
	h.writeUInt16LE(1, 20); // PCM
	h.writeUInt16LE(2, 22); // channels
	h.writeUInt32LE(44100, 24);
	h.writeUInt32LE(44100 * 4, 28); // byte rate
	h.writeUInt16LE(4, 32); // block align
	h.writeUInt16LE(16, 34); // bits per sample
	h.write('data', 36, 'ascii');
	h.writeUInt32LE(dataBytes, 40);
	return h;
}

/** Total size of a generated WAV whose PCM data is about `dataBytes` (rounded down to whole stereo frames). */
function wavSize(dataBytes) {
	return WAV_HEADER_BYTES + Math.max(0, Math.floor(dataBytes / 4) * 4);
}

function generatedWavStream(seed, size, start, end) {
	return overlayStream(`wav:${seed}`, size, wavHeader(size - WAV_HEADER_BYTES), start, end);
}

function mp4Header(size) {
	const h = Buffer.alloc(MP4_HEADER_BYTES);
	h.writeUInt32BE(24, 0);
	h.write('ftypisom', 4, 'ascii');
	h.writeUInt32BE(0x200, 12); // minor version
	h.write('isommp41', 16, 'ascii'); // compatible brands
	h.writeUInt32BE(size - 24, 24);
	h.write('mdat', 28, 'ascii');
	return h;
}

function generatedMp4Stream(seed, size, start, end) {
	return overlayStream(`mp4:${seed}`, size, mp4Header(size), start, end);
}

function generatedJpegBytes(seed) {
	return Buffer.concat([JPEG_HEAD, Buffer.from(keystream(keyFor(`image:${seed}`), 0, IMAGE_BODY_BYTES)), JPEG_TAIL]);
}

const CRC_TABLE = (() => {
	const t = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c;
	}
	return t;
})();

function crc32(buf) {
	let c = -1;
	for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

function pngChunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length, 0);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(td), 0);
	return Buffer.concat([len, td, crc]);
}

function generatedPngBytes(seed) {
	const w = 16;
	const hgt = 16;
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(hgt, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // RGB
	const pixels = keystream(keyFor(`png:${seed}`), 0, w * hgt * 3);
	const raw = Buffer.alloc((w * 3 + 1) * hgt);
	for (let y = 0; y < hgt; y++) pixels.copy(raw, y * (w * 3 + 1) + 1, y * w * 3, (y + 1) * w * 3);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

function streamSha256(stream) {
	return new Promise((resolve, reject) => {
		const h = crypto.createHash('sha256');
		let bytes = 0;
		stream.on('data', (d) => {
			h.update(d);
			bytes += d.length;
		});
		stream.on('end', () => resolve({ sha256: h.digest('hex'), bytes }));
		stream.on('error', reject);
	});
}

/** sha256 (hex) of the mp3 the sandbox serves for track n (1-based) of taskId with the given size. */
function generatedAudioSha256(taskId, n, size) {
	return streamSha256(generatedAudioStream(`${taskId}/${n}`, size)).then((r) => r.sha256);
}

module.exports = {
	keystream,
	keyFor,
	generatedAudioStream,
	generatedAudioChunk,
	generatedAudioSha256,
	generatedWavStream,
	generatedMp4Stream,
	generatedJpegBytes,
	generatedPngBytes,
	wavSize,
	streamSha256,
	crc32,
	MP4_HEADER_BYTES,
	WAV_HEADER_BYTES,
};
