import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../../shared/concurrency';
import type { DownloadPolicy } from '../../../../shared/files';
import type { FileChoice } from '../../../../shared/tasks/attach';
import { attachTaskFiles, wantsAnyFile } from '../../../../shared/tasks/attach';
import type { TaskRef, TaskState } from '../../../../shared/tasks/interpret';
import { errorItem as taskErrorItem } from '../../../../shared/tasks/interpret';

/** What the create step produced for each input item, and what waiting produced for each task. */

export interface WaitSettings {
	pollIntervalMs: number;
	timeoutMs: number;
	files: FileChoice;
	maxFileSizeMb: number;
	maxCreatesPerWindow: number;
	rateWindowMs: number;
}

export interface CreatedTask extends TaskRef {
	itemIndex: number;
}

export type ItemOutcome =
	| { type: 'created'; task: CreatedTask }
	| { type: 'failed'; error: Error & { description?: string | null; httpCode?: string | null } }
	| { type: 'skipped' };

/** A timeout keeps Kie's last status word, and why the last read failed when Kie was failing. */
export type TaskResult = { type: 'done'; state: TaskState } | { type: 'timeout'; status: string | null; lastError?: string };

const DOWNLOAD_CONCURRENCY = 3;

/** The output item for an input whose task was never created. */
export function errorItem(outcome: ItemOutcome, itemIndex: number): INodeExecutionData {
	if (outcome.type === 'failed') {
		const code = outcome.error.httpCode ? Number(outcome.error.httpCode) : null;
		return {
			json: {
				taskId: null,
				stage: 'error',
				code: Number.isFinite(code) ? code : null,
				msg: outcome.error.message,
				error: outcome.error.message,
				...(outcome.error.description ? { description: outcome.error.description } : {}),
			},
			pairedItem: { item: itemIndex },
		};
	}
	return {
		json: { taskId: null, stage: 'error', code: null, msg: 'Not sent', error: 'Not sent, because an earlier item failed' },
		pairedItem: { item: itemIndex },
	};
}

export function timeoutMessage(taskId: string, status: string | null, timeoutMs: number, lastError?: string): string {
	const minutes = Math.round((timeoutMs / 60_000) * 100) / 100;
	const failing = lastError ? `; Kie's last answer: ${lastError}` : '';
	return `Task ${taskId} did not finish within ${minutes} minute(s) (last status: ${status ?? 'unknown'}${failing}). It may still finish on Kie: read it later with Get Task Details.`;
}

function timeoutItem(task: CreatedTask, result: Extract<TaskResult, { type: 'timeout' }>, timeoutMs: number): IDataObject {
	const msg = timeoutMessage(task.taskId, result.status, timeoutMs, result.lastError);
	return { ...taskErrorItem(task, { status: result.status, msg }), timedOut: true };
}

/**
 * Turns task results into output items in input order, each paired to its input. Failed and
 * timed-out tasks become error items that name their task ID; with `failures: 'throw'` they
 * end the run instead, and the error lists every task so none is lost.
 */
export async function resultsToItems(
	context: IExecuteFunctions | IWebhookFunctions,
	outcomes: ItemOutcome[],
	results: Map<string, TaskResult>,
	settings: WaitSettings,
	failures: 'items' | 'throw',
	policy?: DownloadPolicy,
): Promise<INodeExecutionData[]> {
	const perItem: INodeExecutionData[][] = [];
	const failedTasks: string[] = [];
	const finishedTasks: string[] = [];
	let firstFailed = -1;

	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.type !== 'created') {
			perItem[itemIndex] = [errorItem(outcome, itemIndex)];
			return;
		}
		const { task } = outcome;
		const result = results.get(task.taskId) ?? { type: 'timeout', status: null };
		const items = result.type === 'timeout' ? [timeoutItem(task, result, settings.timeoutMs)] : result.state.items;
		if (result.type === 'timeout') {
			failedTasks.push(`item ${itemIndex}: ${task.taskId} (unfinished, last status ${result.status ?? 'unknown'})`);
			if (firstFailed === -1) firstFailed = itemIndex;
		} else if (result.state.stage === 'error') {
			const first = items[0];
			failedTasks.push(`item ${itemIndex}: ${task.taskId} (${String(first.status ?? first.code ?? 'failed')}: ${String(first.msg ?? '')})`);
			if (firstFailed === -1) firstFailed = itemIndex;
		} else {
			finishedTasks.push(`item ${itemIndex}: ${task.taskId}`);
		}
		perItem[itemIndex] = items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
	});

	if (failures === 'throw' && failedTasks.length > 0) {
		const firstItem = perItem[firstFailed][0].json;
		throw new NodeOperationError(context.getNode(), `${String(firstItem.msg)} [item ${firstFailed}]`, {
			itemIndex: firstFailed,
			description: [
				`Failed or unfinished tasks: ${failedTasks.join(', ')}.`,
				finishedTasks.length > 0 ? `Finished tasks (their results are on Kie for 14 days): ${finishedTasks.join(', ')}.` : '',
				'Turn on "Continue On Fail" to get an item per task instead.',
			]
				.filter(Boolean)
				.join(' '),
		});
	}

	if (policy && wantsAnyFile(settings.files)) {
		const downloads = perItem.flatMap((items, itemIndex) => items.map((item, position) => ({ item, itemIndex, position })));
		await mapWithConcurrency(downloads, DOWNLOAD_CONCURRENCY, async ({ item, itemIndex, position }) => {
			const attached = await attachTaskFiles(context, item.json, settings.files, policy);
			perItem[itemIndex][position] = { ...attached, pairedItem: { item: itemIndex } };
		});
	}
	return perItem.flat();
}
