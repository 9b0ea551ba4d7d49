import type { IDataObject } from 'n8n-workflow';

import type { CreateOperation, StatusWords } from './types';

/**
 * Kie's unified jobs route (BASE §10, family §12): `POST /api/v1/jobs/createTask` with
 * `{ model: "ai-music-api/<name>", callBackUrl, input: {snake_case} }` and
 * `GET /api/v1/jobs/recordInfo`, whose `state` is one vocabulary for every family and whose
 * `resultJson` is a JSON string. The Suno model goes in `input.model`.
 */

export const JOBS_CREATE_PATH = '/api/v1/jobs/createTask';
export const JOBS_DETAILS_PATH = '/api/v1/jobs/recordInfo';

export const JOBS_STATES: StatusWords = {
	fields: ['state'],
	pending: ['waiting', 'queuing', 'generating'],
	complete: ['success'],
	failed: { fail: 'Kie reported that the task failed' },
};

/** Kie's answer to a recordInfo of a task it does not know (envelope code 422). */
export const JOBS_UNKNOWN_TASK = /recordInfo is null/i;

/** An upstream failure Kie refunds ("failCode 400 … please try again later"). */
export const JOBS_REFUNDED_FAILURE = /try again later/i;

export function snakeCase(name: string): string {
	return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The jobs-route request for a camelCase per-operation body. */
export function jobsRequest(operation: CreateOperation, body: IDataObject): IDataObject {
	const input: IDataObject = {};
	for (const [field, value] of Object.entries(body)) {
		if (field === 'callBackUrl' || value === undefined) continue;
		const mapped = operation.jobsFields?.[field];
		if (mapped === null) continue;
		input[mapped ?? snakeCase(field)] = value;
	}
	const request: IDataObject = { model: operation.jobsModel, input };
	if (typeof body.callBackUrl === 'string') request.callBackUrl = body.callBackUrl;
	return request;
}
