/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Generate Music through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie). Bodies are compared with the reference's examples (family §4.1) on the
 * per-operation route, and with their snake_case form on the jobs route (family §12).
 */
import { runNode, testCredential } from '../../../../harness/n8nCore';
import { useSandbox } from '../../../../harness/sandbox';
import {
	bodiesTo,
	CALLBACK,
	FAST_SANDBOX,
	JOBS_CREATE,
	JOBS_DETAILS,
	JOBS_MUSIC_CALLBACK,
	omit,
	outputOf,
	postsTo,
	RECORD_INFO,
	runMusic,
	useVirtualClock,
} from './helpers';

const kie = useSandbox(FAST_SANDBOX);
useVirtualClock();

const PATH = '/api/v1/generate';

/** The reference's minimal and full request bodies (family §4.1), verbatim. */
const MINIMAL = { prompt: 'A short upbeat lo-fi loop, gentle piano', customMode: false, instrumental: true, model: 'V6', callBackUrl: CALLBACK };
const FULL = {
	prompt: '[Verse]\nNight city lights…\n[Chorus]\n…',
	style: 'Indie pop, warm female vocals, 100 bpm',
	title: 'Summer Roads',
	customMode: true,
	instrumental: false,
	model: 'V6',
	callBackUrl: CALLBACK,
	negativeTags: 'Heavy Metal',
	vocalGender: 'f',
	styleWeight: 0.65,
	weirdnessConstraint: 0.4,
	audioWeight: 0.65,
	personaId: 'persona_123',
};

const minimalParameters = (options: Record<string, unknown> = {}) => ({
	instrumental: true,
	prompt: MINIMAL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options,
});

const fullParameters = (options: Record<string, unknown> = {}) => ({
	customMode: true,
	title: FULL.title,
	style: FULL.style,
	prompt: FULL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options: {
		negativeTags: 'Heavy Metal',
		vocalGender: 'f',
		styleWeight: 0.65,
		weirdnessConstraint: 0.4,
		audioWeight: 0.65,
		personaId: 'persona_123',
		...options,
	},
});

describe('Generate Music: request bodies', () => {
	it('per-operation route: the minimal body is the reference\'s example exactly', async () => {
		const result = await runMusic(kie.sb, 'generate', minimalParameters({ apiRoute: 'perOperation' }));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL]);
		expect(kie.sb.requests).toHaveLength(1);
	});

	it('per-operation route: the full body is the reference\'s example exactly', async () => {
		const result = await runMusic(kie.sb, 'generate', fullParameters({ apiRoute: 'perOperation' }));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([FULL]);
	});

	it('auto route with the default model V6: the jobs route with a snake_case input', async () => {
		const result = await runMusic(kie.sb, 'generate', minimalParameters());
		expect(result.error).toBeUndefined();
		expect(postsTo(kie.sb, PATH)).toHaveLength(0);
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/generate',
				callBackUrl: JOBS_MUSIC_CALLBACK,
				input: { prompt: MINIMAL.prompt, custom_mode: false, instrumental: true, model: 'V6' },
			},
		]);
		expect(outputOf(result)[0]).toMatchObject({ apiRoute: 'jobs', taskType: 'music', operation: 'generate', stage: 'pending' });
	});

	it('auto route, full body: every field in snake_case on the jobs route', async () => {
		const result = await runMusic(kie.sb, 'generate', fullParameters({ model: 'V6_WILD' }));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/generate',
				callBackUrl: JOBS_MUSIC_CALLBACK,
				input: {
					prompt: FULL.prompt,
					style: FULL.style,
					title: FULL.title,
					custom_mode: true,
					instrumental: false,
					model: 'V6_WILD',
					negative_tags: 'Heavy Metal',
					vocal_gender: 'f',
					style_weight: 0.65,
					weirdness_constraint: 0.4,
					audio_weight: 0.65,
					persona_id: 'persona_123',
				},
			},
		]);
	});

	it('auto route with a discontinued model: the per-operation route', async () => {
		const result = await runMusic(kie.sb, 'generate', minimalParameters({ model: 'V5' }));
		expect(result.error).toBeUndefined();
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, model: 'V5' }]);
		expect(outputOf(result)[0].apiRoute).toBe('perOperation');
	});

	it('the defaults send a vocal song in description mode with model V6', async () => {
		const result = await runMusic(kie.sb, 'generate', { prompt: 'A song about rain', completion: 'callback', callbackUrl: CALLBACK });
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, JOBS_CREATE)[0].input).toStrictEqual({ prompt: 'A song about rain', custom_mode: false, instrumental: false, model: 'V6' });
	});

	it('description mode does not send what Kie ignores there, even when the options are set', async () => {
		const parameters = { ...fullParameters({ apiRoute: 'perOperation' }), customMode: false, prompt: 'A song about rain' };
		const result = await runMusic(kie.sb, 'generate', parameters);
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([
			{ prompt: 'A song about rain', customMode: false, instrumental: false, model: 'V6', callBackUrl: CALLBACK },
		]);
	});

	it('custom instrumental mode needs no lyrics and sends no vocal gender', async () => {
		const parameters = { ...fullParameters({ apiRoute: 'perOperation' }), instrumental: true, prompt: '' };
		const result = await runMusic(kie.sb, 'generate', parameters);
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...omit(FULL, 'prompt', 'vocalGender'), instrumental: true }]);
	});
});

describe('Generate Music: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['description mode needs a prompt', { prompt: '={{ $json.empty }}' }, '"Prompt" is required [item 0]'],
		[
			'description-mode prompts are at most 3000 characters',
			{ prompt: 'a'.repeat(3001) },
			'"Prompt" has 3001 characters; Kie allows at most 3000 without Custom Mode [item 0]',
		],
		['custom mode needs a style', { ...fullParameters(), style: '={{ "" }}' }, '"Style" is required [item 0]'],
		['custom mode needs a title', { ...fullParameters(), title: '={{ "" }}' }, '"Title" is required [item 0]'],
		['custom vocal mode needs lyrics', { ...fullParameters(), prompt: '={{ "" }}' }, '"Lyrics" is required [item 0]'],
		[
			'titles are at most 80 characters',
			{ ...fullParameters(), title: 't'.repeat(81) },
			'"Title" has 81 characters; Kie allows at most 80 with model V6 [item 0]',
		],
		[
			'V4 styles are at most 200 characters',
			{ ...fullParameters({ model: 'V4' }), style: 's'.repeat(201) },
			'"Style" has 201 characters; Kie allows at most 200 with model V4 [item 0]',
		],
		[
			'V6 lyrics are at most 5000 characters',
			{ ...fullParameters(), prompt: 'l'.repeat(5001) },
			'"Lyrics" has 5001 characters; Kie allows at most 5000 with model V6 [item 0]',
		],
		[
			'weights have at most two decimals',
			fullParameters({ styleWeight: 0.655 }),
			'"Style Weight" may have at most 2 decimals, got 0.655 [item 0]',
		],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, parameters, message) => {
		const result = await runMusic(kie.sb, 'generate', { completion: 'callback', callbackUrl: CALLBACK, ...parameters });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('a V4 custom body allows 3000 characters of lyrics, V5 5000', async () => {
		const tooLong = await runMusic(kie.sb, 'generate', { ...fullParameters({ model: 'V4' }), prompt: 'l'.repeat(3001) });
		expect(tooLong.error?.message).toBe('"Lyrics" has 3001 characters; Kie allows at most 3000 with model V4 [item 0]');
		const fine = await runMusic(kie.sb, 'generate', { ...fullParameters({ model: 'V5' }), prompt: 'l'.repeat(5000) });
		expect(fine.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(1);
	});

	it('an invalid second item stops the run before the first is sent, naming item 1', async () => {
		const result = await runMusic(
			kie.sb,
			'generate',
			{ prompt: '={{ $json.idea }}', completion: 'callback', callbackUrl: CALLBACK },
			{ inputItems: [{ json: { idea: 'Rain' } }, { json: { idea: 'x'.repeat(3001) } }] },
		);
		expect(result.error?.message).toBe('"Prompt" has 3001 characters; Kie allows at most 3000 without Custom Mode [item 1]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('Continue On Fail: the invalid item becomes an error item, the valid one is created', async () => {
		const result = await runMusic(
			kie.sb,
			'generate',
			{ prompt: '={{ $json.idea }}', completion: 'callback', callbackUrl: CALLBACK },
			{ inputItems: [{ json: { idea: '' } }, { json: { idea: 'Rain' } }], continueOnFail: true },
		);
		const [failed, created] = outputOf(result);
		expect(failed).toMatchObject({ taskId: null, stage: 'error', error: '"Prompt" is required [item 0]' });
		expect(created).toMatchObject({ stage: 'pending', operation: 'generate' });
		expect(kie.sb.tasks.has(created.taskId as string)).toBe(true);
		expect(bodiesTo(kie.sb, JOBS_CREATE).map((body) => (body.input as { prompt: string }).prompt)).toEqual(['Rain']);
	});
});

describe('Generate Music: waiting for the result', () => {
	it('poll on the jobs route: one item per track with taskId and id for the next operation', async () => {
		const result = await runMusic(kie.sb, 'generate', { prompt: 'A song about rain', options: { pollIntervalSeconds: 5 } });
		const items = outputOf(result);
		const [task] = [...kie.sb.tasks.values()];
		expect(task.route).toBe('jobs');
		expect(items).toHaveLength(2);
		items.forEach((item, index) => {
			expect(item).toMatchObject({
				taskId: task.taskId,
				taskType: 'music',
				apiRoute: 'jobs',
				stage: 'complete',
				trackIndex: index,
				trackCount: 2,
				id: task.tracks[index].id,
			});
			expect(result.items[0][index].pairedItem).toEqual({ item: 0 });
		});
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(1);
		expect(kie.sb.requests.some((request) => request.path === JOBS_DETAILS)).toBe(true);
		// The default callback URL in poll mode points at Kie's own host, not at a third party.
		expect(String((bodiesTo(kie.sb, JOBS_CREATE)[0] as { callBackUrl: string }).callBackUrl)).toContain(`${kie.sb.url}/n8n-nodes-kie-suno/unused-callback`);
	});

	it('resume: the execution waits, and Kie is given this execution\'s resume URL as callBackUrl', async () => {
		const result = await runNode({
			parameters: { resource: 'music', operation: 'generate', prompt: 'A song about rain', completion: 'resume' },
			credentials: testCredential(kie.sb.url),
			webhookWaitingBaseUrl: 'http://127.0.0.1:5679/webhook-waiting',
		});
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('waiting');
		const [create] = bodiesTo(kie.sb, JOBS_CREATE);
		expect(create.callBackUrl).toBe(result.resumeUrl);
		expect(create.callBackUrl).toMatch(/^http:\/\/127\.0\.0\.1:5679\/webhook-waiting\/1\?signature=/);
	});

	it('poll on the per-operation route reads record-info', async () => {
		const result = await runMusic(kie.sb, 'generate', { prompt: 'A song about rain', options: { model: 'V4_5PLUS', pollIntervalSeconds: 5 } });
		const items = outputOf(result);
		expect(items.map((item) => [item.apiRoute, item.stage])).toEqual([
			['perOperation', 'complete'],
			['perOperation', 'complete'],
		]);
		expect(kie.sb.requests.some((request) => request.path === RECORD_INFO)).toBe(true);
	});
});
