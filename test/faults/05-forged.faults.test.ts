/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Forged and replayed callbacks against three Kie Suno Triggers: with a credential and an HMAC
 * key, with a credential and no HMAC key (Ignore Duplicates off, so every confirmed doorbell shows
 * as an execution), and without a credential. Every forged body names an internal address (the
 * loopback listener) for its files and carries a marker; downloads are on everywhere.
 * Counted from n8n's executions: executions whose items carry forged data as Kie's (must be 0),
 * forged bodies passed on with `verified: false` (the no-credential trigger, by design), genuine
 * tasks whose complete callback was delivered but whose genuine result never started an execution
 * (must be 0), and requests to the internal listener (must be 0).
 */
import { randomBytes } from 'crypto';

import { SB, recordFigures, sleep, signHeaders, waitFor } from './helpers';
import { deployTrigger, extraCredential, settleTriggerExecutions } from './triggers';
import { capturedHeaders, createSong, forgeBody, forgedSongCallback, newMarker, postJson, recordRows, scanForged, waitFinished, type TableRow } from './forgery';
import { startInternalTarget, type InternalTarget } from './internalTarget';

interface Trigger {
	key: 'hmac' | 'noHmac' | 'none';
	label: string;
	id: string;
	url: string;
	signed: boolean;
}

interface Attack {
	name: string;
	tries: number;
	markers: string[];
	statuses: number[];
}

const GENUINE_LATE_MS = 6000;
const EARLY_TEXT_DELAY_MS = 4000;

/** The delivered (2xx) genuine complete callback of a task, once the sandbox has sent it. */
async function deliveredComplete(taskId: string, timeoutMs = 60_000): Promise<any> {
	return waitFor(async () => (await SB.callbacks(taskId)).find((c: any) => c.stage === 'complete' && c.status === 200), { timeoutMs, intervalMs: 300, what: `genuine complete callback of ${taskId}` });
}

describe('forged and replayed callbacks (trigger with credential + HMAC key, with credential only, without credential)', () => {
	const cleanups: Array<() => Promise<void>> = [];
	let target: InternalTarget;
	let triggers: Trigger[];

	beforeAll(async () => {
		await SB.clearFaults();
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		target = await startInternalTarget();
		const noHmac = await extraCredential('Kie API (faults, no HMAC key)', { webhookHmacKey: '' });
		const opts = { downloadAudio: true, downloadCover: true };
		const a = await deployTrigger('faults forged: credential + HMAC', { events: ['complete', 'error'], options: opts }, 'good');
		const b = await deployTrigger('faults forged: credential, no HMAC, duplicates on', { events: ['complete', 'error'], options: { ...opts, ignoreDuplicates: false } }, noHmac);
		const c = await deployTrigger('faults forged: no credential', { events: ['complete', 'error'], options: opts }, 'none');
		cleanups.push(a.cleanup, b.cleanup, c.cleanup);
		triggers = [
			{ key: 'hmac', label: 'credential + HMAC key', id: a.id, url: a.url, signed: true },
			{ key: 'noHmac', label: 'credential, no HMAC key, Ignore Duplicates off', id: b.id, url: b.url, signed: false },
			{ key: 'none', label: 'no credential', id: c.id, url: c.url, signed: false },
		];
	});

	afterAll(async () => {
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		await SB.clearFaults();
		await target?.close();
		for (const c of cleanups) await c();
	});

	it('no execution carries forged data as Kie\'s, no genuine result is lost, nothing requests an internal address', async () => {
		const attacks = new Map<string, Map<string, Attack>>(triggers.map((t) => [t.key, new Map()]));
		const note = (t: Trigger, name: string, marker: string | undefined, status: number) => {
			const m = attacks.get(t.key)!;
			const a = m.get(name) ?? { name, tries: 0, markers: [], statuses: [] };
			a.tries++;
			if (marker) a.markers.push(marker);
			a.statuses.push(status);
			m.set(name, a);
		};
		// a forger with captured headers: a valid signature for the task id, any body
		const sig = (t: Trigger, taskId: string) => (t.signed ? signHeaders(taskId) : {});

		// ---- X: Kie has the result; its genuine callbacks come late; forged complete and error come first
		const x = new Map<string, string>();
		for (const t of triggers) {
			await SB.addFault({ type: 'callback', lateMs: GENUINE_LATE_MS });
			x.set(t.key, await createSong(t.url, `forged x ${t.key}`));
		}
		await waitFinished([...x.values()]);
		await Promise.all(
			triggers.map(async (t) => {
				const taskId = x.get(t.key)!;
				for (const stage of ['complete', 'error']) {
					const marker = newMarker(`x${stage}`);
					const res = await postJson(t.url, forgedSongCallback(taskId, stage, marker, target.base), sig(t, taskId));
					note(t, `forged ${stage} (valid signature) before Kie's late callbacks`, marker, res.status);
				}
			}),
		);

		// ---- Y: a forged complete rings before Kie has finished (the genuine one comes later)
		await SB.configure({ stageDelaysMs: { text: EARLY_TEXT_DELAY_MS, first: 50, complete: 50 } });
		const y = new Map<string, string>();
		for (const t of triggers) y.set(t.key, await createSong(t.url, `forged y ${t.key}`));
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		await Promise.all(
			triggers.map(async (t) => {
				const taskId = y.get(t.key)!;
				const marker = newMarker('early');
				const res = await postJson(t.url, forgedSongCallback(taskId, 'complete', marker, target.base), sig(t, taskId));
				note(t, 'forged complete before Kie finished (early doorbell)', marker, res.status);
			}),
		);
		const earlySentAt = Date.now();

		// ---- the genuine callbacks arrive; then replays of them: exact, with a forged body, stale
		await Promise.all(
			triggers.map(async (t) => {
				const taskId = x.get(t.key)!;
				const genuine = await deliveredComplete(taskId);
				await sleep(1500);
				const exact = await postJson(t.url, genuine.body, capturedHeaders(genuine));
				note(t, 'replay of the genuine complete callback (same headers and body)', undefined, exact.status);
				const marker = newMarker('replay');
				const forged = await postJson(t.url, forgeBody(genuine.body, marker, target.base), capturedHeaders(genuine));
				note(t, 'captured headers replayed with a forged body', marker, forged.status);
				const staleMarker = newMarker('stale');
				const stale = await postJson(t.url, forgeBody(genuine.body, staleMarker, target.base), t.signed ? signHeaders(taskId, { offsetSec: -400 }) : {});
				note(t, 'forged body, signature 400 s old', staleMarker, stale.status);
			}),
		);

		// ---- forged callbacks for task ids Kie does not know
		await Promise.all(
			triggers.map(async (t) => {
				for (let i = 0; i < 3; i++) {
					const taskId = randomBytes(16).toString('hex');
					const marker = newMarker('unknown');
					const res = await postJson(t.url, forgedSongCallback(taskId, 'complete', marker, target.base), sig(t, taskId));
					note(t, 'forged complete for a task Kie does not know', marker, res.status);
				}
			}),
		);

		// the early doorbells keep asking Kie for up to 30 s (1+2+4+8+15) after they rang
		await Promise.all([...y.values()].map((id) => deliveredComplete(id)));
		await sleep(Math.max(0, earlySentAt + 32_000 - Date.now()));

		// ---- count
		const rows: TableRow[] = [];
		const figures: Record<string, unknown> = {};
		const problems: string[] = [];
		for (const t of triggers) {
			await settleTriggerExecutions(t.id, [x.get(t.key)!, y.get(t.key)!]);
			const markers = [...attacks.get(t.key)!.values()].flatMap((a) => a.markers);
			const scan = await scanForged(t.id, markers);
			let lost = 0;
			const genuineTasks = [x.get(t.key)!, y.get(t.key)!];
			for (const taskId of genuineTasks) {
				const task = await SB.task(taskId);
				const urls = (task.tracks as any[]).map((tr) => tr.audioUrl);
				const execs = scan.byTask.get(taskId) ?? [];
				const genuineExec = execs.find((e) => e.stage === 'complete' && urls.every((u) => JSON.stringify(e.items).includes(u)));
				if (!genuineExec) lost++;
				if (t.key === 'hmac' && execs.length !== 1) problems.push(`${t.label}: task ${taskId} started ${execs.length} executions, expected 1`);
			}
			for (const a of attacks.get(t.key)!.values()) {
				const forged = scan.forged.filter((id) => a.markers.some((m) => markerIn(scan, id, m))).length;
				const unconfirmed = scan.unconfirmed.filter((id) => a.markers.some((m) => markerIn(scan, id, m))).length;
				rows.push({
					attack: `${a.name} → trigger (${t.label})`,
					tries: a.tries,
					internalRequests: 0,
					forgedExecutions: forged,
					genuineLost: 0,
					...(t.key === 'none' ? { unconfirmed } : {}),
					note: `answers ${[...new Set(a.statuses)].join(', ')}`,
				});
				if (a.statuses.some((s) => s >= 500)) problems.push(`${t.label}: ${a.name} answered ${a.statuses.join(',')}`);
				if (t.signed && /400 s old/.test(a.name) && a.statuses.some((s) => s !== 401)) problems.push(`${t.label}: stale signature answered ${a.statuses.join(',')}`);
			}
			rows.push({ attack: `genuine tasks (late callbacks, early forged doorbell) → trigger (${t.label})`, tries: genuineTasks.length, internalRequests: 0, forgedExecutions: 0, genuineLost: lost });
			figures[t.key] = { executions: scan.executions, forged: scan.forged, unconfirmed: scan.unconfirmed, lost };
			if (scan.forged.length) problems.push(`${t.label}: executions with forged data: ${scan.forged.join(', ')}`);
			if (lost) problems.push(`${t.label}: ${lost} genuine result(s) lost`);
			if (t.key === 'none' && scan.unconfirmed.length === 0) problems.push('no-credential trigger: forged bodies were expected to pass unconfirmed (verified: false)');
		}
		const hits = target.hits().length;
		const internal = { hits, connections: target.connections() };
		// every row shares the one listener: a hit (or a bare connection) is charged to every row of this test
		for (const r of rows) r.internalRequests = Math.max(hits, internal.connections);
		recordRows('forged', rows);
		recordFigures('forged', { triggers: figures, internal, rows: rows.length });
		process.stdout.write(`[faults] forged: ${JSON.stringify({ figures, internal })}\n`);
		expect(internal).toEqual({ hits: 0, connections: 0 });
		expect(problems).toEqual([]);
	});
});

function markerIn(scan: { byTask: Map<string, Array<{ id: string; items: any[] }>> }, executionId: string, marker: string): boolean {
	for (const list of scan.byTask.values()) for (const e of list) if (e.id === executionId && JSON.stringify(e.items).includes(marker)) return true;
	return false;
}
