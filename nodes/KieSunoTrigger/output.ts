import type { IBinaryData, IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import type { DownloadPolicy } from '../shared/files';
import type { FileChoice } from '../shared/tasks/attach';
import { attachTaskFiles } from '../shared/tasks/attach';

/**
 * What one accepted callback outputs.
 * - `splitTracks` on (default): one item per track (a track-free item before any track exists),
 *   one per lyrics variant, one for every other family.
 * - `splitTracks` off (songs only): one item per callback,
 *   `{ taskId, taskType, apiRoute, stage, status, code, msg, trackCount, tracks: [track items] }`.
 * - A failed task is always its one `stage: "error"` item.
 * Every item says whether Kie confirmed it (`verified`).
 */
export function triggerItems(items: IDataObject[], splitTracks: boolean, verified: boolean): IDataObject[] {
	const first = items[0] ?? {};
	if (splitTracks || first.taskType !== 'music' || first.stage === 'error') {
		return items.map((item) => ({ ...item, verified }));
	}
	const tracks = items.filter((item) => typeof item.trackIndex === 'number');
	const { taskId, taskType, apiRoute, stage, status, code, msg } = first;
	return [{ taskId, taskType, apiRoute, stage, status, code, msg, trackCount: tracks.length, tracks, verified }];
}

/** Binary property of track `trackIndex` in a `splitTracks: false` item: `audio`, `audio_1`, ... */
export function trackBinaryProperty(base: string, trackIndex: number): string {
	return trackIndex === 0 ? base : `${base}_${trackIndex}`;
}

/**
 * Downloads the files of each output item. A combined song item gets `audio` / `cover` for its
 * first track and `audio_<trackIndex>` / `cover_<trackIndex>` for the others. A failed download
 * leaves `downloadError` on its item and never fails the run.
 */
export async function withFiles(
	context: IWebhookFunctions,
	items: IDataObject[],
	choice: FileChoice,
	policy: DownloadPolicy,
): Promise<INodeExecutionData[]> {
	const result: INodeExecutionData[] = [];
	for (const json of items) {
		if (!Array.isArray(json.tracks)) {
			result.push(await attachTaskFiles(context, json, choice, policy));
			continue;
		}
		const binary: Record<string, IBinaryData> = {};
		const tracks: IDataObject[] = [];
		for (const track of json.tracks as IDataObject[]) {
			const attached = await attachTaskFiles(context, track, choice, policy);
			tracks.push(attached.json);
			const index = typeof track.trackIndex === 'number' ? track.trackIndex : tracks.length - 1;
			for (const [property, data] of Object.entries(attached.binary ?? {})) binary[trackBinaryProperty(property, index)] = data;
		}
		const combined = { ...json, tracks };
		result.push(Object.keys(binary).length > 0 ? { json: combined, binary } : { json: combined });
	}
	return result;
}
