/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Replace Section through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie). Bodies are the reference's examples (family §4.5): no model; the window
 * is at least 10 s and at most half the track (checked when the input item is that track).
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, JOBS_CREATE, omit, outputOf, postsTo, runMusic } from './helpers';

const kie = useSandbox(FAST_SANDBOX);

const PATH = '/api/v1/generate/replace-section';
const FULL_LYRICS = '[Verse 1]\nOriginal lyrics\n[Chorus]\nNew lyrics for this section\n[Verse 2]\nMore original lyrics';

/** The reference's minimal and full bodies (family §4.5), verbatim. */
const MINIMAL = {
	taskId: '2fac****9f72',
	audioId: 'e231****8cadc7dc',
	prompt: 'A calm and relaxing piano bridge',
	tags: 'Jazz',
	title: 'Relaxing Piano',
	infillStartS: 10.5,
	infillEndS: 24.75,
	callBackUrl: CALLBACK,
};
const FULL = { ...MINIMAL, negativeTags: 'Rock', fullLyrics: FULL_LYRICS };

const minimalParameters = (extra: Record<string, unknown> = {}) => ({
	taskId: MINIMAL.taskId,
	audioId: MINIMAL.audioId,
	prompt: MINIMAL.prompt,
	tags: MINIMAL.tags,
	title: MINIMAL.title,
	infillStartS: 10.5,
	infillEndS: 24.75,
	completion: 'callback',
	callbackUrl: CALLBACK,
	...extra,
});

describe('Replace Section: request bodies', () => {
	it('minimal and full bodies are the reference\'s examples exactly, with no model', async () => {
		expect((await runMusic(kie.sb, 'replaceSection', minimalParameters())).error).toBeUndefined();
		const full = minimalParameters({ options: { negativeTags: 'Rock', fullLyrics: FULL_LYRICS } });
		expect((await runMusic(kie.sb, 'replaceSection', full)).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL, FULL]);
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
	});

	it('the default window (0 to 10 s) is a valid request', async () => {
		const result = await runMusic(kie.sb, 'replaceSection', omit(minimalParameters(), 'infillStartS', 'infillEndS'));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, infillStartS: 0, infillEndS: 10 }]);
		expect(outputOf(result)[0]).toMatchObject({ stage: 'pending', operation: 'replaceSection', title: 'Relaxing Piano', apiRoute: 'perOperation' });
	});

	it('"API Route" Jobs forces ai-music-api/replace-section with a snake_case input', async () => {
		const full = minimalParameters({ options: { negativeTags: 'Rock', fullLyrics: FULL_LYRICS, apiRoute: 'jobs' } });
		expect((await runMusic(kie.sb, 'replaceSection', full)).error).toBeUndefined();
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/replace-section',
				callBackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
				input: {
					task_id: MINIMAL.taskId,
					audio_id: MINIMAL.audioId,
					prompt: MINIMAL.prompt,
					tags: 'Jazz',
					title: 'Relaxing Piano',
					infill_start_s: 10.5,
					infill_end_s: 24.75,
					negative_tags: 'Rock',
					full_lyrics: FULL_LYRICS,
				},
			},
		]);
	});
});

describe('Replace Section: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['the end comes after the start', { infillStartS: 30, infillEndS: 30 }, '"End (Seconds)" (30) must be after "Start (Seconds)" (30) [item 0]'],
		['the section is at least 10 s', { infillStartS: 10.5, infillEndS: 20.49 }, 'The section from 10.5 s to 20.49 s is 9.99 s long; Kie replaces at least 10 s [item 0]'],
		['times have at most two decimals', { infillEndS: 24.755 }, '"End (Seconds)" may have at most 2 decimals, got 24.755 [item 0]'],
		['times are not negative', { infillStartS: -1 }, '"Start (Seconds)" must be a number from 0 to ∞, got -1 [item 0]'],
		['the task ID is required', { taskId: '={{ "" }}' }, '"Task ID" is required [item 0]'],
		['the tags are required', { tags: '={{ "" }}' }, '"Tags" is required [item 0]'],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, extra, message) => {
		const result = await runMusic(kie.sb, 'replaceSection', minimalParameters(extra));
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('at most half the track, when the input item is that track', async () => {
		const parameters = minimalParameters({ taskId: '={{ $json.taskId }}', audioId: '={{ $json.id }}', infillStartS: 10, infillEndS: '={{ $json.end }}' });
		const track = { taskId: 'task-1', id: 'track-1', duration: 30 };
		const tooLong = await runMusic(kie.sb, 'replaceSection', parameters, { inputItems: [{ json: { ...track, end: 25.01 } }] });
		expect(tooLong.error?.message).toBe('The section from 10 s to 25.01 s is 15.01 s long; Kie replaces at most half the track (15 s of 30 s) [item 0]');
		expect(kie.sb.requests).toHaveLength(0);

		const half = await runMusic(kie.sb, 'replaceSection', parameters, { inputItems: [{ json: { ...track, end: 25 } }] });
		expect(half.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, taskId: 'task-1', audioId: 'track-1', infillStartS: 10, infillEndS: 25 }]);
	});
});
