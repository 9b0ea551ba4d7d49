import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tagCallbackUrl } from '../../../shared/callback';
import { mapWithConcurrency } from '../../../shared/concurrency';
import { descriptorFor } from '../../../shared/kie';
import type { ApiRoute, CreateOperation, TaskType } from '../../../shared/kie/types';
import { fileChoice, filePolicy } from '../../../shared/tasks/attach';
import { chooseRoute, createTask, routeProblem } from '../../../shared/tasks/create';
import { accountPacer } from '../../../shared/transport/pacer';
import { credentialHosts, kieBaseUrl, toNodeError } from '../../../shared/transport';
import type { CreatedTask, ItemOutcome, WaitSettings } from './completion/results';
import { errorItem, resultsToItems } from './completion/results';
import { pollTasks } from './completion/poll';
import { resolveResumeUrl, waitForCallbacks } from './completion/resume';
import { ItemReader } from './validation';
import { uploadBinaryAudio } from './upload';

/**
 * The create flow every asynchronous operation shares:
 * 1. read and validate every item (nothing is sent if any is invalid, unless Continue On Fail);
 * 2. upload binary sources, then create the tasks on the chosen route, paced to Kie's limit;
 * 3. hand the created tasks to the chosen completion mode.
 */

export type Completion = 'poll' | 'callback' | 'resume';

/** A binary field to upload through Kie's File Upload API; its URL goes into the body. */
export interface BinarySource {
	property: string;
	assign(body: IDataObject, url: string): void;
}

export interface ItemRequest {
	/** Kie's camelCase per-operation body without `callBackUrl`. */
	body: IDataObject;
	uploads?: BinarySource[];
}

export interface CreateSpec {
	resource: string;
	operation: string;
	taskType: TaskType;
	/** Reads one item into Kie's body; throws (via the reader) on invalid input. */
	readItem(reader: ItemReader, context: IExecuteFunctions): ItemRequest;
}

interface CreatePlan extends ItemRequest {
	itemIndex: number;
	route: ApiRoute;
}

/** Kie needs some callBackUrl; in poll mode without one we point it at Kie's own host (see README). */
export const UNUSED_CALLBACK_PATH = '/n8n-nodes-kie-suno/unused-callback';

const CREATE_CONCURRENCY = 5;

export function readWaitSettings(reader: ItemReader): WaitSettings {
	const options = reader.options();
	return {
		pollIntervalMs: reader.positiveNumber(options, 'pollIntervalSeconds', 'Poll Interval (Seconds)', 15, 1) * 1000,
		timeoutMs: reader.positiveNumber(options, 'timeoutMinutes', 'Timeout (Minutes)', 15, 0.05) * 60_000,
		files: fileChoice(options as IDataObject),
		maxFileSizeMb: reader.positiveNumber(options, 'maxFileSizeMb', 'Max File Size (MB)', 500, 0.001),
		maxCreatesPerWindow: Math.floor(reader.positiveNumber(options, 'maxCreatesPerWindow', 'Max Creates per Window', 20, 1)),
		rateWindowMs: reader.positiveNumber(options, 'rateWindowSeconds', 'Rate Window (Seconds)', 10, 0.1) * 1000,
	};
}

function readPlan(
	context: IExecuteFunctions,
	spec: CreateSpec,
	operation: CreateOperation,
	itemIndex: number,
	completion: Completion,
	defaultCallbackUrl: string | undefined,
): CreatePlan {
	const reader = new ItemReader(context, itemIndex);
	const request = spec.readItem(reader, context);
	const options = reader.options();
	const route = chooseRoute(operation, request.body.model, reader.apiRoute(options));
	const problem = routeProblem(operation, route);
	if (problem) reader.fail(problem);
	const explicit = completion === 'resume' ? undefined : reader.url('callbackUrl', 'Callback URL', { required: completion === 'callback' });
	const callBackUrl = explicit ? tagCallbackUrl(explicit, spec.taskType, route) : defaultCallbackUrl;
	readWaitSettings(reader);
	return { itemIndex, route, body: { ...request.body, callBackUrl }, uploads: request.uploads };
}

async function createAll(
	context: IExecuteFunctions,
	spec: CreateSpec,
	operation: CreateOperation,
	plans: CreatePlan[],
	settings: WaitSettings,
	outcomes: ItemOutcome[],
	stopOnFirstFailure: boolean,
): Promise<void> {
	const { account } = await credentialHosts(context);
	const pacer = accountPacer(account, settings.maxCreatesPerWindow, settings.rateWindowMs, CREATE_CONCURRENCY);
	let stopped = false;
	await mapWithConcurrency(plans, CREATE_CONCURRENCY, async (plan) => {
		if (stopped) {
			outcomes[plan.itemIndex] = { type: 'skipped' };
			return;
		}
		try {
			for (const upload of plan.uploads ?? []) {
				upload.assign(plan.body, await uploadBinaryAudio.call(context, plan.itemIndex, upload.property));
			}
			const taskId = await pacer.run(async () => await createTask(context, operation, plan.route, plan.body, plan.itemIndex));
			const task: CreatedTask = { itemIndex: plan.itemIndex, taskId, taskType: spec.taskType, apiRoute: plan.route };
			outcomes[plan.itemIndex] = { type: 'created', task };
		} catch (error) {
			outcomes[plan.itemIndex] = { type: 'failed', error: error as Error };
			if (stopOnFirstFailure) stopped = true;
		}
	});
}

/** Without Continue On Fail, a failure ends the run, but the error lists every task already created. */
function throwWithCreatedTasks(context: IExecuteFunctions, outcomes: ItemOutcome[]): void {
	const failed = outcomes.findIndex((outcome) => outcome?.type === 'failed');
	if (failed === -1) return;
	const error = toNodeError(context, (outcomes[failed] as { type: 'failed'; error: Error }).error, failed);
	const created = outcomes
		.map((outcome, index) => (outcome?.type === 'created' ? `item ${index}: ${outcome.task.taskId}` : undefined))
		.filter((line): line is string => line !== undefined);
	const skipped = outcomes.filter((outcome) => outcome?.type === 'skipped').length;
	const notes: string[] = [];
	if (created.length > 0) {
		notes.push(`Tasks already created on Kie (they keep running; read them with Get Task Details): ${created.join(', ')}.`);
	}
	if (skipped > 0) notes.push(`${skipped} item(s) were not sent.`);
	if (notes.length > 0) error.description = [error.description, ...notes].filter(Boolean).join(' ');
	throw error;
}

function pendingItems(spec: CreateSpec, outcomes: ItemOutcome[], plans: Map<number, CreatePlan>): INodeExecutionData[] {
	return outcomes.map((outcome, itemIndex) => {
		if (outcome.type !== 'created') return errorItem(outcome, itemIndex);
		const plan = plans.get(itemIndex);
		const { taskId, taskType, apiRoute } = outcome.task;
		const json: IDataObject = { taskId, taskType, apiRoute, stage: 'pending', operation: spec.operation };
		if (typeof plan?.body.title === 'string') json.title = plan.body.title;
		json.callbackUrl = plan?.body.callBackUrl as string;
		return { json, pairedItem: { item: itemIndex } };
	});
}

export async function executeCreate(this: IExecuteFunctions, spec: CreateSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = descriptorFor(spec.taskType).operations[spec.operation];
	const completion = this.getNodeParameter('completion', 0, 'poll') as Completion;
	const continueOnFail = this.continueOnFail();
	const firstReader = new ItemReader(this, 0);
	const settings = readWaitSettings(firstReader);

	let defaultCallbackUrl: string | undefined;
	if (completion === 'resume') defaultCallbackUrl = await resolveResumeUrl(this, items.length);
	else if (completion === 'poll') defaultCallbackUrl = `${await kieBaseUrl(this)}${UNUSED_CALLBACK_PATH}`;

	const outcomes: ItemOutcome[] = new Array(items.length);
	const plans = new Map<number, CreatePlan>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.set(itemIndex, readPlan(this, spec, operation, itemIndex, completion, defaultCallbackUrl));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			outcomes[itemIndex] = { type: 'failed', error: error as Error };
		}
	}

	await createAll(this, spec, operation, [...plans.values()], settings, outcomes, !continueOnFail);
	if (!continueOnFail) throwWithCreatedTasks(this, outcomes);

	if (completion === 'callback') return [pendingItems(spec, outcomes, plans)];
	const policy = await filePolicy(this, firstReader.options() as IDataObject);
	if (completion === 'resume') return await waitForCallbacks(this, outcomes, settings, policy);
	const results = await pollTasks(this, outcomes, settings);
	return [await resultsToItems(this, outcomes, results, settings, continueOnFail ? 'items' : 'throw', policy)];
}
