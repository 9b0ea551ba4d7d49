/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Validation of Add Vocals / Add Instrumental input, through n8n-core's real WorkflowExecute
 * against the Kie SANDBOX (a local test double of Kie, not Kie): an invalid item costs nothing,
 * because no request is sent. Per-item values come from expressions (`{{ $json.x }}`), as in
 * real workflows; n8n itself already refuses literal empty required parameters (last test).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import { createRequests, useFastClock, useSandbox } from '../../../../harness/sandbox';

const kie = useSandbox({ credits: 100000 });
useFastClock();

const vocals = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'music',
	operation: 'addVocals',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Title',
	prompt: 'Lyrics',
	style: 'Jazz',
	negativeTags: 'metal',
	completion: 'callback',
	callbackUrl: 'https://example.com/callback',
	...overrides,
});

const instrumental = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'music',
	operation: 'addInstrumental',
	uploadUrl: 'https://example.com/music.mp3',
	title: 'Title',
	tags: 'piano',
	negativeTags: 'metal',
	completion: 'callback',
	callbackUrl: 'https://example.com/callback',
	...overrides,
});

interface Rule {
	name: string;
	parameters: INodeParameters;
	json?: IDataObject;
	message: string;
}

const rules: Rule[] = [
	// required fields (empty after the expression is resolved for the item)
	{ name: 'Upload URL required', parameters: vocals({ uploadUrl: '={{ $json.v }}' }), json: { v: '' }, message: '"Upload URL" is required [item 0]' },
	{ name: 'Title required', parameters: vocals({ title: '={{ $json.v }}' }), json: { v: '  ' }, message: '"Title" is required [item 0]' },
	{ name: 'Prompt required', parameters: vocals({ prompt: '={{ $json.v }}' }), json: { v: '' }, message: '"Prompt" is required [item 0]' },
	{ name: 'Style required', parameters: vocals({ style: '={{ $json.v }}' }), json: { v: '' }, message: '"Style" is required [item 0]' },
	{ name: 'Tags required', parameters: instrumental({ tags: '={{ $json.v }}' }), json: { v: '' }, message: '"Tags" is required [item 0]' },
	{ name: 'Negative Tags required', parameters: instrumental({ negativeTags: '={{ $json.v }}' }), json: { v: '' }, message: '"Negative Tags" is required [item 0]' },
	{
		name: 'Callback URL required in callback mode',
		parameters: vocals({ callbackUrl: '={{ $json.v }}' }),
		json: { v: '' },
		message: '"Callback URL" is required [item 0]',
	},
	// URLs
	{ name: 'ftp upload URL', parameters: vocals({ uploadUrl: 'ftp://example.com/a.mp3' }), message: '"Upload URL" must be an http:// or https:// URL, got "ftp://example.com/a.mp3" [item 0]' },
	{ name: 'relative upload URL', parameters: vocals({ uploadUrl: 'music.mp3' }), message: '"Upload URL" must be an http:// or https:// URL, got "music.mp3" [item 0]' },
	{ name: 'file callback URL', parameters: vocals({ callbackUrl: 'file:///etc/passwd' }), message: '"Callback URL" must be an http:// or https:// URL, got "file:///etc/passwd" [item 0]' },
	{
		name: 'javascript callback URL (poll mode)',
		parameters: vocals({ completion: 'poll', callbackUrl: 'javascript:alert(1)' }),
		message: '"Callback URL" must be an http:// or https:// URL, got "javascript:alert(1)" [item 0]',
	},
	// weights
	{ name: 'style weight above 1', parameters: vocals({ options: { styleWeight: 1.5 } }), message: '"Style Weight" must be a number from 0 to 1, got 1.5 [item 0]' },
	{ name: 'weirdness below 0', parameters: vocals({ options: { weirdnessConstraint: -0.01 } }), message: '"Weirdness Constraint" must be a number from 0 to 1, got -0.01 [item 0]' },
	{ name: 'audio weight with 3 decimals', parameters: instrumental({ options: { audioWeight: 0.125 } }), message: '"Audio Weight" may have at most 2 decimals, got 0.125 [item 0]' },
	{
		name: 'style weight from an expression, not a number',
		parameters: vocals({ options: { styleWeight: '={{ $json.v }}' } }),
		json: { v: 'high' },
		message: '"Style Weight" must be a number from 0 to 1, got "high" [item 0]',
	},
	// lengths
	{
		name: 'negativeTags 201 characters',
		parameters: instrumental({ negativeTags: 'n'.repeat(201) }),
		message: '"Negative Tags" has 201 characters; Kie allows at most 200 [item 0]',
	},
	{
		name: 'negativeTags 201 characters on Add Vocals too',
		parameters: vocals({ negativeTags: 'n'.repeat(201) }),
		message: '"Negative Tags" has 201 characters; Kie allows at most 200 [item 0]',
	},
	{ name: 'tags 1001 characters', parameters: instrumental({ tags: 't'.repeat(1001) }), message: '"Tags" has 1001 characters; Kie allows at most 1000 [item 0]' },
	// enums
	{
		name: 'bad model',
		parameters: vocals({ options: { model: '={{ $json.v }}' } }),
		json: { v: 'V3_5' },
		message: '"Model" must be one of V6, V6_MINI, V6_WILD, V5_5, V5, V4_5PLUS, got "V3_5" [item 0]',
	},
	{
		name: 'a model this operation does not take (V4_5ALL on Add Instrumental)',
		parameters: instrumental({ options: { model: '={{ $json.v }}' } }),
		json: { v: 'V4_5ALL' },
		message: '"Model" must be one of V6, V6_MINI, V6_WILD, V5_5, V5, V4_5PLUS, got "V4_5ALL" [item 0]',
	},
	{
		name: 'bad API route',
		parameters: vocals({ options: { apiRoute: '={{ $json.v }}' } }),
		json: { v: 'legacy' },
		message: '"API Route" must be one of auto, perOperation, jobs, got "legacy" [item 0]',
	},
	{ name: 'bad vocal gender', parameters: vocals({ options: { vocalGender: '={{ $json.v }}' } }), json: { v: 'x' }, message: '"Vocal Gender" must be one of m, f, got "x" [item 0]' },
	// types
	{ name: 'title is an object', parameters: vocals({ title: '={{ $json.v }}' }), json: { v: { a: 1 } }, message: '"Title" must be text, not object [item 0]' },
];

describe('validation: nothing is sent for invalid input', () => {
	it.each(rules)('$name', async ({ parameters, json, message }) => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url), inputItems: [{ json: json ?? {} }] });
		expect(result.workflowIssues).toBe(false);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(result.error?.name).toBe('NodeOperationError');
		expect((result.error?.context as { itemIndex?: number }).itemIndex).toBe(0);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('the item index in the message is the failing item\'s', async () => {
		const result = await runNode({
			parameters: vocals({ title: '={{ $json.title }}' }),
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { title: 'a' } }, { json: { title: 'b' } }, { json: { title: 'c' } }, { json: { title: '' } }],
		});
		expect(result.error?.message).toBe('"Title" is required [item 3]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('the limits are inclusive: 200 / 1000 characters and weights 0 and 1 are sent', async () => {
		const result = await runNode({
			parameters: instrumental({ negativeTags: 'n'.repeat(200), tags: 't'.repeat(1000), options: { styleWeight: 0, audioWeight: 1, weirdnessConstraint: 0.01 } }),
			credentials: testCredential(kie.sb.url),
		});
		expect(result.status).toBe('success');
		expect(createRequests(kie.sb)[0].body.input).toMatchObject({ style_weight: 0, audio_weight: 1, weirdness_constraint: 0.01 });
	});

	it('the description says what to do', async () => {
		const result = await runNode({ parameters: instrumental({ tags: 't'.repeat(1001) }), credentials: testCredential(kie.sb.url) });
		expect(result.error?.description).toBe('Shorten "Tags" (tags) to 1000 characters or fewer.');
	});
});

describe('validation across items', () => {
	const items = [{ json: { title: 'one' } }, { json: { title: '' } }, { json: { title: 'three' } }];
	const parameters = instrumental({ title: '={{ $json.title }}' });

	it('without Continue On Fail: one invalid item among three sends zero requests', async () => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url), inputItems: items });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('"Title" is required [item 1]');
		expect(kie.sb.requests).toHaveLength(0);
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('without Continue On Fail: an invalid last item still stops all creates', async () => {
		const result = await runNode({
			parameters,
			credentials: testCredential(kie.sb.url),
			inputItems: [{ json: { title: 'one' } }, { json: { title: 'two' } }, { json: { title: '' } }],
		});
		expect(result.error?.message).toBe('"Title" is required [item 2]');
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('with Continue On Fail: valid items are created, the invalid one is an error item, all paired', async () => {
		const result = await runNode({ parameters, credentials: testCredential(kie.sb.url), inputItems: items, continueOnFail: true });
		expect(result.status).toBe('success');
		const output = result.items[0];
		expect(output).toHaveLength(3);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		expect(output[0].json).toMatchObject({ stage: 'pending', title: 'one', operation: 'addInstrumental' });
		expect(output[2].json).toMatchObject({ stage: 'pending', title: 'three', operation: 'addInstrumental' });
		expect(output[1].json).toStrictEqual({
			taskId: null,
			stage: 'error',
			code: null,
			msg: '"Title" is required [item 1]',
			error: '"Title" is required [item 1]',
			description: 'Enter a value for "Title" (title).',
		});

		const creates = createRequests(kie.sb);
		expect(creates).toHaveLength(2);
		expect(creates.map((request) => request.body.input.title).sort()).toEqual(['one', 'three']);
		expect(kie.sb.tasks.size).toBe(2);
		expect(new Set([output[0].json.taskId, output[2].json.taskId])).toEqual(new Set(kie.sb.tasks.keys()));
	});

	it('with Continue On Fail: a Kie error on one item is an error item, the others are created', async () => {
		// the sandbox cannot fetch item 1's (loopback) upload URL, so Kie answers 451 for that item only
		const result = await runNode({
			parameters: instrumental({ uploadUrl: '={{ $json.url }}' }),
			credentials: testCredential(kie.sb.url),
			inputItems: [
				{ json: { url: 'https://example.com/1.mp3' } },
				{ json: { url: `${kie.sb.url}/missing.mp3` } },
				{ json: { url: 'https://example.com/3.mp3' } },
			],
			continueOnFail: true,
		});
		const output = result.items[0];
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.stage)).toEqual(['pending', 'error', 'pending']);
		expect(output[1].json).toMatchObject({
			taskId: null,
			code: 451,
			msg: 'Kie could not download the source audio (code 451)',
		});
		expect(createRequests(kie.sb)).toHaveLength(3);
		expect(kie.sb.tasks.size).toBe(2);
	});
});

describe('n8n\'s own parameter check', () => {
	it('a literal empty required parameter is refused by n8n before the node runs', async () => {
		const result = await runNode({ parameters: vocals({ title: '' }), credentials: testCredential(kie.sb.url) });
		expect(result.workflowIssues).toBe(true);
		expect(result.error?.message).toContain('Title');
		expect(kie.sb.requests).toHaveLength(0);
	});
});
