/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: contexts (see ../n8nCore.ts). */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ExecuteContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRunExecutionData,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';
import { createAdditionalData, initN8nCore } from './additionalData';
import { buildWorkflow } from './runNode';
import { qualify } from './nodeTypes';

/**
 * n8n-core's real ExecuteContext for our node, outside a workflow run: for calling functions that
 * take `this: IExecuteFunctions` directly (e.g. `kieApiRequest.call(context, { ..., timeoutMs: 200 })`).
 */
export async function createExecuteContext(options: {
	node?: string;
	parameters?: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	credentialType?: string;
	inputItems?: INodeExecutionData[];
	continueOnFail?: boolean;
	executionId?: string;
	webhookWaitingBaseUrl?: string;
	abortSignal?: AbortSignal;
}): Promise<{ context: ExecuteContext; workflow: WorkflowType; node: INode; runExecutionData: IRunExecutionData }> {
	await initN8nCore();
	const credentialType = options.credentialType ?? 'kieApi';
	const node: INode = {
		id: 'node-under-test',
		name: 'Kie Suno',
		type: qualify(options.node ?? 'kieSuno'),
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters ?? { resource: 'account', operation: 'getCredits' },
		credentials: options.credentials ? { [credentialType]: { id: 'cred-1', name: 'Kie test credential' } } : undefined,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = buildWorkflow(node);
	const additionalData = createAdditionalData({
		credentials: options.credentials ? { [credentialType]: options.credentials } : {},
		executionId: options.executionId,
		webhookWaitingBaseUrl: options.webhookWaitingBaseUrl,
	});
	const items = options.inputItems ?? [{ json: {} }];
	const runExecutionData = createRunExecutionData();
	const executeData: IExecuteData = { node, data: { main: [items] }, source: { main: [{ previousNode: 'Start' }] } };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
		options.abortSignal,
	);
	return { context, workflow, node, runExecutionData };
}

export interface WebhookRequestInit {
	body?: unknown;
	rawBody?: Buffer;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	method?: string;
}

export interface FakeResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
	ended: boolean;
}

/**
 * Builds n8n-core's real WebhookContext for `node` (trigger or resume webhook), around a fake
 * express request/response. `runExecutionData` is the waiting execution's data for resume tests.
 */
export async function createWebhookContext(options: {
	node: INode;
	workflow?: WorkflowType;
	request: WebhookRequestInit;
	credentials?: ICredentialDataDecryptedObject;
	credentialType?: string;
	runExecutionData?: IRunExecutionData | null;
	executionId?: string;
	mode?: WorkflowExecuteMode;
	webhookName?: string;
}): Promise<{ context: WebhookContext; response: FakeResponse; workflow: WorkflowType }> {
	await initN8nCore();
	const workflow = options.workflow ?? buildWorkflow(options.node);
	const credentialType = options.credentialType ?? 'kieApi';
	const additionalData = createAdditionalData({
		credentials: options.credentials ? { [credentialType]: options.credentials } : {},
		executionId: options.executionId,
	});
	const headers = Object.fromEntries(Object.entries(options.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const rawBody =
		options.request.rawBody ?? Buffer.from(options.request.body === undefined ? '' : JSON.stringify(options.request.body));
	const req = {
		method: options.request.method ?? 'POST',
		headers,
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
		body: options.request.body,
		rawBody,
		query: options.request.query ?? {},
		params: {},
		url: '/',
	};
	const response: FakeResponse = { statusCode: 200, headers: {}, body: undefined, ended: false };
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		set(name: string, value: string) {
			response.headers[name.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			response.ended = true;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			response.ended = true;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) response.body = body;
			response.ended = true;
			return res;
		},
	};
	additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
	additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
	const webhookData = {
		httpMethod: 'POST',
		node: options.node.name,
		path: '',
		webhookDescription: { name: options.webhookName ?? 'default', httpMethod: 'POST', path: '' },
		workflowId: workflow.id,
	} as unknown as IWebhookData;
	const runExecutionData = options.runExecutionData ?? null;
	const context = new WebhookContext(
		workflow,
		options.node,
		additionalData,
		options.mode ?? 'webhook',
		webhookData,
		[],
		runExecutionData,
	);
	return { context, response, workflow };
}

/** A fresh temporary directory (under os.tmpdir()). */
export function tempDir(prefix = 'kie-harness-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}
