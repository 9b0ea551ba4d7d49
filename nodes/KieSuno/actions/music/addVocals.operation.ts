import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { KIE_PATHS } from '../../transport';
import { generationProperties, sourceProperties } from './generation.description';
import { executeGeneration } from './generation';

const show = { resource: ['music'], operation: ['addVocals'] };

export const description: INodeProperties[] = [
	...sourceProperties('addVocals'),
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: '[Verse] Night city lights shining bright',
		description: 'Lyrics or a description of what to sing',
		displayOptions: { show },
	},
	{
		displayName: 'Style',
		name: 'style',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Jazz',
		description: 'Music style of the vocals',
		displayOptions: { show },
	},
	...generationProperties('addVocals'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeGeneration.call(this, {
		operation: 'addVocals',
		path: KIE_PATHS.addVocals,
		fields: [
			{ name: 'prompt', displayName: 'Prompt' },
			{ name: 'style', displayName: 'Style' },
		],
	});
}
