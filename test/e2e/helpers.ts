/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports, @n8n/community-nodes/require-node-api-error */
/**
 * Shared helpers for the real-n8n e2e tests. The instances are started by globalSetup
 * (test/e2e/harness.js), which writes their state to process.env.KIE_E2E_STATE.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

// plain-JS harness modules (scripts/n8n/**); typed loosely on purpose
const instance = require('../../scripts/n8n/instance');
const httpLib = require('../../scripts/n8n/http');

export const PKG = 'n8n-nodes-kie-suno';
export const KIE_NODE = `${PKG}.kieSuno`;
export const KIE_TRIGGER = `${PKG}.kieSunoTrigger`;
export const REPO = path.resolve(__dirname, '..', '..');

export interface CredentialRef {
	id: string;
	name: string;
	apiKey: string;
}

export interface VersionState {
	version: string;
	url: string;
	port: number;
	brokerPort: number;
	pid: number;
	logPath: string;
	userFolder: string;
	packageVersion: string;
	/** Read from dist/ right after the build (optional: the fault and queue harnesses omit them). */
	hasTrigger?: boolean;
	triggerPath?: string;
	sandboxUrl: string;
	apiKey: string;
	cookie: string;
	browserId: string;
	hmacKey: string;
	sandboxKey: string;
	credentials: { good: CredentialRef; bad: CredentialRef };
	metrics: { startMs: number; readyMs: number; rss: { mainKb: number; totalKb: number } };
}

export interface E2EState {
	runDir: string;
	versions: VersionState[];
}

export function loadState(): E2EState {
	const p = process.env.KIE_E2E_STATE;
	if (!p || !fs.existsSync(p)) {
		throw new Error('KIE_E2E_STATE is not set: run these tests with `npm run test:e2e` (jest.e2e.config.js globalSetup)');
	}
	return JSON.parse(fs.readFileSync(p, 'utf8')) as E2EState;
}

export const STATE = loadState();
/** For describe.each(VERSIONS)('n8n $version', (v) => …). */
export const VERSIONS: VersionState[] = STATE.versions;

const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
/** Whether the package (as built and listed in package.json) ships the trigger node. */
export const HAS_TRIGGER: boolean =
	VERSIONS[0]?.hasTrigger ??
	((repoPkg.n8n?.nodes ?? []).some((n: string) => n.includes('KieSunoTrigger')) &&
		fs.existsSync(path.join(REPO, 'dist', 'nodes', 'KieSunoTrigger', 'KieSunoTrigger.node.js')));
export const itIfTrigger = HAS_TRIGGER ? it : it.skip;

export function majorOf(version: string): number {
	return Number(version.split('.')[0]);
}

// ------------------------------------------------------------------------------------------
// n8n

export interface N8nClientLike {
	url: string;
	cookie: string;
	apiKey: string;
	rest(method: string, p: string, json?: unknown, opts?: { okOnly?: boolean }): Promise<any>;
	api(method: string, p: string, json?: unknown, opts?: { okOnly?: boolean }): Promise<any>;
	nodeTypes(): Promise<Array<{ name: string; credentials?: Array<{ name: string }>; [k: string]: any }>>;
	credentialTypes(): Promise<Array<{ name: string; properties: Array<{ name: string }>; [k: string]: any }>>;
	testCredential(c: { id: string; name?: string; type: string; data?: Record<string, unknown> }): Promise<{ status: string; message: string }>;
	createCredential(c: { name: string; type: string; data: Record<string, unknown> }): Promise<{ id: string; name: string }>;
	deleteCredential(id: string): Promise<unknown>;
	createWorkflow(wf: WorkflowJson): Promise<{ id: string; [k: string]: any }>;
	getWorkflow(id: string): Promise<{ id: string; staticData?: Record<string, any> | null; [k: string]: any }>;
	publishWorkflow(id: string): Promise<any>;
	unpublishWorkflow(id: string): Promise<any>;
	deleteWorkflow(id: string): Promise<any>;
	listExecutions(q: { workflowId?: string; status?: string; includeData?: boolean; limit?: number }): Promise<any[]>;
	getExecution(id: string, includeData?: boolean): Promise<Execution>;
	waitForExecution(q: { workflowId: string; afterId?: number; acceptWaiting?: boolean; timeoutMs?: number }): Promise<Execution>;
	callWebhook(
		p: string,
		json?: unknown,
		opts?: { method?: string; test?: boolean; headers?: Record<string, string>; timeoutMs?: number; body?: Buffer | string; registerWaitMs?: number },
	): Promise<HttpResponse>;
	waitForWebhook(p: string, opts?: { method?: string; probeBody?: unknown; timeoutMs?: number }): Promise<HttpResponse>;
	listWorkflows(): Promise<Array<{ id: string; name: string; active: boolean }>>;
}

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: any;
	text: string;
	buffer: Buffer;
}

export interface Execution {
	id: string;
	status: string;
	finished?: boolean;
	workflowId: string;
	data?: { resultData?: { runData?: Record<string, any[]>; error?: any; lastNodeExecuted?: string } };
	[k: string]: any;
}

export function client(v: VersionState): N8nClientLike {
	return new instance.N8nClient(v.url, { cookie: v.cookie, apiKey: v.apiKey, browserId: v.browserId, version: v.version });
}

/** JSON items a node produced in an execution (includeData=true). */
export function nodeOutput(execution: Execution, nodeName: string, run = 0, output = 0): Array<Record<string, any>> | undefined {
	return instance.nodeOutput(execution, nodeName, { run, output });
}

export function executionError(execution: Execution): any {
	return instance.executionError(execution);
}

export function request(method: string, url: string, opts?: { json?: unknown; headers?: Record<string, string>; timeoutMs?: number; body?: Buffer | string }): Promise<HttpResponse> {
	return httpLib.request(method, url, opts);
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

export function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
	return httpLib.waitFor(fn, opts);
}

// the Kie sandbox's control routes and seeding helpers
export * from './sandboxClient';

// ------------------------------------------------------------------------------------------
// workflows

export interface NodeJson {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	[k: string]: unknown;
}

export interface WorkflowJson {
	name: string;
	nodes: NodeJson[];
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings?: Record<string, unknown>;
}

export function kieNode(
	v: VersionState,
	parameters: Record<string, unknown>,
	{ name = 'Kie Suno', credential = 'good' as 'good' | 'bad', extra = {} as Record<string, unknown> } = {},
): NodeJson {
	const c = v.credentials[credential];
	return {
		id: randomUUID(),
		name,
		type: KIE_NODE,
		typeVersion: 1,
		position: [300, 0],
		parameters,
		credentials: { kieApi: { id: c.id, name: c.name } },
		...extra,
	};
}

export function triggerNode(v: VersionState, parameters: Record<string, unknown>, { name = 'Kie Suno Trigger', webhookId = randomUUID(), credential = 'good' as 'good' | 'bad' | 'none' } = {}): NodeJson {
	const node: NodeJson = {
		id: randomUUID(),
		name,
		type: KIE_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		webhookId,
	};
	if (credential !== 'none') node.credentials = { kieApi: { id: v.credentials[credential].id, name: v.credentials[credential].name } };
	return node;
}

export function noOpNode(name = 'Done'): NodeJson {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} };
}

/** Connects nodes in a straight line. */
export function chain(name: string, nodes: NodeJson[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	nodes.forEach((n, i) => {
		n.position = [i * 260, 0];
		if (i < nodes.length - 1) connections[n.name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	});
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/**
 * A Webhook trigger (responds with all items of the last node) in front of `nodes`. This is how
 * the tests "run" a workflow from outside on both n8n 1.x and 2.x (the public API has no run
 * endpoint, and `n8n execute` needs the server stopped).
 */
/** A Webhook node on a fresh path: `lastNode` answers with every item of the last node. */
export function webhookStartNode(responseMode: 'lastNode' | 'onReceived' = 'lastNode'): { hook: NodeJson; path: string } {
	const p = randomUUID();
	const hook: NodeJson = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: p,
		parameters:
			responseMode === 'lastNode'
				? { httpMethod: 'POST', path: p, responseMode: 'lastNode', responseData: 'allEntries', options: {} }
				: { httpMethod: 'POST', path: p, responseMode: 'onReceived', options: {} },
	};
	return { hook, path: p };
}

export function webhookChain(
	name: string,
	nodes: NodeJson[],
	responseMode: 'lastNode' | 'onReceived' = 'lastNode',
): { workflow: WorkflowJson; path: string } {
	const { hook, path } = webhookStartNode(responseMode);
	return { workflow: chain(name, [hook, ...nodes]), path };
}

/** Creates + publishes a workflow; returns its id and a cleanup function. */
export async function deploy(v: VersionState, wf: WorkflowJson): Promise<{ id: string; cleanup: () => Promise<void> }> {
	const c = client(v);
	const created = await c.createWorkflow(wf);
	const id = String(created.id);
	const cleanup = async () => {
		if (process.env.E2E_KEEP_WORKFLOWS) return;
		await c.unpublishWorkflow(id).catch(() => undefined);
		await c.api('POST', `/workflows/${id}/archive`, {}, { okOnly: false }).catch(() => undefined);
		await c.deleteWorkflow(id).catch(() => undefined);
	};
	try {
		await c.publishWorkflow(id);
	} catch (e) {
		await cleanup();
		throw e;
	}
	return { id, cleanup };
}

export interface RunResult {
	/** HTTP answer of the Webhook node (all items of the last node, or n8n's error). */
	response: HttpResponse;
	execution: Execution;
	workflowId: string;
}

/** Webhook → nodes…: publish, POST once, wait for the execution, clean up. */
export async function runViaWebhook(
	v: VersionState,
	nodes: NodeJson[],
	{
		body = {} as unknown,
		timeoutMs = 120_000,
		name = 'e2e',
		responseMode = 'lastNode' as 'lastNode' | 'onReceived',
		executionTimeoutMs = 60_000,
		onWaiting = undefined as undefined | ((execution: Execution) => Promise<void>),
		/** Runs before the workflow is deleted (deleting it deletes its executions' binary data). */
		inspect = undefined as undefined | ((r: RunResult) => Promise<void>),
	} = {},
): Promise<RunResult> {
	const { workflow, path: hookPath } = webhookChain(`${name} ${Date.now()}`, nodes, responseMode);
	const { id, cleanup } = await deploy(v, workflow);
	try {
		const c = client(v);
		const response = await c.callWebhook(hookPath, body, { timeoutMs });
		let execution = await c.waitForExecution({ workflowId: id, timeoutMs: executionTimeoutMs, acceptWaiting: !!onWaiting });
		if (onWaiting && execution.status === 'waiting') {
			await onWaiting(execution);
			execution = await c.waitForExecution({ workflowId: id, timeoutMs: executionTimeoutMs });
		}
		const result = { response, execution, workflowId: id };
		if (inspect) await inspect(result);
		return result;
	} finally {
		await cleanup();
	}
}

/** Message of an execution's error, for readable assertion failures. */
export function describeFailure(r: RunResult): string {
	const err = executionError(r.execution);
	return `HTTP ${r.response.status} ${r.response.text.slice(0, 300)}; execution ${r.execution.id} ${r.execution.status}` + (err ? `: ${err.message} ${err.description ?? ''}` : '');
}

/** Webhook path of the built trigger's production webhook (as the harness read it, else from dist/). */
export function triggerWebhookPath(): string {
	if (typeof VERSIONS[0]?.triggerPath === 'string') return VERSIONS[0].triggerPath;
	const mod = require(path.join(REPO, 'dist', 'nodes', 'KieSunoTrigger', 'KieSunoTrigger.node.js'));
	const Cls = mod.KieSunoTrigger ?? Object.values(mod).find((x) => typeof x === 'function');
	const hooks = new (Cls as any)().description.webhooks ?? [];
	return String(hooks[0]?.path ?? '').replace(/^\//, '');
}

/** Production URL of a trigger node with this webhookId. */
export function triggerUrl(v: VersionState, webhookId: string): string {
	const p = triggerWebhookPath();
	return `${v.url}/webhook/${webhookId}${p ? `/${p}` : ''}`;
}

/**
 * Runs a saved workflow that starts with a Manual Trigger through `n8n execute --id` (a separate
 * n8n process on the same user folder, with its own task-broker port, so it works while the
 * server runs). Returns the parsed `--rawOutput` execution.
 */
export async function executeViaCli(v: VersionState, workflowId: string): Promise<Execution> {
	const res = await instance.runN8nCli({ version: v.version, userFolder: v.userFolder, args: ['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs: 120_000 });
	if (res.code !== 0) throw new Error(`n8n execute exited ${res.code}:\n${res.stdout.slice(-1500)}\n${res.stderr.slice(-1500)}`);
	return instance.parseExecuteOutput(res.stdout) as Execution;
}
