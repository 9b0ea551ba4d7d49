import type { INodeProperties } from 'n8n-workflow';

import { choiceField } from '../../../shared/choices';
import { MAX_FILE_SIZE_OPTION } from '../../../shared/files';
import { DEFAULT_MODEL, modelOptions } from '../../../shared/kie/models';

/** The entries of the operations' Options collections. Names and defaults are public interface. */

const weight = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 0.5,
	description,
});

/** Options of the Options collection, by name. */
export const OPTION = {
	apiRoute: choiceField(
		{
			displayName: 'API Route',
			name: 'apiRoute',
			default: 'auto',
			description: 'Which of Kie\'s two API routes creates the task. Force one only when Kie\'s docs change again.',
		},
		[
			['Auto', 'auto', 'Jobs route for V6 models where Kie verified it, per-operation route otherwise'],
			['Jobs', 'jobs', 'Kie\'s unified /api/v1/jobs/createTask'],
			['Per-Operation', 'perOperation', 'The operation\'s own endpoint, e.g. /api/v1/generate'],
		],
	),
	audioWeight: weight('Audio Weight', 'audioWeight', 'Relative weight of the source audio, 0 to 1'),
	styleWeight: weight('Style Weight', 'styleWeight', 'How closely to follow the style, 0 to 1'),
	weirdnessConstraint: weight('Weirdness Constraint', 'weirdnessConstraint', 'How far the result may deviate creatively, 0 to 1'),
	vocalGender: {
		displayName: 'Vocal Gender',
		name: 'vocalGender',
		type: 'options',
		options: [
			{ name: 'Female', value: 'f' },
			{ name: 'Male', value: 'm' },
		],
		default: 'f',
		description: 'Preferred voice. Kie treats it as a hint, not a guarantee.',
	},
	negativeTags: {
		displayName: 'Negative Tags',
		name: 'negativeTags',
		type: 'string',
		default: '',
		placeholder: 'heavy metal, strong drum beats',
		description: 'Music styles to avoid',
	},
	personaId: {
		displayName: 'Persona ID',
		name: 'personaId',
		type: 'string',
		default: '',
		placeholder: '{{ $json.personaId }}',
		description: 'A persona from Generate Persona (custom mode only)',
	},
	pollIntervalSeconds: {
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 15,
		description: 'How often to ask Kie for the status of every task (Poll Until Done)',
	},
	timeoutMinutes: {
		displayName: 'Timeout (Minutes)',
		name: 'timeoutMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 15,
		description: 'How long to wait for the result (Poll Until Done, Pause Until Callback). A song usually takes 2 to 4 minutes.',
	},
	downloadAudio: {
		displayName: 'Download Audio',
		name: 'downloadAudio',
		type: 'boolean',
		default: false,
		description: 'Whether to attach each track\'s audio as the binary field "audio" when waiting. Kie deletes files after 14 days.',
	},
	downloadCover: {
		displayName: 'Download Cover',
		name: 'downloadCover',
		type: 'boolean',
		default: false,
		description: 'Whether to attach each track\'s cover image as the binary field "cover"',
	},
	downloadFiles: {
		displayName: 'Download Files',
		name: 'downloadFiles',
		type: 'boolean',
		default: false,
		description: 'Whether to attach the result\'s files as binary data when waiting. Kie deletes files after 14 days.',
	},
	maxFileSizeMb: MAX_FILE_SIZE_OPTION,
	maxCreatesPerWindow: {
		displayName: 'Max Creates per Window',
		name: 'maxCreatesPerWindow',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 20,
		description: 'Kie allows 20 new generations per 10 seconds per account; raise it only if Kie support raised your limit',
	},
	rateWindowSeconds: {
		displayName: 'Rate Window (Seconds)',
		name: 'rateWindowSeconds',
		type: 'number',
		typeOptions: { minValue: 0.1 },
		default: 10,
		description: 'Length of Kie\'s rate-limit window for new generations',
	},
} satisfies Record<string, INodeProperties>;

export function modelOption(operation: string): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: modelOptions(operation),
		default: DEFAULT_MODEL,
		description: 'Suno model. Kie lists the V6 models as current and the older ones as discontinued.',
	};
}

/** The options every asynchronous operation has: waiting, downloads, pacing, route. */
export function waitOptions(downloads: 'music' | 'files'): INodeProperties[] {
	const download = downloads === 'music' ? [OPTION.downloadAudio, OPTION.downloadCover] : [OPTION.downloadFiles];
	return [
		OPTION.apiRoute,
		...download,
		OPTION.maxCreatesPerWindow,
		OPTION.maxFileSizeMb,
		OPTION.pollIntervalSeconds,
		OPTION.rateWindowSeconds,
		OPTION.timeoutMinutes,
	];
}
