/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * What the browser suite asks n8n directly (REST with the owner's login, public API with the harness's
 * key): the node descriptions as the editor receives them, and workflows to open in the editor.
 */
import { randomUUID } from 'crypto';
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { STATE } from './browser';

const { N8nClient } = require('../../scripts/n8n/instance');

export const PKG = 'n8n-nodes-kie-suno';
export const KIE_NODE = `${PKG}.kieSuno`;
export const KIE_TRIGGER = `${PKG}.kieSunoTrigger`;

let loggedIn: any;

export async function client(): Promise<any> {
	if (!loggedIn) {
		loggedIn = new N8nClient(STATE.url, { version: STATE.version, apiKey: STATE.apiKey, browserId: 'kie-ui-tests' });
		await loggedIn.login(STATE.owner);
	}
	return loggedIn;
}

/** The two node descriptions exactly as /types/nodes.json serves them to the editor. */
export async function kieNodeTypes(): Promise<{ action: INodeTypeDescription; trigger: INodeTypeDescription }> {
	const types: INodeTypeDescription[] = await (await client()).nodeTypes();
	const action = types.find((t) => t.name === KIE_NODE);
	const trigger = types.find((t) => t.name === KIE_TRIGGER);
	if (!action || !trigger) throw new Error(`n8n did not load ${KIE_NODE} and ${KIE_TRIGGER}; see ${STATE.logPath}`);
	return { action, trigger };
}

export interface OperationRef {
	resource: string;
	resourceName: string;
	operation: string;
	operationName: string;
	/** The node panel's label for the operation. */
	action?: string;
}

/** n8n adds this option to the resource and operation lists of nodes whose credential can sign HTTP requests. */
export const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

const own = (options: unknown) => ((options ?? []) as INodePropertyOptions[]).filter((o) => o.value !== CUSTOM_API_CALL);

/** Every resource/operation pair of the action node, in the order the dropdowns list them (n8n's Custom API Call left out). */
export function operationsOf(node: INodeTypeDescription): OperationRef[] {
	const resources = own(node.properties.find((p) => p.name === 'resource')?.options);
	const out: OperationRef[] = [];
	for (const r of resources) {
		const opProp = node.properties.find(
			(p: INodeProperties) => p.name === 'operation' && (p.displayOptions?.show?.resource ?? []).includes(r.value),
		);
		for (const o of own(opProp?.options)) {
			out.push({ resource: String(r.value), resourceName: r.name, operation: String(o.value), operationName: o.name, action: o.action });
		}
	}
	return out;
}

/** Option display names of a top-level options/multiOptions parameter. */
export function optionNames(node: INodeTypeDescription, parameter: string): string[] {
	const p = node.properties.find((x) => x.name === parameter);
	return ((p?.options ?? []) as INodePropertyOptions[]).map((o) => o.name);
}

/** Creates a workflow through the public API; returns its id. */
export async function createWorkflow(name: string, nodes: any[], connections: Record<string, unknown> = {}): Promise<string> {
	const created = await (await client()).createWorkflow({ name, nodes, connections });
	return String(created.id);
}

export function kieNode(name: string, parameters: Record<string, unknown>, position: [number, number]): any {
	return { id: randomUUID(), name, type: KIE_NODE, typeVersion: 1, position, parameters };
}

export function manualTrigger(name: string, position: [number, number]): any {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position, parameters: {} };
}

export function triggerNode(name: string, webhookId: string, position: [number, number]): any {
	return { id: randomUUID(), name, type: KIE_TRIGGER, typeVersion: 1, position, parameters: {}, webhookId };
}
