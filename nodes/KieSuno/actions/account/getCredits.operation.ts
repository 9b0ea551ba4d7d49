import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { KIE_PATHS, kieApiRequest, toNodeError } from '../../../shared/transport';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const envelope = await kieApiRequest.call(this, {
				method: 'GET',
				path: KIE_PATHS.credit,
				kind: 'read',
				itemIndex,
				action: 'reading the account credits',
			});
			const credits = typeof envelope.data === 'number' ? envelope.data : typeof envelope.data === 'string' && envelope.data.trim() !== '' ? Number(envelope.data) : NaN;
			if (!Number.isFinite(credits)) {
				throw new NodeApiError(this.getNode(), { data: String(envelope.data) }, {
					message: 'Kie answered the credit request without a number',
					itemIndex,
				});
			}
			output.push({ json: { credits }, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
