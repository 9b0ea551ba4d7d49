import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { KIE_PATHS, kieApiRequest } from '../../../shared/transport';

/**
 * Puts an item's binary audio on Kie's File Upload API (free; files are deleted after 1 to 3 days)
 * and returns the `downloadUrl` that Kie's operations take as their source URL.
 * Uses the multipart "stream" endpoint, which Kie recommends for large files.
 */

export const UPLOAD_PATH = 'n8n-kie-suno';

function uniqueFileName(original: string | undefined, extension: string | undefined): string {
	const base = (original ?? 'audio')
		.replace(/\.[^.]*$/, '')
		.normalize('NFKD')
		.replace(/[^\w-]/g, '')
		.slice(0, 40);
	const ext = (extension ?? /\.([a-z0-9]{2,5})$/i.exec(original ?? '')?.[1] ?? 'mp3').toLowerCase();
	const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	return `${base || 'audio'}-${unique}.${ext}`;
}

export async function uploadBinaryAudio(
	this: IExecuteFunctions,
	itemIndex: number,
	binaryPropertyName: string,
): Promise<string> {
	const binaryData = this.helpers.assertBinaryData(itemIndex, binaryPropertyName);
	const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, binaryPropertyName);
	const fileName = uniqueFileName(binaryData.fileName, binaryData.fileExtension);
	const form = new FormData();
	form.append('uploadPath', UPLOAD_PATH);
	form.append('fileName', fileName);
	form.append('file', new Blob([buffer], { type: binaryData.mimeType || 'application/octet-stream' }), fileName);

	const envelope = await kieApiRequest.call(this, {
		method: 'POST',
		host: 'upload',
		path: KIE_PATHS.streamUpload,
		kind: 'upload',
		body: form,
		itemIndex,
		action: `uploading "${binaryPropertyName}" to Kie's File Upload API`,
	});
	const data = envelope.data as { downloadUrl?: unknown; fileUrl?: unknown } | null;
	const url = data?.downloadUrl ?? data?.fileUrl;
	if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
		throw new NodeOperationError(this.getNode(), `Kie's File Upload API returned no download URL [item ${itemIndex}]`, {
			itemIndex,
			description: 'The upload answered success but without data.downloadUrl, so no task was created.',
		});
	}
	return url;
}
