import type { IBinaryData, IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { KieCallback } from '../shared/callback';
import type { DownloadChoice } from '../shared/files';
import { attachFiles, AUDIO_PROPERTY, COVER_PROPERTY } from '../shared/files';

/**
 * What one accepted callback outputs.
 * - `splitTracks` on (default): the normalized items, one per track (a track-free item at the
 *   `text` stage), exactly as `parseKieCallback` produced them.
 * - `splitTracks` off: one item per callback,
 *   `{ taskId, stage, status, code, msg, trackCount, tracks: [normalized track items] }`.
 * - A failed task is always its one `stage: "error"` item.
 */
export function callbackOutput(callback: KieCallback, splitTracks: boolean): IDataObject[] {
	if (callback.stage === 'error' || splitTracks) return callback.items;
	const tracks = callback.items.filter((item) => typeof item.trackIndex === 'number');
	const first = callback.items[0] ?? {};
	return [
		{
			taskId: callback.taskId,
			stage: callback.stage,
			status: first.status ?? null,
			code: callback.code,
			msg: callback.msg,
			trackCount: tracks.length,
			tracks,
		},
	];
}

/** Binary property of track `trackIndex` in a `splitTracks: false` item: `audio`, `audio_1`, ... */
export function trackBinaryProperty(base: string, trackIndex: number): string {
	return trackIndex === 0 ? base : `${base}_${trackIndex}`;
}

/**
 * Downloads the files of each output item. Split items get `audio` / `cover`; a combined item
 * gets `audio` / `cover` for its first track and `audio_<trackIndex>` / `cover_<trackIndex>` for
 * the others. A failed download leaves `downloadError` on the track, never fails the run.
 */
export async function withFiles(
	context: IWebhookFunctions,
	items: IDataObject[],
	choice: DownloadChoice,
	splitTracks: boolean,
): Promise<INodeExecutionData[]> {
	const result: INodeExecutionData[] = [];
	for (const json of items) {
		if (!Array.isArray(json.tracks) || splitTracks) {
			const attached = await attachFiles(context, json, choice);
			result.push(attached.binary ? { json: attached.json, binary: attached.binary } : { json: attached.json });
			continue;
		}
		const binary: Record<string, IBinaryData> = {};
		const tracks: IDataObject[] = [];
		for (const track of json.tracks as IDataObject[]) {
			const attached = await attachFiles(context, track, choice);
			tracks.push(attached.json);
			const index = typeof track.trackIndex === 'number' ? track.trackIndex : tracks.length - 1;
			for (const [property, data] of Object.entries(attached.binary ?? {})) {
				const base = property === COVER_PROPERTY ? COVER_PROPERTY : AUDIO_PROPERTY;
				binary[trackBinaryProperty(base, index)] = data;
			}
		}
		const combined = { ...json, tracks };
		result.push(Object.keys(binary).length > 0 ? { json: combined, binary } : { json: combined });
	}
	return result;
}
