import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

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
