/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/fileTypes.ts: MIME type and extension of a download, from a useful Content-Type,
 * else the URL's extension, else the kind's default.
 */
import { fileTypeFor } from '../../../nodes/shared/fileTypes';

describe('fileTypeFor', () => {
	it.each([
		['https://x/a', 'audio/mpeg', 'audio', 'audio/mpeg', 'mp3'],
		['https://x/a.mp3', 'audio/wav; charset=binary', 'audio', 'audio/wav', 'wav'],
		['https://x/a.mp3', 'AUDIO/X-WAV', 'audio', 'audio/x-wav', 'wav'],
		['https://x/a.flac', 'application/octet-stream', 'audio', 'audio/flac', 'flac'],
		['https://x/a.png', 'binary/octet-stream', 'image', 'image/png', 'png'],
		['https://x/stream', undefined, 'audio', 'audio/mpeg', 'mp3'],
		['https://x/img', '', 'image', 'image/jpeg', 'jpeg'],
		['https://x/v', null, 'video', 'video/mp4', 'mp4'],
		['https://x/v.webm?sig=1', 'application/octet-stream', 'video', 'video/webm', 'webm'],
		['https://x/m', undefined, 'midi', 'audio/midi', 'mid'],
		['https://x/song.MID', undefined, 'midi', 'audio/midi', 'mid'],
		['https://x/a.aiff', 'audio/aiff', 'audio', 'audio/aiff', 'aiff'], // unknown type: the URL's extension
		['https://x/a', 'not a mime type', 'audio', 'audio/mpeg', 'mp3'], // a malformed header says nothing
		['not a url', 42, 'image', 'image/jpeg', 'jpeg'],
	] as const)('%s with Content-Type %j as %s → %s, .%s', (url, contentType, kind, mimeType, extension) => {
		expect(fileTypeFor(url, contentType, kind)).toEqual({ mimeType, extension });
	});
});
