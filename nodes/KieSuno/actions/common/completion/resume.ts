import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DownloadPolicy } from '../../../../shared/files';
import { errorItem as taskErrorItem } from '../../../../shared/tasks/interpret';
import { kieBaseUrl, transportClock } from '../../../../shared/transport';
import { isInternalHostname } from '../../../../shared/urlSafety';
import { pollTasks } from './poll';
import type { ItemOutcome, WaitSettings } from './results';
import { errorItem, resultsToItems, timeoutMessage } from './results';
import type { ResumeState } from './resumeState';
import { saveState, stateEntry } from './resumeState';

/**
 * `completion: resume`: the tasks get this execution's resume URL as `callBackUrl`, the execution
 * waits (no worker held, survives restarts), and Kie's callbacks ring `resumeWebhook.ts`, which
 * reads every task from Kie and resumes once all are finished.
 *
 * Timeout: n8n resumes a timed-out waiting node by passing its input through. Before waiting, the
 * node replaces its input items with error items (`stage: "error"`, `timedOut: true`, the task ID)
 * so a timeout can never look like a result.
 */

export const MAX_RESUME_ITEMS = 100;

/** The URL Kie must call; fails before any task exists if Kie could not reach it. */
export async function resolveResumeUrl(context: IExecuteFunctions, itemCount: number): Promise<string> {
	if (itemCount > MAX_RESUME_ITEMS) {
		throw new NodeOperationError(
			context.getNode(),
			`"Pause Until Callback" handles at most ${MAX_RESUME_ITEMS} items per execution, got ${itemCount}`,
			{ description: 'Split the input with a Loop Over Items node, or use "Poll Until Done".' },
		);
	}
	const resumeUrl = context.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof resumeUrl !== 'string' || !/^https?:\/\//.test(resumeUrl)) {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a resume URL for this execution');
	}
	const resumeHost = new URL(resumeUrl).hostname;
	const kieHost = new URL(await kieBaseUrl(context)).hostname;
	// A Kie on a private network (a proxy, the local sandbox) can reach private addresses; the real one cannot.
	if (isInternalHostname(resumeHost) && !isInternalHostname(kieHost)) {
		throw new NodeOperationError(
			context.getNode(),
			`Kie cannot reach this n8n: its resume URL points at "${resumeHost}", which is not reachable from the internet`,
			{
				description:
					'Set the WEBHOOK_URL environment variable of n8n to its public https address (for example behind a reverse proxy or tunnel), or use Completion "Poll Until Done", which works behind NAT. No task was created.',
			},
		);
	}
	return resumeUrl;
}

export async function waitForCallbacks(
	context: IExecuteFunctions,
	outcomes: ItemOutcome[],
	settings: WaitSettings,
	policy: DownloadPolicy,
): Promise<INodeExecutionData[][]> {
	const deadline = transportClock.now() + settings.timeoutMs;
	const created = outcomes.flatMap((outcome) => (outcome.type === 'created' ? [outcome.task] : []));
	const state: ResumeState = { n: outcomes.length, y: created[0]?.taskType ?? 'music', t: [], f: [], d: deadline };
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome.type === 'created') state.t.push(stateEntry(outcome.task));
		else state.f.push([itemIndex, String(errorItem(outcome, itemIndex).json.msg).slice(0, 200)]);
	});
	// Kie may already have finished every task, and called back while this execution was still
	// running and could not be resumed (n8n answers such calls 409): then there is nothing to wait for.
	if (state.t.length > 0) {
		const early = await pollTasks(context, outcomes, { ...settings, timeoutMs: 0 });
		if ([...early.values()].every((result) => result.type === 'done')) {
			return [await resultsToItems(context, outcomes, early, settings, 'items', policy)];
		}
	}
	if (state.t.length === 0 || !saveState(context, state)) {
		// Nothing to wait for, or the execution cannot hold the state: never lose created tasks.
		if (state.t.length > 0) {
			context.logger.warn('Kie Suno: the execution could not store its task list, so it polls instead of pausing', {
				tasks: state.t.length,
			});
		}
		const results = await pollTasks(context, outcomes, settings);
		return [await resultsToItems(context, outcomes, results, settings, 'items', policy)];
	}

	// What n8n passes on if the wait times out (see the file comment).
	const input = context.getInputData();
	const timeoutItems = outcomes.map((outcome, itemIndex): INodeExecutionData => {
		if (outcome.type !== 'created') return errorItem(outcome, itemIndex);
		const message = timeoutMessage(outcome.task.taskId, null, settings.timeoutMs).replace('did not finish', 'sent no final callback');
		return { json: { ...taskErrorItem(outcome.task, { msg: message }), timedOut: true }, pairedItem: { item: itemIndex } };
	});
	input.splice(0, input.length, ...timeoutItems);

	await context.putExecutionToWait(new Date(deadline));
	return [input];
}
