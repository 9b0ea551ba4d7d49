/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Issue 10: a song made on either of Kie's routes (per-operation or jobs) ends with the same output
 * items, apart from `apiRoute`, whichever way the result arrives: poll, resume, the trigger (callback),
 * Get Task Details, and the downloaded files. The expected items are built from the sandbox's record
 * of the task (expected.ts), so every path is held to one route-independent truth.
 */
import { binaryFiles, digest, fileRecorder, outputItems } from './binary';
import { expectedMusicItems, without } from './expected';
import { FAST, type Receiver, deployReceiver, kieOp, limitNode } from './flows';
import { HAS_TRIGGER, VERSIONS, type VersionState, client, describeFailure, nodeOutput, runViaWebhook, sandbox, waitFor } from './helpers';

interface RouteCase {
	name: string;
	options: Record<string, unknown>;
	route: 'perOperation' | 'jobs';
	model: string;
}

const CASES: RouteCase[] = [
	{ name: 'auto, V6 (default) → jobs', options: {}, route: 'jobs', model: 'V6' },
	{ name: 'auto, V5 (discontinued) → per-operation', options: { model: 'V5' }, route: 'perOperation', model: 'V5' },
	{ name: 'forced jobs, V5', options: { model: 'V5', apiRoute: 'jobs' }, route: 'jobs', model: 'V5' },
	{ name: 'forced per-operation, V6_MINI', options: { model: 'V6_MINI', apiRoute: 'perOperation' }, route: 'perOperation', model: 'V6_MINI' },
];

const generate = (v: VersionState, c: RouteCase, completion: string, extra: Record<string, unknown> = {}) =>
	kieOp(v, 'Generate Music', 'music.generate', {
		prompt: `A song about ${c.name}`,
		completion,
		...extra,
		options: { ...c.options, downloadAudio: true, ...(completion === 'poll' ? FAST : { timeoutMinutes: 2 }) },
	});
const details = (v: VersionState) => kieOp(v, 'Get Task Details', 'music.getTaskDetails', { taskId: '={{ $json.taskId }}' });

/** The one create this case sent: its route's path, its model where the route puts it. */
async function createOf(v: VersionState, c: RouteCase, since: number) {
	const path = c.route === 'jobs' ? '/api/v1/jobs/createTask' : '/api/v1/generate';
	const creates = await sandbox(v).requests({ path, since });
	expect(creates).toHaveLength(1);
	const body = creates[0].body;
	if (c.route === 'jobs') expect({ model: body.model, inputModel: body.input.model }).toEqual({ model: 'ai-music-api/generate', inputModel: c.model });
	else expect(body.model).toBe(c.model);
	return body;
}

/** Each item's binary "audio" must be the sandbox's bytes of that track's audio file. */
async function expectTrackAudio(v: VersionState, files: Array<Record<string, Buffer>>, task: any) {
	expect(files).toHaveLength(task.tracks.length);
	for (const [i, item] of files.entries()) {
		const served = await sandbox(v).fileInfo(task.tracks[i].audioUrl);
		expect({ track: i, properties: Object.keys(item), audio: digest(item.audio) }).toEqual({
			track: i,
			properties: ['audio'],
			audio: { sha256: served.sha256, bytes: served.bytes },
		});
	}
}

describe.each(VERSIONS)('n8n $version: one song, either route, every path', (v: VersionState) => {
	const sb = sandbox(v);
	let rx: Receiver | undefined;
	beforeAll(async () => {
		if (HAS_TRIGGER) rx = await deployReceiver(v, { events: ['complete'], options: { downloadAudio: true } });
	});
	afterAll(async () => {
		await rx?.cleanup();
	});

	it.each(CASES)('$name: poll, the trigger, Get Task Details and downloads give the same items', async (c) => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'Generate Music');
		const r = await runViaWebhook(v, [generate(v, c, 'poll', rx ? { callbackUrl: rx.url } : {}), limitNode(), details(v)], {
			name: `e2e route ${c.route}`,
			inspect: recorder.inspect,
		});
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		await createOf(v, c, since);
		const polled = outputItems(r.execution, 'Generate Music');
		const task = await sb.task(polled[0].json.taskId);
		expect(task.route).toBe(c.route);
		const expected = expectedMusicItems(task, c.route);
		expect(polled.map((i) => i.json)).toEqual(expected);
		expect(nodeOutput(r.execution, 'Get Task Details')).toEqual(expected);
		await expectTrackAudio(v, recorder.files['Generate Music'], task);
		if (!rx) return;
		const received = await waitFor(
			async () => {
				const execs = await client(v).listExecutions({ workflowId: rx!.id, limit: 100 });
				for (const e of execs.filter((x: any) => x.status === 'success')) {
					const full = await client(v).getExecution(String(e.id), true);
					if (nodeOutput(full, 'Kie Suno Trigger')?.[0]?.taskId === task.taskId) return full;
				}
				return null;
			},
			{ timeoutMs: 30_000, intervalMs: 500, what: `the trigger's execution for task ${task.taskId}` },
		);
		const triggered = outputItems(received, 'Kie Suno Trigger');
		expect(triggered.map((i) => i.json.verified)).toEqual(expected.map(() => true));
		expect(without(triggered.map((i) => i.json), 'verified')).toEqual(expected);
		await expectTrackAudio(v, await Promise.all(triggered.map((item) => binaryFiles(v, item))), task);
	});
});

describe.each(VERSIONS)('n8n $version: one song, either route, resume', (v: VersionState) => {
	const sb = sandbox(v);
	beforeAll(async () => {
		// give n8n time to park the execution before the first callback arrives
		await sb.configure({ stageDelaysMs: { text: 1500, first: 300, complete: 300 } });
	});
	afterAll(async () => {
		await sb.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
	});

	it.each(CASES.slice(0, 2))('$name: resume gives the items of Get Task Details, with the files', async (c) => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'Generate Music');
		const r = await runViaWebhook(v, [generate(v, c, 'resume'), limitNode(), details(v)], {
			name: `e2e resume ${c.route}`,
			responseMode: 'onReceived',
			inspect: recorder.inspect,
		});
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const body = await createOf(v, c, since);
		expect(String(body.callBackUrl)).toContain(`${v.url}/webhook-waiting/`);
		const resumed = outputItems(r.execution, 'Generate Music');
		const task = await sb.task(resumed[0].json.taskId);
		const expected = expectedMusicItems(task, c.route);
		expect(resumed.map((i) => i.json)).toEqual(expected);
		expect(nodeOutput(r.execution, 'Get Task Details')).toEqual(expected);
		await expectTrackAudio(v, recorder.files['Generate Music'], task);
	});
});
