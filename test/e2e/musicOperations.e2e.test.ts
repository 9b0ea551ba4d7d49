/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Issue 11: every new song operation, run in a real n8n in poll mode, sends the sandbox exactly the
 * body Kie documents (per-operation camelCase, or the jobs route's snake_case `input`), and ends with
 * one normalized item per track (expected.ts builds them from the sandbox's record of the task).
 * Source songs are seeded straight on the sandbox, as if made earlier.
 */
import { expectedMusicItems } from './expected';
import { FAST, kieOp } from './flows';
import { VERSIONS, type VersionState, describeFailure, fakeMp3, nodeOutput, runViaWebhook, sandbox } from './helpers';

interface Ctx {
	callBackUrl: string;
	/** A finished V5 song and a finished V6 song (per-operation route). */
	song: any;
	songV6: any;
	uploadA: string;
	uploadB: string;
}

interface OpCase {
	name: string;
	key: string;
	route: 'perOperation' | 'jobs';
	path: string;
	params(ctx: Ctx): Record<string, unknown>;
	body(ctx: Ctx): Record<string, unknown>;
}

const WEIGHTS = { styleWeight: 0.65, weirdnessConstraint: 0.4, audioWeight: 0.7 };
const JOBS = '/api/v1/jobs/createTask';

const CASES: OpCase[] = [
	{
		name: 'Generate Music, custom mode, V5 (per-operation, every option)',
		key: 'music.generate',
		route: 'perOperation',
		path: '/api/v1/generate',
		params: () => ({
			customMode: true,
			title: 'Summer Roads',
			style: 'Indie pop, warm female vocals, 100 bpm',
			prompt: '[Verse]\nNight city lights\n[Chorus]\nSummer roads',
			options: { ...FAST, model: 'V5', negativeTags: 'Heavy Metal', vocalGender: 'f', personaId: 'persona_123', ...WEIGHTS },
		}),
		body: (c) => ({
			customMode: true,
			instrumental: false,
			title: 'Summer Roads',
			style: 'Indie pop, warm female vocals, 100 bpm',
			prompt: '[Verse]\nNight city lights\n[Chorus]\nSummer roads',
			model: 'V5',
			negativeTags: 'Heavy Metal',
			vocalGender: 'f',
			personaId: 'persona_123',
			...WEIGHTS,
			callBackUrl: c.callBackUrl,
		}),
	},
	{
		name: 'Generate Music, defaults (V6 → jobs)',
		key: 'music.generate',
		route: 'jobs',
		path: JOBS,
		params: () => ({ prompt: 'A short upbeat lo-fi loop with gentle piano', options: FAST }),
		body: (c) => ({
			model: 'ai-music-api/generate',
			callBackUrl: c.callBackUrl,
			input: { custom_mode: false, instrumental: false, prompt: 'A short upbeat lo-fi loop with gentle piano', model: 'V6' },
		}),
	},
	{
		name: 'Extend Music, own settings, V5 (per-operation)',
		key: 'music.extend',
		route: 'perOperation',
		path: '/api/v1/generate/extend',
		params: (c) => ({
			audioId: c.song.tracks[0].id,
			defaultParamFlag: true,
			continueAt: 60,
			prompt: 'Extend with a gentle bridge',
			style: 'Classical',
			title: 'Peaceful Piano Extended',
			options: { ...FAST, model: 'V5', negativeTags: 'Heavy Metal', vocalGender: 'm', ...WEIGHTS },
		}),
		body: (c) => ({
			audioId: c.song.tracks[0].id,
			defaultParamFlag: true,
			continueAt: 60,
			prompt: 'Extend with a gentle bridge',
			style: 'Classical',
			title: 'Peaceful Piano Extended',
			model: 'V5',
			negativeTags: 'Heavy Metal',
			vocalGender: 'm',
			...WEIGHTS,
			callBackUrl: c.callBackUrl,
		}),
	},
	{
		name: 'Extend Music, inherited settings (V6 → jobs, no flag)',
		key: 'music.extend',
		route: 'jobs',
		path: JOBS,
		params: (c) => ({ audioId: c.songV6.tracks[1].id, options: FAST }),
		body: (c) => ({ model: 'ai-music-api/extend', callBackUrl: c.callBackUrl, input: { audio_id: c.songV6.tracks[1].id, model: 'V6' } }),
	},
	{
		name: 'Upload and Cover Audio, URL source (V6 → jobs)',
		key: 'music.uploadAndCover',
		route: 'jobs',
		path: JOBS,
		params: (c) => ({ sourceType: 'url', uploadUrl: c.uploadA, prompt: 'Reimagine as a jazz ballad', options: FAST }),
		body: (c) => ({
			model: 'ai-music-api/upload-and-cover-audio',
			callBackUrl: c.callBackUrl,
			input: { upload_url: c.uploadA, custom_mode: false, instrumental: false, prompt: 'Reimagine as a jazz ballad', model: 'V6' },
		}),
	},
	{
		name: 'Upload and Extend Audio, own settings (per-operation: jobs unverified)',
		key: 'music.uploadAndExtend',
		route: 'perOperation',
		path: '/api/v1/generate/upload-extend',
		params: (c) => ({
			sourceType: 'url',
			uploadUrl: c.uploadB,
			defaultParamFlag: true,
			continueAt: 2,
			prompt: 'Continue the chorus, then resolve',
			style: 'Classical',
			title: 'Uploaded Extension',
			options: FAST,
		}),
		body: (c) => ({
			uploadUrl: c.uploadB,
			defaultParamFlag: true,
			continueAt: 2,
			instrumental: false,
			prompt: 'Continue the chorus, then resolve',
			style: 'Classical',
			title: 'Uploaded Extension',
			model: 'V6',
			callBackUrl: c.callBackUrl,
		}),
	},
	{
		name: 'Replace Section (per-operation, no model)',
		key: 'music.replaceSection',
		route: 'perOperation',
		path: '/api/v1/generate/replace-section',
		params: (c) => ({
			taskId: c.song.taskId,
			audioId: c.song.tracks[0].id,
			prompt: 'A calm and relaxing piano bridge',
			tags: 'Jazz',
			title: 'Relaxing Piano',
			infillStartS: 10.5,
			infillEndS: 24.75,
			options: { ...FAST, negativeTags: 'Rock', fullLyrics: '[Verse 1]\nOriginal lyrics\n[Chorus]\nNew lyrics' },
		}),
		body: (c) => ({
			taskId: c.song.taskId,
			audioId: c.song.tracks[0].id,
			prompt: 'A calm and relaxing piano bridge',
			tags: 'Jazz',
			title: 'Relaxing Piano',
			infillStartS: 10.5,
			infillEndS: 24.75,
			negativeTags: 'Rock',
			fullLyrics: '[Verse 1]\nOriginal lyrics\n[Chorus]\nNew lyrics',
			callBackUrl: c.callBackUrl,
		}),
	},
	{
		name: 'Mashup of two URLs (per-operation: jobs unverified)',
		key: 'music.mashup',
		route: 'perOperation',
		path: '/api/v1/generate/mashup',
		params: (c) => ({ sourceType: 'url', uploadUrlList: `${c.uploadA}\n${c.uploadB}`, prompt: 'Blend into an upbeat dance track', options: FAST }),
		body: (c) => ({ uploadUrlList: [c.uploadA, c.uploadB], customMode: false, prompt: 'Blend into an upbeat dance track', model: 'V6', callBackUrl: c.callBackUrl }),
	},
];

/** Node names: one node per case, in one workflow (each node runs once: its input is one item). */
const nodeName = (i: number) => `Case ${i + 1}`;

describe.each(VERSIONS)('n8n $version: song operations (poll) — exact bodies, normalized items', (v: VersionState) => {
	const sb = sandbox(v);
	const ctx = {} as Ctx;
	let r: Awaited<ReturnType<typeof runViaWebhook>>;
	let since: number;
	beforeAll(async () => {
		ctx.callBackUrl = `${v.sandboxUrl}/n8n-nodes-kie-suno/unused-callback`;
		ctx.song = await sb.seedSong('V5');
		ctx.songV6 = await sb.seedSong('V6', 'A seeded V6 song to extend');
		ctx.uploadA = await sb.seedUpload(`mashup-a-${v.version}.mp3`, fakeMp3(24 * 1024, 'mashup-a'));
		ctx.uploadB = await sb.seedUpload(`mashup-b-${v.version}.mp3`, fakeMp3(24 * 1024, 'mashup-b-longer-seed'));
		since = Date.now();
		// one workflow runs every case, each node once (a song node outputs two tracks); a failing
		// node gives its error item and the next case still runs
		const nodes = CASES.map((c, i) => kieOp(v, nodeName(i), c.key, c.params(ctx), { executeOnce: true, onError: 'continueRegularOutput' }));
		r = await runViaWebhook(v, nodes, { name: 'e2e song operations' });
	});

	it('the workflow runs', () => {
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
	});

	it.each(CASES.map((c, i) => ({ ...c, i })))('$name', async (c) => {
		const items = nodeOutput(r.execution, nodeName(c.i))!;
		if (!items?.[0]?.taskId || items[0].error) throw new Error(`${c.name} gave no task: ${JSON.stringify(items)}`);
		const task = await sb.task(items[0].taskId);
		// the create of this case: its path, and on the jobs route its model (each case has its own)
		const creates = (await sb.requests({ path: c.path, since })).filter((q) => c.route !== 'jobs' || q.body.model === c.body(ctx).model);
		expect(creates.map((q) => q.body)).toEqual([c.body(ctx)]);
		expect(creates[0].headers.authorization).toBe(`Bearer ${v.sandboxKey}`);
		expect(task.route).toBe(c.route);
		expect(items).toEqual(expectedMusicItems(task, c.route));
	});
});
