/**
 * Jest helpers around the Kie SANDBOX (test/sandbox/kieSandbox.js, a local test double of Kie on
 * 127.0.0.1, not Kie) and the transport's replaceable clock.
 *
 *   const kie = useSandbox({ credits: 100000 });   // started once per file, reset before each test
 *   kie.sb.requests / kie.sb.stats / kie.sb.addFault(...)
 *   const clock = useFastClock();                  // transportClock.sleep resolves at once and advances
 *                                                  // transportClock.now by what was asked; clock.delays
 */
import type { KieSandbox, KieSandboxOptions, RecordedRequest } from '../sandbox/kieSandbox';
import { OPERATIONS, startKieSandbox } from '../sandbox/kieSandbox';
import { transportClock } from '../../nodes/shared/transport';

export const JOBS_CREATE_PATH = '/api/v1/jobs/createTask';
export const JOBS_DETAILS_PATH = '/api/v1/jobs/recordInfo';
/** Every asynchronous create on both routes (the per-operation paths and the jobs route's createTask). */
export const CREATE_PATHS: string[] = [...new Set([...OPERATIONS.map((operation) => operation.path), JOBS_CREATE_PATH])];
/** Every details read on both routes. */
export const DETAILS_PATHS: string[] = [...new Set([...OPERATIONS.map((operation) => operation.detailsPath), JOBS_DETAILS_PATH])];

export function useSandbox(options: KieSandboxOptions = {}): { readonly sb: KieSandbox } {
	let sandbox: KieSandbox | undefined;
	beforeAll(async () => {
		sandbox = await startKieSandbox({ host: '127.0.0.1', ...options });
	});
	beforeEach(() => {
		sandbox?.reset();
		sandbox?.configure(options);
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get sb(): KieSandbox {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
	};
}

/** The create requests (any asynchronous operation, either route) the sandbox received. */
export function createRequests(sb: KieSandbox): RecordedRequest[] {
	return sb.requests.filter((request) => CREATE_PATHS.includes(request.path));
}

/** The details reads (record-info of any family, or jobs recordInfo), optionally of one task. */
export function detailsRequests(sb: KieSandbox, taskId?: string): RecordedRequest[] {
	return sb.requests.filter((request) => DETAILS_PATHS.includes(request.path) && (taskId === undefined || request.query.taskId === taskId));
}

const realClock = { ...transportClock };

/**
 * Makes the transport's sleeps instant and records them (retry backoff, pacing waits). Time moves
 * on by each sleep, so budgets measured with transportClock.now (e.g. the 60 s rate-limit budget
 * of creates) run out as they would in real time. Jitter is off (random() = 0.5), so the recorded
 * backoff is exact; a test may set transportClock.random itself.
 */
export function useFastClock(): { delays: number[] } {
	const state = { delays: [] as number[] };
	beforeEach(() => {
		state.delays = [];
		transportClock.random = () => 0.5;
		let skipped = 0;
		transportClock.now = () => realClock.now() + skipped;
		transportClock.sleep = async (ms: number) => {
			state.delays.push(ms);
			skipped += ms;
		};
	});
	afterEach(() => restoreClock());
	return state;
}

export function restoreClock(): void {
	transportClock.now = realClock.now;
	transportClock.sleep = realClock.sleep;
	transportClock.random = realClock.random;
}

/**
 * POSTs a create straight to the sandbox (no node), returning the task id. `route: 'jobs'` sends
 * the same fields through the jobs route (snake_case `input`, model V6 unless overridden).
 */
export async function createTaskDirect(
	sb: KieSandbox,
	kind: 'add-vocals' | 'add-instrumental' = 'add-instrumental',
	overrides: Record<string, unknown> = {},
	apiKey = 'sandbox-key',
	route: 'perOperation' | 'jobs' = 'perOperation',
): Promise<string> {
	const fields: Record<string, unknown> =
		kind === 'add-vocals'
			? { prompt: 'p', style: 'Jazz', title: 'Direct', negativeTags: 'none', uploadUrl: 'https://example.com/a.mp3' }
			: { tags: 'piano', title: 'Direct', negativeTags: 'none', uploadUrl: 'https://example.com/a.mp3' };
	const { callBackUrl = 'https://example.com/cb', ...rest } = { ...fields, ...overrides };
	const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
	const body =
		route === 'jobs'
			? { model: `ai-music-api/${kind}`, callBackUrl, input: Object.fromEntries(Object.entries({ model: 'V6', ...rest }).map(([k, v]) => [snake(k), v])) }
			: { ...rest, callBackUrl };
	const response = await fetch(`${sb.url}${route === 'jobs' ? JOBS_CREATE_PATH : `/api/v1/generate/${kind}`}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as { code: number; data: { taskId: string } | null; msg: string };
	if (json.code !== 200 || !json.data) throw new Error(`sandbox create failed: ${json.code} ${json.msg}`);
	return json.data.taskId;
}

/** Every string inside a value (deep), for "secret appears nowhere" checks. */
export function deepStrings(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (value === null || typeof value !== 'object' || seen.has(value)) return [];
	seen.add(value);
	const out: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		out.push(key);
		try {
			out.push(...deepStrings((value as Record<string, unknown>)[key], seen));
		} catch {
			// getters that throw
		}
	}
	return out;
}
