import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { DownloadPolicy, FileContext, FileTarget } from '../files';
import { attachFiles, downloadPolicy, safeFileName } from '../files';
import { descriptorFor, isTaskType } from '../kie';
import type { FileSpec } from '../kie/types';
import { trustedOrigins } from '../transport';

/**
 * Puts an output item's files into n8n binary data: songs' `audio`/`cover` when asked for with
 * Download Audio/Cover, every other family's files with Download Files. The URLs come only from
 * the item, which comes only from Kie's authenticated answers; files.ts refuses internal addresses.
 */

export interface FileChoice {
	audio: boolean;
	cover: boolean;
	files: boolean;
}

export function fileChoice(options: IDataObject): FileChoice {
	return { audio: options.downloadAudio === true, cover: options.downloadCover === true, files: options.downloadFiles === true };
}

export function wantsAnyFile(choice: FileChoice): boolean {
	return choice.audio || choice.cover || choice.files;
}

function wanted(taskType: string, choice: FileChoice, spec: FileSpec): boolean {
	if (taskType !== 'music') return choice.files;
	return spec.property === 'audio' ? choice.audio : spec.property === 'cover' ? choice.cover : false;
}

export async function filePolicy(context: FileContext, options: IDataObject): Promise<DownloadPolicy> {
	return downloadPolicy(options, await trustedOrigins(context));
}

const MIDI_MIME = 'audio/midi';

export async function attachTaskFiles(
	context: FileContext,
	json: IDataObject,
	choice: FileChoice,
	policy: DownloadPolicy,
): Promise<{ json: IDataObject; binary?: Record<string, IBinaryData> }> {
	if (!isTaskType(json.taskType) || json.stage === 'error') return { json };
	const specs = descriptorFor(json.taskType).files(json).filter((spec) => wanted(json.taskType as string, choice, spec));
	const title = typeof json.title === 'string' && json.title.trim() !== '' ? json.title : 'kie-suno';
	const baseName = (spec: FileSpec) => safeFileName(title, json.taskId as string, spec.suffix || undefined);
	const targets: FileTarget[] = specs
		.filter((spec) => spec.content === undefined)
		.map((spec) => ({ property: spec.property, url: spec.url, kind: spec.kind, fileName: baseName(spec) }));
	const attached = targets.length > 0 ? await attachFiles(context, json, targets, policy) : { json };
	const binary: Record<string, IBinaryData> = { ...(attached.binary ?? {}) };
	for (const spec of specs) {
		if (spec.content === undefined) continue;
		binary[spec.property] = await context.helpers.prepareBinaryData(spec.content, `${baseName(spec)}.mid`, MIDI_MIME);
	}
	return Object.keys(binary).length > 0 ? { json: attached.json, binary } : { json: attached.json };
}
