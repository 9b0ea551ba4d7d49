import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../../shared/concurrency';
import type { RecordInfo } from '../../../../shared/tracks';
import { isTerminalStatus, normalizeRecordInfo } from '../../../../shared/tracks';
import { KIE_PATHS, kieApiRequest, transportClock } from '../../../transport';
import type { ItemOutcome, TaskResult, WaitSettings } from './results';

/**
 * `completion: poll`: asks record-info for every unfinished task each round, then sleeps the
 * interval. One request per task per round stays far below Kie's 3 requests/s per task.
 */

const POLL_CONCURRENCY = 5;

/** Reads one task's record-info and says whether it is finished. */
export async function readTask(
	context: IExecuteFunctions | IWebhookFunctions,
	taskId: string,
	itemIndex?: number,
	maxAttempts?: number,
): Promise<{ status: string | null; result?: TaskResult }> {
	const envelope = await kieApiRequest.call(context, {
		method: 'GET',
		path: KIE_PATHS.recordInfo,
		qs: { taskId },
		kind: 'read',
		itemIndex,
		maxAttempts,
		action: `reading the status of task ${taskId}`,
	});
	const data = envelope.data as RecordInfo | null;
	// Kie may not know a brand-new task yet; that is "pending", not an error.
	if (data === null || typeof data !== 'object') return { status: null };
	const status = typeof data.status === 'string' ? data.status : null;
	if (!isTerminalStatus(status)) return { status };
	const items = normalizeRecordInfo(taskId, data);
	return { status, result: { type: 'done', failed: status !== 'SUCCESS', items } };
}

function isCancelled(context: IExecuteFunctions): boolean {
	return context.getExecutionCancelSignal?.()?.aborted === true;
}

export async function pollTasks(
	context: IExecuteFunctions,
	outcomes: ItemOutcome[],
	settings: WaitSettings,
): Promise<Map<string, TaskResult>> {
	const results = new Map<string, TaskResult>();
	const lastStatus = new Map<string, string | null>();
	let pending = outcomes.flatMap((outcome) => (outcome?.type === 'created' ? [outcome.task] : []));
	const deadline = transportClock.now() + settings.timeoutMs;

	while (pending.length > 0) {
		await mapWithConcurrency(pending, POLL_CONCURRENCY, async (task) => {
			try {
				const read = await readTask(context, task.taskId, task.itemIndex);
				lastStatus.set(task.taskId, read.status);
				if (read.result) results.set(task.taskId, read.result);
			} catch (error) {
				// The transport already retried; what is left (bad key, no credits) will not heal by waiting.
				const message = `Could not read task ${task.taskId}: ${(error as Error).message}`;
				results.set(task.taskId, {
					type: 'done',
					failed: true,
					items: [{ taskId: task.taskId, stage: 'error', status: lastStatus.get(task.taskId) ?? null, code: null, msg: message, error: message }],
				});
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
		await transportClock.sleep(Math.min(settings.pollIntervalMs, remaining));
	}
	for (const task of pending) {
		results.set(task.taskId, { type: 'timeout', status: lastStatus.get(task.taskId) ?? null });
	}
	return results;
}
