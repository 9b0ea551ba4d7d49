/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Shared by the descriptor tests of the non-music families (lyrics, wav, stems, midi, video): the
 * common fields every item starts with, and the three ways an answer becomes items
 * (tasks/interpret.ts), each called exactly as poll/resume, the jobs route and the trigger call them.
 */
import type { IDataObject } from 'n8n-workflow';

import { callbackTaskId, descriptorFor, detectTaskType } from '../../../../nodes/shared/kie';
import type { ApiRoute, Stage, TaskType } from '../../../../nodes/shared/kie/types';
import type { TaskRef, TaskState } from '../../../../nodes/shared/tasks/interpret';
import { interpretCallback, interpretDetails, interpretJobs } from '../../../../nodes/shared/tasks/interpret';

export function refOf(taskType: TaskType, taskId: string, apiRoute: ApiRoute = 'perOperation'): TaskRef {
	return { taskId, taskType, apiRoute };
}

/** The first fields of every item, in interface order. */
export function common(ref: TaskRef, stage: Stage, status: string | null, code: number | null, msg: string | null): IDataObject {
	return { taskId: ref.taskId, taskType: ref.taskType, apiRoute: ref.apiRoute, stage, status, code, msg };
}

export function errorOf(ref: TaskRef, status: string | null, code: number | null, msg: string): IDataObject {
	return { ...common(ref, 'error', status, code, msg), error: msg };
}

export function details(ref: TaskRef, data: unknown): TaskState {
	return interpretDetails(descriptorFor(ref.taskType), ref, data);
}

export function jobs(ref: TaskRef, data: unknown): TaskState {
	return interpretJobs(descriptorFor(ref.taskType), ref, data);
}

/** A callback body as the trigger reads it without a credential: family, task id and stage from the body. */
export function callback(ref: TaskRef, body: IDataObject): TaskState & { detected: TaskType; taskIdFound: string | undefined } {
	const descriptor = descriptorFor(ref.taskType);
	const state = interpretCallback(descriptor, ref, body, descriptor.callback.claimedStage(body));
	return { ...state, detected: detectTaskType(body).taskType, taskIdFound: callbackTaskId(body) };
}

/** A jobs recordInfo `data` (BASE §10): resultJson is a JSON string. */
export function jobsData(state: string, result?: unknown, fail: { failCode?: string; failMsg?: string } = {}): IDataObject {
	return {
		taskId: 'jobs-task',
		model: 'ai-music-api/x',
		state,
		param: '{}',
		resultJson: result === undefined ? '' : JSON.stringify(result),
		failCode: fail.failCode ?? '',
		failMsg: fail.failMsg ?? '',
		creditsConsumed: null,
		costTime: null,
		createTime: 1760335251000,
	};
}

/** Values a hostile or broken answer may hold where an object is expected. */
export const NOT_OBJECTS: unknown[] = [null, undefined, 'SUCCESS', 42, true, [], [{ successFlag: 'SUCCESS' }]];

export const CASINGS = (word: string): string[] => [word, word.toLowerCase(), word.charAt(0) + word.slice(1).toLowerCase(), ` ${word} `];
