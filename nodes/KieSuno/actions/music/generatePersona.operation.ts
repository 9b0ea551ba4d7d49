import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { PERSONA_VOCAL_WINDOW } from '../../../shared/kie/sync';
import { optionsCollection, showFor } from '../common/description';
import { setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';
import { audioIdProperty, musicTaskIdProperty } from './chaining';
import type { SyncSpec } from './synchronous';

/**
 * Generate Persona: `POST /api/v1/generate/generate-persona` (family §5.4), answered at once; one
 * persona per track. Output: `personaId` (for the Persona ID option of Generate and Extend),
 * `name`, `description`, with `taskId` and `id`.
 */

const show = showFor('music', 'generatePersona');
const { defaultStart, defaultEnd, minSeconds, maxSeconds } = PERSONA_VOCAL_WINDOW;

export const description: INodeProperties[] = [
	musicTaskIdProperty(show, 'finished music task'),
	audioIdProperty(show),
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'Electronic Pop Singer', description: 'Name of the persona', displayOptions: { show } },
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'Modern electronic pop singer, dynamic rhythms, synth tones',
		description: 'Genre, mood, instruments and vocal qualities of the persona',
		displayOptions: { show },
	},
	optionsCollection(show, [
		{
			displayName: 'Vocal Start (Seconds)',
			name: 'vocalStart',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: defaultStart,
			description: `Start of the vocal sample Kie learns the voice from. The sample is ${minSeconds} to ${maxSeconds} s long.`,
		},
		{
			displayName: 'Vocal End (Seconds)',
			name: 'vocalEnd',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: defaultEnd,
			description: `End of the vocal sample. The sample is ${minSeconds} to ${maxSeconds} s long.`,
		},
	]),
];

/** The vocal window: each bound sent only when set; Kie's defaults (0 and 30 s) complete the check. */
function readVocalWindow(reader: ItemReader): IDataObject {
	const options = reader.options();
	const start = reader.number(options.vocalStart, 'Vocal Start (Seconds)', { min: 0 });
	const end = reader.number(options.vocalEnd, 'Vocal End (Seconds)', { min: 0, decimals: 2 });
	const length = Math.round(((end ?? defaultEnd) - (start ?? defaultStart)) * 100) / 100;
	if (length < minSeconds || length > maxSeconds) {
		const bound = (value: number | undefined, fallback: number) => (value === undefined ? `${fallback} s by default` : `${value} s`);
		reader.fail(
			`The vocal sample from ${bound(start, defaultStart)} to ${bound(end, defaultEnd)} is ${length} s long; Kie needs ${minSeconds} to ${maxSeconds} s`,
			'Set "Vocal Start (Seconds)" and "Vocal End (Seconds)" so that they are 10 to 30 seconds apart.',
		);
	}
	return { vocalStart: start, vocalEnd: end };
}

export const spec: SyncSpec = {
	operation: 'generatePersona',
	readItem(reader) {
		const taskId = reader.text('taskId', 'Task ID', { required: true }).trim();
		const audioId = reader.text('audioId', 'Audio ID', { required: true }).trim();
		const body: IDataObject = {
			taskId,
			audioId,
			name: reader.text('name', 'Name', { required: true }),
			description: reader.text('description', 'Description', { required: true }),
		};
		setDefined(body, readVocalWindow(reader));
		return { body, carry: { taskId, id: audioId } };
	},
};
