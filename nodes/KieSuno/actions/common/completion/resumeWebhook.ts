import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { descriptorFor } from '../../../../shared/kie';
import type { Stage } from '../../../../shared/kie/types';
import { checkCallbackSignature, readDoorbell, rejectRequest } from '../../../../shared/request';
import { fileChoice, filePolicy } from '../../../../shared/tasks/attach';
import { readTask } from '../../../../shared/tasks/read';
import { CREDENTIAL_TYPE, isTransientKieError, transportClock } from '../../../../shared/transport';
import type { CreatedTask, ItemOutcome, TaskResult, WaitSettings } from './results';
import { resultsToItems } from './results';
import { readState, tasksOf } from './resumeState';

/**
 * The action node's `webhook()`: Kie's callbacks for a waiting `resume` execution. A callback is
 * a doorbell for one of the execution's tasks. Kie gets its 200 at once (it waits 15 s at most);
 * then the node reads the calling task from Kie (patiently, through Kie's outages), then the
 * others in order, stopping at the first unfinished one. Once every task has finished, the
 * execution resumes with what Kie answered, never with the callback's body.
 */

/** How long a callback keeps asking Kie while Kie fails or lags, within the execution's deadline. */
export const PATIENCE = { outageMs: 10 * 60_000, lagMs: 30_000, firstDelayMs: 1000, maxDelayMs: 30_000 };

const READ_ATTEMPTS = 2;
const RATE_LIMIT_CODES = new Set(['429', '430']);

/**
 * Finished tasks never change, so their results are remembered for an hour in this process and
 * reads are shared between simultaneous callbacks: a cache only (another n8n process reads Kie).
 */
class FinishedTasks {
	private readonly results = new Map<string, { result: TaskResult; at: number }>();

	private readonly reading = new Map<string, Promise<TaskResult | undefined>>();

	constructor(
		private readonly maxEntries = 1000,
		private readonly ttlMs = 60 * 60_000,
	) {}

	private remember(taskId: string, result: TaskResult): void {
		this.results.delete(taskId);
		this.results.set(taskId, { result, at: transportClock.now() });
		while (this.results.size > this.maxEntries) this.results.delete(this.results.keys().next().value as string);
	}

	/** The task's result once finished; undefined while unfinished or unreadable now. */
	async read(context: IWebhookFunctions, task: CreatedTask): Promise<TaskResult | undefined> {
		const known = this.results.get(task.taskId);
		if (known && transportClock.now() - known.at < this.ttlMs) return known.result;
		const pending = this.reading.get(task.taskId);
		if (pending) return await pending;
		const read = (async () => {
			try {
				const state = await readTask(context, task, { itemIndex: task.itemIndex, maxAttempts: READ_ATTEMPTS });
				if (!state.finished) return undefined;
				const result: TaskResult = { type: 'done', state };
				this.remember(task.taskId, result);
				return result;
			} finally {
				this.reading.delete(task.taskId);
			}
		})();
		this.reading.set(task.taskId, read);
		return await read;
	}

	clear(): void {
		this.results.clear();
		this.reading.clear();
	}
}

export const finishedTasks = new FinishedTasks();

/**
 * Reads the calling task until it is finished, Kie's outage ends, or patience runs out: a task
 * whose last callback arrived while Kie's reads failed would otherwise wait until its timeout.
 */
async function readPatiently(context: IWebhookFunctions, task: CreatedTask, claimed: Stage, deadline: number): Promise<TaskResult | undefined> {
	const started = transportClock.now();
	const terminalClaim = claimed === 'complete' || claimed === 'error';
	let delay = PATIENCE.firstDelayMs;
	for (;;) {
		let outage = false;
		try {
			const result = await finishedTasks.read(context, task);
			if (result) return result;
		} catch (error) {
			if (!isTransientKieError(error)) return undefined;
			// Kie being down earns patience; Kie asking us to slow down does not earn more reads.
			outage = !RATE_LIMIT_CODES.has(String((error as { httpCode?: unknown }).httpCode));
		}
		const elapsed = transportClock.now() - started;
		const patience = outage ? PATIENCE.outageMs : terminalClaim ? PATIENCE.lagMs : 0;
		if (elapsed + delay > patience || transportClock.now() + delay > deadline) return undefined;
		await transportClock.sleep(delay);
		delay = Math.min(delay * 2, PATIENCE.maxDelayMs);
	}
}

async function otherResult(context: IWebhookFunctions, task: CreatedTask): Promise<TaskResult | undefined> {
	try {
		return await finishedTasks.read(context, task);
	} catch {
		// Unreadable now: its own callback (or the timeout) settles it.
		return undefined;
	}
}

export async function handleResumeCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const parsed = readDoorbell(context);
	if (!parsed.ok) return rejectRequest(context, 400, `Not a Kie callback: ${parsed.reason}`);
	const doorbell = parsed.doorbell;

	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const hmacKey = typeof credentials.webhookHmacKey === 'string' ? credentials.webhookHmacKey : '';
	const check = checkCallbackSignature(context, doorbell.taskId, hmacKey);
	if (!check.valid) return rejectRequest(context, 401, `Signature check failed: ${check.reason}`);

	const state = readState(context);
	if (!state) return rejectRequest(context, 409, 'This execution has no Kie tasks to wait for');
	const tasks = tasksOf(state);
	const caller = tasks.find((task) => task.taskId === doorbell.taskId);
	if (!caller) return { webhookResponse: { received: true, ignored: 'unknown task' } };

	// Answer Kie before asking Kie anything: it gives up after 15 s.
	context.getResponseObject().status(200).json({ received: true }).end();

	const claimed = descriptorFor(caller.taskType).callback.claimedStage(doorbell.body);
	const results = new Map<string, TaskResult>();
	const own = await readPatiently(context, caller, claimed, state.d);
	if (!own) return { noWebhookResponse: true };
	results.set(caller.taskId, own);
	// Tasks of one execution tend to finish together: stop at the first unfinished one.
	for (const task of tasks) {
		if (results.has(task.taskId)) continue;
		const result = await otherResult(context, task);
		if (!result) return { noWebhookResponse: true };
		results.set(task.taskId, result);
	}

	const outcomes: ItemOutcome[] = Array.from({ length: state.n }, () => ({ type: 'skipped' }) as ItemOutcome);
	for (const task of tasks) outcomes[task.itemIndex] = { type: 'created', task };
	for (const [itemIndex, message] of state.f) outcomes[itemIndex] = { type: 'failed', error: new Error(message) };
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const settings: WaitSettings = {
		pollIntervalMs: 0,
		timeoutMs: 0,
		files: fileChoice(options),
		maxFileSizeMb: 0,
		maxCreatesPerWindow: 0,
		rateWindowMs: 0,
	};
	const items = await resultsToItems(context, outcomes, results, settings, 'items', await filePolicy(context, options));
	return { workflowData: [items], noWebhookResponse: true };
}
