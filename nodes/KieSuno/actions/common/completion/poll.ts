import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../../shared/concurrency';
import { errorItem } from '../../../../shared/tasks/interpret';
import { readTask } from '../../../../shared/tasks/read';
import { isTransientKieError, transportClock } from '../../../../shared/transport';
import type { CreatedTask, ItemOutcome, TaskResult, WaitSettings } from './results';

/**
 * `completion: poll`: reads every unfinished task each round where it was created, then sleeps
 * the interval (one read per task per round, far below Kie's 3 reads/s per task).
 *
 * Kie has bad days: a read that fails for a reason that can heal (network, HTTP 5xx, body 5xx,
 * 429/430/455) never fails a task Kie already billed. The task stays unfinished and the rounds back
 * off until Kie answers again or Timeout passes. Only answers that cannot improve end a task
 * early: a rejected key, no credits, or a task Kie still does not know after a grace period.
 */

const POLL_CONCURRENCY = 5;
/** Attempts per read inside one round; the rounds themselves are the longer retry. */
const READ_ATTEMPTS = 2;
/** Kie may not list a brand-new task yet; after this it never will. */
export const UNKNOWN_TASK_GRACE_MS = 120_000;
/** Longest pause between rounds while Kie fails. */
const MAX_BACKOFF_MS = 60_000;

function isCancelled(context: IExecuteFunctions): boolean {
	return context.getExecutionCancelSignal?.()?.aborted === true;
}

function failedRead(task: CreatedTask, message: string, status: string | null): TaskResult {
	const item = errorItem(task, { status, msg: message });
	return { type: 'done', state: { known: true, finished: true, stage: 'error', status, items: [item] } };
}

export async function pollTasks(
	context: IExecuteFunctions,
	outcomes: ItemOutcome[],
	settings: WaitSettings,
): Promise<Map<string, TaskResult>> {
	const results = new Map<string, TaskResult>();
	const lastStatus = new Map<string, string | null>();
	const lastError = new Map<string, string>();
	let pending = outcomes.flatMap((outcome) => (outcome?.type === 'created' ? [outcome.task] : []));
	const startedAt = transportClock.now();
	const deadline = startedAt + settings.timeoutMs;
	let backoff = settings.pollIntervalMs;

	while (pending.length > 0) {
		let transientFailures = 0;
		await mapWithConcurrency(pending, POLL_CONCURRENCY, async (task) => {
			try {
				const state = await readTask(context, task, { itemIndex: task.itemIndex, maxAttempts: READ_ATTEMPTS });
				lastError.delete(task.taskId);
				if (!state.known) {
					if (transportClock.now() - startedAt >= UNKNOWN_TASK_GRACE_MS) {
						results.set(task.taskId, failedRead(task, `Kie does not know task ${task.taskId} on the ${task.apiRoute} route`, null));
					}
					return;
				}
				lastStatus.set(task.taskId, state.status);
				if (state.finished) results.set(task.taskId, { type: 'done', state });
			} catch (error) {
				if (isTransientKieError(error)) {
					transientFailures++;
					lastError.set(task.taskId, (error as Error).message);
					return;
				}
				const message = `Could not read task ${task.taskId}: ${(error as Error).message}`;
				results.set(task.taskId, failedRead(task, message, lastStatus.get(task.taskId) ?? null));
			}
		});
		pending = pending.filter((task) => !results.has(task.taskId));
		if (pending.length === 0) break;
		if (isCancelled(context)) {
			throw new NodeOperationError(context.getNode(), 'The execution was cancelled while waiting for Kie', {
				description: `Unfinished tasks: ${pending.map((task) => task.taskId).join(', ')}`,
			});
		}
		const remaining = deadline - transportClock.now();
		if (remaining <= 0) break;
		backoff = transientFailures > 0 ? Math.min(backoff * 2, Math.max(MAX_BACKOFF_MS, settings.pollIntervalMs)) : settings.pollIntervalMs;
		await transportClock.sleep(Math.min(backoff, remaining));
	}
	for (const task of pending) {
		results.set(task.taskId, { type: 'timeout', status: lastStatus.get(task.taskId) ?? null, lastError: lastError.get(task.taskId) });
	}
	return results;
}
