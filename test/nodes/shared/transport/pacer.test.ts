/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * CreatePacer: unit tests on a fake clock, and 100 Add Instrumental items through n8n-core's real
 * WorkflowExecute against the Kie SANDBOX (a local test double of Kie, not Kie) with a scaled
 * rate window.
 */
import { runNode, testCredential } from '../../../harness/n8nCore';
import { createRequests, restoreClock, useSandbox } from '../../../harness/sandbox';
import { transportClock } from '../../../../nodes/shared/transport';
import { CreatePacer, accountPacer } from '../../../../nodes/shared/transport/pacer';

/** A virtual clock: sleeps resolve only when the driver advances time to them. */
class FakeClock {
	time = 0;

	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

	private seq = 0;

	install(): void {
		transportClock.now = () => this.time;
		transportClock.sleep = async (ms: number) =>
			await new Promise<void>((resolve) => this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve }));
	}

	/** Runs until `promise` settles, firing timers in time order. Bounded. */
	async runUntil<T>(promise: Promise<T>, maxSteps = 100_000): Promise<T> {
		let settled = false;
		promise.then(
			() => (settled = true),
			() => (settled = true),
		);
		for (let step = 0; step < maxSteps; step++) {
			await new Promise((resolve) => setImmediate(resolve));
			if (settled) return await promise;
			if (this.timers.length === 0) throw new Error(`deadlock at t=${this.time}: nothing scheduled`);
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
		throw new Error('fake clock: too many steps');
	}
}

interface SendRecord {
	index: number;
	start: number;
	end: number;
}

/** Fires `count` paced sends; each takes `latency(i)` virtual ms and may fail. */
async function pacedRun(
	clock: FakeClock,
	pacer: CreatePacer,
	count: number,
	latency: (index: number) => number,
	fails: (index: number) => boolean = () => false,
): Promise<{ sends: SendRecord[]; results: Array<'ok' | 'failed'> }> {
	const sends: SendRecord[] = [];
	const all = Promise.all(
		Array.from({ length: count }, async (_, index) => {
			try {
				await pacer.run(async () => {
					const record = { index, start: clock.time, end: -1 };
					sends.push(record);
					await transportClock.sleep(latency(index));
					record.end = clock.time;
					if (fails(index)) throw new Error(`send ${index} failed`);
				});
				return 'ok' as const;
			} catch {
				return 'failed' as const;
			}
		}),
	);
	const results = await clock.runUntil(all);
	return { sends, results };
}

/** At every send start: occupied slots (running, or released < windowMs ago) ≤ max; running ≤ concurrency. */
function checkInvariants(sends: SendRecord[], max: number, windowMs: number, concurrency: number): void {
	for (const current of sends) {
		const occupied = sends.filter((other) => other.start <= current.start && (other.end === -1 || other.end + windowMs > current.start));
		expect(occupied.length).toBeLessThanOrEqual(max);
		const running = sends.filter((other) => other.start <= current.start && other.end > current.start);
		expect(running.length).toBeLessThanOrEqual(concurrency);
	}
}

describe('CreatePacer (fake clock)', () => {
	const clock = new FakeClock();
	beforeEach(() => {
		clock.time = 0;
		clock.install();
	});
	afterEach(() => restoreClock());

	it('never lets more than max sends occupy a window, and serves callers in order', async () => {
		const pacer = new CreatePacer(20, 10_000, 5);
		const { sends, results } = await pacedRun(clock, pacer, 100, (index) => 50 + (index % 7) * 30);
		expect(results.every((result) => result === 'ok')).toBe(true);
		expect(sends.map((send) => send.index)).toEqual(Array.from({ length: 100 }, (_, index) => index));
		checkInvariants(sends, 20, 10_000, 5);
		// The first 20 go in the first window; 100 need at least 4 more windows.
		expect(sends.filter((send) => send.start < 10_000)).toHaveLength(20);
		expect(clock.time).toBeGreaterThanOrEqual(4 * 10_000);
		// ...and not much more: each window's 20 start as soon as the previous ones age out.
		expect(clock.time).toBeLessThan(5 * 10_000 + 20 * 300);
	});

	it('the window of a slot starts when its answer arrives, not when it was sent', async () => {
		const pacer = new CreatePacer(2, 1000, 5);
		// the first two sends take 600 ms each: the third may start only at 600 + 1000
		const { sends } = await pacedRun(clock, pacer, 3, (index) => (index < 2 ? 600 : 10));
		expect(sends[2].start).toBe(1600);
	});

	it('limits concurrency even when the window has room', async () => {
		const pacer = new CreatePacer(100, 1000, 3);
		const { sends } = await pacedRun(clock, pacer, 9, () => 100);
		checkInvariants(sends, 100, 1000, 3);
		expect(sends.map((send) => send.start)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200]);
	});

	it('a failed send still occupies its slot, and later callers still run', async () => {
		const pacer = new CreatePacer(2, 1000, 5);
		const { sends, results } = await pacedRun(clock, pacer, 4, () => 10, (index) => index === 0);
		expect(results).toEqual(['failed', 'ok', 'ok', 'ok']);
		checkInvariants(sends, 2, 1000, 5);
		expect(sends[2].start).toBeGreaterThanOrEqual(1010);
	});

	it('runs immediately when nothing is pending', async () => {
		const pacer = new CreatePacer(20, 10_000, 5);
		const { sends } = await pacedRun(clock, pacer, 5, () => 1);
		expect(sends.map((send) => send.start)).toEqual([0, 0, 0, 0, 0]);
	});
});

/** Add Instrumental that returns each task at once (completion: callback), paced to 20 per `windowMs`. */
const addInstrumentalReturningTasks = (model: string, windowMs: number) => ({
	resource: 'music',
	operation: 'addInstrumental',
	uploadUrl: 'https://example.com/vocals.mp3',
	title: '={{ $json.title }}',
	tags: 'piano',
	negativeTags: 'metal',
	completion: 'callback',
	callbackUrl: 'https://example.com/callback',
	options: { model, maxCreatesPerWindow: 20, rateWindowSeconds: windowMs / 1000 },
});

describe('executions running side by side share their account\'s pacer (scaled window)', () => {
	const WINDOW_MS = 300;
	const kie = useSandbox({ credits: 1_000_000, rateLimit: { max: 20, windowMs: WINDOW_MS, response: 'body' } });
	afterEach(() => restoreClock());

	const run = (credential: ReturnType<typeof testCredential>, execution: number) =>
		runNode({
			parameters: addInstrumentalReturningTasks('V5', WINDOW_MS),
			credentials: credential,
			inputItems: Array.from({ length: 30 }, (_, index) => ({ json: { title: `E${execution} T${index}` } })),
		});

	it('3 executions × 30 items at once: all 90 created, zero 429s, never more than 20 in any window', async () => {
		const results = await Promise.all([0, 1, 2].map(async (execution) => await run(testCredential(kie.sb.url), execution)));
		expect(results.map((result) => [result.status, result.items[0].length])).toEqual([
			['success', 30],
			['success', 30],
			['success', 30],
		]);
		expect(results.flatMap((result) => result.items[0].map((item) => item.json.stage))).toEqual(Array(90).fill('pending'));
		expect([kie.sb.stats.creates, kie.sb.stats.createRejectedRate, createRequests(kie.sb).length]).toEqual([90, 0, 90]);
		const accepted = [...kie.sb.tasks.values()].map((task) => task.createdAt).sort((a, b) => a - b);
		const worst = Math.max(...accepted.map((start) => accepted.filter((time) => time >= start && time < start + WINDOW_MS).length));
		expect(worst).toBeLessThanOrEqual(20);
	});

	it('another account is paced on its own', async () => {
		kie.sb.configure({ apiKeys: ['sandbox-key', 'second-account-key'] });
		const results = await Promise.all([
			run(testCredential(kie.sb.url), 0),
			run({ ...testCredential(kie.sb.url), apiKey: 'second-account-key' }, 1),
		]);
		expect(results.map((result) => result.status)).toEqual(['success', 'success']);
		expect([kie.sb.stats.creates, kie.sb.stats.createRejectedRate]).toEqual([60, 0]);
		// each key stays within its own 20 per window
		const tasks = [...kie.sb.tasks.values()];
		const worstWindow = (times: number[]) => Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + WINDOW_MS).length));
		const perKey = ['sandbox-key', 'second-account-key'].map((key) => worstWindow(tasks.filter((task) => task.apiKey === key).map((task) => task.createdAt)));
		expect(perKey.every((worst) => worst <= 20)).toBe(true);
		// one pacer per account and setting (the account is a hash of Base URL and key: credentials.test.ts)
		expect(accountPacer('account-a', 20, 10_000, 5)).toBe(accountPacer('account-a', 20, 10_000, 5));
		expect(accountPacer('account-b', 20, 10_000, 5)).not.toBe(accountPacer('account-a', 20, 10_000, 5));
		expect(accountPacer('account-a', 10, 10_000, 5)).not.toBe(accountPacer('account-a', 20, 10_000, 5));
	});
});

describe('pacing 100 Add Instrumental items through the real node (scaled window, both routes)', () => {
	const WINDOW_MS = 300;
	const kie = useSandbox({ credits: 1_000_000, rateLimit: { max: 20, windowMs: WINDOW_MS, response: 'body' } });
	afterEach(() => restoreClock());

	it('creates all 100 on both routes (Kie\'s limit is per account) with zero 429s and never more than 20 in any window', async () => {
		// V6 goes to the jobs route, a discontinued model to the per-operation route: one limit for both.
		const inputItems = Array.from({ length: 100 }, (_, index) => ({ json: { title: `Track ${index}`, model: index % 2 === 0 ? 'V6' : 'V5' } }));
		const result = await runNode({
			parameters: addInstrumentalReturningTasks('={{ $json.model }}', WINDOW_MS),
			credentials: testCredential(kie.sb.url),
			inputItems,
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');

		// all 100 created, each output item paired to its input, titles in order
		const items = result.items[0];
		expect(items).toHaveLength(100);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.stage).toBe('pending');
			expect(item.json.title).toBe(`Track ${index}`);
		});
		expect(kie.sb.tasks.size).toBe(100);
		expect(kie.sb.stats.creates).toBe(100);

		// the sandbox never had to refuse: zero 429s, exactly one request per item
		expect(kie.sb.stats.createRejectedRate).toBe(0);
		expect(createRequests(kie.sb)).toHaveLength(100);
		expect(kie.sb.stats.routes.jobs.creates).toBe(50);
		expect(kie.sb.stats.routes.perOperation.creates).toBe(50);
		items.forEach((item, index) => expect(item.json.apiRoute).toBe(index % 2 === 0 ? 'jobs' : 'perOperation'));

		// no sliding window (as the sandbox measures it: task acceptance times) holds more than 20
		const accepted = [...kie.sb.tasks.values()].map((task) => task.createdAt).sort((a, b) => a - b);
		let worst = 0;
		for (let i = 0; i < accepted.length; i++) {
			const inWindow = accepted.filter((time) => time >= accepted[i] && time < accepted[i] + WINDOW_MS).length;
			worst = Math.max(worst, inWindow);
		}
		expect(worst).toBeLessThanOrEqual(20);

		// lower bound: 100 creates at 20 per window need at least 4 full windows after the first
		const spanMs = accepted[99] - accepted[0];
		expect(spanMs).toBeGreaterThanOrEqual(4 * WINDOW_MS);
		expect(result.durationMs).toBeGreaterThanOrEqual(4 * WINDOW_MS);
		// eslint-disable-next-line no-console
		console.log(
			`pacing: 100 creates in ${result.durationMs} ms (first→last accepted ${spanMs} ms); ` +
				`theoretical minimum ${4 * WINDOW_MS} ms; ratio ${(result.durationMs / (4 * WINDOW_MS)).toFixed(2)}; worst window ${worst}/20`,
		);
	});
});
