/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Add Instrumental through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie), on both of Kie's routes (issue 10): Kie's documented camelCase body
 * (BASE §2) per-operation for the discontinued models; `ai-music-api/add-instrumental` with a
 * snake_case input on the jobs route for the V6 family.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

const CALLBACK = 'https://example.com/callback';

/** Kie's documented add-instrumental request body (BASE §2), without the model. */
const KIE_EXAMPLE = {
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, fast drums',
	tags: 'relaxing, piano, soothing',
	callBackUrl: CALLBACK,
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
};

const VOICE: INodeParameters = { vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 };

const exampleParameters = (options: INodeParameters = VOICE): INodeParameters => ({
	resource: 'music',
	operation: 'addInstrumental',
	sourceType: 'url',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	tags: 'relaxing, piano, soothing',
	negativeTags: 'heavy metal, fast drums',
	completion: 'callback',
	callbackUrl: CALLBACK,
	options,
});

async function createOnce(parameters: INodeParameters) {
	const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
	expect(result.error).toBeUndefined();
	const creates = createRequests(kie.sb);
	expect(creates).toHaveLength(1);
	return creates[0];
}

describe('Add Instrumental: per-operation route', () => {
	it.each(['V5_5', 'V5', 'V4_5PLUS'])('%s: exactly Kie\'s documented body (tags, no prompt or style)', async (model) => {
		const create = await createOnce(exampleParameters({ ...VOICE, model }));
		expect(create.path).toBe('/api/v1/generate/add-instrumental');
		expect(create.body).toStrictEqual({ ...KIE_EXAMPLE, model });
		expect(create.headers.authorization).toBe('Bearer sandbox-key');
	});

	it('parameters of Add Vocals left in the node (prompt, style) are not sent', async () => {
		const create = await createOnce({ ...exampleParameters({ ...VOICE, model: 'V5' }), prompt: 'stale prompt', style: 'stale style' });
		expect(create.body).toStrictEqual({ ...KIE_EXAMPLE, model: 'V5' });
	});

	it('forced, with no option set: the required fields and the model', async () => {
		const create = await createOnce(exampleParameters({ apiRoute: 'perOperation' }));
		expect(create.body).toStrictEqual({
			uploadUrl: 'https://example.com/music.mp3',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal, fast drums',
			tags: 'relaxing, piano, soothing',
			model: 'V6',
			callBackUrl: CALLBACK,
		});
	});

	it('accepts the documented limits exactly: tags 1000 and negativeTags 200 characters', async () => {
		const create = await createOnce({ ...exampleParameters({ model: 'V5' }), tags: 't'.repeat(1000), negativeTags: 'n'.repeat(200) });
		expect((create.body.tags as string).length).toBe(1000);
		expect((create.body.negativeTags as string).length).toBe(200);
	});
});

describe('Add Instrumental: jobs route', () => {
	it.each(['V6', 'V6_MINI', 'V6_WILD'])('%s: model, callBackUrl and a snake_case input with the model inside', async (model) => {
		const create = await createOnce(exampleParameters({ ...VOICE, model }));
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body).toStrictEqual({
			model: 'ai-music-api/add-instrumental',
			callBackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
			input: {
				upload_url: 'https://example.com/music.mp3',
				title: 'Relaxing Piano',
				tags: 'relaxing, piano, soothing',
				negative_tags: 'heavy metal, fast drums',
				model,
				vocal_gender: 'm',
				style_weight: 0.61,
				weirdness_constraint: 0.72,
				audio_weight: 0.65,
			},
		});
	});

	it('no option set: only the fields the user set, plus model V6 inside input', async () => {
		const create = await createOnce(exampleParameters({}));
		expect(create.body.input).toStrictEqual({
			upload_url: 'https://example.com/music.mp3',
			title: 'Relaxing Piano',
			tags: 'relaxing, piano, soothing',
			negative_tags: 'heavy metal, fast drums',
			model: 'V6',
		});
	});

	it('completion "callback" outputs the task per item with pairedItem', async () => {
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url), inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }] });
		expect(result.items[0]).toHaveLength(2);
		result.items[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toStrictEqual({
				taskId: expect.stringMatching(/^[0-9a-f]{32}$/),
				taskType: 'music',
				apiRoute: 'jobs',
				stage: 'pending',
				operation: 'addInstrumental',
				title: 'Relaxing Piano',
				callbackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
			});
			expect(kie.sb.tasks.get(item.json.taskId as string)?.kind).toBe('add-instrumental');
		});
	});
});
