/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Add Vocals through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double
 * of Kie, not Kie), on both of Kie's routes (issue 10): a discontinued model goes per-operation
 * with Kie's documented camelCase body (BASE §1); a V6 model (the default) goes to the jobs route
 * as `{ model: "ai-music-api/add-vocals", callBackUrl, input: {snake_case, model} }` (BASE §10).
 */
import type { INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

const CALLBACK = 'https://example.com/callback';
/** What the node adds to a callback URL on the jobs route, whose callbacks name no family. */
const JOBS_CALLBACK = `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`;

/** Kie's documented add-vocals request body (BASE §1), without the model. */
const KIE_EXAMPLE = {
	prompt: 'A calm and relaxing piano track.',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, strong drum beats',
	style: 'Jazz',
	uploadUrl: 'https://example.com/music.mp3',
	callBackUrl: CALLBACK,
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
};

const VOICE: INodeParameters = { vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 };

const exampleParameters = (options: INodeParameters = VOICE): INodeParameters => ({
	resource: 'music',
	operation: 'addVocals',
	sourceType: 'url',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	prompt: 'A calm and relaxing piano track.',
	style: 'Jazz',
	negativeTags: 'heavy metal, strong drum beats',
	completion: 'callback',
	callbackUrl: CALLBACK,
	options,
});

async function createOnce(options: INodeParameters) {
	const result = await runNode({ parameters: exampleParameters(options), credentials: testCredential(kie.sb.url) });
	expect(result.error).toBeUndefined();
	const creates = createRequests(kie.sb);
	expect(creates).toHaveLength(1);
	// Nothing else is needed for the callback completion.
	expect(kie.sb.requests).toHaveLength(1);
	return { result, create: creates[0] };
}

describe('Add Vocals: the per-operation route (discontinued models, or forced)', () => {
	it.each(['V5_5', 'V5', 'V4_5PLUS'])('%s: exactly Kie\'s documented body, with the model', async (model) => {
		const { result, create } = await createOnce({ ...VOICE, model });
		expect(create.method).toBe('POST');
		expect(create.path).toBe('/api/v1/generate/add-vocals');
		expect(create.body).toStrictEqual({ ...KIE_EXAMPLE, model });
		expect(create.headers.authorization).toBe('Bearer sandbox-key');
		expect(String(create.headers['content-type'])).toMatch(/^application\/json/);
		expect(result.items[0][0].json).toMatchObject({ taskType: 'music', apiRoute: 'perOperation', callbackUrl: CALLBACK });
	});

	it('forced with no option set: only the required fields and the default model V6 (always sent)', async () => {
		const { create } = await createOnce({ apiRoute: 'perOperation' });
		expect(create.path).toBe('/api/v1/generate/add-vocals');
		expect(create.body).toStrictEqual({
			prompt: 'A calm and relaxing piano track.',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal, strong drum beats',
			style: 'Jazz',
			uploadUrl: 'https://example.com/music.mp3',
			model: 'V6',
			callBackUrl: CALLBACK,
		});
	});
});

describe('Add Vocals: the jobs route (V6 models by default, or forced)', () => {
	it.each(['V6', 'V6_MINI', 'V6_WILD'])('%s: model, callBackUrl and a snake_case input with the model inside', async (model) => {
		const { result, create } = await createOnce({ ...VOICE, model });
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body).toStrictEqual({
			model: 'ai-music-api/add-vocals',
			callBackUrl: JOBS_CALLBACK,
			input: {
				upload_url: 'https://example.com/music.mp3',
				title: 'Relaxing Piano',
				prompt: 'A calm and relaxing piano track.',
				style: 'Jazz',
				negative_tags: 'heavy metal, strong drum beats',
				model,
				vocal_gender: 'm',
				style_weight: 0.61,
				weirdness_constraint: 0.72,
				audio_weight: 0.65,
			},
		});
		expect(result.items[0][0].json).toMatchObject({ taskType: 'music', apiRoute: 'jobs', callbackUrl: JOBS_CALLBACK });
	});

	it('no option set: only the fields the user set, plus model V6 inside input', async () => {
		const { create } = await createOnce({});
		expect(create.body).toStrictEqual({
			model: 'ai-music-api/add-vocals',
			callBackUrl: JOBS_CALLBACK,
			input: {
				upload_url: 'https://example.com/music.mp3',
				title: 'Relaxing Piano',
				prompt: 'A calm and relaxing piano track.',
				style: 'Jazz',
				negative_tags: 'heavy metal, strong drum beats',
				model: 'V6',
			},
		});
	});

	it('forced with a discontinued model', async () => {
		const { create } = await createOnce({ model: 'V5', apiRoute: 'jobs' });
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body.input.model).toBe('V5');
	});

	it('Kie\'s 422 on the jobs route is surfaced as it said it, and not resent', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: 'input.negative_tags is required', path: '/api/v1/jobs/createTask' });
		const result = await runNode({ parameters: exampleParameters({}), credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): input.negative_tags is required');
		expect(createRequests(kie.sb)).toHaveLength(1);
	});
});

describe('Add Vocals: items and errors', () => {
	it('completion "callback" outputs { taskId, taskType, apiRoute, stage, operation, title, callbackUrl } per item, paired', async () => {
		const result = await runNode({
			parameters: { ...exampleParameters({ model: '={{ $json.model }}' }), title: '={{ $json.title }}' },
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { title: 'First', model: 'V6' } }, { json: { title: 'Second', model: 'V5' } }, { json: { title: 'Third', model: 'V6_MINI' } }],
		});
		expect(result.status).toBe('success');
		const items = result.items[0];
		const expected = [
			['First', 'jobs'],
			['Second', 'perOperation'],
			['Third', 'jobs'],
		];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		items.forEach((item, index) => {
			const [title, apiRoute] = expected[index];
			expect(item.json).toStrictEqual({
				taskId: item.json.taskId,
				taskType: 'music',
				apiRoute,
				stage: 'pending',
				operation: 'addVocals',
				title,
				callbackUrl: apiRoute === 'jobs' ? JOBS_CALLBACK : CALLBACK,
			});
			const task = kie.sb.tasks.get(item.json.taskId as string);
			expect([task?.params.title, task?.route]).toEqual([title, apiRoute]);
		});
		expect(new Set(items.map((item) => item.json.taskId)).size).toBe(3);
	});

	it('reads every parameter per item (expressions), so each item gets its own body', async () => {
		const parameters = {
			...exampleParameters({ styleWeight: '={{ $json.weight }}', apiRoute: 'perOperation' }),
			prompt: '={{ $json.lyrics }}',
			style: '={{ $json.style }}',
			uploadUrl: '={{ $json.url }}',
		};
		const result = await runNode({
			parameters,
			credentials: testCredential(kie.sb.url),
			inputItems: [
				{ json: { lyrics: 'la la', style: 'Pop', url: 'https://example.com/1.mp3', weight: 0.1 } },
				{ json: { lyrics: 'do re', style: 'Rock', url: 'https://example.com/2.mp3', weight: 0.9 } },
			],
		});
		expect(result.status).toBe('success');
		const bodies = createRequests(kie.sb)
			.map((request) => request.body)
			.sort((a, b) => String(a.uploadUrl).localeCompare(String(b.uploadUrl)));
		expect(bodies.map((body) => [body.prompt, body.style, body.uploadUrl, body.styleWeight])).toEqual([
			['la la', 'Pop', 'https://example.com/1.mp3', 0.1],
			['do re', 'Rock', 'https://example.com/2.mp3', 0.9],
		]);
	});

	it('uses the credential\'s API key as Bearer token on the create', async () => {
		kie.sb.configure({ apiKeys: ['sandbox-key', 'another-key-123'] });
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url, { apiKey: 'another-key-123' }) });
		expect(result.status).toBe('success');
		expect(createRequests(kie.sb)[0].headers.authorization).toBe('Bearer another-key-123');
	});

	it('a wrong key fails the run with Kie\'s 401 mapped, and one request only', async () => {
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url, { apiKey: 'wrong-key-000' }) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the API key (code 401)');
		expect(String(result.error?.description)).toContain('kie.ai/api-key');
		expect(createRequests(kie.sb)).toHaveLength(1);
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('without Continue On Fail, a failure names the tasks already created', async () => {
		// item 1's (loopback) upload URL cannot be fetched by the sandbox: Kie answers 451 for it only
		const result = await runNode({
			parameters: { ...exampleParameters(), uploadUrl: '={{ $json.url }}' },
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { url: 'https://example.com/ok.mp3' } }, { json: { url: `${kie.sb.url}/missing.mp3` } }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie could not download the source audio (code 451)');
		expect(kie.sb.tasks.size).toBe(1);
		const [taskId] = [...kie.sb.tasks.keys()];
		expect(String(result.error?.description)).toContain(`Tasks already created on Kie (they keep running; read them with Get Task Details): item 0: ${taskId}.`);
	});
});
