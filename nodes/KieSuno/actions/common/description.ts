import type { INodeProperties } from 'n8n-workflow';

/**
 * Parameters shared by Add Vocals and Add Instrumental. Names and defaults are part of the public
 * interface (saved workflows store only non-default values), so they must not change.
 */

export type GenerationOperation = 'addVocals' | 'addInstrumental';

export const MODELS = ['V4_5PLUS', 'V5', 'V5_5'] as const;

export function sourceProperties(operation: GenerationOperation): INodeProperties[] {
	const show = { resource: ['music'], operation: [operation] };
	return [
		{
			displayName: 'Source',
			name: 'sourceType',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Binary Data',
					value: 'binary',
					description: 'Audio from this workflow, uploaded to Kie\'s File Upload API first',
				},
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
			placeholder: 'https://example.com/instrumental.mp3',
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
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			required: true,
			description: 'Title of the generated track',
			displayOptions: { show },
		},
	];
}

export function generationProperties(operation: GenerationOperation): INodeProperties[] {
	const show = { resource: ['music'], operation: [operation] };
	return [
		{
			displayName: 'Negative Tags',
			name: 'negativeTags',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'heavy metal, strong drum beats',
			description: 'Music styles to avoid, at most 200 characters',
			displayOptions: { show },
		},
		{
			displayName: 'Completion',
			name: 'completion',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Poll Until Done',
					value: 'poll',
					description:
						'Wait in this execution, asking Kie for the result. Works on any n8n, also behind NAT or on localhost.',
				},
				{
					name: 'Return Task Only',
					value: 'callback',
					description: 'Output the task ID at once; Kie sends the result to the Callback URL (e.g. a Kie Suno Trigger)',
				},
				{
					name: 'Pause Until Callback',
					value: 'resume',
					description:
						'Pause this execution without holding a worker; Kie\'s callback resumes it. Needs n8n reachable from the internet.',
				},
			],
			default: 'poll',
			description: 'How the node gets the generated tracks',
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
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			displayOptions: { show },
			options: [
				{
					displayName: 'Audio Weight',
					name: 'audioWeight',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: 0.5,
					description: 'Relative weight of the source audio, 0 to 1',
				},
				{
					displayName: 'Download Audio',
					name: 'downloadAudio',
					type: 'boolean',
					default: false,
					description:
						'Whether to attach each track\'s audio as the binary field "audio" (Poll Until Done and Pause Until Callback). Kie deletes files after 14 days.',
				},
				{
					displayName: 'Download Cover',
					name: 'downloadCover',
					type: 'boolean',
					default: false,
					description: 'Whether to attach each track\'s cover image as the binary field "cover"',
				},
				{
					displayName: 'Max Creates per Window',
					name: 'maxCreatesPerWindow',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 20,
					description:
						'Kie allows 20 new generations per 10 seconds per account; raise it only if Kie support raised your limit',
				},
				{
					displayName: 'Model',
					name: 'model',
					type: 'options',
					options: [
						{ name: 'V4.5 Plus', value: 'V4_5PLUS' },
						{ name: 'V5', value: 'V5' },
						{ name: 'V5.5', value: 'V5_5' },
					],
					default: 'V4_5PLUS',
					description: 'Suno model version',
				},
				{
					displayName: 'Poll Interval (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 15,
					description: 'How often to ask Kie for the status of every task (Poll Until Done)',
				},
				{
					displayName: 'Rate Window (Seconds)',
					name: 'rateWindowSeconds',
					type: 'number',
					typeOptions: { minValue: 0.1 },
					default: 10,
					description: 'Length of Kie\'s rate-limit window for new generations',
				},
				{
					displayName: 'Style Weight',
					name: 'styleWeight',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: 0.5,
					description: 'How closely to follow the style, 0 to 1',
				},
				{
					displayName: 'Timeout (Minutes)',
					name: 'timeoutMinutes',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 15,
					description:
						'How long to wait for the tracks (Poll Until Done, Pause Until Callback). A render usually takes 2 to 4 minutes.',
				},
				{
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
				{
					displayName: 'Weirdness Constraint',
					name: 'weirdnessConstraint',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					default: 0.5,
					description: 'How far the result may deviate creatively, 0 to 1',
				},
			],
		},
	];
}
