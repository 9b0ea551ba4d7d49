/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Kie's answers naming internal addresses. The sandbox's `resultUrls` fault puts a URL into a
 * task's record-info AND its callbacks; the nodes download with Download Audio and Cover on.
 * Every URL names the loopback listener (counted) or an address nothing listens on here (private,
 * metadata: then the item must show it was refused before any request). Redirects from the
 * trusted sandbox to internal addresses must be refused; oversized files stop at Max File Size.
 */
import { N8N, SB, V, addInstrumental, allExecutions, deploy, fakeMp3, itemsChain, nodeItems, recordFigures, sleep, tasksByTitle, waitFor, waitForStatus } from './helpers';
import { deployTrigger, settleTriggerExecutions } from './triggers';
import { createSong, recordRows, waitFinished, type TableRow } from './forgery';
import { internalUrls, redirectUrls, refusedBeforeRequest, startInternalTarget, type InternalTarget } from './internalTarget';

const MIB = 1024 * 1024;
const BIG_BYTES = 16 * MIB;

interface Case {
	what: string;
	url: string;
	counted: boolean;
}

describe('internal addresses, redirects and oversized files in Kie\'s answers', () => {
	const cleanups: Array<() => Promise<void>> = [];
	let target: InternalTarget;
	let uploadUrl: string;

	beforeAll(async () => {
		await SB.clearFaults();
		await SB.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
		target = await startInternalTarget();
		uploadUrl = await SB.seedUpload(`faults-internal-${Date.now()}.mp3`, fakeMp3());
	});

	afterAll(async () => {
		await SB.clearFaults();
		await target?.close();
		for (const c of cleanups) await c();
	});

	/** One poll run of Add Instrumental, one input per case; each created task names one case's URL. */
	async function pollRun(tag: string, cases: Case[], options: Record<string, unknown>) {
		const { workflow, path } = itemsChain(`faults internal ${tag} ${Date.now()}`, addInstrumental(uploadUrl, 'poll', { options }));
		const { id, cleanup } = await deploy(V, workflow);
		cleanups.push(cleanup);
		await N8N.waitForWebhook(path, { probeBody: { items: [] } });
		// one resultUrls fault per task, in creation order (a task takes the first one still unused)
		for (const c of cases) await SB.addFault({ type: 'resultUrls', urls: [c.url] });
		const prefix = `int-${tag}-${Date.now()}-`;
		const res = await N8N.callWebhook(path, { items: cases.map((_, i) => ({ title: `${prefix}${i}` })) }, { timeoutMs: 300_000 });
		await SB.clearFaults();
		const exec = (await allExecutions(id))[0];
		const full = await N8N.getExecution(exec.id, true);
		const items = nodeItems(full, 'Add Instrumental').map((i) => ({ json: i.json, binary: i.binary }));
		const tasks = [...(await tasksByTitle(prefix)).values()].map((l) => l[0]);
		return { res, items, tasks };
	}

	/** Per case: tracks, items, whether every file was refused before a request. */
	function judge(cases: Case[], run: { items: any[]; tasks: any[] }, files: number) {
		return cases.map((c) => {
			const task = run.tasks.find((t) => (t.resultUrls ?? [])[0] === c.url);
			const items = task ? run.items.filter((it) => it.json.taskId === task.taskId) : [];
			const refused = items.length > 0 && items.every((it) => refusedBeforeRequest(it.json.downloadError, files) && !it.binary);
			return { what: c.what, counted: c.counted, tracks: task?.tracks?.length ?? 0, items: items.length, refused, sample: String(items[0]?.json?.downloadError ?? '').slice(0, 160) };
		});
	}

	it('record-info, callbacks and redirects naming internal addresses cause no request to them; oversized downloads stop at the cap', async () => {
		const rows: TableRow[] = [];
		const figures: Record<string, unknown> = {};
		const problems: string[] = [];
		const hitsFor = (tag: string) => target.hits().filter((h) => h.url.includes(`/${tag}`)).length;

		// ---- record-info (poll), direct URLs and redirects
		const direct = internalUrls(target.port, 'int-direct');
		const redirects = redirectUrls(V.sandboxUrl, target.port, 'int-redirect');
		const pollRes = await pollRun('poll', [...direct, ...redirects], { downloadAudio: true, downloadCover: true });
		const judged = judge([...direct, ...redirects], pollRes, 2);
		const notRefused = (list: any[]) => list.filter((j) => !j.refused || j.items === 0);
		for (const [label, list, tag] of [
			['record-info names an internal address (poll, Download Audio + Cover)', judged.slice(0, direct.length), 'int-direct'],
			['record-info names a sandbox URL that redirects to an internal address (poll)', judged.slice(direct.length), 'int-redirect'],
		] as const) {
			const missed = notRefused(list as any[]);
			missed.forEach((j) => problems.push(`${label}: ${j.what}: ${j.items} items, "${j.sample}"`));
			rows.push({ attack: label, tries: list.length, internalRequests: hitsFor(tag) + missed.filter((j) => !j.counted).length, forgedExecutions: 0, genuineLost: 0, note: `${list.length} URLs × 2 tracks × (audio, cover)` });
		}
		figures.poll = judged;

		// ---- Kie's callbacks (and record-info) name internal addresses → triggers with and without credential
		const cbCases = internalUrls(target.port, 'int-callback').filter((c) => c.counted).slice(0, 5);
		const withCred = await deployTrigger('faults internal: credential', { events: ['complete'], options: { downloadAudio: true, downloadCover: true } }, 'good');
		const noCred = await deployTrigger('faults internal: no credential', { events: ['complete'], options: { downloadAudio: true, downloadCover: true } }, 'none');
		cleanups.push(withCred.cleanup, noCred.cleanup);
		const cbTasks: Array<{ trigger: string; taskId: string; c: Case }> = [];
		for (const [name, t] of [['credential', withCred], ['no credential', noCred]] as const) {
			for (const c of cbCases) {
				await SB.addFault({ type: 'resultUrls', urls: [c.url] });
				cbTasks.push({ trigger: name, taskId: await createSong(t.url, `internal ${name}`), c });
			}
		}
		await waitFinished(cbTasks.map((t) => t.taskId));
		await waitFor(async () => (await Promise.all(cbTasks.map((t) => SB.callbacks(t.taskId)))).every((cbs) => cbs.some((x: any) => x.stage === 'complete' && x.status === 200)), {
			timeoutMs: 60_000,
			intervalMs: 500,
			what: 'complete callbacks delivered',
		});
		for (const [name, t] of [['credential', withCred], ['no credential', noCred]] as const) {
			const mine = cbTasks.filter((x) => x.trigger === name);
			const byTask = await settleTriggerExecutions(t.id, mine.map((x) => x.taskId));
			let lost = 0;
			for (const x of mine) {
				const items = (byTask.get(x.taskId) ?? []).flatMap((e) => e.items);
				if (items.length === 0) lost++;
				else if (!items.every((it) => refusedBeforeRequest(it.downloadError, 2))) problems.push(`trigger (${name}): ${x.c.what}: ${JSON.stringify(items[0].downloadError)}`);
			}
			rows.push({ attack: `Kie's callbacks and record-info name an internal address → trigger (${name}, downloads on)`, tries: mine.length, internalRequests: hitsFor('int-callback'), forgedExecutions: 0, genuineLost: lost });
			if (lost) problems.push(`trigger (${name}): ${lost} task(s) started no execution`);
		}

		// ---- record-info names an internal address in resume mode
		const resume = itemsChain(`faults internal resume ${Date.now()}`, addInstrumental(uploadUrl, 'resume', { options: { downloadAudio: true, timeoutMinutes: 2 } }), 'onReceived');
		const rDeployed = await deploy(V, resume.workflow);
		cleanups.push(rDeployed.cleanup);
		await SB.addFault({ type: 'resultUrls', urls: [`http://127.0.0.1:${target.port}/int-resume/file.mp3`] });
		await N8N.callWebhook(resume.path, { items: [{ title: `int-resume-${Date.now()}` }] });
		const rExec = await waitFor(async () => (await allExecutions(rDeployed.id))[0], { timeoutMs: 60_000, intervalMs: 300, what: 'the resume execution' });
		const rDone = await waitForStatus(rExec.id, ['success', 'error', 'crashed', 'canceled'], 90_000);
		const rItems = nodeItems(rDone, 'Add Instrumental');
		const rOk = rDone.status === 'success' && rItems.length === 2 && rItems.every((it) => refusedBeforeRequest(it.json.downloadError, 1) && !it.binary);
		if (!rOk) problems.push(`resume: ${rDone.status} ${JSON.stringify(rItems.map((i) => i.json.downloadError))}`);
		rows.push({ attack: 'record-info names an internal address (resume, Download Audio)', tries: 1, internalRequests: hitsFor('int-resume'), forgedExecutions: 0, genuineLost: rDone.status === 'success' && rItems.length === 2 ? 0 : 1 });

		// ---- oversized: Content-Length above the cap, and a chunked body without one
		const served0 = (await SB.stats()).fileBytesServed;
		const big: Case[] = [
			{ what: `Content-Length ${BIG_BYTES / MIB} MiB`, url: `${V.sandboxUrl}/special/big.mp3?bytes=${BIG_BYTES}`, counted: false },
			{ what: `chunked ${BIG_BYTES / MIB} MiB, no Content-Length`, url: `${V.sandboxUrl}/special/nolength.mp3?bytes=${BIG_BYTES}`, counted: false },
		];
		const bigRun = await pollRun('big', big, { downloadAudio: true, maxFileSizeMb: 1 });
		await sleep(1000);
		const served = (await SB.stats()).fileBytesServed - served0;
		const downloads = bigRun.items.length;
		const bigJudged = big.map((c) => {
			const task = bigRun.tasks.find((t) => (t.resultUrls ?? [])[0] === c.url);
			const items = bigRun.items.filter((it) => it.json.taskId === task?.taskId);
			const stopped = items.length === 2 && items.every((it) => /^audio: larger than 1 MB/.test(String(it.json.downloadError)) && !it.binary);
			return { what: c.what, items: items.length, stopped, sample: String(items[0]?.json?.downloadError ?? '') };
		});
		bigJudged.filter((j) => !j.stopped).forEach((j) => problems.push(`oversized ${j.what}: ${j.items} items, "${j.sample}"`));
		// what left the sandbox: at most the cap per download plus the socket buffers in between
		const bound = downloads * (1 * MIB + 8 * MIB);
		if (served > bound) problems.push(`oversized: the sandbox served ${served} bytes for ${downloads} capped downloads (bound ${bound})`);
		rows.push({ attack: `oversized downloads (${BIG_BYTES / MIB} MiB, Max File Size 1 MB; with and without Content-Length)`, tries: downloads, internalRequests: 0, forgedExecutions: 0, genuineLost: 0, note: `${(served / MIB).toFixed(1)} MiB served for ${downloads} downloads of ${BIG_BYTES / MIB} MiB` });
		figures.oversized = { cases: bigJudged, servedBytes: served, downloads, fileBytes: BIG_BYTES };

		const internal = { hits: target.hits().length, connections: target.connections(), samples: target.hits().slice(0, 5) };
		figures.internal = internal;
		recordRows('internal', rows);
		recordFigures('internal', figures);
		process.stdout.write(`[faults] internal: ${JSON.stringify({ internal, oversized: figures.oversized }).slice(0, 1500)}\n`);
		expect(problems).toEqual([]);
		expect({ hits: internal.hits, connections: internal.connections }).toEqual({ hits: 0, connections: 0 });
	});
});
