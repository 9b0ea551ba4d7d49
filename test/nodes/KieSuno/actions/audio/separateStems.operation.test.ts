/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Separate Vocals and Stems through n8n-core's real WorkflowExecute against the Kie SANDBOX (local
 * test double of Kie, not Kie): both types, the exact items (one per task, a `<stem>Url` per stem Kie
 * returns, `stemTracks` for Generate MIDI) and one binary per stem with the bytes Kie served.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { FamilyTask } from './familyHarness';
import { binaryBytes, createdTask, deliverToWaiting, finishedSong, startReceiver, useFamilySandbox } from './familyHarness';

const kie = useFamilySandbox();
let song: FamilyTask;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
	receiver = await startReceiver();
});

afterAll(async () => {
	await receiver.close();
});

beforeEach(async () => {
	song = await finishedSong(kie.sb);
	kie.markSetupDone();
});

const run = async (overrides: IDataObject = {}) =>
	await runNode({
		parameters: { resource: 'audio', operation: 'separateStems', taskId: song.taskId, audioId: song.tracks[0].id, completion: 'poll', ...overrides } as never,
		credentials: testCredential(kie.sb.url),
	});

interface SandboxStem {
	name: string;
	detailsKey: string | null;
	group: string;
	id: string;
	url: string;
	duration: number;
}

const stemsOf = (task: FamilyTask) => task.result.stems as SandboxStem[];
const stemTracks = (task: FamilyTask) => stemsOf(task).map((stem) => ({ id: stem.id, name: stem.group, audioUrl: stem.url, duration: stem.duration }));
const COMMON = (task: FamilyTask) => ({ taskId: task.taskId, taskType: 'stems', apiRoute: 'perOperation', stage: 'complete', status: 'SUCCESS', code: 200, msg: null });

describe('Separate Vocals and Stems', () => {
	it('by default sends type separate_vocal and outputs vocalUrl, instrumentalUrl and stemTracks', async () => {
		const result = await run();
		expect(result.error).toBeUndefined();
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/vocal-removal/generate');
		expect(create.body).toStrictEqual({ taskId: song.taskId, audioId: song.tracks[0].id, type: 'separate_vocal', callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback` });
		const task = createdTask(kie.sb, 'stems');
		for (const read of reads) expect([read.path, read.query]).toEqual(['/api/v1/vocal-removal/record-info', { taskId: task.taskId }]);
		const [vocal, instrumental] = stemsOf(task);
		expect(result.items).toEqual([
			[{ json: { ...COMMON(task), vocalUrl: vocal.url, instrumentalUrl: instrumental.url, stemTracks: stemTracks(task) }, pairedItem: { item: 0 } }],
		]);
	});

	it('split_stem with Download Files: one field and one binary per stem, named by the stem, bytes as served', async () => {
		const result = await run({ type: 'split_stem', options: { downloadFiles: true } });
		expect(result.error).toBeUndefined();
		const task = createdTask(kie.sb, 'stems');
		expect(kie.nodeRequests()[0].body.type).toBe('split_stem');
		const stems = stemsOf(task);
		const [item] = result.items[0];
		const expectedJson: IDataObject = { ...COMMON(task) };
		for (const stem of stems) expectedJson[stem.detailsKey as string] = stem.url;
		expectedJson.stemTracks = stemTracks(task);
		expect(item.json).toEqual(expectedJson);

		const properties = stems.map((stem) => (stem.detailsKey as string).slice(0, -'Url'.length));
		expect(properties).toEqual(['vocal', 'backingVocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds', 'piano']);
		expect(Object.keys(item.binary ?? {}).sort()).toEqual([...properties].sort());
		for (const [index, property] of properties.entries()) {
			const binary = item.binary![property];
			expect([property, binary.mimeType, binary.fileName]).toEqual([property, 'audio/mpeg', `kie-suno-${task.taskId}-${property}.mp3`]);
			const bytes = await binaryBytes(binary);
			const served = await kie.sb.fileInfo(stems[index].url);
			expect([property, bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([property, served.bytes, served.sha256]);
		}
		expect(item.json).not.toHaveProperty('downloadError');
	});

	it('separate_vocal downloads exactly "vocal" and "instrumental" (<title>-<taskId>-vocal.mp3)', async () => {
		const result = await run({ options: { downloadFiles: true } });
		const task = createdTask(kie.sb, 'stems');
		const binary = result.items[0][0].binary!;
		expect(Object.keys(binary).sort()).toEqual(['instrumental', 'vocal']);
		expect(binary.vocal.fileName).toBe(`kie-suno-${task.taskId}-vocal.mp3`);
		expect(binary.instrumental.fileName).toBe(`kie-suno-${task.taskId}-instrumental.mp3`);
	});

	it('a stem Kie cannot serve becomes downloadError on the item; the other stems are still attached', async () => {
		kie.sb.addFault({ type: 'http', status: 404, path: '/files/*', times: 1 });
		const result = await run({ options: { downloadFiles: true } });
		const [item] = result.items[0];
		expect(item.json.downloadError).toBe('vocal: HTTP 404');
		expect(Object.keys(item.binary ?? {})).toEqual(['instrumental']);
	});

	it('resume: Kie\'s CN-style callback (vocal_removal_info) rings the doorbell; the items and files come from Kie\'s details', async () => {
		kie.sb.configure({ stemsCallbackKey: 'vocal_removal_info', familyDelaysMs: { stems: 3_600_000 } });
		receiver.received.length = 0;
		const waiting = await runNode({
			parameters: { resource: 'audio', operation: 'separateStems', taskId: song.taskId, audioId: song.tracks[0].id, completion: 'resume', options: { downloadFiles: true } } as never,
			credentials: testCredential(kie.sb.url),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		expect(waiting.status).toBe('waiting');
		const task = createdTask(kie.sb, 'stems');
		kie.sb.completeTask(task.taskId);
		await kie.sb.waitFor(() => receiver.received.length >= 1, 5000, 'the stems callback');
		const [callback] = receiver.received;
		expect(Object.keys(callback.body.data as IDataObject).sort()).toEqual(['task_id', 'vocal_removal_info']);
		const result = await deliverToWaiting(waiting, callback, testCredential(kie.sb.url));
		const [vocal, instrumental] = stemsOf(task);
		const [item] = result.workflowData![0];
		expect(item.json).toEqual({ ...COMMON(task), vocalUrl: vocal.url, instrumentalUrl: instrumental.url, stemTracks: stemTracks(task) });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(item.binary ?? {}).sort()).toEqual(['instrumental', 'vocal']);
		const served = await kie.sb.fileInfo(vocal.url);
		expect(createHash('sha256').update(await binaryBytes(item.binary!.vocal)).digest('hex')).toBe(served.sha256);
	});
});
