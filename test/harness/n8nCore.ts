/**
 * n8n-core harness: runs our nodes through n8n's REAL execution machinery (no mocks of
 * IExecuteFunctions).
 *
 * What is real: `Workflow` (n8n-workflow), `new WorkflowExecute(additionalData, 'manual',
 * runExecutionData).processRunExecutionData(workflow)` (n8n-core, as n8n's NodeTestHarness does),
 * n8n's parameter-issue check before the run, the `ExecuteContext` it builds (getNodeParameter with
 * expression evaluation, continueOnFail, pairedItem, customData, putExecutionToWait,
 * evaluateExpression, `$execution.resumeUrl`), the error recording in run data, the helpers
 * `httpRequestWithAuthentication` / `httpRequest` (OutboundHttp from @n8n/backend-network, axios,
 * to the sandbox on 127.0.0.1), and binary data (BinaryDataService, filesystem mode, in a temp
 * N8N_USER_FOLDER removed at process exit; see ./env.ts).
 * What is ours: the node-types registry (KieSuno from the TS sources + `registerNodeType()` for
 * more), a "Start" node that emits the input items (Manual Trigger + pinned data), and a credentials
 * helper (n8n-workflow's ICredentialsHelper) whose getDecrypted() returns the test credential and
 * whose authenticate() applies the credential type's `authenticate` like n8n's CredentialsHelper
 * (generic: `=` values are evaluated by the workflow's expression engine with `$credentials`).
 *
 *   const result = await runNode({
 *     node: 'kieSuno',                              // default; or a registered type ('kieSunoTrigger')
 *     parameters: { resource: 'music', operation: 'addVocals', ... },
 *     credentials: testCredential(sandbox.url),    // { apiKey: 'sandbox-key', baseUrl, uploadBaseUrl, webhookHmacKey: '' }
 *     inputItems: [{ json: { title: 'a' } }],       // default: one empty item
 *     continueOnFail: true,                         // node.onError = 'continueRegularOutput'
 *     webhookWaitingBaseUrl: 'http://127.0.0.1:PORT/webhook-waiting',   // for resume tests
 *   });
 *   result.status          // IRun status: 'success' | 'error' | 'waiting' | ...
 *   result.items           // the node's output, INodeExecutionData[][] (one array per output)
 *   result.error           // the node's error as n8n recorded it ({ ...error, message, stack })
 *   result.workflowIssues  // true when n8n refused to start (e.g. literal empty required parameter)
 *   result.waitTill        // set when the node called putExecutionToWait(); statusUpdates has 'waiting'
 *   result.resumeUrl       // `$execution.resumeUrl` of this execution (n8n-core's getAdditionalKeys):
 *                          //   `${webhookWaitingBaseUrl}/${executionId}?signature=<resumeToken>`
 *   result.run, result.runExecutionData, result.workflow, result.additionalData, result.node,
 *   result.credentialsHelper (.fetched: credential types read), result.durationMs
 *
 * Also exported:
 *   createExecuteContext({ parameters, credentials, inputItems })  -> n8n-core's real ExecuteContext,
 *     for calling `this: IExecuteFunctions` code directly (e.g. kieApiRequest with a short timeoutMs)
 *   createWebhookContext({ node, request, credentials, runExecutionData }) -> n8n-core's real
 *     WebhookContext around a fake express request/response (trigger and resume webhook tests)
 *   createAdditionalData(), buildWorkflow(node), applyAuthentication(), testCredential(),
 *   registerNodeType(name, factory), initN8nCore(), Container (n8n-core's own @n8n/di container)
 *
 * Everything runs in-process; the only network traffic goes to URLs you give it (use 127.0.0.1).
 */
import './env';

import { mkdtempSync } from 'fs';
import { createRequire } from 'module';
import { BinaryDataService, ExecuteContext, ExecutionLifecycleHooks, WebhookContext, WorkflowExecute, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunExecutionData,
	IExecuteFunctions,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { tmpdir } from 'os';
import { join } from 'path';

import { KieApi } from '../../credentials/KieApi.credentials';
import { KieSuno } from '../../nodes/KieSuno/KieSuno.node';

/**
 * n8n-core ships its own copies of @n8n/di, @n8n/config, @n8n/backend-network (newer than the
 * top-level ones other dev tools pulled in). Services must come from n8n-core's copy, or the
 * container is a different one: resolve them the way n8n-core does.
 */
export const requireFromN8nCore = createRequire(require.resolve('n8n-core'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Container = (requireFromN8nCore('@n8n/di') as typeof import('@n8n/di')).Container;

export const PACKAGE = 'n8n-nodes-kie-suno';
export const START_NODE_TYPE = 'harness.start';
export const DEFAULT_WAITING_BASE_URL = 'http://127.0.0.1:5679/webhook-waiting';

/* ------------------------------------------------------------------ node types */

/** The harness's start node: emits the items it was given (like Manual Trigger + pinned data). */
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

function qualify(name: string): string {
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

/* ------------------------------------------------------------------ credentials */

const credentialTypes: Record<string, ICredentialType> = { kieApi: new KieApi() };

export interface KieTestCredential extends ICredentialDataDecryptedObject {
	apiKey: string;
	baseUrl: string;
	uploadBaseUrl: string;
	webhookHmacKey: string;
}

/** The test credential for a sandbox (its default accepted key is 'sandbox-key'). */
export function testCredential(sandboxUrl: string, overrides: Partial<KieTestCredential> = {}): KieTestCredential {
	return { apiKey: 'sandbox-key', baseUrl: sandboxUrl, uploadBaseUrl: sandboxUrl, webhookHmacKey: '', ...overrides };
}

/**
 * Applies a credential type's `authenticate` like n8n's CredentialsHelper: a function is called;
 * `generic` copies headers/qs/body/auth into the request, evaluating `=` values as n8n
 * expressions with `$credentials` (through the workflow's real expression engine when given).
 */
export async function applyAuthentication(
	credentials: ICredentialDataDecryptedObject,
	typeName: string,
	requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	workflow?: WorkflowType,
	node?: INode,
): Promise<IHttpRequestOptions> {
	const type = credentialTypes[typeName];
	if (!type) throw new Error(`harness: unknown credential type "${typeName}"`);
	const authenticate = type.authenticate;
	if (!authenticate) return requestOptions as IHttpRequestOptions;
	if (typeof authenticate === 'function') {
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
	}
	if (authenticate.type !== 'generic') throw new Error(`harness: unsupported authenticate type ${authenticate.type}`);
	const resolve = (value: unknown): unknown => {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		if (workflow && node) {
			return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as never, undefined, '');
		}
		// Without a workflow: the `{{$credentials.x}}` subset our credential uses.
		return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
	};
	const options = requestOptions as IHttpRequestOptions & IDataObject;
	for (const [outer, values] of Object.entries(authenticate.properties) as Array<[string, IDataObject]>) {
		const target = ((options[outer] as IDataObject | undefined) ?? {}) as IDataObject;
		for (const [key, value] of Object.entries(values)) target[String(resolve(key))] = resolve(value) as never;
		options[outer] = target as never;
	}
	return options;
}

/** A credentials helper (n8n-workflow's ICredentialsHelper) serving fixed decrypted credentials. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every getDecrypted() call, for assertions. */
	readonly fetched: string[] = [];

	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		return await applyAuthentication(credentials, typeName, requestOptions, workflow, node);
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_expired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`harness: getCredentials(${type}) is not supported; use getDecrypted`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.fetched.push(type);
		const credentials = this.credentials[type];
		if (!credentials) throw new Error(`harness: no test credential of type "${type}"`);
		// A copy per call, as n8n decrypts afresh each time.
		return { ...credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

/* ------------------------------------------------------------------ container services */

let servicesReady: Promise<void> | undefined;

/** Initializes the n8n-core services that nodes reach through @n8n/di (binary data). Idempotent. */
export async function initN8nCore(): Promise<void> {
	servicesReady ??= (async () => {
		await Container.get(BinaryDataService).init();
	})();
	await servicesReady;
}

/* ------------------------------------------------------------------ additionalData */

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

/* ------------------------------------------------------------------ runNode */

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

/* ------------------------------------------------------------------ a bare ExecuteContext */

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

/* ------------------------------------------------------------------ webhooks */

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
