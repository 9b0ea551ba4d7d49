/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Runs a credential's declarative `test` the way n8n's CredentialsTester (packages/cli,
 * credentials-tester.service.ts, n8n 2.41) does: a temporary node whose one property routes the
 * test request, n8n-core's real RoutingNode in a real ExecuteContext (so the request, the
 * authentication and the JSON handling are n8n's own), then the `responseSuccessBody` rules
 * (`get(json, key) === value` fails the test) and n8n's messages for HTTP and network errors.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialDataDecryptedObject, ICredentialTestRequest, IDataObject, INode, INodeType, INodeTypes } from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { KieApi } from '../../credentials/KieApi.credentials';
import { createAdditionalData, initN8nCore } from '../harness/n8nCore';

export type TestResult = { status: 'OK' | 'Error'; message: string };

function get(object: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as IDataObject)[key] : undefined), object);
}

export async function runCredentialTest(data: ICredentialDataDecryptedObject): Promise<TestResult> {
	await initN8nCore();
	const test = new KieApi().test as ICredentialTestRequest;
	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'kieApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const node: INode = { id: 'temp', name: 'Temp-Node', type: 'temp', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { kieApi: { id: 'c1', name: 'Kie' } } };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData({ credentials: { kieApi: data } });
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], inputData, { node, data: {}, source: null }, []);
	const routingNode = new RoutingNode(context, nodeType, { id: 'c1', name: 'Kie', type: 'kieApi', data });
	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			if (status < 199 || status > 299) return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
