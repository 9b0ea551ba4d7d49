/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: runNode (see ../n8nCore.ts). */
import { ExecutionLifecycleHooks, WorkflowExecute, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { START_NODE_TYPE } from './base';
import { HarnessNodeTypes, qualify } from './nodeTypes';
import { HarnessCredentialsHelper } from './credentials';
import { createAdditionalData, initN8nCore } from './additionalData';

export interface RunNodeOptions {
	/** 'kieSuno', 'kieSunoTrigger' or a full type name. */
	node?: string;
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	/** Credential type name the node uses (default 'kieApi'). */
	credentialType?: string;
	inputItems?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Extra fields for the INode (e.g. alwaysOutputData, retryOnFail). */
	nodeOverrides?: Partial<INode>;
	nodeName?: string;
	executionId?: string;
	webhookWaitingBaseUrl?: string;
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	status: IRun['status'];
	/** The node's output (one array per output); [] when it produced nothing. */
	items: INodeExecutionData[][];
	/**
	 * The node's error as n8n recorded it in the run data: a plain copy of the thrown
	 * NodeApiError/NodeOperationError (`{ ...error, message, stack }`), i.e. what users see.
	 */
	error?: Error & IDataObject;
	/** True when n8n refused to run the workflow (WorkflowHasIssuesError); `run` is then unset. */
	workflowIssues: boolean;
	/** Set when the node put the execution to wait. */
	waitTill?: Date;
	/** `$execution.resumeUrl` of this execution. */
	resumeUrl: string;
	/** Statuses reported through additionalData.setExecutionStatus (e.g. 'waiting'). */
	statusUpdates: string[];
	run: IRun;
	runExecutionData: IRunExecutionData;
	workflow: WorkflowType;
	additionalData: IWorkflowExecuteAdditionalData;
	node: INode;
	credentialsHelper: HarnessCredentialsHelper;
	durationMs: number;
}

export const nodeTypes = new HarnessNodeTypes();

/** Builds a Start -> node workflow. */
export function buildWorkflow(node: INode): WorkflowType {
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return new Workflow({
		id: 'harness-workflow',
		name: 'harness',
		nodes: [start, node],
		connections: { Start: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	await initN8nCore();
	const type = qualify(options.node ?? 'kieSuno');
	const credentialType = options.credentialType ?? 'kieApi';
	const nodeName = options.nodeName ?? 'Kie Suno';
	const node: INode = {
		id: 'node-under-test',
		name: nodeName,
		type,
		typeVersion: 1,
		position: [200, 0],
		parameters: options.parameters,
		credentials: options.credentials ? { [credentialType]: { id: 'cred-1', name: 'Kie test credential' } } : undefined,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...options.nodeOverrides,
	};
	const workflow = buildWorkflow(node);
	const executionId = options.executionId ?? '1';
	const mode = options.mode ?? 'manual';

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: 'harness',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let resolveFinished!: (run: IRun) => void;
	const finished = { promise: new Promise<IRun>((resolve) => (resolveFinished = resolve)) };
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const statusUpdates: string[] = [];
	const additionalData = createAdditionalData({
		credentials: options.credentials ? { [credentialType]: options.credentials } : {},
		executionId,
		webhookWaitingBaseUrl: options.webhookWaitingBaseUrl,
		hooks,
		setExecutionStatus: (status) => statusUpdates.push(status),
	});

	const startNode = workflow.getNode('Start')!;
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.inputItems ?? [{ json: {} }]] }, source: null } as IExecuteData,
			],
		},
	});

	const startedAt = Date.now();
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	try {
		await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have parameter issues (e.g. an empty
		// required parameter); the node never runs. Report it like a failed run.
		const durationMs = Date.now() - startedAt;
		return {
			status: 'error',
			items: [],
			error: error as Error & IDataObject,
			workflowIssues: true,
			resumeUrl: `${additionalData.webhookWaitingBaseUrl}/${executionId}`,
			statusUpdates,
			run: undefined as unknown as IRun,
			runExecutionData,
			workflow,
			additionalData,
			node: workflow.getNode(nodeName)!,
			credentialsHelper: additionalData.credentialsHelper as HarnessCredentialsHelper,
			durationMs,
		};
	}
	const run = await finished.promise;
	const durationMs = Date.now() - startedAt;

	const taskData = run.data.resultData.runData[nodeName]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as (Error & IDataObject) | undefined;
	// Exactly what `$execution.resumeUrl` gives the node (n8n-core's getAdditionalKeys).
	const resumeUrl = String(getAdditionalKeys(additionalData, mode, run.data).$execution?.resumeUrl);
	return {
		status: run.status,
		workflowIssues: false,
		items: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error,
		waitTill: run.data.waitTill ?? undefined,
		resumeUrl,
		statusUpdates,
		run,
		runExecutionData: run.data,
		workflow,
		additionalData,
		node: workflow.getNode(nodeName)!,
		credentialsHelper: additionalData.credentialsHelper as HarnessCredentialsHelper,
		durationMs,
	};
}
