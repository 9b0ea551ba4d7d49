import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** What the router runs for a resource's operation. */
export interface Operation {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** An operation that runs a shared flow (create, synchronous call) with its own spec. */
export function operationOf<Spec>(run: (this: IExecuteFunctions, spec: Spec) => Promise<INodeExecutionData[][]>, spec: Spec): Operation {
	return {
		async execute(this: IExecuteFunctions) {
			return await run.call(this, spec);
		},
	};
}
