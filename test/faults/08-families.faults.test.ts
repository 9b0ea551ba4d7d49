/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The callback faults of songs, for every other family (lyrics, WAV, stems, MIDI, music video,
 * cover image). A Kie Suno node per family (Poll Until Done, Callback URL = a Kie Suno Trigger
 * with a credential, HMAC key and Download Files) creates six tasks; the sandbox gives each one
 * fault: callbacks ×3, complete dropped, late 2.5 s, sent before Kie answered the create
 * (reordered), a failure delivered twice, and late 4 s with a forged complete (valid signature,
 * files on an internal address) ringing first. Then hostile requests shaped like each family's
 * callback, and the genuine callback replayed with a forged body.
 */
import { N8N, SB, V, deploy, itemsChain, recordFigures, request, signHeaders, waitFor } from './helpers';
import { callbacksSettled, deployTrigger, rejectedDeliveries, settleTriggerExecutions } from './triggers';
import { FAMILIES, hostileFamilyRequests, senderNode, type FamilySpec } from './families';
import { capturedHeaders, createSong, forgeBody, newMarker, postJson, recordRows, scanForged, waitFinished, type TableRow } from './forgery';
import { startInternalTarget, type InternalTarget } from './internalTarget';

const FAULTS_PER_TASK = [
	{ label: 'callbacks ×3', fault: { type: 'callback', duplicate: 3 }, expect: 'complete' },
	{ label: 'complete dropped', fault: { type: 'callback', drop: ['complete'] }, expect: 'none' },
	{ label: 'late 2.5 s', fault: { type: 'callback', lateMs: 2500 }, expect: 'complete' },
	{ label: 'reordered: callback before the create answer', fault: null, expect: 'complete' },
	{ label: 'failed, error callback ×2', fault: { type: 'callback', duplicate: 2 }, outcome: true, expect: 'error' },
	{ label: 'late 4 s, forged complete first', fault: { type: 'callback', lateMs: 4000 }, expect: 'complete', forgeFirst: true },
] as const;

describe('callback faults of lyrics, WAV, stems, MIDI, music video and cover image tasks', () => {
	const cleanups: Array<() => Promise<void>> = [];
	let target: InternalTarget;

	beforeAll(async () => {
		await SB.clearFaults();
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		target = await startInternalTarget();
	});

	afterAll(async () => {
		await SB.clearFaults();
		await target?.close();
		for (const c of cleanups) await c();
	});

	it('each family: one execution per task whose callback arrived, none with forged data, no request to internal addresses', async () => {
		const problems: string[] = [];
		const rows: TableRow[] = [];
		const figures: Record<string, unknown> = {};
		const trigger = await deployTrigger('faults families', { events: ['complete', 'error'], options: { downloadFiles: true } }, 'good');
		cleanups.push(trigger.cleanup);

		// sources: six finished songs (twelve tracks), their callbacks go nowhere
		const songs = await waitFinished(await Promise.all(Array.from({ length: 6 }, (_, i) => createSong(`http://127.0.0.1:9/faults-unused-${i}`, `family source ${i}`))));
		const tracks = songs.flatMap((s) => s.tracks.map((t: any) => ({ taskId: s.taskId, audioId: t.id })));
		const inputsFor = (spec: FamilySpec, stemsTaskId?: string) =>
			FAULTS_PER_TASK.map((_, i) =>
				spec.family === 'lyrics' ? { prompt: `fault suite lyrics ${i}` } : spec.family === 'coverImage' ? { taskId: songs[i].taskId } : spec.family === 'midi' ? { taskId: stemsTaskId } : tracks[i * 2],
			);

		const runFamily = async (spec: FamilySpec, stemsTaskId?: string) => {
			for (const [i, f] of FAULTS_PER_TASK.entries()) {
				if (f.fault) await SB.addFault({ ...f.fault, family: spec.family, afterCount: i });
				if ('outcome' in f && f.outcome) await SB.addFault({ type: 'outcome', status: spec.failure, family: spec.family, afterCount: i });
			}
			await SB.addFault({ type: 'acceptThenHang', ms: 2000, thenRespond: true, path: spec.createPath, afterCount: 3 });
			const { workflow, path } = itemsChain(`faults family ${spec.family} ${Date.now()}`, senderNode(spec, trigger.url));
			const { id, cleanup } = await deploy(V, workflow);
			cleanups.push(cleanup);
			await N8N.waitForWebhook(path, { probeBody: { items: [] } });
			const forgeFirst = (async () => {
				// as soon as the forge-first task has finished on Kie: its genuine callback is 4 s late
				const task = await waitFor(async () => (await SB.tasks()).filter((t) => t.family === spec.family && t.callbackFaults?.lateMs === 4000 && t.finished && !t.outcome)[0], { timeoutMs: 120_000, intervalMs: 200, what: `${spec.family} forge-first task` });
				const marker = newMarker(`${spec.family}first`);
				const body = { code: 200, msg: 'success', data: { task_id: task.taskId, taskId: task.taskId, callbackType: 'complete', audioWavUrl: `${target.base}/${marker}.wav`, video_url: `${target.base}/${marker}.mp4`, images: [`${target.base}/${marker}.png`], vocal_separation_info: { vocal_url: `${target.base}/${marker}.mp3` }, instruments: [{ name: marker, notes: [{ pitch: 60, start: 0, end: 1, velocity: 1 }] }], data: [{ text: marker, title: marker, status: 'complete' }] } };
				const res = await postJson(`${trigger.url}?kieTaskType=${spec.family}`, body, signHeaders(task.taskId));
				return { taskId: task.taskId, marker, status: res.status };
			})();
			const res = await N8N.callWebhook(path, { items: inputsFor(spec, stemsTaskId) }, { timeoutMs: 300_000 });
			return { spec, workflowId: id, pollItems: Array.isArray(res.body) ? res.body : [], forged: await forgeFirst };
		};
		const first = await Promise.all(FAMILIES.filter((f) => f.family !== 'midi').map((spec) => runFamily(spec)));
		const stemsTask = (await SB.tasks()).find((t) => t.family === 'stems' && t.finished && !t.outcome);
		const runs = [...first, await runFamily(FAMILIES.find((f) => f.family === 'midi')!, stemsTask.taskId)];

		// every family task's callbacks settle (late ones included); a delivery the trigger refused after every retry is kept
		const familyTasks = (await SB.tasks()).filter((t) => runs.some((r) => r.spec.family === t.family));
		const settled = await callbacksSettled(familyTasks.map((t) => t.taskId), 180_000);
		const refused = familyTasks.flatMap((t) => rejectedDeliveries(settled[t.taskId]).map((c: any) => `${t.family} ${t.taskId} ${c.stage}: ${c.status}`));
		if (refused.length) problems.push(`callbacks the trigger did not accept: ${refused.join('; ')}`);

		// hostile requests and replays with a forged body, per family
		const hostileMarkers: string[] = [];
		const hostile: Record<string, Record<string, number>> = {};
		for (const run of runs) {
			const task = familyTasks.find((t) => t.family === run.spec.family && t.callbackFaults?.duplicate === 3);
			const genuine = (await SB.callbacks(task.taskId)).find((c: any) => c.status === 200);
			const other = familyTasks.find((t) => t.family !== run.spec.family);
			const answers: Record<string, number> = {};
			for (const h of hostileFamilyRequests(run.spec.family as any, genuine.body, task.taskId, other.taskId)) {
				const res = await request('POST', `${trigger.url}${h.query}`, { body: h.body, headers: { 'content-type': h.contentType, ...h.headers }, timeoutMs: 30_000 });
				answers[`${h.what}: ${res.status}`] = res.status;
				if (res.status >= 500) problems.push(`${run.spec.family} hostile "${h.what}": HTTP ${res.status}`);
			}
			for (let k = 0; k < 2; k++) {
				const marker = newMarker(`${run.spec.family}replay`);
				hostileMarkers.push(marker);
				const res = await postJson(`${trigger.url}?kieTaskType=${run.spec.family}`, forgeBody(genuine.body, marker, target.base), capturedHeaders(genuine));
				answers[`replayed headers, forged body #${k + 1}: ${res.status}`] = res.status;
			}
			hostile[run.spec.family] = answers;
		}
		// every task whose complete or error callback was delivered must have its execution (Kie is asked first)
		const expectedTasks = familyTasks.filter((t) => !(t.callbackFaults?.drop ?? []).includes('complete')).map((t) => t.taskId);
		await settleTriggerExecutions(trigger.id, expectedTasks, { graceMs: 6000 });

		// count per family
		const scan = await scanForged(trigger.id, [...runs.map((r) => r.forged.marker), ...hostileMarkers]);
		for (const run of runs) {
			const { family } = run.spec;
			const tasks = familyTasks.filter((t) => t.family === family).sort((a, b) => a.seq - b.seq);
			const perFault: Array<{ label: string; executions: number; expected: number; lost: number; poll: string }> = [];
			for (const [i, f] of FAULTS_PER_TASK.entries()) {
				// task faults apply in creation order within the family; the 4th create's answer was held (reordered)
				const task = tasks[i];
				if (!task) {
					problems.push(`${family}: no task for "${f.label}"`);
					continue;
				}
				const execs = (scan.byTask.get(task.taskId) ?? []).filter((e) => e.stage === f.expect || (f.expect === 'none' && e.stage !== undefined));
				const expected = f.expect === 'none' ? 0 : 1;
				const delivered = (await SB.callbacks(task.taskId)).some((c: any) => c.status === 200 && (c.stage === 'complete' || c.stage === 'error'));
				const lost = delivered && execs.length === 0 ? 1 : 0;
				const polled = run.pollItems.filter((it: any) => it.taskId === task.taskId);
				const pollOk = f.expect === 'error' ? polled.length === 1 && polled[0].stage === 'error' : polled.length === run.spec.itemsPerTask(task) && polled.every((it: any) => it.stage === 'complete');
				if (execs.length !== expected) problems.push(`${family} "${f.label}": ${execs.length} executions, expected ${expected}`);
				if (!pollOk) problems.push(`${family} "${f.label}": poll gave ${JSON.stringify(polled).slice(0, 200)}`);
				perFault.push({ label: f.label, executions: execs.length, expected, lost, poll: pollOk ? 'ok' : 'WRONG' });
				rows.push({ attack: `${family}: ${f.label}`, tries: 1, internalRequests: 0, forgedExecutions: 0, genuineLost: lost, note: `executions ${execs.length} (expected ${expected}); poll ${pollOk ? 'ok' : 'WRONG'}` });
			}
			const h = hostile[family];
			const fiveXX = Object.values(h).filter((status) => status >= 500).length;
			rows.push({ attack: `${family}: hostile requests shaped like its callback, and captured headers replayed with forged bodies`, tries: Object.keys(h).length, internalRequests: 0, forgedExecutions: 0, genuineLost: 0, note: `${fiveXX ? `**${fiveXX} answered 5xx**: ` : ''}${Object.keys(h).join('; ')}` });
			figures[family] = { perFault, hostile: h, forgedFirst: run.forged };
		}
		const hits = target.hits().length;
		for (const r of rows) r.internalRequests = Math.max(hits, target.connections());
		for (const r of rows.filter((x) => /forged|replayed/.test(x.attack))) r.forgedExecutions = scan.forged.length;
		if (scan.forged.length) problems.push(`executions with forged data: ${scan.forged.join(', ')}`);
		recordRows('families', rows);
		recordFigures('families', { ...figures, executions: scan.executions, forged: scan.forged, internal: { hits, connections: target.connections() } });
		process.stdout.write(`[faults] families: ${JSON.stringify(figures).slice(0, 2000)}\n`);
		expect(problems).toEqual([]);
		expect({ hits, connections: target.connections() }).toEqual({ hits: 0, connections: 0 });
	});
});
