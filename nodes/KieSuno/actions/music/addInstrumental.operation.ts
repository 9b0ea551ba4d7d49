import type { AddField } from './addTrack';
import { addTrackProperties, addTrackSpec } from './addTrack';

/** Add Instrumental: `POST /api/v1/generate/add-instrumental` (BASE §2), accompanies a vocal track. */

const fields: AddField[] = [
	{
		name: 'tags',
		displayName: 'Tags',
		description: 'Styles and instruments of the accompaniment, at most 1000 characters',
		placeholder: 'relaxing, piano, soothing',
		maxLength: 1000,
	},
];

export const description = addTrackProperties('addInstrumental', 'https://example.com/vocals.mp3', fields);

export const spec = addTrackSpec('addInstrumental', fields);
