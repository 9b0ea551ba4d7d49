import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as music from './music/Music.resource';

type Operation = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

const operations: Record<string, Record<string, Operation>> = {
	music: {
		addVocals: music.addVocals,
		addInstrumental: music.addInstrumental,
		getTaskDetails: music.getTaskDetails,
	},
	account: {
		getCredits: account.getCredits,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await handler.execute.call(this);
}
