/** MIME type and file extension of a downloaded file: from the response, else the URL, else the kind. */

export type FileKind = 'audio' | 'image' | 'video' | 'midi';

const EXTENSION_BY_MIME: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/aac': 'aac',
	'audio/ogg': 'ogg',
	'audio/flac': 'flac',
	'audio/x-flac': 'flac',
	'audio/webm': 'weba',
	'audio/midi': 'mid',
	'audio/x-midi': 'mid',
	'audio/mid': 'mid',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
};

const MIME_BY_EXTENSION: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	mid: 'audio/midi',
	midi: 'audio/midi',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	gif: 'image/gif',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
};

const DEFAULTS: Record<FileKind, { mimeType: string; extension: string }> = {
	audio: { mimeType: 'audio/mpeg', extension: 'mp3' },
	image: { mimeType: 'image/jpeg', extension: 'jpeg' },
	video: { mimeType: 'video/mp4', extension: 'mp4' },
	midi: { mimeType: 'audio/midi', extension: 'mid' },
};

/** Headers that say nothing about the content. */
const GENERIC_TYPES = ['', 'application/octet-stream', 'binary/octet-stream', 'application/binary'];

function extensionOf(url: string): string | undefined {
	try {
		return /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1].toLowerCase();
	} catch {
		return undefined;
	}
}

/** Picks the MIME type from a useful Content-Type, else the URL's extension, else the kind's default. */
export function fileTypeFor(url: string, contentType: unknown, kind: FileKind): { mimeType: string; extension: string } {
	const header = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	const fromUrl = extensionOf(url);
	const fallback = DEFAULTS[kind] ?? DEFAULTS.audio;
	const useful = !GENERIC_TYPES.includes(header) && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(header);
	const mimeType = useful ? header : (fromUrl && MIME_BY_EXTENSION[fromUrl]) || fallback.mimeType;
	const extension = EXTENSION_BY_MIME[mimeType] ?? fromUrl ?? fallback.extension;
	return { mimeType, extension };
}
