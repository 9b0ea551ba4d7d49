/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Upload and Extend Audio through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local
 * test double of Kie, not Kie). Bodies are the reference's examples (family §4.4) and its
 * conservative validation rule; the jobs route is not verified for it, so `auto` never uses it.
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, JOBS_CREATE, JOBS_MUSIC_CALLBACK, omit, postsTo, runMusic } from './helpers';

const kie = useSandbox(FAST_SANDBOX);

const PATH = '/api/v1/generate/upload-extend';
const SOURCE = 'https://tempfile.redpandaai.co/x/song.mp3';

/** The reference's minimal and full bodies (family §4.4), verbatim. */
const MINIMAL = { uploadUrl: SOURCE, defaultParamFlag: false, instrumental: false, model: 'V6', callBackUrl: CALLBACK };
const FULL = {
	uploadUrl: SOURCE,
	defaultParamFlag: true,
	instrumental: false,
	continueAt: 60,
	prompt: 'Continue the chorus then resolve',
	style: 'Classical',
	title: 'Peaceful Piano Extended',
	model: 'V6',
	callBackUrl: CALLBACK,
	negativeTags: 'Relaxing Piano',
	vocalGender: 'm',
	styleWeight: 0.65,
	weirdnessConstraint: 0.65,
	audioWeight: 0.65,
	personaId: 'persona_123',
};

const minimalParameters = (extra: Record<string, unknown> = {}) => ({ uploadUrl: SOURCE, completion: 'callback', callbackUrl: CALLBACK, ...extra });
const fullParameters = (options: Record<string, unknown> = {}) => ({
	uploadUrl: SOURCE,
	defaultParamFlag: true,
	continueAt: 60,
	title: FULL.title,
	style: FULL.style,
	prompt: FULL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options: { negativeTags: 'Relaxing Piano', vocalGender: 'm', styleWeight: 0.65, weirdnessConstraint: 0.65, audioWeight: 0.65, personaId: 'persona_123', ...options },
});

describe('Upload and Extend Audio: request bodies', () => {
	it('minimal and full bodies are the reference\'s examples exactly; V6 stays on the per-operation route', async () => {
		expect((await runMusic(kie.sb, 'uploadAndExtend', minimalParameters())).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'uploadAndExtend', fullParameters())).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL, FULL]);
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
	});

	it('with the flag off, a given start and prompt are sent, style and title are not', async () => {
		const parameters = minimalParameters({ continueAt: 30.5, prompt: 'Keep the groove', style: 'Rock', title: 'Ignored' });
		expect((await runMusic(kie.sb, 'uploadAndExtend', parameters)).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, continueAt: 30.5, prompt: 'Keep the groove' }]);
	});

	it('custom instrumental: no prompt needed and no vocal gender sent', async () => {
		const parameters = { ...fullParameters(), instrumental: true, prompt: '' };
		expect((await runMusic(kie.sb, 'uploadAndExtend', parameters)).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...omit(FULL, 'prompt', 'vocalGender'), instrumental: true }]);
	});

	it('"API Route" Jobs forces ai-music-api/upload-and-extend-audio with a snake_case input', async () => {
		expect((await runMusic(kie.sb, 'uploadAndExtend', minimalParameters({ options: { apiRoute: 'jobs' } }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/upload-and-extend-audio',
				callBackUrl: JOBS_MUSIC_CALLBACK,
				input: { upload_url: SOURCE, default_param_flag: false, instrumental: false, model: 'V6' },
			},
		]);
	});
});

describe('Upload and Extend Audio: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['custom parameters need a start', { ...fullParameters(), continueAt: 0 }, '"Continue At (Seconds)" must be more than 0 [item 0]'],
		['custom parameters need a style', { ...fullParameters(), style: '={{ "" }}' }, '"Style" is required [item 0]'],
		['custom parameters need a title', { ...fullParameters(), title: '={{ "" }}' }, '"Title" is required [item 0]'],
		['custom vocal parameters need a prompt', { ...fullParameters(), prompt: '={{ "" }}' }, '"Prompt" is required [item 0]'],
		[
			'the start lies within an 8-minute source',
			{ ...fullParameters(), continueAt: 480 },
			'"Continue At (Seconds)" must be less than the longest source Kie takes (480 s), got 480 [item 0]',
		],
		['the start is not negative', minimalParameters({ continueAt: -1 }), '"Continue At (Seconds)" must be a number from 0 to ∞, got -1 [item 0]'],
		[
			'V4 prompts are at most 3000 characters',
			{ ...fullParameters({ model: 'V4' }), prompt: 'p'.repeat(3001) },
			'"Prompt" has 3001 characters; Kie allows at most 3000 with model V4 [item 0]',
		],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, parameters, message) => {
		const result = await runMusic(kie.sb, 'uploadAndExtend', parameters);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});
});
