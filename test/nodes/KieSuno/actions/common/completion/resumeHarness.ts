/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * For the `completion: resume` tests: a receiver standing in for n8n's /webhook-waiting endpoint
 * (it records what the Kie sandbox, a local test double of Kie, posts to the resume URL), and
 * helpers that run the waiting execution and call the node's webhook() the way n8n does, through
 * n8n-core's real WebhookContext on the waiting run's stored runExecutionData.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeParameters, IRun, IRunExecutionData, IWebhookResponseData } from 'n8n-workflow';

import { KieSuno } from '../../../../../../nodes/KieSuno/KieSuno.node';
import { kieSignature } from '../../../../../../nodes/shared/signature';
import type { FakeResponse, RunNodeResult } from '../../../../../harness/n8nCore';
import { createAdditionalData, createWebhookContext, runNode, testCredential } from '../../../../../harness/n8nCore';
import type { KieSandbox } from '../../../../../sandbox/kieSandbox';
import type { Route } from './helpers';
import { vocalsParameters } from './helpers';

export const HMAC_KEY = 'resume-test-hmac-key';

export interface ReceivedCallback {
	url: string;
	headers: Record<string, string>;
	body: IDataObject & { data: IDataObject };
}

export interface Receiver {
	waitingBaseUrl: string;
	received: ReceivedCallback[];
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedCallback[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				url: req.url ?? '',
				headers: req.headers as Record<string, string>,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedCallback['body'],
			});
			res.end('{"received":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as AddressInfo).port;
	return {
		waitingBaseUrl: `http://127.0.0.1:${port}/webhook-waiting`,
		received,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export const titles = (...list: string[]): INodeExecutionData[] => list.map((title) => ({ json: { title } }));

export function resumeCredential(sb: KieSandbox, overrides: IDataObject = {}) {
	return testCredential(sb.url, { webhookHmacKey: HMAC_KEY, ...overrides });
}

/**
 * Before pausing, the node reads each task once: Kie may have finished (and called back while the
 * execution could not yet be resumed). Rejected callbacks must add nothing to these reads.
 */
export const readsBeforeWaiting = (tasks: number): number => tasks;

export async function startWaiting(
	sb: KieSandbox,
	receiver: Receiver,
	inputTitles: string[],
	options: { route?: Route; timeoutMinutes?: number; continueOnFail?: boolean } = {},
): Promise<RunNodeResult> {
	return await runNode({
		parameters: vocalsParameters({ completion: 'resume', options: { timeoutMinutes: options.timeoutMinutes ?? 2 } as INodeParameters }, options.route),
		credentials: resumeCredential(sb),
		inputItems: titles(...inputTitles),
		webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		continueOnFail: options.continueOnFail,
	});
}

/** The task list the node keeps in the execution's custom data. */
export function savedState(run: IRunExecutionData): unknown {
	const metadata = run.resultData.metadata ?? {};
	const chunks = Number(metadata.kieSunoResume);
	let text = '';
	for (let i = 0; i < chunks; i++) text += metadata[`kieSunoResume${i}`];
	return JSON.parse(text);
}

export function signedHeaders(taskId: string, hmacKey = HMAC_KEY): Record<string, string> {
	const timestamp = String(Math.floor(Date.now() / 1000));
	return { 'content-type': 'application/json', 'x-webhook-timestamp': timestamp, 'x-webhook-signature': kieSignature(taskId, timestamp, hmacKey) };
}

export interface Delivery {
	result: IWebhookResponseData;
	response: FakeResponse;
	/** ms from the call until Kie had its answer (response ended), and until webhook() returned */
	answeredAfterMs: number;
	returnedAfterMs: number;
}

/** Calls the node's webhook() as n8n does for a callback to the waiting execution. */
export async function deliver(
	waiting: RunNodeResult,
	request: { body: unknown; headers?: Record<string, string> },
	credentials: IDataObject,
): Promise<Delivery> {
	const { context, response } = await createWebhookContext({
		node: waiting.node,
		workflow: waiting.workflow,
		request: { body: request.body, headers: request.headers ?? { 'content-type': 'application/json' } },
		credentials: credentials as never,
		// as n8n loads it from the database for every callback
		runExecutionData: JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData,
		executionId: '1',
	});
	const started = performance.now();
	let answeredAt: number | undefined;
	const done = new KieSuno().webhook.call(context);
	let finished = false;
	void done.finally(() => (finished = true)).catch(() => undefined);
	while (!finished && answeredAt === undefined) {
		if (response.ended) answeredAt = performance.now();
		else await new Promise((resolve) => setImmediate(resolve));
	}
	const result = await done;
	const returnedAt = performance.now();
	return { result, response, answeredAfterMs: (answeredAt ?? returnedAt) - started, returnedAfterMs: returnedAt - started };
}

export async function callbacksFor(sb: KieSandbox, receiver: Receiver, taskId: string, count: number): Promise<ReceivedCallback[]> {
	const mine = () => receiver.received.filter((cb) => cb.body.data?.task_id === taskId);
	await sb.waitFor(() => mine().length >= count, 5000, `${count} callbacks of ${taskId}`);
	return mine();
}

/** Runs a stored execution on with n8n-core's WorkflowExecute. */
async function continueExecution(waiting: RunNodeResult, stored: IRunExecutionData): Promise<IRun> {
	const hooks = new ExecutionLifecycleHooks('manual', '1', { id: waiting.workflow.id, nodes: [], connections: {} } as never);
	const execute = new WorkflowExecute(createAdditionalData({ executionId: '1', hooks }), 'manual', stored);
	return await execute.processRunExecutionData(waiting.workflow);
}

/** What n8n's WaitTracker does at waitTill: run the stored execution on; the waiting node is disabled. */
export async function resumeAtTimeout(waiting: RunNodeResult): Promise<IRun> {
	const stored = JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData;
	stored.waitTill = new Date(stored.waitTill as unknown as string);
	return await continueExecution(waiting, stored);
}

/** What n8n does with a webhook() result carrying workflowData: it becomes the waiting node's output. */
export async function resumeWithWorkflowData(waiting: RunNodeResult, workflowData: INodeExecutionData[][]): Promise<IRun> {
	const stored = JSON.parse(JSON.stringify(waiting.runExecutionData)) as IRunExecutionData;
	stored.waitTill = new Date(stored.waitTill as unknown as string);
	// packages/cli/src/webhooks/webhook-helpers.ts (prepareExecutionData), n8n 2.41
	const resuming = stored.executionData!.nodeExecutionStack[0];
	resuming.data.main = workflowData;
	resuming.metadata = { ...resuming.metadata, forwardAllOutputs: true };
	return await continueExecution(waiting, stored);
}

export const nodeOutput = (run: IRun) => run.data.resultData.runData['Kie Suno']?.at(-1)?.data?.main?.[0];
