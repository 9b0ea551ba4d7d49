import type { INodeProperties } from 'n8n-workflow';

import * as addInstrumental from './addInstrumental.operation';
import * as addVocals from './addVocals.operation';
import * as getTaskDetails from './getTaskDetails.operation';

export { addInstrumental, addVocals, getTaskDetails };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['music'] } },
		options: [
			{
				name: 'Add Instrumental',
				value: 'addInstrumental',
				description: 'Generate an accompaniment for a vocal track',
				action: 'Add instrumental to vocals',
			},
			{
				name: 'Add Vocals',
				value: 'addVocals',
				description: 'Sing over an instrumental track',
				action: 'Add vocals to an instrumental',
			},
			{
				name: 'Get Task Details',
				value: 'getTaskDetails',
				description: 'Read the status and tracks of a task',
				action: 'Get task details',
			},
		],
		default: 'addVocals',
	},
	...addVocals.description,
	...addInstrumental.description,
	...getTaskDetails.description,
];
