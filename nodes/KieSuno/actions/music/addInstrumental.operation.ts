import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { KIE_PATHS } from '../../transport';
import { generationProperties, sourceProperties } from './generation.description';
import { executeGeneration } from './generation';

const show = { resource: ['music'], operation: ['addInstrumental'] };

export const description: INodeProperties[] = [
	...sourceProperties('addInstrumental'),
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'relaxing, piano, soothing',
		description: 'Styles and instruments of the accompaniment, at most 1000 characters',
		displayOptions: { show },
	},
	...generationProperties('addInstrumental'),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeGeneration.call(this, {
		operation: 'addInstrumental',
		path: KIE_PATHS.addInstrumental,
		fields: [{ name: 'tags', displayName: 'Tags', maxLength: 1000 }],
	});
}
