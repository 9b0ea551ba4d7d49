/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Runs the Kie Suno Trigger's webhook() through n8n-core's REAL WebhookContext, with a real
 * n8n-workflow Workflow, like n8n's webhook handler does:
 * - `callTrigger()` builds an express-like request/response in memory;
 * - `startTriggerServer()` is a small n8n look-alike on 127.0.0.1: it reads and parses the body
 *   the way n8n's body parser does (JSON only for application/json, text/plain as a string),
 *   loads the workflow's static data "from the database" for every call, runs webhook(), answers
 *   like n8n's `onReceived` handler (`webhookResponse`, or `{message:"Webhook call received"}`
 *   without workflowData, nothing when the node answered itself), and saves the static data
 *   only if n8n's change tracking says it changed, after answering (as n8n's live-webhooks does).
 *
 * Only the outermost services are stubs: the credentials store (returns the credential data and
 * applies the credential type's `authenticate` like n8n's CredentialsHelper), InstanceSettings (so
 * no ~/.n8n is touched) and the logger/error reporter. httpRequest(WithAuthentication) is n8n's
 * OutboundHttp and prepareBinaryData is n8n's BinaryDataService (in its in-memory mode).
 */
import './env';

import * as http from 'http';
import { createRequire } from 'module';
import type { AddressInfo } from 'net';

import { BinaryDataService, ErrorReporter, InstanceSettings, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsHelper,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { KieSunoTrigger } from '../../../nodes/KieSunoTrigger/KieSunoTrigger.node';
import { applyAuthentication } from '../../harness/n8nCore';

/**
 * n8n-core ships its own copies of @n8n/di and @n8n/backend-common: services must be registered
 * in n8n-core's container, with n8n-core's classes, or n8n-core never sees them.
 */
const requireFromN8nCore = createRequire(require.resolve('n8n-core'));
const { Container } = requireFromN8nCore('@n8n/di') as typeof import('@n8n/di');
const { Logger } = requireFromN8nCore('@n8n/backend-common') as typeof import('@n8n/backend-common');

export const NODE_TYPE = 'n8n-nodes-kie-suno.kieSunoTrigger';
export const NODE_NAME = 'Kie Suno Trigger';

const silentLogger = {
	error: () => {},
	warn: () => {},
	info: () => {},
	debug: () => {},
	scoped: () => silentLogger,
};

let servicesReady = false;

/** Registers the few n8n services WebhookContext needs, without touching ~/.n8n. */
export function setUpN8nServices(): void {
	if (servicesReady) return;
	Container.set(InstanceSettings, {
		n8nFolder: '/nonexistent/.n8n',
		instanceId: 'kie-suno-trigger-test',
		hmacSignatureSecret: 'test-secret',
		instanceType: 'main',
	} as unknown as InstanceSettings);
	Container.set(Logger, silentLogger as never);
	const errorReporter = { error: () => {}, warn: () => {}, info: () => {} } as unknown as ErrorReporter;
	Container.set(ErrorReporter, errorReporter);
	// No storage manager initialised: BinaryDataService keeps binary data in memory (base64),
	// the same code path n8n uses for its "default" mode.
	Container.set(
		BinaryDataService,
		new BinaryDataService({ mode: 'default' } as never, errorReporter, silentLogger as never),
	);
	servicesReady = true;
}

class TriggerNodeTypes implements INodeTypes {
	readonly node = new KieSunoTrigger();

	getByName(): INodeType {
		return this.node;
	}

	getByNameAndVersion(): INodeType {
		return this.node;
	}

	getKnownTypes() {
		return {};
	}
}

export interface TriggerSetup {
	/** node parameters as saved in the workflow (only non-defaults needed) */
	parameters?: IDataObject;
	/** credential data; undefined = no credential selected on the node */
	credentials?: ICredentialDataDecryptedObject;
	/** the node's workflow static data as loaded from the database (`node:<name>`) */
	staticData?: IDataObject;
	workflowId?: string;
	mode?: WorkflowExecuteMode;
}

export function triggerNode(setup: TriggerSetup): INode {
	const node: INode = {
		id: 'c0ffee00-0000-4000-8000-000000000001',
		name: NODE_NAME,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: '8d5f3c4e-0000-4000-8000-00000000kie1',
		parameters: { ...(setup.parameters ?? {}) } as INode['parameters'],
	};
	if (setup.credentials) node.credentials = { kieApi: { id: 'cred-1', name: 'Kie account' } };
	return node;
}

/** A fresh Workflow as n8n builds it for one webhook call, with static data loaded "from the DB". */
export function buildWorkflow(setup: TriggerSetup): { workflow: Workflow; node: INode } {
	const nodeTypes = new TriggerNodeTypes();
	const node = triggerNode(setup);
	const stored = setup.staticData ? JSON.parse(JSON.stringify(setup.staticData)) : {};
	const workflow = new Workflow({
		id: setup.workflowId ?? 'wf-kie-1',
		name: 'Kie trigger test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: stored,
		settings: {},
	});
	return { workflow, node: workflow.nodes[NODE_NAME] };
}

export interface CredentialLookup {
	type: string;
	nodeCredentials: unknown;
}

function additionalDataFor(
	req: unknown,
	res: unknown,
	credentials: ICredentialDataDecryptedObject | undefined,
	lookups: CredentialLookup[],
	credentialError?: Error,
): IWorkflowExecuteAdditionalData {
	const credentialsHelper = {
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_additionalData: unknown, nodeCredentials: unknown, type: string) => {
			lookups.push({ type, nodeCredentials });
			if (credentialError) throw credentialError;
			if (!credentials) throw new Error('no credential stored');
			return { ...credentials };
		},
		// What httpRequestWithAuthentication needs (the trigger reads the task from Kie).
		getParentTypes: () => [],
		preAuthentication: async () => undefined,
		authenticate: async (data: ICredentialDataDecryptedObject, type: string, options: never) => await applyAuthentication(data, type, options),
	} as unknown as ICredentialsHelper;
	return {
		credentialsHelper,
		executionId: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		instanceBaseUrl: 'http://127.0.0.1/',
		variables: {},
		currentNodeParameters: undefined,
		userId: 'user-1',
		httpRequest: req,
		httpResponse: res,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function webhookDataFor(workflow: Workflow, node: INode): IWebhookData {
	const description = new KieSunoTrigger().description.webhooks![0];
	return {
		httpMethod: 'POST',
		node: node.name,
		path: `${node.webhookId}/kie`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: {} as IWorkflowExecuteAdditionalData,
		webhookId: node.webhookId,
	};
}

/* ---------------- express-like request/response ---------------- */

export interface RecordedResponse {
	status: number | undefined;
	headers: Record<string, string>;
	body: unknown;
	text: string;
	ended: boolean;
	/** performance.now() when the answer was finished */
	endedAt: number | undefined;
}

export interface FakeRequestInput {
	body?: unknown;
	headers?: Record<string, string | string[]>;
	/** exact bytes; default: JSON of body for object bodies */
	rawBody?: Buffer;
}

function lowerHeaders(headers: Record<string, string | string[]> = {}): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
	return out;
}

/** An express-like Request: body, rawBody, headers, header(), contentType. */
export function fakeRequest(input: FakeRequestInput): unknown {
	const headers = lowerHeaders(input.headers);
	const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'].split(';')[0].trim() : undefined;
	return {
		method: 'POST',
		url: '/webhook/kie',
		body: input.body,
		rawBody: input.rawBody,
		readRawBody: async () => {},
		headers,
		params: {},
		query: {},
		contentType,
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
	};
}

/** An express-like Response that records what was sent. */
export function fakeResponse(onEnd?: () => void): { res: unknown; recorded: RecordedResponse } {
	const recorded: RecordedResponse = { status: undefined, headers: {}, body: undefined, text: '', ended: false, endedAt: undefined };
	const res = {
		headersSent: false,
		status(code: number) {
			recorded.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		json(body: unknown) {
			recorded.body = body;
			recorded.text = JSON.stringify(body);
			recorded.headers['content-type'] = 'application/json; charset=utf-8';
			return res.end();
		},
		send(body: unknown) {
			recorded.body = body;
			recorded.text = typeof body === 'string' ? body : JSON.stringify(body);
			return res.end();
		},
		end() {
			if (!recorded.ended) {
				recorded.ended = true;
				recorded.endedAt = performance.now();
				if (recorded.status === undefined) recorded.status = 200;
				onEnd?.();
			}
			res.headersSent = true;
			return res;
		},
	};
	return { res, recorded };
}

/* ---------------- one call in memory ---------------- */

export interface CallResult {
	result: IWebhookResponseData | undefined;
	error: unknown;
	response: RecordedResponse;
	/** the static data n8n would save after this call (undefined = unchanged, not saved) */
	savedStaticData: IDataObject | undefined;
	/** the node's static data object after the call (`node:<name>`) */
	nodeStaticData: IDataObject;
	credentialLookups: CredentialLookup[];
	workflow: Workflow;
}

/** Static data of the whole workflow as n8n stores it: `{ 'node:<name>': {...} }`. */
export type WorkflowStaticData = IDataObject;

export async function callTrigger(
	request: FakeRequestInput,
	setup: TriggerSetup & {
		workflowStaticData?: WorkflowStaticData;
		credentialError?: Error;
		/** called when the node finishes its own answer (res.end) */
		onResponseEnd?: () => void;
	} = {},
): Promise<CallResult> {
	setUpN8nServices();
	const { workflow, node } = buildWorkflow({ ...setup, staticData: setup.workflowStaticData });
	const req = fakeRequest(request);
	const { res, recorded } = fakeResponse(setup.onResponseEnd);
	const lookups: CredentialLookup[] = [];
	const additionalData = additionalDataFor(req, res, setup.credentials, lookups, setup.credentialError);
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		setup.mode ?? 'webhook',
		webhookDataFor(workflow, node),
		[],
		null,
	);
	let result: IWebhookResponseData | undefined;
	let error: unknown;
	try {
		result = await new KieSunoTrigger().webhook.call(context);
	} catch (e) {
		error = e;
	}
	const changed = (workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true;
	return {
		result,
		error,
		response: recorded,
		savedStaticData: changed ? (JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject) : undefined,
		nodeStaticData: workflow.getStaticData('node', node) as IDataObject,
		credentialLookups: lookups,
		workflow,
	};
}

/* ---------------- a small n8n look-alike over real HTTP ---------------- */

export interface Execution {
	items: INodeExecutionData[];
	/** ms (performance.now) when webhook() returned the data */
	at: number;
}

export interface ServedCall {
	status: number;
	body: string;
	result: IWebhookResponseData | undefined;
	error: unknown;
}

export interface TriggerServer {
	url: string;
	executions: Execution[];
	calls: ServedCall[];
	/** the workflow's static data "in the database" */
	stored: WorkflowStaticData;
	close(): Promise<void>;
}

/** n8n's body parser (packages/cli/src/middlewares/body-parser.ts), for the types Kie can send. */
function parseLikeN8n(raw: Buffer, contentType: string | undefined): { body: unknown; error?: string } {
	if (raw.length === 0) return { body: {} };
	if (contentType === 'application/json') {
		try {
			return { body: JSON.parse(raw.toString('utf8')) };
		} catch (e) {
			return { body: undefined, error: (e as Error).message };
		}
	}
	if (contentType === 'text/plain') return { body: raw.toString('utf8') };
	return { body: {} };
}

export async function startTriggerServer(setup: TriggerSetup = {}): Promise<TriggerServer> {
	setUpN8nServices();
	const executions: Execution[] = [];
	const calls: ServedCall[] = [];
	const state = { stored: (setup.staticData ?? {}) as WorkflowStaticData };
	const server = http.createServer((incoming, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (c: Buffer) => chunks.push(c));
		incoming.on('end', () => {
			void (async () => {
				const raw = Buffer.concat(chunks);
				const contentType = incoming.headers['content-type']?.split(';')[0].trim().toLowerCase();
				const parsed = parseLikeN8n(raw, contentType);
				const call: ServedCall = { status: 0, body: '', result: undefined, error: undefined };
				calls.push(call);
				const send = (status: number, body: unknown) => {
					if (outgoing.writableEnded) return;
					call.status = status;
					call.body = JSON.stringify(body);
					outgoing.statusCode = status;
					outgoing.setHeader('content-type', 'application/json; charset=utf-8');
					outgoing.end(call.body);
				};
				if (parsed.error !== undefined) {
					// n8n itself answers unparsable JSON (UnprocessableRequestError) before any node runs.
					send(422, { code: 422, message: 'Failed to parse request body' });
					return;
				}
				const req = Object.assign(incoming, {
					body: parsed.body,
					rawBody: raw,
					readRawBody: async () => {},
					contentType,
					params: {},
					query: {},
					header: (name: string) => incoming.headers[name.toLowerCase()],
				});
				const res = Object.assign(outgoing, {
					status(code: number) {
						outgoing.statusCode = code;
						call.status = code;
						return res;
					},
					json(body: unknown) {
						call.body = JSON.stringify(body);
						call.status = outgoing.statusCode;
						outgoing.setHeader('content-type', 'application/json; charset=utf-8');
						outgoing.end(call.body);
						return res;
					},
					send(body: unknown) {
						call.body = typeof body === 'string' ? body : JSON.stringify(body);
						call.status = outgoing.statusCode;
						outgoing.end(call.body);
						return res;
					},
				});
				const { workflow, node } = buildWorkflow({ ...setup, staticData: state.stored });
				const lookups: CredentialLookup[] = [];
				const additionalData = additionalDataFor(req, res, setup.credentials, lookups);
				const context = new WebhookContext(workflow, node, additionalData, setup.mode ?? 'webhook', webhookDataFor(workflow, node), [], null);
				let result: IWebhookResponseData | undefined;
				try {
					result = await new KieSunoTrigger().webhook.call(context);
				} catch (error) {
					call.error = error;
					send(500, { code: 0, message: 'Error in workflow' });
					return;
				}
				call.result = result;
				if (result.workflowData !== undefined) executions.push({ items: result.workflowData[0], at: performance.now() });
				if (result.noWebhookResponse !== true) {
					const data =
						result.webhookResponse !== undefined
							? result.webhookResponse
							: result.workflowData !== undefined
								? { message: 'Workflow was started' }
								: { message: 'Webhook call received' };
					send(200, data);
				}
				// n8n's live-webhooks saves static data in the response callback, if it changed.
				if ((workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true) {
					state.stored = JSON.parse(JSON.stringify(workflow.staticData)) as WorkflowStaticData;
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/kie`;
	return {
		url,
		executions,
		calls,
		get stored() {
			return state.stored;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
