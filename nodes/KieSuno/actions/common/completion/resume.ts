import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkCallbackSignature, readKieCallback, rejectRequest } from '../../../../shared/request';
import { CREDENTIAL_TYPE, kieBaseUrl, transportClock } from '../../../transport';
import { pollTasks, readTask } from './poll';
import type { ItemOutcome, TaskResult, WaitSettings } from './results';
import { errorItem, resultsToItems, timeoutMessage } from './results';

/**
 * `completion: resume`: the tasks get this execution's resume URL as `callBackUrl`, the execution
 * waits (no worker held, survives restarts), and Kie's callbacks come back to `resumeWebhook`.
 *
 * State lives in the execution itself: the task list is written to the execution's custom data,
 * which n8n saves with the waiting execution and hands to the webhook in whichever process gets
 * the callback. A `complete`/`error` callback settles its own task (its signature, when a key is
 * set, covers the task ID); every other task is read from record-info, so one callback's body never
 * speaks for another task. The node resumes once all are finished.
 *
 * Timeout: n8n resumes a timed-out waiting node by passing its input through. Before waiting, the
 * node replaces its input items with error items (`stage: "error"`, `timedOut: true`, the task ID)
 * so a timeout can never look like a result.
 */

export const MAX_RESUME_ITEMS = 100;
const STATE_KEY_PREFIX = 'kieSunoResume';
const STATE_CHUNK = 500;
const STATE_MAX_KEYS = 9;

interface ResumeState {
	/** number of input items */
	n: number;
	/** created tasks: [itemIndex, taskId] */
	t: Array<[number, string]>;
	/** items without a task: [itemIndex, message] */
	f: Array<[number, string]>;
	/** deadline, epoch ms */
	d: number;
}

const PRIVATE_HOST =
	/^(localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[?::1?\]?|\[?f[cd][0-9a-f]{2}:.*|\[?fe80:.*)$/i;

export function isPrivateHost(hostname: string): boolean {
	return PRIVATE_HOST.test(hostname) || !hostname.includes('.') && !hostname.includes(':');
}

/** The URL Kie must call; fails before any task exists if Kie could not reach it. */
export async function resolveResumeUrl(context: IExecuteFunctions, itemCount: number): Promise<string> {
	if (itemCount > MAX_RESUME_ITEMS) {
		throw new NodeOperationError(
			context.getNode(),
			`"Pause Until Callback" handles at most ${MAX_RESUME_ITEMS} items per execution, got ${itemCount}`,
			{ description: 'Split the input with a Loop Over Items node, or use "Poll Until Done".' },
		);
	}
	const resumeUrl = context.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof resumeUrl !== 'string' || !/^https?:\/\//.test(resumeUrl)) {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a resume URL for this execution');
	}
	const resumeHost = new URL(resumeUrl).hostname;
	const kieHost = new URL(await kieBaseUrl(context)).hostname;
	// A Kie on a private network (a proxy, the local sandbox) can reach private addresses; the real one cannot.
	if (isPrivateHost(resumeHost) && !isPrivateHost(kieHost)) {
		throw new NodeOperationError(
			context.getNode(),
			`Kie cannot reach this n8n: its resume URL points at "${resumeHost}", which is not reachable from the internet`,
			{
				description:
					'Set the WEBHOOK_URL environment variable of n8n to its public https address (for example behind a reverse proxy or tunnel), or use Completion "Poll Until Done", which works behind NAT. No task was created.',
			},
		);
	}
	return resumeUrl;
}

type CustomData = { get(key: string): unknown; set(key: string, value: string): void };

/**
 * The execution's custom data. n8n 2.x offers `this.customData`; on n8n 1.x it is reached through
 * `$execution.customData` (execute) or the execution data handed to the webhook (resume), which
 * is where both versions keep it (`resultData.metadata`).
 */
function executionCustomData(context: IExecuteFunctions | IWebhookFunctions): CustomData | undefined {
	try {
		const direct = (context as { customData?: CustomData }).customData;
		if (direct) return direct;
	} catch {
		// 2.x throws when the context has no execution data.
	}
	if ('getWorkflowDataProxy' in context && typeof context.getWorkflowDataProxy === 'function') {
		const fromProxy = context.getWorkflowDataProxy(0).$execution?.customData as CustomData | undefined;
		if (fromProxy) return fromProxy;
	}
	const runData = (context as { runExecutionData?: { resultData?: { metadata?: Record<string, string> } } })
		.runExecutionData;
	const metadata = runData?.resultData?.metadata;
	if (!metadata) return undefined;
	return {
		get: (key) => metadata[key],
		set: (key, value) => {
			metadata[key] = value;
		},
	};
}

function saveState(context: IExecuteFunctions, state: ResumeState): boolean {
	const text = JSON.stringify(state);
	const chunks: string[] = [];
	for (let offset = 0; offset < text.length; offset += STATE_CHUNK) chunks.push(text.slice(offset, offset + STATE_CHUNK));
	if (chunks.length > STATE_MAX_KEYS) return false;
	const customData = executionCustomData(context);
	if (!customData) return false;
	try {
		customData.set(STATE_KEY_PREFIX, String(chunks.length));
		chunks.forEach((chunk, index) => customData.set(`${STATE_KEY_PREFIX}${index}`, chunk));
	} catch {
		return false;
	}
	// n8n silently drops keys past its limit of 10 per execution, so read everything back.
	return readState(context)?.t.length === state.t.length;
}

function readState(context: IExecuteFunctions | IWebhookFunctions): ResumeState | undefined {
	const customData = executionCustomData(context);
	if (!customData) return undefined;
	try {
		const count = Number(customData.get(STATE_KEY_PREFIX));
		if (!Number.isInteger(count) || count < 1 || count > STATE_MAX_KEYS) return undefined;
		let text = '';
		for (let index = 0; index < count; index++) {
			const chunk = customData.get(`${STATE_KEY_PREFIX}${index}`);
			if (typeof chunk !== 'string') return undefined;
			text += chunk;
		}
		const state = JSON.parse(text) as ResumeState;
		return Array.isArray(state.t) && Array.isArray(state.f) ? state : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Finished tasks never change, so their results are remembered for an hour in this process:
 * a cache only (another n8n process simply reads record-info), bounded in size.
 */
class FinishedTasks {
	private readonly results = new Map<string, { result: TaskResult; at: number }>();

	private readonly reading = new Map<string, Promise<TaskResult | undefined>>();

	constructor(
		private readonly maxEntries = 1000,
		private readonly ttlMs = 60 * 60_000,
	) {}

	remember(taskId: string, result: TaskResult): void {
		this.results.delete(taskId);
		this.results.set(taskId, { result, at: transportClock.now() });
		while (this.results.size > this.maxEntries) this.results.delete(this.results.keys().next().value as string);
	}

	async read(context: IWebhookFunctions, taskId: string, itemIndex: number): Promise<TaskResult | undefined> {
		const known = this.results.get(taskId);
		if (known && transportClock.now() - known.at < this.ttlMs) return known.result;
		const pending = this.reading.get(taskId);
		if (pending) return await pending;
		const read = (async () => {
			try {
				const { result } = await readTask(context, taskId, itemIndex, WEBHOOK_READ_ATTEMPTS);
				if (result) this.remember(taskId, result);
				return result;
			} catch {
				// Unreadable now: keep waiting; a later callback or the timeout settles it.
				return undefined;
			} finally {
				this.reading.delete(taskId);
			}
		})();
		this.reading.set(taskId, read);
		return await read;
	}

	clear(): void {
		this.results.clear();
		this.reading.clear();
	}
}

const WEBHOOK_READ_ATTEMPTS = 2;

export const finishedTasks = new FinishedTasks();

export async function waitForCallbacks(
	context: IExecuteFunctions,
	outcomes: ItemOutcome[],
	settings: WaitSettings,
): Promise<INodeExecutionData[][]> {
	const deadline = transportClock.now() + settings.timeoutMs;
	const state: ResumeState = { n: outcomes.length, t: [], f: [], d: deadline };
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.type === 'created') state.t.push([itemIndex, outcome.task.taskId]);
		else state.f.push([itemIndex, String(errorItem(outcome, itemIndex).json.msg).slice(0, 200)]);
	});
	if (state.t.length === 0 || !saveState(context, state)) {
		// Nothing to wait for, or the execution cannot hold the state: never lose created tasks.
		if (state.t.length > 0) {
			context.logger.warn('Kie Suno: the execution could not store its task list, so it polls instead of pausing', {
				tasks: state.t.length,
			});
		}
		const results = await pollTasks(context, outcomes, settings);
		return [await resultsToItems(context, outcomes, results, settings, 'items')];
	}

	// What n8n passes on if the wait times out (see the file comment).
	const input = context.getInputData();
	const timeoutItems = outcomes.map((outcome, itemIndex): INodeExecutionData => {
		if (outcome.type !== 'created') return errorItem(outcome, itemIndex);
		const message = timeoutMessage(outcome.task.taskId, null, settings.timeoutMs).replace(
			'did not finish',
			'sent no final callback',
		);
		return {
			json: { taskId: outcome.task.taskId, stage: 'error', status: null, code: null, msg: message, error: message, timedOut: true },
			pairedItem: { item: itemIndex },
		};
	});
	input.splice(0, input.length, ...timeoutItems);

	await context.putExecutionToWait(new Date(deadline));
	return [input];
}

/** The action node's `webhook()`: Kie's callbacks for a waiting `resume` execution. */
export async function handleResumeCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const parsed = readKieCallback(context);
	if (!parsed.ok) return rejectRequest(context, 400, `Not a Kie callback: ${parsed.reason}`);
	const callback = parsed.callback;

	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const hmacKey = typeof credentials.webhookHmacKey === 'string' ? credentials.webhookHmacKey : '';
	const check = checkCallbackSignature(context, callback.taskId, hmacKey);
	if (!check.valid) return rejectRequest(context, 401, `Signature check failed: ${check.reason}`);

	const state = readState(context);
	if (!state) return rejectRequest(context, 409, 'This execution has no Kie tasks to wait for');
	if (!state.t.some(([, taskId]) => taskId === callback.taskId)) {
		return { webhookResponse: { received: true, ignored: 'unknown task' } };
	}
	if (callback.stage !== 'complete' && callback.stage !== 'error') {
		return { webhookResponse: { received: true, stage: callback.stage } };
	}

	const results = new Map<string, TaskResult>();
	const own: TaskResult = { type: 'done', failed: callback.stage === 'error', items: callback.items };
	finishedTasks.remember(callback.taskId, own);
	results.set(callback.taskId, own);
	// Tasks of one execution tend to finish together: read the others in order, stop at the first
	// unfinished one, and share reads between simultaneous callbacks, so a burst stays within Kie's
	// 3 reads/s per task and every callback is answered well inside Kie's 15 s.
	for (const [itemIndex, taskId] of state.t) {
		if (results.has(taskId)) continue;
		const result = await finishedTasks.read(context, taskId, itemIndex);
		if (!result) return { webhookResponse: { received: true, waitingFor: taskId } };
		results.set(taskId, result);
	}

	// Answer Kie before downloading anything: it gives up after 15 s.
	context.getResponseObject().status(200).json({ received: true, resumed: true }).end();

	const outcomes: ItemOutcome[] = Array.from({ length: state.n }, () => ({ type: 'skipped' }) as ItemOutcome);
	for (const [itemIndex, taskId] of state.t) outcomes[itemIndex] = { type: 'created', task: { itemIndex, taskId, body: {} } };
	for (const [itemIndex, message] of state.f) {
		outcomes[itemIndex] = { type: 'failed', error: new Error(message) };
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const settings: WaitSettings = {
		pollIntervalMs: 0,
		timeoutMs: 0,
		download: { audio: options.downloadAudio === true, cover: options.downloadCover === true },
		maxCreatesPerWindow: 0,
		rateWindowMs: 0,
	};
	const items = await resultsToItems(context, outcomes, results, settings, 'items');
	return { workflowData: [items], noWebhookResponse: true };
}
