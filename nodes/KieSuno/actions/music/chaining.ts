import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { numberOrNull } from '../../../shared/kie/values';
import type { Show } from '../common/description';
import { idProperty } from '../common/description';

/**
 * Chaining: the ids an operation takes come from an earlier Kie Suno item (`taskId`, and `id` for
 * one track), so each id parameter says which field to map.
 */

export function musicTaskIdProperty(show: Show, what = 'music task'): INodeProperties {
	return idProperty(show, 'taskId', `Map the "taskId" of an earlier Kie Suno item, e.g. {{ $json.taskId }} (a ${what})`, {
		description: `ID of the ${what}`,
	});
}

export function audioIdProperty(show: Show): INodeProperties {
	return idProperty(show, 'audioId', 'Map the "id" of a track from an earlier Kie Suno music item, e.g. {{ $json.id }}');
}

/**
 * The duration of the track `audioId` when the input item is that track (a Kie Suno music item),
 * so limits that depend on the source can be checked before anything is sent.
 */
export function knownTrackDuration(context: IExecuteFunctions, itemIndex: number, audioId: string): number | undefined {
	const json = context.getInputData()[itemIndex]?.json;
	if (!json || typeof json.id !== 'string' || json.id.trim() !== audioId) return undefined;
	const duration = numberOrNull(json.duration);
	return duration !== null && duration > 0 ? duration : undefined;
}
