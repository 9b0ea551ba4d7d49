import type { IBinaryData, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Downloads Kie's generated files into n8n binary data. The file hosts are third parties, so
 * these requests never carry the Kie key: they use the plain `httpRequest` helper, never the
 * authenticated one. The body is streamed into n8n's binary storage, not held whole.
 */

export type FileContext = IExecuteFunctions | IWebhookFunctions;

export const AUDIO_PROPERTY = 'audio';
export const COVER_PROPERTY = 'cover';

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const EXTENSIONS: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mp4': 'm4a',
	'audio/aac': 'aac',
	'audio/ogg': 'ogg',
	'audio/flac': 'flac',
	'image/jpeg': 'jpeg',
	'image/png': 'png',
	'image/webp': 'webp',
};

const MIME_BY_EXTENSION: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
};

export function isHttpUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function extensionOf(url: string): string | undefined {
	try {
		const match = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname);
		return match?.[1].toLowerCase();
	} catch {
		return undefined;
	}
}

/** Picks the MIME type from the response, else from the URL, else the kind's default. */
export function fileTypeFor(
	url: string,
	contentType: unknown,
	kind: 'audio' | 'cover',
): { mimeType: string; extension: string } {
	const header = typeof contentType === 'string' ? contentType.split(';')[0].trim().toLowerCase() : '';
	const fromUrl = extensionOf(url);
	const usefulHeader = header !== '' && header !== 'application/octet-stream' && header !== 'binary/octet-stream';
	const mimeType = usefulHeader
		? header
		: (fromUrl && MIME_BY_EXTENSION[fromUrl]) || (kind === 'audio' ? 'audio/mpeg' : 'image/jpeg');
	const extension = EXTENSIONS[mimeType] ?? fromUrl ?? (kind === 'audio' ? 'mp3' : 'jpeg');
	return { mimeType, extension };
}

/** A file name that is safe on every OS and says which task and track it is. */
export function fileNameFor(item: IDataObject, kind: 'audio' | 'cover', extension: string): string {
	const title = typeof item.title === 'string' ? item.title : '';
	const base = title
		.normalize('NFKD')
		.replace(/[^\w\s-]/g, '')
		.trim()
		.replace(/\s+/g, '-')
		.slice(0, 60);
	const taskPart = typeof item.taskId === 'string' ? item.taskId.slice(0, 12) : 'task';
	const track = typeof item.trackIndex === 'number' ? item.trackIndex + 1 : 1;
	const suffix = kind === 'cover' ? '-cover' : '';
	return `${base || 'kie-suno'}-${taskPart}-${track}${suffix}.${extension}`;
}

export async function downloadToBinary(
	context: FileContext,
	url: string,
	item: IDataObject,
	kind: 'audio' | 'cover',
): Promise<IBinaryData> {
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		json: false,
		timeout: DOWNLOAD_TIMEOUT_MS,
	})) as { body: Parameters<FileContext['helpers']['prepareBinaryData']>[0]; headers: IDataObject };
	const { mimeType, extension } = fileTypeFor(url, response.headers?.['content-type'], kind);
	return await context.helpers.prepareBinaryData(response.body, fileNameFor(item, kind, extension), mimeType);
}

export interface DownloadChoice {
	audio: boolean;
	cover: boolean;
}

/**
 * Attaches `audio` / `cover` to each track item. A file that cannot be downloaded does not lose
 * the track: the item keeps its URLs and gets `downloadError` saying what failed.
 */
export async function attachFiles(
	context: FileContext,
	json: IDataObject,
	choice: DownloadChoice,
): Promise<{ json: IDataObject; binary?: Record<string, IBinaryData> }> {
	const binary: Record<string, IBinaryData> = {};
	const errors: string[] = [];
	const wanted: Array<['audio' | 'cover', string, unknown]> = [];
	if (choice.audio) wanted.push(['audio', AUDIO_PROPERTY, json.audioUrl]);
	if (choice.cover) wanted.push(['cover', COVER_PROPERTY, json.imageUrl]);
	for (const [kind, property, url] of wanted) {
		if (!isHttpUrl(url)) {
			if (url !== null && url !== undefined) errors.push(`${kind}: not an http(s) URL`);
			continue;
		}
		try {
			binary[property] = await downloadToBinary(context, url, json, kind);
		} catch (error) {
			errors.push(`${kind}: ${(error as Error).message}`);
		}
	}
	const result: { json: IDataObject; binary?: Record<string, IBinaryData> } = {
		json: errors.length > 0 ? { ...json, downloadError: errors.join('; ') } : json,
	};
	if (Object.keys(binary).length > 0) result.binary = binary;
	return result;
}
