import type { IDataObject } from 'n8n-workflow';

import { callbackRouteHint, callbackTaskId, descriptorFor, detectTaskType, isTaskType } from './kie';
import type { ApiRoute, Stage, TaskType } from './kie/types';
import { API_ROUTES } from './kie/types';
import { isPlainObject } from './kie/values';

/**
 * A callback is a doorbell: it says "task X may have changed", nothing more. Kie signs only the
 * task id and a timestamp, never the body, so what the nodes output is read from Kie itself
 * (see tasks/read.ts). This parser therefore needs only what rings the bell: a task id, the family
 * and the stage the body claims. It is lenient about everything else, because a 400 makes Kie give
 * up on a genuine result after three tries: numbers as strings, unknown fields, `null` entries and
 * case drift are all accepted.
 */

const MAX_TASK_ID_LENGTH = 200;
const TASK_ID_PATTERN = /^[\w.-]+$/;

/** Query parameters the action node adds to the callback URLs it sends, so the trigger knows what to ask. */
export const TASK_TYPE_TAG = 'kieTaskType';
export const API_ROUTE_TAG = 'kieApiRoute';

export interface Doorbell {
	taskId: string;
	taskType: TaskType;
	/** False when nothing in the URL or the body tells the family (e.g. a bare failure body). */
	typeCertain: boolean;
	claimedStage: Stage;
	routeHint?: ApiRoute;
	body: IDataObject;
}

export type DoorbellRead = { ok: true; doorbell: Doorbell } | { ok: false; reason: string };

function tag(query: IDataObject, name: string): string | undefined {
	const value = query[name];
	return typeof value === 'string' ? value : undefined;
}

export function parseDoorbell(body: unknown, query: IDataObject = {}): DoorbellRead {
	if (!isPlainObject(body)) return { ok: false, reason: 'The body must be a JSON object' };
	const taskId = callbackTaskId(body);
	if (taskId === undefined) return { ok: false, reason: 'No task id ("data.task_id", "data.taskId" or "task_id")' };
	if (taskId.length > MAX_TASK_ID_LENGTH || !TASK_ID_PATTERN.test(taskId)) {
		return { ok: false, reason: 'The task id is not a Kie task id' };
	}
	const taggedType = tag(query, TASK_TYPE_TAG);
	const detected = detectTaskType(body);
	const taskType = isTaskType(taggedType) ? taggedType : detected.taskType;
	const taggedRoute = tag(query, API_ROUTE_TAG);
	const routeHint = (API_ROUTES as readonly string[]).includes(taggedRoute ?? '') ? (taggedRoute as ApiRoute) : callbackRouteHint(body);
	return {
		ok: true,
		doorbell: {
			taskId,
			taskType,
			typeCertain: isTaskType(taggedType) || detected.certain,
			claimedStage: descriptorFor(taskType).callback.claimedStage(body),
			routeHint,
			body,
		},
	};
}

/** Adds the family and route to a callback URL the user gave (the trigger reads them back). */
export function tagCallbackUrl(url: string, taskType: TaskType, route: ApiRoute): string {
	if (taskType === 'music' && route === 'perOperation') return url;
	const parsed = new URL(url);
	parsed.searchParams.set(TASK_TYPE_TAG, taskType);
	if (route === 'jobs') parsed.searchParams.set(API_ROUTE_TAG, route);
	return parsed.toString();
}
