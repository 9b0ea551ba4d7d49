import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as account from './account/Account.resource';
import * as audio from './audio/Audio.resource';
import type { Operation } from './common/operation';
import * as lyrics from './lyrics/Lyrics.resource';
import * as music from './music/Music.resource';

/** Every resource's operations, by the node's `resource` and `operation` values. */
const resources: Record<string, Record<string, Operation>> = {
	music: music.operations,
	account: account.operations,
	lyrics: lyrics.operations,
	audio: audio.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return await handler.execute.call(this);
}
