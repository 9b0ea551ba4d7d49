import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, idProperty, showFor } from '../common/description';
import { waitOptions } from '../common/options';
import { readId } from './trackFields';

const show = showFor('audio', 'generateMidi');

/** An option of the Options collection built like a top-level ID parameter (no displayOptions, not required). */
function asOption(property: INodeProperties): INodeProperties {
	const option: INodeProperties = { ...property, required: false };
	delete option.displayOptions;
	return option;
}

export const description: INodeProperties[] = [
	idProperty(show, 'taskId', 'Map the "taskId" of a Kie Suno stems item (Separate Vocals and Stems), e.g. {{ $json.taskId }}', {
		description: 'ID of a finished vocal and stem separation task (not a music task)',
	}),
	...asyncProperties(show, [
		asOption(
			idProperty(show, 'audioId', 'Map one "stemTracks[].id" of the stems item; leave empty to convert every separated track', {
				placeholder: '{{ $json.stemTracks[0].id }}',
				description: 'ID of one separated track to convert',
			}),
		),
		...waitOptions('files'),
	]),
];

export const spec: CreateSpec = {
	resource: 'audio',
	operation: 'generateMidi',
	taskType: 'midi',
	readItem(reader) {
		const body: IDataObject = { taskId: readId(reader, 'taskId', 'Task ID') };
		const audioId = reader.optionText(reader.options(), 'audioId', 'Audio ID').trim();
		if (audioId !== '') body.audioId = audioId;
		return { body };
	},
};
