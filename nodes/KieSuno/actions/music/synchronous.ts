import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SyncOperationName } from '../../../shared/kie/sync';
import { SYNC_OPERATIONS } from '../../../shared/kie/sync';
import { kieApiRequest, toNodeError } from '../../../shared/transport';
import { ItemReader } from '../common/validation';

/**
 * The flow of the synchronous operations (Get Timestamped Lyrics, Boost Style, Generate Persona):
 * validate every item before any request, then one request per item and one output item per input
 * item. They may cost credits, so they go out as `create` requests: never resent when Kie may
 * have received them. Kie's per-account create limit is for generations, so they are not paced.
 */

export interface SyncSpec {
	operation: SyncOperationName;
	/** Kie's body for one item, and the fields the output item carries for chaining. */
	readItem(reader: ItemReader, context: IExecuteFunctions): { body: IDataObject; carry: IDataObject };
}

type Plan = { body: IDataObject; carry: IDataObject } | { error: Error };

function errorJson(error: Error & { httpCode?: string | null; description?: string | null }): IDataObject {
	const code = error.httpCode ? Number(error.httpCode) : NaN;
	return {
		error: error.message,
		code: Number.isFinite(code) ? code : null,
		...(error.description ? { description: error.description } : {}),
	};
}

async function send(context: IExecuteFunctions, spec: SyncSpec, itemIndex: number, body: IDataObject): Promise<IDataObject> {
	const kie = SYNC_OPERATIONS[spec.operation];
	const envelope = await kieApiRequest.call(context, {
		method: 'POST',
		path: kie.path,
		body,
		kind: 'create',
		itemIndex,
		action: kie.action,
	});
	const answer = kie.read(envelope.data, body);
	if ('problem' in answer) {
		throw new NodeOperationError(context.getNode(), `${answer.problem} [item ${itemIndex}]`, {
			itemIndex,
			description: `Kie answered code 200 while ${kie.action}, but not with a result. Kie's message: "${envelope.msg}".`,
		});
	}
	return answer.fields;
}

export async function executeSync(this: IExecuteFunctions, spec: SyncSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const plans: Plan[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.push(spec.readItem(new ItemReader(this, itemIndex), this));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			plans.push({ error: error as Error });
		}
	}

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, plan] of plans.entries()) {
		let json: IDataObject;
		if ('error' in plan) {
			json = errorJson(plan.error);
		} else {
			try {
				json = { ...plan.carry, ...(await send(this, spec, itemIndex, plan.body)) };
			} catch (error) {
				if (!continueOnFail) throw toNodeError(this, error, itemIndex);
				json = { ...plan.carry, ...errorJson(error as Error) };
			}
		}
		output.push({ json, pairedItem: { item: itemIndex } });
	}
	return [output];
}
