/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Upload and Cover Audio through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local
 * test double of Kie, not Kie). Bodies are the reference's examples (family §4.3); V6 goes through
 * the jobs model ai-music-api/upload-and-cover-audio (family §12).
 */
import { createHash, randomBytes } from 'crypto';

import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, CALLBACK, FAST_SANDBOX, JOBS_CREATE, JOBS_MUSIC_CALLBACK, postsTo, runMusic } from './helpers';

const kie = useSandbox(FAST_SANDBOX);

const PATH = '/api/v1/generate/upload-cover';
const SOURCE = 'https://tempfile.redpandaai.co/x/song.mp3';

/** The reference's minimal and full bodies (family §4.3), verbatim. */
const MINIMAL = { uploadUrl: SOURCE, prompt: 'Reimagine as a jazz ballad', customMode: false, instrumental: false, model: 'V6', callBackUrl: CALLBACK };
const FULL = {
	uploadUrl: SOURCE,
	prompt: '[Verse]\n…',
	style: 'Synthwave',
	title: 'Cover Take',
	customMode: true,
	instrumental: false,
	model: 'V6',
	callBackUrl: CALLBACK,
	negativeTags: 'Rock',
	vocalGender: 'f',
	styleWeight: 0.65,
	weirdnessConstraint: 0.65,
	audioWeight: 0.65,
	personaId: 'persona_123',
};

const minimalParameters = (options: Record<string, unknown> = {}) => ({
	uploadUrl: SOURCE,
	prompt: MINIMAL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options,
});
const fullParameters = (options: Record<string, unknown> = {}) => ({
	uploadUrl: SOURCE,
	customMode: true,
	title: FULL.title,
	style: FULL.style,
	prompt: FULL.prompt,
	completion: 'callback',
	callbackUrl: CALLBACK,
	options: { negativeTags: 'Rock', vocalGender: 'f', styleWeight: 0.65, weirdnessConstraint: 0.65, audioWeight: 0.65, personaId: 'persona_123', ...options },
});

describe('Upload and Cover Audio: request bodies', () => {
	it('per-operation route: minimal and full bodies are the reference\'s examples exactly', async () => {
		expect((await runMusic(kie.sb, 'uploadAndCover', minimalParameters({ apiRoute: 'perOperation' }))).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'uploadAndCover', fullParameters({ apiRoute: 'perOperation' }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([MINIMAL, FULL]);
	});

	it('auto route with V6: the jobs route with a snake_case input', async () => {
		expect((await runMusic(kie.sb, 'uploadAndCover', minimalParameters())).error).toBeUndefined();
		expect(postsTo(kie.sb, PATH)).toHaveLength(0);
		expect(bodiesTo(kie.sb, JOBS_CREATE)).toStrictEqual([
			{
				model: 'ai-music-api/upload-and-cover-audio',
				callBackUrl: JOBS_MUSIC_CALLBACK,
				input: { upload_url: SOURCE, prompt: MINIMAL.prompt, custom_mode: false, instrumental: false, model: 'V6' },
			},
		]);
	});

	it('auto route with a discontinued model: the per-operation route', async () => {
		expect((await runMusic(kie.sb, 'uploadAndCover', fullParameters({ model: 'V5_5' }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...FULL, model: 'V5_5' }]);
		expect(postsTo(kie.sb, JOBS_CREATE)).toHaveLength(0);
	});

	it('a binary source is uploaded first and its download URL becomes uploadUrl', async () => {
		const audio = randomBytes(200_000);
		const result = await runMusic(
			kie.sb,
			'uploadAndCover',
			{ ...minimalParameters({ apiRoute: 'perOperation' }), sourceType: 'binary', uploadUrl: undefined },
			{ inputItems: [{ json: {}, binary: { data: { data: audio.toString('base64'), mimeType: 'audio/mpeg', fileName: 'take.mp3' } } }] },
		);
		expect(result.error).toBeUndefined();
		expect(kie.sb.uploads).toHaveLength(1);
		const [upload] = kie.sb.uploads;
		expect(upload.sha256).toBe(createHash('sha256').update(audio).digest('hex'));
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ ...MINIMAL, uploadUrl: upload.downloadUrl }]);
	});
});

describe('Upload and Cover Audio: validation before any request', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		[
			'description-mode prompts are at most 500 characters',
			{ ...minimalParameters(), prompt: 'p'.repeat(501) },
			'"Prompt" has 501 characters; Kie allows at most 500 without Custom Mode [item 0]',
		],
		[
			'V6 titles are at most 100 characters',
			{ ...fullParameters(), title: 't'.repeat(101) },
			'"Title" has 101 characters; Kie allows at most 100 with model V6 [item 0]',
		],
		[
			'V4_5ALL titles are at most 80 characters',
			{ ...fullParameters({ model: 'V4_5ALL' }), title: 't'.repeat(81) },
			'"Title" has 81 characters; Kie allows at most 80 with model V4_5ALL [item 0]',
		],
		['the source URL must be http(s)', { ...minimalParameters(), uploadUrl: 'ftp://example.com/a.mp3' }, '"Upload URL" must be an http:// or https:// URL, got "ftp://example.com/a.mp3" [item 0]'],
		['a binary source needs the binary field', { ...minimalParameters(), sourceType: 'binary' }, 'No binary field "data" on the input item [item 0]'],
	];

	it.each(cases)('%s, and nothing is sent', async (_name, parameters, message) => {
		const result = await runMusic(kie.sb, 'uploadAndCover', parameters);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('a 100-character title is accepted with V6', async () => {
		const result = await runMusic(kie.sb, 'uploadAndCover', { ...fullParameters({ apiRoute: 'perOperation' }), title: 't'.repeat(100) });
		expect(result.error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)[0].title).toBe('t'.repeat(100));
	});
});
