import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RecordInfo } from '../../../shared/tracks';
import { normalizeRecordInfo } from '../../../shared/tracks';
import { KIE_PATHS, kieApiRequest, toNodeError } from '../../transport';
import { ItemReader } from './validation';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '5c79a1d2e0f14b4f9a3c2b1d0e9fbe8e',
		description: 'The task ID returned by Add Vocals or Add Instrumental',
		displayOptions: { show: { resource: ['music'], operation: ['getTaskDetails'] } },
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const taskId = new ItemReader(this, itemIndex).text('taskId', 'Task ID', { required: true }).trim();
			const envelope = await kieApiRequest.call(this, {
				method: 'GET',
				path: KIE_PATHS.recordInfo,
				qs: { taskId },
				kind: 'read',
				itemIndex,
				action: `reading task ${taskId}`,
			});
			const data = envelope.data as RecordInfo | null;
			if (data === null || typeof data !== 'object') {
				throw new NodeOperationError(this.getNode(), `Kie has no task with ID "${taskId}" [item ${itemIndex}]`, {
					itemIndex,
					description:
						'Check the Task ID. Kie keeps task records for about two months; a task created seconds ago may also not be visible yet.',
				});
			}
			const normalized = normalizeRecordInfo(taskId, data);
			for (const json of normalized) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
