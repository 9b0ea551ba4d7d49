/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: additionalData (see ../n8nCore.ts). */
import { BinaryDataService, ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Container, DEFAULT_WAITING_BASE_URL } from './base';
import { HarnessCredentialsHelper } from './credentials';

let servicesReady: Promise<void> | undefined;

/** Initializes the n8n-core services that nodes reach through @n8n/di (binary data). Idempotent. */
export async function initN8nCore(): Promise<void> {
	servicesReady ??= (async () => {
		await Container.get(BinaryDataService).init();
	})();
	await servicesReady;
}

export interface AdditionalDataOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	executionId?: string;
	webhookWaitingBaseUrl?: string;
	hooks?: ExecutionLifecycleHooks;
	/** Receives 'waiting' when the node calls putExecutionToWait. */
	setExecutionStatus?: (status: string) => void;
}

function notAvailable(name: string) {
	return () => {
		throw new Error(`harness: ${name} is not available`);
	};
}

export function createAdditionalData(options: AdditionalDataOptions = {}): IWorkflowExecuteAdditionalData {
	const waiting = options.webhookWaitingBaseUrl ?? DEFAULT_WAITING_BASE_URL;
	const base = waiting.replace(/\/webhook-waiting\/?$/, '');
	const additionalData = {
		credentialsHelper: new HarnessCredentialsHelper(options.credentials ?? {}),
		executionId: options.executionId ?? '1',
		hooks: options.hooks,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: waiting,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		userId: 'harness-user',
		workflowId: 'harness-workflow',
		setExecutionStatus: options.setExecutionStatus,
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}
