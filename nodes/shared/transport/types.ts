import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

/**
 * `create` costs credits: when Kie may have received it but gave no clear answer, it is never
 * sent again. `read` is idempotent. `upload` is free but carries a one-shot body.
 */
export type RequestKind = 'create' | 'read' | 'upload';

export interface KieRequest {
	method: IHttpRequestMethods;
	path: string;
	kind: RequestKind;
	host?: 'api' | 'upload';
	body?: IDataObject | FormData;
	qs?: IDataObject;
	itemIndex?: number;
	timeoutMs?: number;
	/** Fewer attempts where an answer is due quickly, e.g. inside a webhook Kie waits 15 s for. */
	maxAttempts?: number;
	/** What the user is doing, for error messages: "creating the task", "uploading the audio". */
	action?: string;
	/** Envelopes that are answers, not errors (e.g. the jobs route's 422 "recordInfo is null"). */
	tolerate?: (envelope: KieEnvelope) => boolean;
}

export interface KieEnvelope {
	code: number;
	msg: string;
	data: unknown;
	[key: string]: unknown;
}
