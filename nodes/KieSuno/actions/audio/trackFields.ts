import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { TaskType } from '../../../shared/kie/types';
import type { CreateSpec } from '../common/create';

import type { Show } from '../common/description';
import { idProperty } from '../common/description';
import type { ItemReader } from '../common/validation';

/** The source track of WAV, stems and video: a music task and one of its tracks (family §1 "Ids"). */

export const MUSIC_TASK_HINT = 'Map the "taskId" of a Kie Suno music item, e.g. {{ $json.taskId }}';
export const MUSIC_TRACK_HINT = 'Map the "id" of the same Kie Suno music item (one track), e.g. {{ $json.id }}';

export function musicTrackProperties(show: Show): INodeProperties[] {
	return [
		idProperty(show, 'taskId', MUSIC_TASK_HINT, { description: 'ID of the music task that made the track' }),
		idProperty(show, 'audioId', MUSIC_TRACK_HINT),
	];
}

/** A required ID, trimmed (mapped values often carry a newline). */
export function readId(reader: ItemReader, name: 'taskId' | 'audioId', displayName: string): string {
	return reader.text(name, displayName, { required: true }).trim();
}

export function readMusicTrack(reader: ItemReader): IDataObject {
	return { taskId: readId(reader, 'taskId', 'Task ID'), audioId: readId(reader, 'audioId', 'Audio ID') };
}

/** An audio operation on one music track: the track's ids, plus what `addFields` reads into the body. */
export function trackSpec(operation: string, taskType: TaskType, addFields: (reader: ItemReader, body: IDataObject) => void = () => {}): CreateSpec {
	return {
		resource: 'audio',
		operation,
		taskType,
		readItem(reader) {
			const body = readMusicTrack(reader);
			addFields(reader, body);
			return { body };
		},
	};
}
