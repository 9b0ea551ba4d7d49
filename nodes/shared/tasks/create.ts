import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jobsRequest, JOBS_CREATE_PATH } from '../kie/jobs';
import { isV6Family } from '../kie/models';
import type { ApiRoute, CreateOperation } from '../kie/types';
import type { KieContext } from '../transport';
import { kieApiRequest } from '../transport';
import type { RouteChoice } from './read';

/**
 * Route choice and the create request (interface "Models and Kie's two routes"): `auto` sends a
 * V6-family model through the jobs route where Kie's jobs endpoint is verified for the operation,
 * and everything else through the per-operation route; `perOperation` and `jobs` force one.
 */

export function chooseRoute(operation: CreateOperation, model: unknown, requested: RouteChoice): ApiRoute {
	if (requested === 'perOperation' || requested === 'jobs') return requested;
	return operation.jobsModel !== undefined && operation.jobsVerified && isV6Family(model) ? 'jobs' : 'perOperation';
}

/** Why a forced route cannot carry this operation, or undefined when it can. */
export function routeProblem(operation: CreateOperation, route: ApiRoute): string | undefined {
	if (route === 'jobs' && operation.jobsModel === undefined) {
		return 'Kie documents no jobs-route model for this operation; use "API Route" Auto or Per-Operation';
	}
	return undefined;
}

/** Path and body for a camelCase per-operation body on the chosen route. */
export function createRequest(operation: CreateOperation, route: ApiRoute, body: IDataObject): { path: string; body: IDataObject } {
	if (route === 'jobs') return { path: JOBS_CREATE_PATH, body: jobsRequest(operation, body) };
	return { path: operation.perOperationPath, body };
}

/** The task id Kie names in `data` (an object with `taskId`, or the id itself). */
function taskIdIn(data: unknown): string | undefined {
	const value = typeof data === 'string' ? data : (data as { taskId?: unknown } | null)?.taskId;
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Sends one create and returns Kie's task id (or the id of the task Kie says already exists). */
export async function createTask(
	context: KieContext,
	operation: CreateOperation,
	route: ApiRoute,
	body: IDataObject,
	itemIndex: number,
): Promise<string> {
	const request = createRequest(operation, route, body);
	const envelope = await kieApiRequest.call(context, {
		method: 'POST',
		path: request.path,
		body: request.body,
		kind: 'create',
		itemIndex,
		action: 'creating the task',
		tolerate: (answer) => (operation.existingTaskCodes ?? []).includes(answer.code) && taskIdIn(answer.data) !== undefined,
	});
	const taskId = taskIdIn(envelope.data);
	if (taskId === undefined) {
		throw new NodeOperationError(context.getNode(), `Kie answered success but sent no task ID [item ${itemIndex}]`, { itemIndex });
	}
	return taskId;
}
