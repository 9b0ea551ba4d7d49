import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../common/description';
import { audioIdProperty, musicTaskIdProperty } from './chaining';
import type { SyncSpec } from './synchronous';

/**
 * Get Timestamped Lyrics: `POST /api/v1/generate/get-timestamped-lyrics` (family §5.2), answered at
 * once. Output: `alignedWords` (`word`, `success`, `startS`, `endS`, `palign`, whichever casing Kie
 * used), `waveformData`, `hootCer`, `isStreamed` and Kie's other fields, with `taskId` and `id`.
 */

const show = showFor('music', 'getTimestampedLyrics');

export const description: INodeProperties[] = [musicTaskIdProperty(show, 'finished music task'), audioIdProperty(show)];

export const spec: SyncSpec = {
	operation: 'getTimestampedLyrics',
	readItem(reader) {
		const taskId = reader.text('taskId', 'Task ID', { required: true }).trim();
		const audioId = reader.text('audioId', 'Audio ID', { required: true }).trim();
		return { body: { taskId, audioId }, carry: { taskId, id: audioId } };
	},
};
