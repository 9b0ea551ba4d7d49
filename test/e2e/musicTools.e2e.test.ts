/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Issue 11: Boost Style, Get Timestamped Lyrics and Generate Persona (synchronous: their answer is
 * the output) and Generate Cover Image (a cover task, poll, downloaded) in one real workflow. The
 * sandbox's answers are deterministic, so the expected outputs come from asking it the same thing
 * directly; exact request bodies are read from its request log.
 */
import { digest, fileRecorder } from './binary';
import { FAST, kieOp } from './flows';
import { VERSIONS, type VersionState, describeFailure, nodeOutput, runViaWebhook, sandbox } from './helpers';

const STYLE_IDEA = 'Pop, Mysterious';
/** A failing node gives its error item and the next node still runs, so each test shows its own failure. */
const ON_ERROR = { onError: 'continueRegularOutput' };
const PERSONA = { name: 'Sandbox Singer', description: 'Modern electronic pop singer, dynamic rhythms, synth tones' };

describe.each(VERSIONS)('n8n $version: Boost Style, Timestamped Lyrics, Persona, Cover Image', (v: VersionState) => {
	const sb = sandbox(v);
	let song: any;
	let r: Awaited<ReturnType<typeof runViaWebhook>>;
	let since: number;
	const recorder = fileRecorder(v, 'Cover Image');

	beforeAll(async () => {
		song = await sb.seedSong('V5', 'A seeded song with words to time');
		since = Date.now();
		r = await runViaWebhook(
			v,
			[
				kieOp(v, 'Boost Style', 'music.boostStyle', { content: STYLE_IDEA }, ON_ERROR),
				kieOp(v, 'Timestamps', 'music.getTimestampedLyrics', { taskId: song.taskId, audioId: song.tracks[0].id }, ON_ERROR),
				kieOp(
					v,
					'Persona',
					'music.generatePersona',
					{ taskId: song.taskId, audioId: song.tracks[1].id, ...PERSONA, options: { vocalStart: 12.5, vocalEnd: 38 } },
					ON_ERROR,
				),
				kieOp(v, 'Cover Image', 'music.generateCoverImage', { taskId: song.taskId, options: { ...FAST, downloadFiles: true } }, ON_ERROR),
			],
			{ name: 'e2e music tools', inspect: recorder.inspect },
		);
	});

	it('the workflow runs', () => {
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
	});

	it('Boost Style sends {content} and outputs Kie\'s boosted text as `style`', async () => {
		const sent = await sb.requests({ path: '/api/v1/style/generate', since });
		expect(sent.map((q) => q.body)).toEqual([{ content: STYLE_IDEA }]);
		const direct = (await sb.kie('POST', '/api/v1/style/generate', { content: STYLE_IDEA })).data;
		const [item] = nodeOutput(r.execution, 'Boost Style')!;
		expect(item).toEqual({
			style: direct.result,
			content: STYLE_IDEA,
			creditsConsumed: direct.creditsConsumed,
			creditsRemaining: expect.any(Number),
			createTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
		});
		// the node's call was charged before this direct one
		expect(item.creditsRemaining).toBeCloseTo(direct.creditsRemaining + direct.creditsConsumed, 2);
	});

	it('Get Timestamped Lyrics sends {taskId, audioId} and outputs Kie\'s alignment with the ids', async () => {
		const body = { taskId: song.taskId, audioId: song.tracks[0].id };
		const sent = await sb.requests({ path: '/api/v1/generate/get-timestamped-lyrics', since });
		expect(sent.map((q) => q.body)).toEqual([body]);
		const direct = (await sb.kie('POST', '/api/v1/generate/get-timestamped-lyrics', body)).data;
		expect(direct.alignedWords.length).toBeGreaterThan(0);
		expect(nodeOutput(r.execution, 'Timestamps')).toEqual([{ taskId: song.taskId, id: song.tracks[0].id, ...direct }]);
	});

	it('Generate Persona sends the vocal window and outputs the persona id, once per track', async () => {
		const body = { taskId: song.taskId, audioId: song.tracks[1].id, ...PERSONA, vocalStart: 12.5, vocalEnd: 38 };
		const sent = await sb.requests({ path: '/api/v1/generate/generate-persona', since });
		expect(sent.map((q) => q.body)).toEqual([body]);
		expect(nodeOutput(r.execution, 'Persona')).toEqual([
			{ taskId: song.taskId, id: song.tracks[1].id, personaId: expect.stringMatching(/^[0-9a-f]{32}$/), ...PERSONA },
		]);
		// the sandbox stored that persona: a second one for the track is refused
		expect((await sb.kie('POST', '/api/v1/generate/generate-persona', body)).code).toBe(409);
	});

	it('Generate Cover Image polls the cover task and downloads every image as image, image_1', async () => {
		const sent = await sb.requests({ path: '/api/v1/suno/cover/generate', since });
		expect(sent.map((q) => q.body)).toEqual([{ taskId: song.taskId, callBackUrl: `${v.sandboxUrl}/n8n-nodes-kie-suno/unused-callback` }]);
		const items = nodeOutput(r.execution, 'Cover Image')!;
		const task = await sb.task(items[0].taskId);
		expect(task.family).toBe('coverImage');
		expect(items).toEqual([
			{
				taskId: task.taskId,
				taskType: 'coverImage',
				apiRoute: 'perOperation',
				stage: 'complete',
				status: String(task.recordInfo.successFlag),
				code: 200,
				msg: null,
				imageUrls: task.result.images,
			},
		]);
		const files = recorder.files['Cover Image'][0];
		expect(Object.keys(files).sort()).toEqual(['image', 'image_1']);
		for (const [property, url] of [['image', task.result.images[0]], ['image_1', task.result.images[1]]]) {
			const served = await sb.fileInfo(url);
			expect({ property, ...digest(files[property]) }).toEqual({ property, sha256: served.sha256, bytes: served.bytes });
		}
	});
});
