/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: nodeTypes (see ../n8nCore.ts). */
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IExecuteFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { KieSuno } from '../../../nodes/KieSuno/KieSuno.node';
import { PACKAGE, START_NODE_TYPE } from './base';

/** The harness's start node: emits the items it was given (like Manual Trigger + pinned data). */
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool -- a test-only start node, never an AI tool
class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the input items of the harness',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

type NodeTypeFactory = () => INodeType;

const nodeFactories: Record<string, NodeTypeFactory> = {
	[START_NODE_TYPE]: () => new HarnessStart(),
	[`${PACKAGE}.kieSuno`]: () => new KieSuno(),
};

/**
 * Registers another node type (e.g. the trigger: `registerNodeType('kieSunoTrigger', () => new KieSunoTrigger())`).
 * Names without a dot get the package prefix.
 */
export function registerNodeType(name: string, factory: NodeTypeFactory): void {
	nodeFactories[qualify(name)] = factory;
}

export function qualify(name: string): string {
	return name.includes('.') ? name : `${PACKAGE}.${name}`;
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly instances = new Map<string, INodeType>();

	getByName(type: string): INodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		let instance = this.instances.get(type);
		if (!instance) {
			const factory = nodeFactories[type];
			if (!factory) throw new Error(`harness: unknown node type "${type}"`);
			instance = factory();
			this.instances.set(type, instance);
		}
		return instance;
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(Object.keys(nodeFactories).map((type) => [type, { className: type, sourcePath: '' }]));
	}
}
