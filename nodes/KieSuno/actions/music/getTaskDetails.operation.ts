import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isTaskType } from '../../../shared/kie';
import { TASK_TYPES } from '../../../shared/kie/types';
import { findTask } from '../../../shared/tasks/read';
import { toNodeError } from '../../../shared/transport';
import { idProperty, optionsCollection, showFor } from '../common/description';
import { OPTION } from '../common/options';
import { ItemReader } from '../common/validation';

const show = showFor('music', 'getTaskDetails');

const TASK_TYPE_NAMES: Record<string, string> = {
	music: 'Music',
	lyrics: 'Lyrics',
	wav: 'WAV',
	stems: 'Stems',
	midi: 'MIDI',
	video: 'Music Video',
	coverImage: 'Cover Image',
};

export const description: INodeProperties[] = [
	idProperty(show, 'taskId', 'Map the "taskId" of an earlier Kie Suno item, e.g. {{ $json.taskId }}'),
	{
		displayName: 'Task Type',
		name: 'taskType',
		type: 'options',
		options: TASK_TYPES.map((value) => ({ name: TASK_TYPE_NAMES[value], value })),
		default: 'music',
		description: 'What the task makes; every Kie Suno item carries it as "taskType"',
		displayOptions: { show },
	},
	optionsCollection(show, [
		{
			...OPTION.apiRoute,
			options: [
				{ name: 'Auto', value: 'auto', description: 'Ask the per-operation route, then the jobs route' },
				{ name: 'Jobs', value: 'jobs', description: 'Only Kie\'s /api/v1/jobs/recordInfo' },
				{ name: 'Per-Operation', value: 'perOperation', description: 'Only the task type\'s own details endpoint' },
			],
			description: 'Where to look for the task; every Kie Suno item carries it as "apiRoute"',
		},
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const reader: ItemReader = new ItemReader(this, itemIndex);
			const taskId = reader.text('taskId', 'Task ID', { required: true }).trim();
			const taskType = reader.raw('taskType', 'music');
			if (!isTaskType(taskType)) reader.fail(`"Task Type" must be one of ${TASK_TYPES.join(', ')}, got ${JSON.stringify(taskType)}`);
			const route = reader.apiRoute(reader.options());
			const state = await findTask(this, taskId, taskType, route, { itemIndex });
			if (!state.known) {
				const where = route === 'auto' ? 'on either API route' : `on the ${route} route`;
				throw new NodeOperationError(this.getNode(), `Kie has no ${taskType} task with ID "${taskId}" ${where} [item ${itemIndex}]`, {
					itemIndex,
					description:
						'Check the Task ID and the Task Type. Kie keeps task records for about two months; a task created seconds ago may also not be visible yet.',
				});
			}
			for (const json of state.items) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
