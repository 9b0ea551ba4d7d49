import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { choiceField } from '../../../shared/choices';
import { MAX_FILE_SIZE_OPTION } from '../../../shared/files';
import { DEFAULT_MODEL, modelOptions } from '../../../shared/kie/models';

/**
 * Parameter builders shared by the operations. Names and defaults are part of the public
 * interface (saved workflows store only non-default values), so they must not change.
 */

export type Show = { resource: string[]; operation: string[] };

export function showFor(resource: string, operation: string): Show {
	return { resource: [resource], operation: [operation] };
}

/** One entry of a resource's Operation list: value, name, description, action. */
export type OperationEntry = [value: string, name: string, description: string, action: string];

/** A resource's Operation parameter; n8n lists the entries alphabetically by name. */
export function operationProperty(resource: string, entries: OperationEntry[], defaultValue: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: entries
			.map(([value, name, description, action]) => ({ name, value, description, action }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultValue,
	};
}

export interface TextField {
	name: string;
	displayName: string;
	description: string;
	required?: boolean;
	placeholder?: string;
	/** A multi-line box of this many rows. */
	rows?: number;
	/** Overrides where it shows (e.g. the operation plus `customMode: [true]`). */
	show?: NonNullable<IDisplayOptions['show']>;
}

/** A text parameter shown for `show` (an operation, plus conditions on other parameters). */
export function textField(show: Show, field: TextField): INodeProperties {
	const { name, displayName, description, required, placeholder, rows } = field;
	return {
		displayName,
		name,
		type: 'string',
		...(rows ? { typeOptions: { rows } } : {}),
		default: '',
		...(required ? { required } : {}),
		...(placeholder ? { placeholder } : {}),
		description,
		displayOptions: { show: field.show ?? show },
	};
}

/** Where the source audio comes from: a public URL Kie fetches, or a binary field uploaded first. */
export function sourceProperties(show: Show, placeholder = 'https://example.com/audio.mp3'): INodeProperties[] {
	return [
		{
			displayName: 'Source',
			name: 'sourceType',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Binary Data', value: 'binary', description: 'Audio from this workflow, uploaded to Kie\'s File Upload API first' },
				{ name: 'URL', value: 'url', description: 'A public URL Kie can download' },
			],
			default: 'url',
			displayOptions: { show },
		},
		{
			displayName: 'Upload URL',
			name: 'uploadUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder,
			description: 'Public URL of the source audio. Kie downloads it itself, so it must be a direct link.',
			displayOptions: { show: { ...show, sourceType: ['url'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			description: 'Name of the input binary field holding the source audio',
			displayOptions: { show: { ...show, sourceType: ['binary'] } },
		},
	];
}

/** A parameter that takes an id from an earlier Kie Suno item, with a hint saying which field to map. */
export function idProperty(
	show: Show,
	name: 'taskId' | 'audioId',
	hint: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	const isTask = name === 'taskId';
	return {
		displayName: isTask ? 'Task ID' : 'Audio ID',
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: isTask ? '{{ $json.taskId }}' : '{{ $json.id }}',
		description: isTask ? 'ID of the Kie task to use' : 'ID of one generated track (the "id" of a Kie Suno music item)',
		hint,
		displayOptions: { show },
		...extra,
	};
}

export function completionProperties(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Completion',
			name: 'completion',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Poll Until Done',
					value: 'poll',
					description: 'Wait in this execution, asking Kie for the result. Works on any n8n, also behind NAT or on localhost.',
				},
				{
					name: 'Return Task Only',
					value: 'callback',
					description: 'Output the task ID at once; Kie sends the result to the Callback URL (e.g. a Kie Suno Trigger)',
				},
				{
					name: 'Pause Until Callback',
					value: 'resume',
					description: 'Pause this execution without holding a worker; Kie\'s callback resumes it. Needs n8n reachable from the internet.',
				},
			],
			default: 'poll',
			description: 'How the node gets the result',
			displayOptions: { show },
		},
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://n8n.example.com/webhook/.../kie',
			description: 'Where Kie sends its callbacks, e.g. the production URL of a Kie Suno Trigger',
			displayOptions: { show: { ...show, completion: ['callback'] } },
		},
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com/webhook/.../kie',
			description:
				'Optional. Where Kie also sends its callbacks. Leave empty and the node sends Kie a URL on Kie\'s own API host, so no third party receives anything.',
			displayOptions: { show: { ...show, completion: ['poll'] } },
		},
	];
}

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

/** What every asynchronous operation ends with: Completion, Callback URL, and its Options. */
export function asyncProperties(show: Show, options: INodeProperties[]): INodeProperties[] {
	return [...completionProperties(show), optionsCollection(show, options)];
}

/** The Options collection, its entries in alphabetical order as n8n lists them. */
export function optionsCollection(show: Show, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
