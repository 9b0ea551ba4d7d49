import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

import { isTaskType } from '../../../../shared/kie';
import type { TaskType } from '../../../../shared/kie/types';
import type { CreatedTask } from './results';

/**
 * Where a paused execution keeps its task list: the execution's custom data, which n8n saves
 * with the waiting execution and hands to the resume webhook in whichever process gets the
 * callback (n8n allows 10 keys of at most 512 characters, so the state is chunked).
 */

const STATE_KEY_PREFIX = 'kieSunoResume';
const STATE_CHUNK = 500;
const STATE_MAX_KEYS = 9;

export interface ResumeState {
	/** number of input items */
	n: number;
	/** the task type of every task (one operation per node) */
	y: TaskType;
	/** created tasks: [itemIndex, taskId] on the per-operation route, [itemIndex, taskId, 1] on the jobs route */
	t: Array<[number, string] | [number, string, 1]>;
	/** items without a task: [itemIndex, message] */
	f: Array<[number, string]>;
	/** deadline, epoch ms */
	d: number;
}

export function tasksOf(state: ResumeState): CreatedTask[] {
	return state.t.map(([itemIndex, taskId, jobs]) => ({ itemIndex, taskId, taskType: state.y, apiRoute: jobs === 1 ? 'jobs' : 'perOperation' }));
}

export function stateEntry(task: CreatedTask): [number, string] | [number, string, 1] {
	return task.apiRoute === 'jobs' ? [task.itemIndex, task.taskId, 1] : [task.itemIndex, task.taskId];
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

export function saveState(context: IExecuteFunctions, state: ResumeState): boolean {
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

export function readState(context: IExecuteFunctions | IWebhookFunctions): ResumeState | undefined {
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
		if (!Array.isArray(state.t) || !Array.isArray(state.f)) return undefined;
		return isTaskType(state.y) ? state : { ...state, y: 'music' };
	} catch {
		return undefined;
	}
}
