import type { IDataObject } from 'n8n-workflow';

import { coverImage } from './coverImage';
import { lyrics } from './lyrics';
import { midi } from './midi';
import { music } from './music';
import { stems } from './stems';
import type { ApiRoute, TaskType, TaskTypeDescriptor } from './types';
import { TASK_TYPES } from './types';
import { dig, isPlainObject } from './values';
import { video } from './video';
import { wav } from './wav';

export * from './types';

export const DESCRIPTORS: Readonly<Record<TaskType, TaskTypeDescriptor>> = {
	music,
	lyrics,
	wav,
	stems,
	midi,
	video,
	coverImage,
};

export function descriptorFor(taskType: TaskType): TaskTypeDescriptor {
	return DESCRIPTORS[taskType];
}

export function isTaskType(value: unknown): value is TaskType {
	return typeof value === 'string' && (TASK_TYPES as readonly string[]).includes(value);
}

/**
 * Callback bodies carry no type field; the family is told by its keys, most specific first
 * (family §3.2). Anything with a task id but no recognisable keys is treated as music, the 0.1
 * behaviour (e.g. a failed lyrics callback looks exactly like a failed song).
 */
const DETECTION_ORDER: readonly TaskType[] = ['stems', 'wav', 'video', 'coverImage', 'midi', 'lyrics', 'music'];

export function detectTaskType(body: IDataObject): { taskType: TaskType; certain: boolean } {
	for (const taskType of DETECTION_ORDER) {
		if (DESCRIPTORS[taskType].callback.matches(body)) return { taskType, certain: true };
	}
	return { taskType: 'music', certain: false };
}

/** Where Kie puts a callback's task id, by family and route (family §3.2, §13 #14-16; BASE §10). */
const TASK_ID_PATHS: ReadonlyArray<readonly string[]> = [['data', 'task_id'], ['data', 'taskId'], ['task_id'], ['taskId']];

export function callbackTaskId(body: IDataObject): string | undefined {
	for (const path of TASK_ID_PATHS) {
		const value = dig(body, path);
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

/** The jobs route's callback has a top-level camelCase `taskId` (BASE §10, UNCERTAIN); per-operation ones never do. */
export function callbackRouteHint(body: IDataObject): ApiRoute | undefined {
	return typeof body.taskId === 'string' && isPlainObject(body.data) ? 'jobs' : undefined;
}
