import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DownloadChoice } from '../../../../shared/files';
import { attachFiles } from '../../../../shared/files';
import { mapWithConcurrency } from '../../../../shared/concurrency';

/** What the create step produced for each input item, and what waiting produced for each task. */

export interface WaitSettings {
	pollIntervalMs: number;
	timeoutMs: number;
	download: DownloadChoice;
	maxCreatesPerWindow: number;
	rateWindowMs: number;
}

export interface CreatedTask {
	itemIndex: number;
	taskId: string;
	body: IDataObject;
}

export type ItemOutcome =
	| { type: 'created'; task: CreatedTask }
	| { type: 'failed'; error: Error & { description?: string | null; httpCode?: string | null } }
	| { type: 'skipped' };

export type TaskResult =
	| { type: 'done'; failed: boolean; items: IDataObject[] }
	| { type: 'timeout'; status: string | null };

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

export function timeoutMessage(taskId: string, status: string | null, timeoutMs: number): string {
	const minutes = Math.round((timeoutMs / 60_000) * 100) / 100;
	return `Task ${taskId} did not finish within ${minutes} minute(s) (last status: ${status ?? 'unknown'}). It may still finish on Kie: read it later with Get Task Details.`;
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
): Promise<INodeExecutionData[]> {
	const perItem: INodeExecutionData[][] = [];
	const failedTasks: string[] = [];
	let firstFailed = -1;
	const finishedTasks: string[] = [];
	const downloads: Array<{ itemIndex: number; position: number; json: IDataObject }> = [];

	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.type !== 'created') {
			perItem[itemIndex] = [errorItem(outcome, itemIndex)];
			return;
		}
		const { taskId } = outcome.task;
		const result = results.get(taskId) ?? { type: 'timeout', status: null };
		if (result.type === 'timeout') {
			const message = timeoutMessage(taskId, result.status, settings.timeoutMs);
			failedTasks.push(`item ${itemIndex}: ${taskId} (timed out, status ${result.status ?? 'unknown'})`);
			if (firstFailed === -1) firstFailed = itemIndex;
			perItem[itemIndex] = [
				{
					json: { taskId, stage: 'error', status: result.status, code: null, msg: message, error: message },
					pairedItem: { item: itemIndex },
				},
			];
			return;
		}
		if (result.failed) {
			const first = result.items[0] ?? {};
			failedTasks.push(`item ${itemIndex}: ${taskId} (${String(first.status ?? first.code ?? 'failed')}: ${String(first.msg ?? '')})`);
			if (firstFailed === -1) firstFailed = itemIndex;
		} else {
			finishedTasks.push(`item ${itemIndex}: ${taskId}`);
		}
		perItem[itemIndex] = result.items.map((json, position) => {
			if (!result.failed && (settings.download.audio || settings.download.cover)) {
				downloads.push({ itemIndex, position, json });
			}
			return { json, pairedItem: { item: itemIndex } };
		});
	});

	if (failures === 'throw' && failedTasks.length > 0) {
		const firstItem = perItem[firstFailed][0].json;
		throw new NodeOperationError(context.getNode(), `${String(firstItem.msg)} [item ${firstFailed}]`, {
			itemIndex: firstFailed,
			description: [
				`Failed or unfinished tasks: ${failedTasks.join(', ')}.`,
				finishedTasks.length > 0 ? `Finished tasks (their tracks are on Kie for 14 days): ${finishedTasks.join(', ')}.` : '',
				'Turn on "Continue On Fail" to get an item per task instead.',
			]
				.filter(Boolean)
				.join(' '),
		});
	}

	await mapWithConcurrency(downloads, DOWNLOAD_CONCURRENCY, async ({ itemIndex, position, json }) => {
		const attached = await attachFiles(context, json, settings.download);
		perItem[itemIndex][position] = { ...attached, pairedItem: { item: itemIndex } };
	});
	return perItem.flat();
}
