/**
 * Add Vocals through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test double
 * of Kie, not Kie). Bodies are compared with Kie's documented example (reference §1).
 */
import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

/** Kie's documented add-vocals request body (reference §1), verbatim. */
const KIE_EXAMPLE = {
	prompt: 'A calm and relaxing piano track.',
	title: 'Relaxing Piano',
	negativeTags: 'heavy metal, strong drum beats',
	style: 'Jazz',
	uploadUrl: 'https://example.com/music.mp3',
	callBackUrl: 'https://example.com/callback',
	model: 'V4_5PLUS',
	vocalGender: 'm',
	styleWeight: 0.61,
	weirdnessConstraint: 0.72,
	audioWeight: 0.65,
};

const exampleParameters = () => ({
	resource: 'music',
	operation: 'addVocals',
	sourceType: 'url',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Relaxing Piano',
	prompt: 'A calm and relaxing piano track.',
	style: 'Jazz',
	negativeTags: 'heavy metal, strong drum beats',
	completion: 'callback',
	callbackUrl: 'https://example.com/callback',
	options: { model: 'V4_5PLUS', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 },
});

describe('Add Vocals (n8n-core WorkflowExecute + sandbox)', () => {
	it('sends exactly the body of Kie\'s documented example when every option is set', async () => {
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url) });
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');

		const creates = createRequests(kie.sb);
		expect(creates).toHaveLength(1);
		expect(creates[0].method).toBe('POST');
		expect(creates[0].path).toBe('/api/v1/generate/add-vocals');
		expect(creates[0].body).toStrictEqual(KIE_EXAMPLE);
		expect(Object.keys(creates[0].body).sort()).toEqual(Object.keys(KIE_EXAMPLE).sort());
		expect(creates[0].headers.authorization).toBe('Bearer sandbox-key');
		expect(String(creates[0].headers['content-type'])).toMatch(/^application\/json/);
		// No other request was needed for the callback completion.
		expect(kie.sb.requests).toHaveLength(1);
	});

	it('omits every optional field that is not set', async () => {
		const parameters = { ...exampleParameters(), options: {} };
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('success');
		const [create] = createRequests(kie.sb);
		expect(create.body).toStrictEqual({
			prompt: 'A calm and relaxing piano track.',
			title: 'Relaxing Piano',
			negativeTags: 'heavy metal, strong drum beats',
			style: 'Jazz',
			uploadUrl: 'https://example.com/music.mp3',
			callBackUrl: 'https://example.com/callback',
		});
		for (const key of ['model', 'vocalGender', 'styleWeight', 'weirdnessConstraint', 'audioWeight', 'tags']) {
			expect(create.body).not.toHaveProperty(key);
		}
	});

	it('completion "callback" outputs { taskId, stage, operation, title, callbackUrl } per item, paired', async () => {
		const parameters = { ...exampleParameters(), title: '={{ $json.title }}' };
		const result = await runNode({
			parameters,
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { title: 'First' } }, { json: { title: 'Second' } }, { json: { title: 'Third' } }],
		});
		expect(result.status).toBe('success');
		const items = result.items[0];
		expect(items).toHaveLength(3);
		const taskIds = [...kie.sb.tasks.keys()];
		expect(taskIds).toHaveLength(3);
		const titles = ['First', 'Second', 'Third'];
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toStrictEqual({
				taskId: item.json.taskId,
				stage: 'pending',
				operation: 'addVocals',
				title: titles[index],
				callbackUrl: 'https://example.com/callback',
			});
			// Each item carries the task Kie created from that item's title.
			const task = kie.sb.tasks.get(item.json.taskId as string);
			expect(task?.body.title).toBe(titles[index]);
		});
		expect(new Set(items.map((item) => item.json.taskId)).size).toBe(3);
	});

	it('reads every parameter per item (expressions), so each item gets its own body', async () => {
		const parameters = {
			...exampleParameters(),
			prompt: '={{ $json.lyrics }}',
			style: '={{ $json.style }}',
			uploadUrl: '={{ $json.url }}',
			options: { styleWeight: '={{ $json.weight }}' },
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
		const result = await runNode({
			parameters: exampleParameters(),
			credentials: testCredential(kie.sb.url, { apiKey: 'another-key-123' }),
		});
		expect(result.status).toBe('success');
		expect(createRequests(kie.sb)[0].headers.authorization).toBe('Bearer another-key-123');
		kie.sb.configure({ apiKeys: ['sandbox-key'] });
	});

	it('a wrong key fails the run with Kie\'s 401 mapped, and one request only', async () => {
		const result = await runNode({
			parameters: exampleParameters(),
			credentials: testCredential(kie.sb.url, { apiKey: 'wrong-key-000' }),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the API key (code 401)');
		expect(String(result.error?.description)).toContain('kie.ai/api-key');
		expect(createRequests(kie.sb)).toHaveLength(1);
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('Kie\'s own 422 message is surfaced, and the task is not resent', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: 'style is not supported' });
		const result = await runNode({ parameters: exampleParameters(), credentials: testCredential(kie.sb.url) });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the parameters (code 422): style is not supported');
		expect(createRequests(kie.sb)).toHaveLength(1);
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
