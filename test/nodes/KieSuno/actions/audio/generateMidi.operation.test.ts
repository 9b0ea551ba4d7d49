/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Generate MIDI through n8n-core's real WorkflowExecute against the Kie SANDBOX (local test double
 * of Kie, not Kie): the source is a stems task, the output is Kie's notes per instrument, and the
 * "midi" binary is a Standard MIDI File written from them (one track per instrument + a tempo track).
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { parseMidi } from '../../../shared/kie/smf';
import type { FamilyTask } from './familyHarness';
import { binaryBytes, createdTask, deliverToWaiting, finishedStems, startReceiver, useFamilySandbox } from './familyHarness';

const kie = useFamilySandbox();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
	receiver = await startReceiver();
});

afterAll(async () => {
	await receiver.close();
});

interface KieInstrument {
	name: string;
	notes: Array<{ pitch: number; start: number; end: number; velocity: number }>;
}

const instrumentsOf = (task: FamilyTask) => task.result.instruments as KieInstrument[];

const parameters = (stems: FamilyTask, overrides: IDataObject = {}) => ({
	resource: 'audio',
	operation: 'generateMidi',
	taskId: stems.taskId,
	completion: 'poll',
	...overrides,
});

const run = async (stems: FamilyTask, overrides: IDataObject = {}) =>
	await runNode({ parameters: parameters(stems, overrides) as never, credentials: testCredential(kie.sb.url) });

const completeItem = (task: FamilyTask, status = '1') => ({
	taskId: task.taskId,
	taskType: 'midi',
	apiRoute: 'perOperation',
	stage: 'complete',
	status,
	code: 200,
	msg: null,
	instruments: instrumentsOf(task),
});

describe('Generate MIDI', () => {
	it('sends {taskId, callBackUrl} (no audioId unless given) and outputs Kie\'s instruments; numbers sent as strings become numbers', async () => {
		kie.sb.configure({ midiStringNumbers: 'both' });
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		const result = await run(stems);
		expect(result.error).toBeUndefined();
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/midi/generate');
		expect(create.body).toStrictEqual({ taskId: stems.taskId, callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback` });
		const task = createdTask(kie.sb, 'midi');
		for (const read of reads) expect([read.path, read.query]).toEqual(['/api/v1/midi/record-info', { taskId: task.taskId }]);
		// the sandbox really answered strings for some of the numbers
		const answered = (kie.sb as unknown as { recordInfoData(task: FamilyTask): IDataObject }).recordInfoData(task);
		expect(typeof ((answered.midiData as { instruments: KieInstrument[] }).instruments[0].notes[0].start as unknown)).toBe('string');
		expect(result.items).toEqual([[{ json: completeItem(task), pairedItem: { item: 0 } }]]);
	});

	it('Options > Audio ID picks one separated track (an id from the stems item\'s stemTracks)', async () => {
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		const audioId = stems.result.stems[1].id as string;
		await run(stems, { completion: 'callback', callbackUrl: 'https://example.com/hook', options: { audioId: `  ${audioId}\n` } });
		expect(kie.nodeRequests()[0].body).toStrictEqual({ taskId: stems.taskId, audioId, callBackUrl: 'https://example.com/hook?kieTaskType=midi' });
	});

	it('Download Files writes the "midi" binary: audio/midi, <title>-<taskId>.mid, a tempo track and one track per instrument with every note', async () => {
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		const result = await run(stems, { options: { downloadFiles: true } });
		const task = createdTask(kie.sb, 'midi');
		const [item] = result.items[0];
		expect(item.json).toEqual(completeItem(task));
		expect(Object.keys(item.binary ?? {})).toEqual(['midi']);
		const binary = item.binary!.midi;
		expect(binary.mimeType).toBe('audio/midi');
		expect(binary.fileName).toBe(`kie-suno-${task.taskId}.mid`);
		const midi = parseMidi(await binaryBytes(binary));
		const instruments = instrumentsOf(task);
		expect(instruments.length).toBeGreaterThanOrEqual(2);
		expect(midi).toMatchObject({ format: 1, trackCount: instruments.length + 1, division: 480 });
		expect(midi.tracks[0]).toMatchObject({ tempo: 500_000, notes: [] });
		expect(midi.tracks.slice(1).map((track) => [track.name, track.notes.length])).toEqual(instruments.map((instrument) => [instrument.name, instrument.notes.length]));
		const written = midi.tracks.reduce((sum, track) => sum + track.notes.length, 0);
		expect(written).toBe(task.result.noteCount);
		// every note where Kie put it: 960 ticks per second at 120 BPM
		for (const [index, instrument] of instruments.entries()) {
			expect(midi.tracks[index + 1].notes.map((note) => [note.pitch, note.tick])).toEqual(
				instrument.notes.map((note) => [note.pitch, Math.round(note.start * 960)]).sort((a, b) => a[1] - b[1] || a[0] - b[0]),
			);
		}
	});

	it('a split_stem source Kie gives no notes for: complete with no instruments, and a MIDI file of just the tempo track', async () => {
		kie.sb.configure({ midiEmptyForSplitStem: true });
		const stems = await finishedStems(kie.sb, 'split_stem');
		kie.markSetupDone();
		const result = await run(stems, { options: { downloadFiles: true } });
		const [item] = result.items[0];
		expect(item.json).toMatchObject({ stage: 'complete', status: '1', instruments: [] });
		expect(parseMidi(await binaryBytes(item.binary!.midi))).toMatchObject({ format: 1, trackCount: 1 });
	});

	it('a music task id instead of a stems task id: Kie\'s 422 "Record does not exist"', async () => {
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		const result = await run(stems, { taskId: stems.params.taskId });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): Record does not exist');
		expect(kie.nodeRequests()).toHaveLength(1);
	});

	it('a MIDI task that fails (successFlag 3) is one error item', async () => {
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		kie.sb.addFault({ type: 'outcome', status: 'GENERATE_MIDI_FAILED' });
		const result = await runNode({ parameters: parameters(stems) as never, credentials: testCredential(kie.sb.url), continueOnFail: true });
		const task = createdTask(kie.sb, 'midi');
		expect(result.items[0]).toEqual([
			{
				json: { taskId: task.taskId, taskType: 'midi', apiRoute: 'perOperation', stage: 'error', status: '3', code: 501, msg: 'MIDI generation failed', error: 'MIDI generation failed' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('resume: Kie\'s MIDI callback (task id at the top level) resumes with the notes read from Kie', async () => {
		const stems = await finishedStems(kie.sb);
		kie.markSetupDone();
		kie.sb.configure({ familyDelaysMs: { midi: 3_600_000 } });
		receiver.received.length = 0;
		const waiting = await runNode({
			parameters: parameters(stems, { completion: 'resume' }) as never,
			credentials: testCredential(kie.sb.url),
			webhookWaitingBaseUrl: receiver.waitingBaseUrl,
		});
		expect(waiting.status).toBe('waiting');
		const task = createdTask(kie.sb, 'midi');
		kie.sb.completeTask(task.taskId);
		await kie.sb.waitFor(() => receiver.received.length >= 1, 5000, 'the MIDI callback');
		const [callback] = receiver.received;
		expect(callback.body.task_id).toBe(task.taskId);
		expect((callback.body.data as IDataObject).task_id).toBeUndefined();
		const result = await deliverToWaiting(waiting, callback, testCredential(kie.sb.url));
		expect(result).toEqual({ workflowData: [[{ json: completeItem(task), pairedItem: { item: 0 } }]], noWebhookResponse: true });
	});
});
