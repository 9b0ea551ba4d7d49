/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * kieApiRequest (nodes/shared/transport/index.ts): the envelope check, retries and their backoff.
 * Creates rejected for Kie's rate limit or maintenance were not created, so they are retried for
 * RETRY_POLICY.createRateLimitBudgetMs with jittered backoff; reads get RETRY_POLICY.maxAttempts.
 * transportClock's sleeps are instant and advance its time (useFastClock).
 */
import { isTransientKieError, KIE_PATHS, kieApiRequest, RETRY_POLICY, transportClock } from '../../../../nodes/shared/transport';
import { createExecuteContext, testCredential } from '../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../harness/sandbox';
import type { Failure } from './kieRequests';
import { ADD_VOCALS_PATH, create, CREATE_BODY, readCredits, RECORD_INFO_PATH, requestsTo, send, sendExpectingError } from './kieRequests';

const kie = useSandbox({ credits: 100000 });
const clock = useFastClock();
const realRandom = transportClock.random;

beforeEach(() => {
	// No jitter unless a test asks for it: the backoff is then exactly exponential.
	transportClock.random = () => 0.5;
});
afterEach(() => {
	transportClock.random = realRandom;
});

const sum = (list: number[]) => list.reduce((total, value) => total + value, 0);

describe('success and the envelope', () => {
	it('returns the envelope of a code-200 answer, sending the body as JSON with the Bearer key', async () => {
		const envelope = await send(kie.sb, create());
		expect(envelope.code).toBe(200);
		expect((envelope.data as { taskId: string }).taskId).toMatch(/^[0-9a-f]{32}$/);
		const [request] = requestsTo(kie.sb, ADD_VOCALS_PATH);
		expect(request.headers.authorization).toBe('Bearer sandbox-key');
		expect(request.body).toEqual(CREATE_BODY);
		expect(clock.delays).toEqual([]);
	});

	it('sends query parameters on reads', async () => {
		await send(kie.sb, { method: 'GET', path: RECORD_INFO_PATH, qs: { taskId: 'abc123' }, kind: 'read' });
		expect(requestsTo(kie.sb, RECORD_INFO_PATH)[0].query).toEqual({ taskId: 'abc123' });
	});

	it('uses the credential\'s base URL without a trailing slash', async () => {
		const { context } = await createExecuteContext({ credentials: testCredential(`${kie.sb.url}///`) });
		await kieApiRequest.call(context, readCredits());
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(1);
	});

	it('an envelope the caller tolerates is an answer, not an error (jobs: "recordInfo is null")', async () => {
		const envelope = await send(kie.sb, {
			method: 'GET',
			path: '/api/v1/jobs/recordInfo',
			qs: { taskId: 'nope' },
			kind: 'read',
			tolerate: (answer) => answer.code === 422,
		});
		expect(envelope).toEqual({ code: 422, msg: 'recordInfo is null', data: null });
		expect(clock.delays).toEqual([]);
	});
});

describe('creates rejected for the rate limit or maintenance: retried within a 60 s budget', () => {
	// With no jitter: 1, 2, 4, 8, then 15 s (the cap) until 60 s have passed.
	const BUDGET_DELAYS = [1000, 2000, 4000, 8000, 15000, 15000, 15000];

	it('the budget is 60 s with 20 % jitter', () => {
		expect(RETRY_POLICY.createRateLimitBudgetMs).toBe(60_000);
		expect(RETRY_POLICY.jitterRatio).toBe(0.2);
		expect(RETRY_POLICY.maxAttempts).toBe(5);
	});

	it.each([429, 430, 455])('code %i: retried until 60 s have passed, then fails; nothing was created', async (code) => {
		kie.sb.addFault({ type: 'code', code, times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		expect(clock.delays).toEqual(BUDGET_DELAYS);
		expect(sum(clock.delays)).toBe(60_000);
		expect(createRequests(kie.sb)).toHaveLength(BUDGET_DELAYS.length + 1);
		expect(error.message).toContain(`(code ${code}) (after ${BUDGET_DELAYS.length + 1} attempts)`);
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('a limit that clears after 30 s: the create goes through, exactly one task', async () => {
		kie.sb.addFault({ type: 'code', code: 429, times: 5 });
		const envelope = await send(kie.sb, create());
		expect(envelope.code).toBe(200);
		expect(clock.delays).toEqual([1000, 2000, 4000, 8000, 15000]);
		expect(createRequests(kie.sb)).toHaveLength(6);
		expect(kie.sb.tasks.size).toBe(1);
	});

	it('the 429 message explains Kie\'s limit', async () => {
		kie.sb.addFault({ type: 'code', code: 429, times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		expect(error.message).toBe('Kie\'s rate limit was still exceeded after retrying (code 429) (after 8 attempts)');
		expect(error.description).toContain('20 new generations per 10 seconds');
	});

	it('jitter spreads the waits by ±20 % (so simultaneous executions do not collide again)', async () => {
		kie.sb.addFault({ type: 'code', code: 429, times: 2 });
		transportClock.random = () => 0;
		await send(kie.sb, create());
		expect(clock.delays).toEqual([800, 1600]);
		kie.sb.reset();
		clock.delays.length = 0;
		kie.sb.addFault({ type: 'code', code: 429, times: 2 });
		transportClock.random = () => 0.999999;
		await send(kie.sb, create());
		expect(clock.delays).toEqual([1200, 2400]);
	});

	it('a create with its own attempt limit (e.g. inside a webhook) keeps to it', async () => {
		kie.sb.addFault({ type: 'code', code: 429, times: 'always' });
		const error = await sendExpectingError(kie.sb, create({ maxAttempts: 2 }));
		expect(createRequests(kie.sb)).toHaveLength(2);
		expect(error.message).toContain('(after 2 attempts)');
	});

	it('HTTP 429 honours Retry-After in seconds, without jitter', async () => {
		transportClock.random = () => 0;
		kie.sb.addFault({ type: 'http', status: 429, retryAfter: 3, times: 1 });
		await send(kie.sb, create());
		expect(clock.delays).toEqual([3000]);
		expect(createRequests(kie.sb)).toHaveLength(2);
		expect(kie.sb.tasks.size).toBe(1);
	});

	it('HTTP 429 honours Retry-After as an HTTP date', async () => {
		const now = Date.UTC(2030, 0, 1, 0, 0, 0);
		transportClock.now = () => now;
		kie.sb.addFault({ type: 'http', status: 429, retryAfter: new Date(now + 7000).toUTCString() as unknown as number, times: 1 });
		await send(kie.sb, create());
		expect(clock.delays).toEqual([7000]);
	});

	it('Retry-After is capped at the policy\'s maximum delay', async () => {
		kie.sb.addFault({ type: 'http', status: 429, retryAfter: 3600, times: 1 });
		await send(kie.sb, create());
		expect(clock.delays).toEqual([RETRY_POLICY.maxDelayMs]);
	});

	it('the sandbox\'s own per-account limit (HTTP 429 + Retry-After, both routes) is waited out for 60 s', async () => {
		kie.sb.configure({ rateLimit: { max: 1, windowMs: 600_000, response: 'http' } });
		try {
			await send(kie.sb, create());
			const error = await sendExpectingError(kie.sb, create());
			expect(error.message).toContain('(code 429)');
			expect(clock.delays.every((delay) => delay >= 1000 && delay <= RETRY_POLICY.maxDelayMs)).toBe(true);
			expect(sum(clock.delays)).toBeGreaterThanOrEqual(60_000);
			expect(sum(clock.delays) - clock.delays[clock.delays.length - 1]).toBeLessThan(60_000);
			expect(kie.sb.stats.createRejectedRate).toBe(clock.delays.length + 1);
			expect(kie.sb.tasks.size).toBe(1);
		} finally {
			kie.sb.configure({ rateLimit: { max: 20, windowMs: 10_000, response: 'body' } });
		}
	});
});

describe('reads: retried a fixed number of times', () => {
	it('455 on a read: 5 attempts, then maintenance', async () => {
		kie.sb.addFault({ type: 'code', code: 455, path: KIE_PATHS.credit, times: 'always' });
		const error = await sendExpectingError(kie.sb, readCredits());
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(RETRY_POLICY.maxAttempts);
		expect(clock.delays).toEqual([1000, 2000, 4000, 8000]);
		expect(error.message).toBe('Kie is under maintenance (code 455) (after 5 attempts)');
	});

	it('HTTP 5xx is retried until it succeeds', async () => {
		kie.sb.addFault({ type: 'http', status: 502, path: KIE_PATHS.credit, times: 2 });
		const envelope = await send(kie.sb, readCredits());
		expect(envelope.data).toBe(100000);
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(3);
		expect(clock.delays).toEqual([1000, 2000]);
	});

	it('body code 500 is retried, and gives up after the policy\'s attempts', async () => {
		kie.sb.addFault({ type: 'code', code: 500, msg: 'Server error', path: KIE_PATHS.credit, times: 'always' });
		const error = await sendExpectingError(kie.sb, readCredits());
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(RETRY_POLICY.maxAttempts);
		expect(error.message).toBe('Kie reported a server error (code 500) (after 5 attempts)');
	});

	it('a reset connection is retried', async () => {
		kie.sb.addFault({ type: 'reset', path: KIE_PATHS.credit, times: 1 });
		const envelope = await send(kie.sb, readCredits());
		expect(envelope.code).toBe(200);
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(2);
	});

	it('a timeout is retried', async () => {
		kie.sb.addFault({ type: 'acceptThenHang', ms: 5000, path: KIE_PATHS.credit, times: 1 });
		const envelope = await send(kie.sb, readCredits({ timeoutMs: 250 }));
		expect(envelope.code).toBe(200);
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(2);
	});

	it('record-info is retried on HTTP 503 as well', async () => {
		kie.sb.addFault({ type: 'http', status: 503, path: RECORD_INFO_PATH, times: 1 });
		const envelope = await send(kie.sb, { method: 'GET', path: RECORD_INFO_PATH, qs: { taskId: 'unknown' }, kind: 'read' });
		expect(envelope.data).toBeNull();
		expect(requestsTo(kie.sb, RECORD_INFO_PATH)).toHaveLength(2);
	});

	it.each(['http502', 'code500', 'code455', 'reset'] as const)(
		'an outage (%s) longer than the attempts fails with an error marked transient (poll and resume wait it out)',
		async (mode) => {
			kie.sb.addOutage({ paths: ['details'], durationMs: 60_000, mode });
			const error = await sendExpectingError(kie.sb, { method: 'GET', path: RECORD_INFO_PATH, qs: { taskId: 'x' }, kind: 'read', maxAttempts: 2 });
			expect(requestsTo(kie.sb, RECORD_INFO_PATH)).toHaveLength(2);
			expect(isTransientKieError(error)).toBe(true);
		},
	);

	it.each([
		[401, false],
		[402, false],
		[422, false],
		[404, false],
		[501, false],
		[505, false],
	])('code %i on a read is final and not transient', async (code, transient) => {
		kie.sb.addFault({ type: 'code', code, path: RECORD_INFO_PATH, times: 'always' });
		const error = await sendExpectingError(kie.sb, { method: 'GET', path: RECORD_INFO_PATH, qs: { taskId: 'x' }, kind: 'read' });
		expect(requestsTo(kie.sb, RECORD_INFO_PATH)).toHaveLength(1);
		expect(isTransientKieError(error)).toBe(transient);
	});

	it('an HTTP 404 with Kie\'s envelope is final, not retried', async () => {
		const error = await sendExpectingError(kie.sb, readCredits({ path: '/api/v1/no-such-route' }));
		expect(error.message).toBe('Kie does not know this endpoint (code 404)');
		expect(kie.sb.requests).toHaveLength(1);
	});

	it('a refused connection (nothing was sent) is retried, also for creates', async () => {
		const { context } = await createExecuteContext({ credentials: testCredential('http://127.0.0.1:9') });
		const error = await kieApiRequest.call(context, create()).then(
			() => undefined,
			(thrown: Failure) => thrown,
		);
		expect(error?.message).toBe('Could not reach Kie after 5 attempts');
		expect(error?.description).toContain('ECONNREFUSED');
		expect(clock.delays).toEqual([1000, 2000, 4000, 8000]);
	});
});

describe('cancellation', () => {
	it('a cancelled execution stops at once: no retry, even for a read', async () => {
		kie.sb.addFault({ type: 'acceptThenHang', ms: 5000, path: KIE_PATHS.credit, times: 'always' });
		const controller = new AbortController();
		const { context } = await createExecuteContext({ credentials: testCredential(kie.sb.url), abortSignal: controller.signal });
		setTimeout(() => controller.abort(), 100);
		const error = await kieApiRequest.call(context, readCredits()).then(
			() => undefined,
			(thrown: Failure) => thrown,
		);
		expect(error?.message).toBe('The execution was cancelled');
		expect(error?.description).toBe('Stopped while reading the account credits.');
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(1);
		expect(clock.delays).toEqual([]);
	});
});
