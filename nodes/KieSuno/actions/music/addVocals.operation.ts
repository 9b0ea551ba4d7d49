import type { AddField } from './addTrack';
import { addTrackProperties, addTrackSpec } from './addTrack';

/** Add Vocals: `POST /api/v1/generate/add-vocals` (BASE §1), sings over an instrumental. */

const fields: AddField[] = [
	{
		name: 'prompt',
		displayName: 'Prompt',
		description: 'Lyrics or a description of what to sing',
		placeholder: '[Verse] Night city lights shining bright',
		rows: 4,
	},
	{ name: 'style', displayName: 'Style', description: 'Music style of the vocals', placeholder: 'Jazz' },
];

export const description = addTrackProperties('addVocals', 'https://example.com/instrumental.mp3', fields);

export const spec = addTrackSpec('addVocals', fields);
