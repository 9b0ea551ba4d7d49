import { descriptorFor } from '../kie';
import { JOBS_DETAILS_PATH, JOBS_UNKNOWN_TASK } from '../kie/jobs';
import type { ApiRoute, TaskType } from '../kie/types';
import type { KieContext } from '../transport';
import { kieApiRequest } from '../transport';
import type { TaskRef, TaskState } from './interpret';
import { interpretDetails, interpretJobs } from './interpret';

/** Reads one task where it was created: the family's details endpoint, or jobs recordInfo. */

export interface ReadOptions {
	itemIndex?: number;
	/** Transport attempts for this read (default: the transport's). */
	maxAttempts?: number;
}

export async function readTask(context: KieContext, ref: TaskRef, options: ReadOptions = {}): Promise<TaskState> {
	const descriptor = descriptorFor(ref.taskType);
	const jobs = ref.apiRoute === 'jobs';
	const envelope = await kieApiRequest.call(context, {
		method: 'GET',
		path: jobs ? JOBS_DETAILS_PATH : descriptor.detailsPath,
		qs: { taskId: ref.taskId },
		kind: 'read',
		itemIndex: options.itemIndex,
		maxAttempts: options.maxAttempts,
		action: `reading task ${ref.taskId}`,
		// The jobs route answers an unknown task with code 422 "recordInfo is null", not an error.
		tolerate: jobs ? (answer) => answer.code === 422 && JOBS_UNKNOWN_TASK.test(answer.msg) : undefined,
	});
	const data = envelope.code === 200 ? envelope.data : null;
	return jobs ? interpretJobs(descriptor, ref, data) : interpretDetails(descriptor, ref, data);
}

export type RouteChoice = 'auto' | ApiRoute;

/**
 * Finds a task whose route is not known (Get Task Details with `auto`, the trigger): asks the
 * per-operation route, then the jobs route, and returns the first that knows it.
 */
export async function findTask(
	context: KieContext,
	taskId: string,
	taskType: TaskType,
	route: RouteChoice,
	options: ReadOptions = {},
): Promise<TaskState & { apiRoute: ApiRoute }> {
	const routes: ApiRoute[] = route === 'auto' ? ['perOperation', 'jobs'] : [route];
	let last: (TaskState & { apiRoute: ApiRoute }) | undefined;
	for (const apiRoute of routes) {
		const state = await readTask(context, { taskId, taskType, apiRoute }, options);
		last = { ...state, apiRoute };
		if (state.known) return last;
	}
	return last as TaskState & { apiRoute: ApiRoute };
}
