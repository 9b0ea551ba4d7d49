/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Extend Music through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double
 * of Kie, not Kie). Bodies are the reference's examples (family §4.2); on the jobs route extend has
 * no defaultParamFlag (family §12).
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, JOBS_CREATE, JOBS_MUSIC_CALLBACK, outputOf, postsTo, runMusic, useVirtualClock } from './helpers';

const kie = useSandbox(FAST_SANDBOX);
useVirtualClock();

const PATH = '/api/v1/generate/extend';
const AUDIO_ID = 'e231****8cadc7dc';

/** The reference's minimal and full bodies (family §4.2), verbatim. */
const MINIMAL = { defaultParamFlag: false, audioId: AUDIO_ID, model: 'V6', callBackUrl: CALLBACK };
const FULL = {
	defaultParamFlag: true,
	audioId: AUDIO_ID,
	model: 'V6',
	callBackUrl: CALLBACK,
	continueAt: 60,
	prompt: 'Extend with a gentle bridge',
	style: 'Classical',
	title: 'Peaceful Piano Extended',
	negativeTags: 'Heavy Metal',
	vocalGender: 'm',
	styleWeight: 0.65,
	weirdnessConstraint: 0.65,
	audioWeight: 0.65,
	personaId: 'persona_123',
};

const minimalParameters = (options: Record<string, unknown> = {}) => ({ audioId: AUDIO_ID, completion: 'callback', callbackUrl: CALLBACK, options });
const fullParameters = (options: Record<string, unknown> = {}) => ({
	audioId: AUDIO_ID,
	defaultParamFlag: true,
	continueAt: 60,
	title: FULL.title,
	style: FULL.style,
	prompt: FULL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options: { negativeTags: 'Heavy Metal', vocalGender: 'm', styleWeight: 0.65, weirdnessConstraint: 0.65, audioWeight: 0.65, personaId: 'persona_123', ...options },
});

describe('Extend Music: request bodies', () => {
	it('per-operation route: minimal and full bodies are the reference\'s examples exactly', async () => {
		expect((await runMusic(kie.sb, 'extend', minimalParameters({ apiRoute: 'perOperation' }))).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'extend', fullParameters({ apiRoute: 'perOperation' }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL, FULL]);
	});

	it('auto route with V6: the jobs route, without defaultParamFlag (left-out fields are inherited)', async () => {
		expect((await runMusic(kie.sb, 'extend', minimalParameters())).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'extend', fullParameters())).error).toBeUndefined();
		expect(postsTo(kie.sb, PATH)).toHaveLength(0);
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{ model: 'ai-music-api/extend', callBackUrl: JOBS_MUSIC_CALLBACK, input: { audio_id: AUDIO_ID, model: 'V6' } },
			{
				model: 'ai-music-api/extend',
				callBackUrl: JOBS_MUSIC_CALLBACK,
				input: {
					audio_id: AUDIO_ID,
					model: 'V6',
					continue_at: 60,
					prompt: FULL.prompt,
					style: FULL.style,
					title: FULL.title,
					negative_tags: 'Heavy Metal',
					vocal_gender: 'm',
					style_weight: 0.65,
					weirdness_constraint: 0.65,
					audio_weight: 0.65,
					persona_id: 'persona_123',
				},
			},
		]);
	});

	it('auto route with a discontinued model: the per-operation route', async () => {
		expect((await runMusic(kie.sb, 'extend', minimalParameters({ model: 'V4_5' }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, model: 'V4_5' }]);
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
	});

	it('with "Use Custom Parameters" off, custom fields and options are not sent', async () => {
		const parameters = { ...fullParameters({ apiRoute: 'perOperation' }), defaultParamFlag: false };
		expect((await runMusic(kie.sb, 'extend', parameters)).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL]);
	});
});

describe('Extend Music: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['an audio ID is required', { ...minimalParameters(), audioId: '={{ "" }}' }, '"Audio ID" is required [item 0]'],
		['custom parameters need a start', { ...fullParameters(), continueAt: 0 }, '"Continue At (Seconds)" must be more than 0 [item 0]'],
		['custom parameters need a style', { ...fullParameters(), style: '={{ "" }}' }, '"Style" is required [item 0]'],
		['custom parameters need a title', { ...fullParameters(), title: '={{ "" }}' }, '"Title" is required [item 0]'],
		['custom parameters need a prompt', { ...fullParameters(), prompt: '={{ "" }}' }, '"Prompt" is required [item 0]'],
		[
			'V4_5PLUS titles are at most 100 characters',
			{ ...fullParameters({ model: 'V4_5PLUS' }), title: 't'.repeat(101) },
			'"Title" has 101 characters; Kie allows at most 100 with model V4_5PLUS [item 0]',
		],
		[
			'V4_5ALL titles are at most 80 characters',
			{ ...fullParameters({ model: 'V4_5ALL' }), title: 't'.repeat(81) },
			'"Title" has 81 characters; Kie allows at most 80 with model V4_5ALL [item 0]',
		],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, parameters, message) => {
		const result = await runMusic(kie.sb, 'extend', parameters);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('"Continue At" must lie within the source track when the input item is that track', async () => {
		const track = { json: { taskId: 'task-1', id: 'track-1', duration: 120 } };
		const parameters = { ...fullParameters({ apiRoute: 'perOperation' }), audioId: '={{ $json.id }}', continueAt: '={{ $json.continueAt }}' };
		const outside = await runMusic(kie.sb, 'extend', parameters, { inputItems: [{ json: { ...track.json, continueAt: 120 } }] });
		expect(outside.error?.message).toBe('"Continue At (Seconds)" must be less than the source track\'s duration (120 s), got 120 [item 0]');
		expect(kie.sb.requests).toHaveLength(0);

		const inside = await runMusic(kie.sb, 'extend', parameters, { inputItems: [{ json: { ...track.json, continueAt: 119.5 } }] });
		expect(inside.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...FULL, audioId: 'track-1', continueAt: 119.5 }]);
	});
});

describe('Extend Music: chaining', () => {
	it('extends a track of an earlier Generate Music run by mapping {{ $json.id }}', async () => {
		const generated = outputOf(await runMusic(kie.sb, 'generate', { prompt: 'A song about rain', options: { pollIntervalSeconds: 5 } }));
		expect(generated).toHaveLength(2);
		kie.sb.requests.length = 0;

		const result = await runMusic(
			kie.sb,
			'extend',
			{ audioId: '={{ $json.id }}', completion: 'callback', callbackUrl: CALLBACK },
			{ inputItems: generated.map((json) => ({ json })) },
		);
		const items = outputOf(result);
		expect(items).toHaveLength(2);
		const inputs = bodiesTo(kie.sb, JOBS_CREATE).map((body) => (body.input as { audio_id: string }).audio_id);
		expect(inputs.sort()).toEqual(generated.map((item) => item.id as string).sort());
		items.forEach((item, index) => expect(result.items[0][index].pairedItem).toEqual({ item: index }));
	});
});
