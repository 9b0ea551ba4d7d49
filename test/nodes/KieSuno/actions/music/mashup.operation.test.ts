/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Mashup through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double of
 * Kie, not Kie). Bodies are the reference's examples (family §4.6): exactly two sources, no
 * negative tags or persona; not verified on the jobs route, so `auto` keeps it per-operation.
 */
import { createHash, randomBytes } from 'crypto';

import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, JOBS_CREATE, postsTo, runMusic } from './helpers';

const kie = useSandbox(FAST_SANDBOX);

const PATH = '/api/v1/generate/mashup';
const A = 'https://example.com/a.mp3';
const B = 'https://example.com/b.mp3';

/** The reference's minimal and full bodies (family §4.6), verbatim. */
const MINIMAL = { uploadUrlList: [A, B], customMode: false, prompt: 'Blend into an upbeat dance track', model: 'V6', callBackUrl: CALLBACK };
const FULL = {
	uploadUrlList: [A, B],
	customMode: true,
	instrumental: false,
	prompt: '[Verse]\n…',
	style: 'Jazz',
	title: 'Relaxing Piano',
	model: 'V6',
	callBackUrl: CALLBACK,
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
};

const minimalParameters = (extra: Record<string, unknown> = {}) => ({
	uploadUrlList: `${A}\n${B}`,
	prompt: MINIMAL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	...extra,
});
const fullParameters = (options: Record<string, unknown> = {}) => ({
	uploadUrlList: `${A}\n${B}`,
	customMode: true,
	title: FULL.title,
	style: FULL.style,
	prompt: FULL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options: { vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65, ...options },
});

const audioItem = (first: Buffer, second: Buffer) => ({
	json: {},
	binary: {
		data: { data: first.toString('base64'), mimeType: 'audio/mpeg', fileName: 'first.mp3' },
		data2: { data: second.toString('base64'), mimeType: 'audio/mpeg', fileName: 'second.mp3' },
	},
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Mashup: request bodies', () => {
	it('minimal and full bodies are the reference\'s examples exactly; V6 stays on the per-operation route', async () => {
		expect((await runMusic(kie.sb, 'mashup', minimalParameters())).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'mashup', fullParameters())).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL, FULL]);
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
	});

	it.each([
		['comma-separated text', `${A}, ${B}`],
		['lines with blanks around them', `\n ${A} \n\n${B}\n`],
		['an expression returning a list', `={{ ["${A}", "${B}"] }}`],
	])('the two URLs may come as %s', async (_name, uploadUrlList) => {
		expect((await runMusic(kie.sb, 'mashup', minimalParameters({ uploadUrlList }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL]);
	});

	it('never sends negative tags or a persona, which Kie\'s mashup schema lacks', async () => {
		const result = await runMusic(kie.sb, 'mashup', fullParameters({ negativeTags: 'Rock', personaId: 'persona_123' }));
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([FULL]);
	});

	it('instrumental is sent without Custom Mode when it is on', async () => {
		expect((await runMusic(kie.sb, 'mashup', minimalParameters({ instrumental: true }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, instrumental: true }]);
	});

	it('two binary fields are uploaded and become uploadUrlList in their order', async () => {
		const first = randomBytes(120_000);
		const second = randomBytes(80_000);
		const result = await runMusic(kie.sb, 'mashup', { ...minimalParameters({ sourceType: 'binary' }), uploadUrlList: undefined }, { inputItems: [audioItem(first, second)] });
		expect(result.error).toBeUndefined();
		const urlOf = (bytes: Buffer) => kie.sb.uploads.find((upload) => upload.sha256 === sha256(bytes))?.downloadUrl;
		expect(kie.sb.uploads).toHaveLength(2);
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, uploadUrlList: [urlOf(first), urlOf(second)] }]);
	});

	it('"API Route" Jobs forces ai-music-api/mashup with a snake_case input', async () => {
		expect((await runMusic(kie.sb, 'mashup', fullParameters({ apiRoute: 'jobs' }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/mashup',
				callBackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
				input: {
					upload_url_list: [A, B],
					custom_mode: true,
					instrumental: false,
					prompt: FULL.prompt,
					style: 'Jazz',
					title: 'Relaxing Piano',
					model: 'V6',
					vocal_gender: 'm',
					style_weight: 0.61,
					weirdness_constraint: 0.72,
					audio_weight: 0.65,
				},
			},
		]);
	});
});

describe('Mashup: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['one URL is not enough', minimalParameters({ uploadUrlList: A }), '"Upload URLs" needs exactly 2 URLs, got 1 [item 0]'],
		['three URLs are too many', minimalParameters({ uploadUrlList: `${A}\n${B}\nhttps://example.com/c.mp3` }), '"Upload URLs" needs exactly 2 URLs, got 3 [item 0]'],
		['every entry is an http(s) URL', minimalParameters({ uploadUrlList: `${A}\nb.mp3` }), '"Upload URLs" must be an http:// or https:// URL, got "b.mp3" [item 0]'],
		[
			'description-mode prompts are at most 500 characters',
			minimalParameters({ prompt: 'p'.repeat(501) }),
			'"Prompt" has 501 characters; Kie allows at most 500 without Custom Mode [item 0]',
		],
		['titles are at most 80 characters', { ...fullParameters(), title: 't'.repeat(81) }, '"Title" has 81 characters; Kie allows at most 80 with model V6 [item 0]'],
		['custom mode needs a style', { ...fullParameters(), style: '={{ "" }}' }, '"Style" is required [item 0]'],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, parameters, message) => {
		const result = await runMusic(kie.sb, 'mashup', parameters);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('binary mode needs both binary fields on the item', async () => {
		const only = randomBytes(1000);
		const result = await runMusic(kie.sb, 'mashup', minimalParameters({ sourceType: 'binary' }), {
			inputItems: [{ json: {}, binary: { data: { data: only.toString('base64'), mimeType: 'audio/mpeg', fileName: 'a.mp3' } } }],
		});
		expect(result.error?.message).toBe('No binary field "data2" on the input item [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});
});
