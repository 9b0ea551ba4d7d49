import { transportClock } from './index';

/**
 * Keeps creates within Kie's limit of `max` new generations per `windowMs` (20 per 10 s per
 * account). A create occupies a slot from when it is sent until `windowMs`
 * after its answer arrived; measuring from the answer rather than the send means Kie's own
 * window, which starts when the request reaches it, can never see more than `max`.
 */
export class CreatePacer {
	private readonly occupied: Array<{ releasedAt: number | null }> = [];

	private inFlight = 0;

	private turn: Promise<unknown> = Promise.resolve();

	private wakeUp: (() => void) | undefined;

	constructor(
		private readonly max: number,
		private readonly windowMs: number,
		private readonly concurrency = 5,
	) {}

	/** Runs `send` once a slot is free; callers are served in the order they asked. */
	async run<T>(send: () => Promise<T>): Promise<T> {
		const slot = this.turn.then(async () => await this.acquire());
		this.turn = slot.catch(() => undefined);
		const entry = await slot;
		try {
			return await send();
		} finally {
			entry.releasedAt = transportClock.now();
			this.inFlight--;
			this.wakeUp?.();
		}
	}

	private async acquire(): Promise<{ releasedAt: number | null }> {
		for (;;) {
			const now = transportClock.now();
			while (
				this.occupied.length > 0 &&
				this.occupied[0].releasedAt !== null &&
				this.occupied[0].releasedAt + this.windowMs <= now
			) {
				this.occupied.shift();
			}
			const windowFull = this.occupied.filter((entry) => entry.releasedAt === null || entry.releasedAt + this.windowMs > now).length >= this.max;
			if (!windowFull && this.inFlight < this.concurrency) {
				const entry = { releasedAt: null };
				this.occupied.push(entry);
				this.inFlight++;
				return entry;
			}
			const released = this.occupied
				.filter((entry): entry is { releasedAt: number } => entry.releasedAt !== null)
				.map((entry) => entry.releasedAt + this.windowMs - now);
			const waitForRelease = new Promise<void>((resolve) => (this.wakeUp = resolve));
			if (windowFull && released.length > 0 && this.inFlight < this.concurrency) {
				await Promise.race([transportClock.sleep(Math.max(1, Math.min(...released))), waitForRelease]);
			} else if (this.inFlight > 0) {
				await waitForRelease;
			} else {
				await transportClock.sleep(Math.max(1, Math.min(...released)));
			}
		}
	}
}

/**
 * Kie's limit is per account, so every execution in this n8n process that creates with the same
 * account and settings shares one pacer (other processes, e.g. queue-mode workers, cannot be
 * reached: there a 429 is retried). Bounded: the oldest pacer is dropped beyond 100 (its current
 * users keep it).
 */
const accountPacers = new Map<string, CreatePacer>();
const MAX_ACCOUNT_PACERS = 100;

export function accountPacer(account: string, max: number, windowMs: number, concurrency: number): CreatePacer {
	const key = `${account}\u0000${max}\u0000${windowMs}\u0000${concurrency}`;
	let pacer = accountPacers.get(key);
	if (!pacer) {
		if (accountPacers.size >= MAX_ACCOUNT_PACERS) accountPacers.delete(accountPacers.keys().next().value as string);
		pacer = new CreatePacer(max, windowMs, concurrency);
		accountPacers.set(key, pacer);
	}
	return pacer;
}

/** Forgets every shared pacer, as a process restart does. */
export function forgetAccountPacers(): void {
	accountPacers.clear();
}
