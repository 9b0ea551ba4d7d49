import type { IWebhookFunctions } from 'n8n-workflow';

import type { Doorbell } from '../shared/callback';
import type { ApiRoute, Stage, TaskType } from '../shared/kie/types';
import { STAGE_ORDER, TASK_TYPES } from '../shared/kie/types';
import type { TaskState } from '../shared/tasks/interpret';
import { readTask } from '../shared/tasks/read';
import { isTransientKieError, transportClock } from '../shared/transport';

/**
 * Confirms a doorbell with Kie: reads the task where it can live (the family the URL tag or the
 * body names, else every family; the route the tag names, else both) and returns what Kie says.
 * Kie's answer, not the body, decides the stage and the items. A doorbell whose task Kie does not
 * know, or whose claimed stage Kie has not reached, confirms nothing.
 */

export interface Verified {
	taskType: TaskType;
	apiRoute: ApiRoute;
	state: TaskState;
}

/** Waits between reads while Kie lags behind its own callback or fails for a moment. */
export const VERIFY_RETRY = { delaysMs: [1000, 2000, 4000, 8000, 15_000] };

const READ_ATTEMPTS = 2;

function candidates(doorbell: Doorbell): Array<{ taskType: TaskType; apiRoute: ApiRoute }> {
	const types: readonly TaskType[] = doorbell.typeCertain
		? [doorbell.taskType]
		: [doorbell.taskType, ...TASK_TYPES.filter((type) => type !== doorbell.taskType)];
	const routes: ApiRoute[] = doorbell.routeHint ? [doorbell.routeHint] : ['perOperation', 'jobs'];
	return types.flatMap((taskType) => routes.map((apiRoute) => ({ taskType, apiRoute })));
}

/** Whether Kie's state has reached what the doorbell claims (a finished task has reached everything). */
export function reached(state: TaskState, claimed: Stage): boolean {
	if (state.finished) return true;
	if (claimed === 'error') return false;
	return STAGE_ORDER.indexOf(state.stage) >= STAGE_ORDER.indexOf(claimed);
}

type Attempt = { type: 'found'; verified: Verified } | { type: 'unknown' } | { type: 'failed' };

async function readCandidates(context: IWebhookFunctions, doorbell: Doorbell, known?: Verified): Promise<Attempt> {
	const where = known ? [{ taskType: known.taskType, apiRoute: known.apiRoute }] : candidates(doorbell);
	let failed = false;
	for (const { taskType, apiRoute } of where) {
		try {
			const state = await readTask(context, { taskId: doorbell.taskId, taskType, apiRoute }, { maxAttempts: READ_ATTEMPTS });
			if (state.known) return { type: 'found', verified: { taskType, apiRoute, state } };
		} catch (error) {
			// 401/402 cannot heal: stop. Outages may: try again after a pause.
			if (!isTransientKieError(error)) return { type: 'unknown' };
			failed = true;
		}
	}
	return failed ? { type: 'failed' } : { type: 'unknown' };
}

/**
 * Kie's confirmed view of the doorbell's task, or undefined when Kie does not confirm it.
 * `beforePause` runs before the first wait between reads (the caller answers Kie then).
 */
export async function verifyDoorbell(context: IWebhookFunctions, doorbell: Doorbell, beforePause?: () => void): Promise<Verified | undefined> {
	let known: Verified | undefined;
	for (let attempt = 0; ; attempt++) {
		const read = await readCandidates(context, doorbell, known);
		if (read.type === 'found') {
			known = read.verified;
			if (reached(known.state, doorbell.claimedStage)) return known;
		} else if (read.type === 'unknown' && known === undefined) {
			// Kie answered and knows no such task: a forged or mistaken doorbell.
			return undefined;
		}
		const delay = VERIFY_RETRY.delaysMs[attempt];
		if (delay === undefined) return undefined;
		beforePause?.();
		await transportClock.sleep(delay);
	}
}
