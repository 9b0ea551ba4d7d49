import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import { CreatePacer } from '../../transport/pacer';
import { kieApiRequest, kieBaseUrl, toNodeError } from '../../transport';
import type { GenerationOperation } from './generation.description';
import { ItemReader } from './validation';
import { uploadBinaryAudio } from './upload';
import { pollTasks } from './completion/poll';
import { resolveResumeUrl, waitForCallbacks } from './completion/resume';
import type { CreatedTask, ItemOutcome, WaitSettings } from './completion/results';
import { errorItem, resultsToItems } from './completion/results';

/**
 * The create flow shared by Add Vocals and Add Instrumental:
 * 1. read and validate every item (nothing is sent if any is invalid, unless Continue On Fail);
 * 2. upload binary sources, then create the tasks, paced to Kie's 20-per-10 s limit;
 * 3. hand the created tasks to the chosen completion mode.
 */

export type Completion = 'poll' | 'callback' | 'resume';

export interface GenerationSpec {
	operation: GenerationOperation;
	path: string;
	/** Text fields only this operation sends, with Kie's length limits. */
	fields: Array<{ name: string; displayName: string; maxLength?: number }>;
}

interface CreatePlan {
	itemIndex: number;
	body: IDataObject;
	binaryPropertyName?: string;
}

/** Kie needs some callBackUrl; in poll mode without one we point it at Kie's own host (see README). */
export const UNUSED_CALLBACK_PATH = '/n8n-nodes-kie-suno/unused-callback';

const CREATE_CONCURRENCY = 5;

function readWaitSettings(reader: ItemReader): WaitSettings {
	const options = reader.options();
	return {
		pollIntervalMs: reader.positiveNumber(options, 'pollIntervalSeconds', 'Poll Interval (Seconds)', 15, 1) * 1000,
		timeoutMs: reader.positiveNumber(options, 'timeoutMinutes', 'Timeout (Minutes)', 15, 0.05) * 60_000,
		download: { audio: options.downloadAudio === true, cover: options.downloadCover === true },
		maxCreatesPerWindow: Math.floor(reader.positiveNumber(options, 'maxCreatesPerWindow', 'Max Creates per Window', 20, 1)),
		rateWindowMs: reader.positiveNumber(options, 'rateWindowSeconds', 'Rate Window (Seconds)', 10, 0.1) * 1000,
	};
}

function readPlan(
	context: IExecuteFunctions,
	itemIndex: number,
	spec: GenerationSpec,
	callBackUrl: string | undefined,
	completion: Completion,
): CreatePlan {
	const reader = new ItemReader(context, itemIndex);
	const sourceType = context.getNodeParameter('sourceType', itemIndex, 'url') as string;
	const body: IDataObject = {};
	let binaryPropertyName: string | undefined;
	if (sourceType === 'binary') {
		binaryPropertyName = reader.text('binaryPropertyName', 'Input Binary Field', { required: true }).trim();
		try {
			context.helpers.assertBinaryData(itemIndex, binaryPropertyName);
		} catch (error) {
			reader.fail(
				`No binary field "${binaryPropertyName}" on the input item`,
				`"Source" is "Binary Data", so the item needs audio in the binary field "${binaryPropertyName}". ${(error as Error).message}`,
			);
		}
	} else {
		body.uploadUrl = reader.url('uploadUrl', 'Upload URL', { required: true });
	}
	body.title = reader.text('title', 'Title', { required: true });
	for (const field of spec.fields) {
		body[field.name] = reader.text(field.name, field.displayName, { required: true, maxLength: field.maxLength });
	}
	body.negativeTags = reader.text('negativeTags', 'Negative Tags', { required: true, maxLength: 200 });
	const explicitCallback =
		completion === 'resume' ? undefined : reader.url('callbackUrl', 'Callback URL', { required: completion === 'callback' });
	body.callBackUrl = explicitCallback ?? callBackUrl;

	const options = reader.options();
	const optional: IDataObject = {
		model: reader.model(options),
		vocalGender: reader.oneOf(options, 'vocalGender', 'Vocal Gender', ['m', 'f'] as const),
		styleWeight: reader.weight(options, 'styleWeight', 'Style Weight'),
		weirdnessConstraint: reader.weight(options, 'weirdnessConstraint', 'Weirdness Constraint'),
		audioWeight: reader.weight(options, 'audioWeight', 'Audio Weight'),
	};
	for (const [key, value] of Object.entries(optional)) {
		if (value !== undefined) body[key] = value;
	}
	readWaitSettings(reader);
	return { itemIndex, body, binaryPropertyName };
}

async function createTasks(
	context: IExecuteFunctions,
	spec: GenerationSpec,
	plans: CreatePlan[],
	settings: WaitSettings,
	outcomes: ItemOutcome[],
	stopOnFirstFailure: boolean,
): Promise<void> {
	const pacer = new CreatePacer(settings.maxCreatesPerWindow, settings.rateWindowMs, CREATE_CONCURRENCY);
	let stopped = false;
	await mapWithConcurrency(plans, CREATE_CONCURRENCY, async (plan) => {
		if (stopped) {
			outcomes[plan.itemIndex] = { type: 'skipped' };
			return;
		}
		try {
			if (plan.binaryPropertyName) {
				plan.body.uploadUrl = await uploadBinaryAudio.call(context, plan.itemIndex, plan.binaryPropertyName);
			}
			const envelope = await pacer.run(
				async () =>
					await kieApiRequest.call(context, {
						method: 'POST',
						path: spec.path,
						body: plan.body,
						kind: 'create',
						itemIndex: plan.itemIndex,
						action: 'creating the task',
					}),
			);
			const taskId = (envelope.data as { taskId?: unknown } | null)?.taskId;
			if (typeof taskId !== 'string' || taskId === '') {
				throw new NodeOperationError(context.getNode(), `Kie answered success but sent no task ID [item ${plan.itemIndex}]`, {
					itemIndex: plan.itemIndex,
				});
			}
			const created: CreatedTask = { itemIndex: plan.itemIndex, taskId, body: plan.body };
			outcomes[plan.itemIndex] = { type: 'created', task: created };
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

export async function executeGeneration(
	this: IExecuteFunctions,
	spec: GenerationSpec,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const completion = this.getNodeParameter('completion', 0, 'poll') as Completion;
	const continueOnFail = this.continueOnFail();
	const settings = readWaitSettings(new ItemReader(this, 0));

	let defaultCallbackUrl: string | undefined;
	if (completion === 'resume') {
		defaultCallbackUrl = await resolveResumeUrl(this, items.length);
	} else if (completion === 'poll') {
		defaultCallbackUrl = `${await kieBaseUrl(this)}${UNUSED_CALLBACK_PATH}`;
	}

	const outcomes: ItemOutcome[] = new Array(items.length);
	const plans: CreatePlan[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans.push(readPlan(this, itemIndex, spec, defaultCallbackUrl, completion));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			outcomes[itemIndex] = { type: 'failed', error: error as Error };
		}
	}

	await createTasks(this, spec, plans, settings, outcomes, !continueOnFail);
	if (!continueOnFail) throwWithCreatedTasks(this, outcomes);

	if (completion === 'callback') {
		return [
			outcomes.map((outcome, itemIndex) =>
				outcome.type === 'created'
					? {
							json: {
								taskId: outcome.task.taskId,
								stage: 'pending',
								operation: spec.operation,
								title: outcome.task.body.title as string,
								callbackUrl: outcome.task.body.callBackUrl as string,
							},
							pairedItem: { item: itemIndex },
						}
					: errorItem(outcome, itemIndex),
			),
		];
	}
	if (completion === 'resume') {
		return await waitForCallbacks(this, outcomes, settings);
	}
	const results = await pollTasks(this, outcomes, settings);
	return [await resultsToItems(this, outcomes, results, settings, continueOnFail ? 'items' : 'throw')];
}
