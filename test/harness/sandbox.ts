/**
 * Jest helpers around the Kie SANDBOX (test/sandbox/kieSandbox.js, a local test double of Kie on
 * 127.0.0.1, not Kie) and the transport's replaceable clock.
 *
 *   const kie = useSandbox({ credits: 100000 });   // started once per file, reset before each test
 *   kie.sb.requests / kie.sb.stats / kie.sb.addFault(...)
 *   const clock = useFastClock();                  // transportClock.sleep resolves at once; clock.delays
 */
import type { KieSandbox, KieSandboxOptions, RecordedRequest } from '../sandbox/kieSandbox';
import { startKieSandbox } from '../sandbox/kieSandbox';
import { transportClock } from '../../nodes/KieSuno/transport';

export const CREATE_PATHS = ['/api/v1/generate/add-vocals', '/api/v1/generate/add-instrumental'];

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

/** The create requests (add-vocals / add-instrumental) the sandbox received. */
export function createRequests(sb: KieSandbox): RecordedRequest[] {
	return sb.requests.filter((request) => CREATE_PATHS.includes(request.path));
}

const realClock = { ...transportClock };

/** Makes the transport's sleeps instant and records them (retry backoff, pacing waits). */
export function useFastClock(): { delays: number[] } {
	const state = { delays: [] as number[] };
	beforeEach(() => {
		state.delays = [];
		transportClock.sleep = async (ms: number) => {
			state.delays.push(ms);
		};
	});
	afterEach(() => {
		transportClock.now = realClock.now;
		transportClock.sleep = realClock.sleep;
	});
	return state;
}

export function restoreClock(): void {
	transportClock.now = realClock.now;
	transportClock.sleep = realClock.sleep;
}

/** POSTs a create straight to the sandbox (no node), returning the task id. */
export async function createTaskDirect(
	sb: KieSandbox,
	kind: 'add-vocals' | 'add-instrumental' = 'add-instrumental',
	overrides: Record<string, unknown> = {},
	apiKey = 'sandbox-key',
): Promise<string> {
	const body =
		kind === 'add-vocals'
			? { prompt: 'p', style: 'Jazz', title: 'Direct', negativeTags: 'none', uploadUrl: 'https://example.com/a.mp3', callBackUrl: 'https://example.com/cb' }
			: { tags: 'piano', title: 'Direct', negativeTags: 'none', uploadUrl: 'https://example.com/a.mp3', callBackUrl: 'https://example.com/cb' };
	const response = await fetch(`${sb.url}/api/v1/generate/${kind}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...body, ...overrides }),
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
