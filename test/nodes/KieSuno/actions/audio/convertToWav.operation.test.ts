/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Convert to WAV through n8n-core's real WorkflowExecute against the Kie SANDBOX (local test double
 * of Kie, not Kie): Kie's documented body on both routes, the exact output items, the "audio" binary,
 * Kie's "once per track" 409, and Kie's "Record does not exist".
 */
import { createHash } from 'crypto';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { FamilyTask } from './familyHarness';
import { binaryBytes, createdTask, finishedSong, useFamilySandbox } from './familyHarness';

const kie = useFamilySandbox();
let song: FamilyTask;

beforeEach(async () => {
	song = await finishedSong(kie.sb);
	kie.markSetupDone();
});

const parameters = (overrides: Record<string, unknown> = {}) => ({
	resource: 'audio',
	operation: 'convertToWav',
	taskId: song.taskId,
	audioId: song.tracks[1].id,
	completion: 'poll',
	...overrides,
});

const run = async (overrides: Record<string, unknown> = {}, continueOnFail = false) =>
	await runNode({ parameters: parameters(overrides) as never, credentials: testCredential(kie.sb.url), continueOnFail });

describe('Convert to WAV', () => {
	it('sends Kie\'s documented body {taskId, audioId, callBackUrl} and outputs one item with wavUrl', async () => {
		const result = await run();
		expect(result.error).toBeUndefined();
		const wav = createdTask(kie.sb, 'wav');
		const [create, ...reads] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/wav/generate');
		expect(create.body).toStrictEqual({ taskId: song.taskId, audioId: song.tracks[1].id, callBackUrl: `${kie.sb.url}/n8n-nodes-kie-suno/unused-callback` });
		expect(reads.length).toBeGreaterThan(0);
		for (const read of reads) expect([read.path, read.query]).toEqual(['/api/v1/wav/record-info', { taskId: wav.taskId }]);
		expect(result.items).toEqual([
			[
				{
					json: { taskId: wav.taskId, taskType: 'wav', apiRoute: 'perOperation', stage: 'complete', status: 'SUCCESS', code: 200, msg: null, wavUrl: wav.result.wavUrl },
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(result.items[0][0].binary).toBeUndefined();
	});

	it('Download Files attaches the WAV as binary "audio": audio/wav, <title>-<taskId>.wav, the bytes Kie served', async () => {
		const result = await run({ options: { downloadFiles: true } });
		expect(result.error).toBeUndefined();
		const wav = createdTask(kie.sb, 'wav');
		const [item] = result.items[0];
		expect(Object.keys(item.binary ?? {})).toEqual(['audio']);
		const binary = item.binary!.audio;
		expect(binary.mimeType).toBe('audio/wav');
		expect(binary.fileName).toBe(`kie-suno-${wav.taskId}.wav`);
		expect(binary.fileExtension).toBe('wav');
		const bytes = await binaryBytes(binary);
		const served = await kie.sb.fileInfo(wav.result.wavUrl as string);
		expect(bytes.length).toBe(served.bytes);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(served.sha256);
		expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
		expect(item.json).not.toHaveProperty('downloadError');
	});

	it('API Route "jobs" sends ai-music-api/convert-to-wav-format with snake_case input and reads jobs recordInfo', async () => {
		const result = await run({ completion: 'callback', callbackUrl: 'https://example.com/hook', options: { apiRoute: 'jobs' } });
		expect(result.error).toBeUndefined();
		const [create] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body).toStrictEqual({
			model: 'ai-music-api/convert-to-wav-format',
			input: { task_id: song.taskId, audio_id: song.tracks[1].id },
			callBackUrl: 'https://example.com/hook?kieTaskType=wav&kieApiRoute=jobs',
		});
		const wav = createdTask(kie.sb, 'wav');
		expect(result.items[0][0].json).toStrictEqual({
			taskId: wav.taskId,
			taskType: 'wav',
			apiRoute: 'jobs',
			stage: 'pending',
			operation: 'convertToWav',
			callbackUrl: 'https://example.com/hook?kieTaskType=wav&kieApiRoute=jobs',
		});

		kie.markSetupDone();
		const polled = await run({ options: { apiRoute: 'jobs' }, audioId: song.tracks[0].id });
		const second = [...kie.sb.tasks.values()].filter((task) => task.family === 'wav').find((task) => task.taskId !== wav.taskId)!;
		expect(kie.nodeRequests().slice(1).every((read) => read.path === '/api/v1/jobs/recordInfo')).toBe(true);
		expect(polled.items[0][0].json).toStrictEqual({
			taskId: second.taskId,
			taskType: 'wav',
			apiRoute: 'jobs',
			stage: 'complete',
			// the same item as the per-operation route gives
			status: 'SUCCESS',
			code: 200,
			msg: null,
			wavUrl: second.result.wavUrl,
		});
	});

	it('a track Kie already converted (409 with the earlier task\'s id) waits for that task instead of failing', async () => {
		const first = await run();
		const earlier = createdTask(kie.sb, 'wav');
		kie.markSetupDone();
		const again = await run();
		expect(again.error).toBeUndefined();
		const [create] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/wav/generate');
		expect([...kie.sb.tasks.values()].filter((task) => task.family === 'wav')).toHaveLength(1);
		expect(again.items[0][0].json).toStrictEqual(first.items[0][0].json);
		expect(again.items[0][0].json.taskId).toBe(earlier.taskId);
	});

	it('an audio id Kie does not know: Kie\'s 422 "Record does not exist" is the error, nothing is polled', async () => {
		const result = await run({ audioId: 'not-a-track' });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): Record does not exist');
		expect(kie.nodeRequests()).toHaveLength(1);
	});

	it('a WAV task that fails is one error item (Continue On Fail) with Kie\'s code and message', async () => {
		kie.sb.addFault({ type: 'outcome', status: 'GENERATE_WAV_FAILED' });
		const result = await run({}, true);
		const wav = createdTask(kie.sb, 'wav');
		expect(result.items[0]).toEqual([
			{
				json: { taskId: wav.taskId, taskType: 'wav', apiRoute: 'perOperation', stage: 'error', status: 'GENERATE_WAV_FAILED', code: 501, msg: 'WAV generation failed', error: 'WAV generation failed' },
				pairedItem: { item: 0 },
			},
		]);
	});
});
