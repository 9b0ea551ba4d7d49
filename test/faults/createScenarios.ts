/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The create-fault scenarios of 02-create.faults.test.ts: what the sandbox does, and what each
 * input item must end as. 0.2: Kie's "come back later" codes (429, 430, 455) are retried for up
 * to 60 s on a create, so storms that end within that budget give results, not errors.
 */
import { FAULTS } from './helpers';

export const INSTRUMENTAL = '/api/v1/generate/add-instrumental';
export const VOCALS = '/api/v1/generate/add-vocals';
export const UNKNOWN = /the task may or may not have been created/;

export interface Scenario {
	name: string;
	/** what the sandbox does */
	faults: Array<Record<string, unknown>>;
	items: number;
	completion: 'poll' | 'callback';
	credential?: 'good' | 'bad';
	/** error items must match this */
	message: RegExp;
	/** and their description this */
	description?: RegExp;
	/** expected number of error items (undefined: any) */
	errors?: number;
	/** creates sent per errored title: 'once' for unknown outcomes (never re-sent) */
	erroredCreates?: 'once' | 'retried' | 'any';
	/** tasks the sandbox holds for an errored title */
	erroredTasks?: 0 | 1;
	/** minimum gap between two creates of one title (Retry-After) */
	minGapMs?: number;
	route?: string;
}

export const SCENARIOS: Scenario[] = [
	{
		// 0.2: a create refused for the rate limit was not created, so it is retried for up to 60 s
		name: '429 storm in the body (14 × code 429, 3 items), retried for up to 60 s',
		faults: [{ type: 'code', code: 429, times: 14, path: INSTRUMENTAL }],
		items: 3,
		completion: 'poll',
		message: /rate limit/,
		errors: 0,
	},
	{
		name: 'HTTP 429 with Retry-After: 2 (twice, 1 item)',
		faults: [{ type: 'http', status: 429, retryAfter: 2, times: 2, path: INSTRUMENTAL }],
		items: 1,
		completion: 'poll',
		message: /rate limit/,
		errors: 0,
		minGapMs: 1900,
	},
	{
		name: '455 maintenance (9 × code 455, 2 items), retried for up to 60 s',
		faults: [{ type: 'code', code: 455, times: 9, path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /maintenance/,
		errors: 0,
	},
	{
		name: 'HTTP 500 from the gateway (1 of 2 items)',
		faults: [{ type: 'http', status: 500, path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /^Kie answered HTTP 500 without a result: the task may or may not have been created$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 0,
	},
	{
		name: 'code 500 in the body (1 of 2 items)',
		faults: [{ type: 'code', code: 500, path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /^Kie reported a server error \(code 500\)$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 0,
	},
	{
		name: 'connection reset before Kie answered (1 of 2 items)',
		faults: [{ type: 'reset', path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /^The connection to Kie failed after the request was sent \(ECONNRESET\): the task may or may not have been created$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 0,
	},
	{
		name: 'Kie accepted, then the connection was reset (1 of 2 items)',
		faults: [{ type: 'acceptThenReset', path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /^The connection to Kie failed after the request was sent \(ECONNRESET\): the task may or may not have been created$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 1,
	},
	{
		name: 'Kie accepted, then hung 3 s and dropped the connection (1 of 2 items)',
		faults: [{ type: 'acceptThenHang', ms: 3000, path: INSTRUMENTAL }],
		items: 2,
		completion: 'poll',
		message: /^The connection to Kie failed after the request was sent \(ECONNRESET\): the task may or may not have been created$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 1,
	},
	{
		name: 'Kie echoes the secrets in an error (code 422 and HTTP 400 text)',
		faults: [
			{ type: 'code', code: 422, msg: `unknown field: Authorization: Bearer ${FAULTS.secrets.apiKey}; hmac=${FAULTS.secrets.hmacKey}`, path: INSTRUMENTAL },
			{ type: 'http', status: 400, body: `bad request from key ${FAULTS.secrets.apiKey} signed with ${FAULTS.secrets.hmacKey}`, path: INSTRUMENTAL },
		],
		items: 2,
		completion: 'poll',
		message: /^(Kie rejected the parameters \(code 422\): unknown field: Authorization: Bearer \*\*\*;? hmac=\*\*\*|Kie rejected the request as invalid \(code 400\)(: HTTP 400)?)$/,
		errors: 2,
		erroredCreates: 'once',
		erroredTasks: 0,
	},
	{
		name: 'wrong API key (code 401)',
		faults: [],
		items: 1,
		completion: 'poll',
		credential: 'bad',
		message: /^Kie rejected the API key \(code 401\)$/,
		errors: 1,
		erroredCreates: 'once',
		erroredTasks: 0,
	},
	{
		name: 'completion callback: 429 storm (4 × code 429, 2 items)',
		faults: [{ type: 'code', code: 429, times: 4, path: INSTRUMENTAL }],
		items: 2,
		completion: 'callback',
		message: /rate limit/,
		errors: 0,
	},
];

/** Runs alongside the others: its credential points at a closed port, so no sandbox fault is involved. */
export const REFUSED_SCENARIO: Scenario = {
	name: 'Kie unreachable: connection refused (never sent, so retried)',
	faults: [],
	items: 1,
	completion: 'poll',
	message: /^Could not reach Kie after 5 attempts$/,
	description: /^Could not connect to Kie \(ECONNREFUSED\) while creating the task\./,
	errors: 1,
	erroredTasks: 0,
};

/**
 * Runs alongside the others on the jobs route: Kie answers every create with code 455 for 120 s. The
 * last retry can come 60 s + one jittered backoff (≤ 18 s) after the first attempt, and the first
 * attempt itself comes later on a busy machine: the outage must outlast both (75 s did not, under load).
 */
export const MAINTENANCE_MS = 120_000;
export const MAINTENANCE_SCENARIO: Scenario = {
	name: `Kie under maintenance for ${MAINTENANCE_MS / 1000} s (code 455 on every create): retried for 60 s, then an error`,
	faults: [],
	items: 1,
	completion: 'poll',
	message: /^Kie is under maintenance \(code 455\) \(after \d+ attempts\)$/,
	errors: 1,
	erroredCreates: 'retried',
	erroredTasks: 0,
};

/** The slow one runs alongside the others, on the other create route. */
export const TIMEOUT_SCENARIO: Scenario = {
	name: 'Kie accepted, then never answered: the node times out (60 s)',
	faults: [{ type: 'acceptThenHang', path: VOCALS }],
	items: 1,
	completion: 'poll',
	message: /^The connection to Kie failed after the request was sent \((ECONNABORTED|ETIMEDOUT|ECONNRESET)\): the task may or may not have been created$/,
	errors: 1,
	erroredCreates: 'once',
	erroredTasks: 1,
	route: VOCALS,
};

