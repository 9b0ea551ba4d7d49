/**
 * Add Instrumental through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie). Bodies are compared with Kie's documented example (reference §2).
 */
import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

/** Kie's documented add-instrumental request body (reference §2), verbatim. */
const KIE_EXAMPLE = {
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, fast drums',
	tags: 'relaxing, piano, soothing',
	callBackUrl: 'https://example.com/callback',
	model: 'V4_5PLUS',
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
};

const exampleParameters = () => ({
	resource: 'music',
	operation: 'addInstrumental',
	sourceType: 'url',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	tags: 'relaxing, piano, soothing',
	negativeTags: 'heavy metal, fast drums',
	completion: 'callback',
	callbackUrl: 'https://example.com/callback',
	options: { model: 'V4_5PLUS', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 },
});

describe('Add Instrumental (n8n-core WorkflowExecute + sandbox)', () => {
	it('sends exactly the body of Kie\'s documented example: tags, no prompt or style', async () => {
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url) });
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const creates = createRequests(kie.sb);
		expect(creates).toHaveLength(1);
		expect(creates[0].path).toBe('/api/v1/generate/add-instrumental');
		expect(creates[0].body).toStrictEqual(KIE_EXAMPLE);
		expect(creates[0].body).not.toHaveProperty('prompt');
		expect(creates[0].body).not.toHaveProperty('style');
		expect(creates[0].headers.authorization).toBe('Bearer sandbox-key');
	});

	it('parameters of Add Vocals left in the node (prompt, style) are not sent', async () => {
		const parameters = { ...exampleParameters(), prompt: 'stale prompt', style: 'stale style' };
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('success');
		expect(createRequests(kie.sb)[0].body).toStrictEqual(KIE_EXAMPLE);
	});

	it('omits unset optional fields', async () => {
		const result = await runNode({ parameters: { ...exampleParameters(), options: {} }, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('success');
		expect(createRequests(kie.sb)[0].body).toStrictEqual({
			uploadUrl: 'https://example.com/music.mp3',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal, fast drums',
			tags: 'relaxing, piano, soothing',
			callBackUrl: 'https://example.com/callback',
		});
	});

	it('accepts the documented limits exactly: tags 1000 and negativeTags 200 characters', async () => {
		const parameters = { ...exampleParameters(), tags: 't'.repeat(1000), negativeTags: 'n'.repeat(200) };
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('success');
		const [create] = createRequests(kie.sb);
		expect((create.body.tags as string).length).toBe(1000);
		expect((create.body.negativeTags as string).length).toBe(200);
	});

	it('completion "callback" outputs the task per item with pairedItem', async () => {
		const result = await runNode({
			parameters: exampleParameters(),
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { n: 1 } }, { json: { n: 2 } }],
		});
		expect(result.items[0]).toHaveLength(2);
		result.items[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toStrictEqual({
				taskId: expect.stringMatching(/^[0-9a-f]{32}$/),
				stage: 'pending',
				operation: 'addInstrumental',
				title: 'Relaxing Piano',
				callbackUrl: 'https://example.com/callback',
			});
			expect(kie.sb.tasks.get(item.json.taskId as string)?.kind).toBe('add-instrumental');
		});
	});
});
