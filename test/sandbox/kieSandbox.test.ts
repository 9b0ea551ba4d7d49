/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* The entry point of the Kie SANDBOX (local test double of Kie's API, not Kie): what it exports and the 0.1 API it keeps. */
import * as sandbox from './kieSandbox';
import { useSandbox, addVocalsBody, createTask } from './testkit';

describe('exports', () => {
	test('the operation table maps every per-operation path to its jobs model and details path', () => {
		expect(sandbox.OPERATIONS).toEqual([
			{ kind: 'generate', family: 'music', path: '/api/v1/generate', jobsModel: 'ai-music-api/generate', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'extend', family: 'music', path: '/api/v1/generate/extend', jobsModel: 'ai-music-api/extend', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'upload-cover', family: 'music', path: '/api/v1/generate/upload-cover', jobsModel: 'ai-music-api/upload-and-cover-audio', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'upload-extend', family: 'music', path: '/api/v1/generate/upload-extend', jobsModel: 'ai-music-api/upload-and-extend-audio', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'add-vocals', family: 'music', path: '/api/v1/generate/add-vocals', jobsModel: 'ai-music-api/add-vocals', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'add-instrumental', family: 'music', path: '/api/v1/generate/add-instrumental', jobsModel: 'ai-music-api/add-instrumental', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'replace-section', family: 'music', path: '/api/v1/generate/replace-section', jobsModel: 'ai-music-api/replace-section', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'mashup', family: 'music', path: '/api/v1/generate/mashup', jobsModel: 'ai-music-api/mashup', detailsPath: '/api/v1/generate/record-info' },
			{ kind: 'lyrics', family: 'lyrics', path: '/api/v1/lyrics', jobsModel: 'ai-music-api/generate-lyrics', detailsPath: '/api/v1/lyrics/record-info' },
			{ kind: 'wav', family: 'wav', path: '/api/v1/wav/generate', jobsModel: 'ai-music-api/convert-to-wav-format', detailsPath: '/api/v1/wav/record-info' },
			{ kind: 'vocal-removal', family: 'stems', path: '/api/v1/vocal-removal/generate', jobsModel: 'ai-music-api/separate-vocals', detailsPath: '/api/v1/vocal-removal/record-info' },
			{ kind: 'midi', family: 'midi', path: '/api/v1/midi/generate', jobsModel: 'ai-music-api/generate-midi-from-audio', detailsPath: '/api/v1/midi/record-info' },
			{ kind: 'mp4', family: 'video', path: '/api/v1/mp4/generate', jobsModel: 'ai-music-api/create-music-video', detailsPath: '/api/v1/mp4/record-info' },
			{ kind: 'cover', family: 'coverImage', path: '/api/v1/suno/cover/generate', jobsModel: 'ai-music-api/cover-generate', detailsPath: '/api/v1/suno/cover/record-info' },
		]);
	});

	test('constants', () => {
		expect(sandbox.BANNER).toBe('Kie SANDBOX (local test double, not Kie)');
		expect(sandbox.FAILURE_STATUSES).toEqual(['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'CALLBACK_EXCEPTION', 'SENSITIVE_WORD_ERROR']);
		expect(sandbox.FAMILY_NAMES).toEqual(['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage']);
		expect(sandbox.V6_MODELS).toEqual(['V6', 'V6_MINI', 'V6_WILD']);
		expect(sandbox.LEGACY_MODELS).toEqual(['V5_5', 'V5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4']);
		expect(sandbox.STEM_NAMES).toHaveLength(98);
		expect(sandbox.STEM_NAMES.slice(0, 3)).toEqual(['Lead Vocal', 'Drum Kit', 'Kick']);
		expect(sandbox.isLoopbackHostname('127.0.0.5')).toBe(true);
		expect(sandbox.isLoopbackHostname('169.254.169.254')).toBe(false);
		expect(sandbox.isLoopbackHostname('10.0.0.1')).toBe(false);
	});

	test('refuses to listen on a non-loopback host', async () => {
		await expect(sandbox.startKieSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
	});
});

describe('the 0.1 instance API keeps working', () => {
	const kit = useSandbox();

	test('events task / stage / callback, tasks, requests, waitForTask, recordInfoData, publicTask', async () => {
		const seen: string[] = [];
		kit.sb.on('task', (t: sandbox.SandboxTask) => seen.push(`task:${t.kind}`));
		kit.sb.on('stage', (s: { stage: string }) => seen.push(`stage:${s.stage}`));
		kit.sb.on('callback', (c: sandbox.CallbackAttempt) => seen.push(`callback:${c.stage}:${c.attempt}`));
		const taskId = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody());
		const task = await kit.sb.waitForTask(taskId);
		await kit.sb.waitFor(() => kit.sb.callbacks.length === 3);
		expect(seen).toEqual(['task:add-vocals', 'stage:text', 'callback:text:0', 'stage:first', 'callback:first:0', 'stage:complete', 'callback:complete:0']);
		expect(task).toMatchObject({ taskId, kind: 'add-vocals', family: 'music', route: 'perOperation', operationType: 'add_vocals', status: 'SUCCESS', finished: true, visibleTracks: 2 });
		expect(kit.sb.publicTask(task).recordInfo).toEqual(kit.sb.recordInfoData(task));
		expect(kit.sb.requests.map((r) => r.path)).toEqual(['/api/v1/generate/add-vocals']);
		expect(kit.sb.port).toBe(Number(new URL(kit.sb.url).port));
	});
});
