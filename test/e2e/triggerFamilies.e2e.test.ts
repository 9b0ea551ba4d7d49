/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Issue 12: one Kie Suno Trigger URL receives the callbacks of every task type. A sender workflow
 * creates one task of each family (completion: callback, the trigger's URL); the trigger starts
 * exactly one execution per family's complete callback, with `taskType` set and the result read
 * from Kie (`verified: true`). Replayed (duplicate) and forged (bad signature) callbacks of the same
 * tasks are answered and start nothing.
 */
import { expectedMusicItems, expectedStemUrls, without } from './expected';
import { type Receiver, deployReceiver, kieOp, replayCallback, waitForExecutions } from './flows';
import { HAS_TRIGGER, VERSIONS, type VersionState, client, describeFailure, nodeOutput, request, runViaWebhook, sandbox, sleep, waitFor } from './helpers';

const describeIfTrigger = HAS_TRIGGER ? describe.each(VERSIONS) : describe.skip.each(VERSIONS);

/** Node name → its operation and parameters (every node in callback mode to the receiver). */
function senders(song: any, coverSong: any, stems: any): Array<[string, string, Record<string, unknown>]> {
	const track = { taskId: song.taskId, audioId: song.tracks[0].id };
	return [
		['Lyrics', 'lyrics.generate', { prompt: 'A nostalgic song about small towns' }],
		['WAV', 'audio.convertToWav', track],
		['Stems', 'audio.separateStems', track],
		['MIDI', 'audio.generateMidi', { taskId: stems.taskId }],
		['Video', 'audio.createMusicVideo', track],
		['Cover', 'music.generateCoverImage', { taskId: coverSong.taskId }],
		['Song', 'music.generate', { prompt: 'A song the trigger receives' }],
	];
}

/** What each family's trigger item must carry (besides the common fields), from the sandbox's record. */
function expectedResult(task: any): Record<string, unknown> {
	switch (task.family) {
		case 'lyrics':
			return { index: 0, count: task.result.variants.length, title: task.result.variants[0].title, text: task.result.variants[0].text };
		case 'wav':
			return { wavUrl: task.result.wavUrl };
		case 'stems':
			return expectedStemUrls(task);
		case 'midi':
			return { instruments: expect.any(Array) };
		case 'video':
			return { videoUrl: task.result.videoUrl };
		case 'coverImage':
			return { imageUrls: task.result.images };
		default:
			throw new Error(`no expectation for ${task.family}`);
	}
}

describeIfTrigger('n8n $version: the trigger receives every task type', (v: VersionState) => {
	const sb = sandbox(v);
	let rx: Receiver;
	const created: Record<string, string> = {}; // taskType → taskId
	afterAll(async () => {
		await rx?.cleanup();
	});

	it('one execution per family\'s complete callback, with taskType, verified from Kie', async () => {
		const song = await sb.seedSong('V5', 'A seeded song for every family');
		const coverSong = await sb.seedSong('V5', 'A seeded song for a cover');
		const stems = await sb.seedStems(song.taskId, song.tracks[1].id);
		rx = await deployReceiver(v, {});
		expect(rx.probe.status).toBe(400);
		const nodes = senders(song, coverSong, stems).map(([name, key, params]) => kieOp(v, name, key, { ...params, completion: 'callback', callbackUrl: rx.url }));
		const r = await runViaWebhook(v, nodes, { name: 'e2e every family' });
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		for (const [name] of senders(song, coverSong, stems)) {
			const [out] = nodeOutput(r.execution, name)!;
			expect(out).toEqual(expect.objectContaining({ stage: 'pending', taskId: expect.any(String), callbackUrl: expect.stringContaining(rx.url) }));
			created[out.taskType] = out.taskId;
		}
		expect(Object.keys(created).sort()).toEqual(['coverImage', 'lyrics', 'midi', 'music', 'stems', 'video', 'wav']);

		const executions = await waitForExecutions(v, rx.id, 7);
		await sleep(1000);
		expect(await client(v).listExecutions({ workflowId: rx.id, limit: 100 })).toHaveLength(7);
		const byType: Record<string, Array<Record<string, any>>> = {};
		for (const e of executions) {
			expect(e.status).toBe('success');
			const items = nodeOutput(e, 'Kie Suno Trigger')!;
			expect(new Set(items.map((i) => i.taskType)).size).toBe(1);
			byType[items[0].taskType] = items;
		}
		expect(Object.keys(byType).sort()).toEqual(Object.keys(created).sort());
		for (const [taskType, items] of Object.entries(byType)) {
			const task = await sb.task(created[taskType]);
			for (const item of items) expect({ taskType, verified: item.verified, stage: item.stage, taskId: item.taskId }).toEqual({ taskType, verified: true, stage: 'complete', taskId: task.taskId });
			if (taskType === 'music') expect(without(items, 'verified')).toEqual(expectedMusicItems(task));
			else expect({ taskType, first: items[0] }).toEqual({ taskType, first: expect.objectContaining({ apiRoute: task.route, ...expectedResult(task) }) });
		}
	});

	it('replayed and forged callbacks of those tasks are answered and start nothing', async () => {
		expect(Object.keys(created)).toHaveLength(7);
		// families at once (each family's replays in order): the trigger's duplicate record must hold under concurrency
		const perFamily = await Promise.all(
			Object.entries(created).map(async ([taskType, taskId]): Promise<Array<[string, string, number]>> => {
				const delivered = (await sb.callbacks(taskId)).filter((c) => c.status === 200).pop();
				if (!delivered) return [[taskType, 'no delivered callback to replay', 0]];
				const duplicate = (await replayCallback(delivered)).status;
				const forged = (await replayCallback(delivered, 'Zm9yZ2VkIHNpZ25hdHVyZQ==')).status;
				return [
					[taskType, 'duplicate', duplicate],
					[taskType, 'forged signature', forged],
				];
			}),
		);
		const answers = perFamily.flat();
		const unsigned = await request('POST', rx.url, { json: { code: 200, msg: 'success', data: { task_id: 'f'.repeat(32), audioWavUrl: `${v.sandboxUrl}/x.wav` } } });
		answers.push(['wav', 'unsigned, unknown task', unsigned.status]);
		expect(answers).toEqual(
			answers.map(([t, what]) => [t, what, what.startsWith('duplicate') ? 200 : 401]),
		);
		await sleep(1500);
		expect(await client(v).listExecutions({ workflowId: rx.id, limit: 100 })).toHaveLength(7);
	});

	it('a task type left out of `taskTypes` is answered 200 and starts nothing', async () => {
		const only = await deployReceiver(v, { taskTypes: ['music'] });
		try {
			const since = Date.now();
			const r = await runViaWebhook(v, [kieOp(v, 'Lyrics', 'lyrics.generate', { prompt: 'Lyrics nobody listens for', completion: 'callback', callbackUrl: only.url })]);
			expect(r.execution.status).toBe('success');
			const taskId = nodeOutput(r.execution, 'Lyrics')![0].taskId;
			const cbs = await waitFor(async () => {
				const list = (await sb.callbacks(taskId)).filter((c) => c.time >= since && typeof c.status === 'number');
				return list.length ? list : null;
			}, { timeoutMs: 20_000, intervalMs: 250, what: `the lyrics callback of ${taskId}` });
			expect(cbs.map((c) => c.status)).toEqual([200]);
			await sleep(1000);
			expect(await client(v).listExecutions({ workflowId: only.id })).toHaveLength(0);
		} finally {
			await only.cleanup();
		}
	});
});
