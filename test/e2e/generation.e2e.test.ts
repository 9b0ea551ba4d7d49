/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { randomUUID } from 'crypto';

import { VERSIONS, describeFailure, fakeMp3, kieNode, runViaWebhook, sandbox } from './helpers';


describe.each(VERSIONS)('n8n $version: music create requests (completion: callback)', (v) => {
	const sb = sandbox(v);
	let uploadUrl: string;
	const callbackUrl = () => `${v.url}/webhook/e2e-unused-${randomUUID()}/kie`;

	beforeAll(async () => {
		uploadUrl = await sb.seedUpload(`source-${v.version}.mp3`, fakeMp3());
	});

	it('Add Vocals sends exactly the documented body and returns the task id', async () => {
		const since = Date.now();
		const cb = callbackUrl();
		const r = await runViaWebhook(
			v,
			[
				kieNode(
					v,
					{
						resource: 'music',
						operation: 'addVocals',
						sourceType: 'url',
						uploadUrl,
						title: 'E2E Vocals',
						prompt: 'A calm and relaxing piano track.',
						style: 'Jazz',
						negativeTags: 'heavy metal, strong drum beats',
						completion: 'callback',
						callbackUrl: cb,
						options: { model: 'V5', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 },
					},
					{ name: 'Add Vocals' },
				),
			],
			{ name: 'e2e addVocals callback' },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const creates = await sb.requests({ path: '/api/v1/generate/add-vocals', since });
		expect(creates).toHaveLength(1);
		expect(creates[0].method).toBe('POST');
		expect(creates[0].headers.authorization).toBe(`Bearer ${v.sandboxKey}`);
		expect(String(creates[0].headers['content-type'])).toMatch(/^application\/json/);
		expect(creates[0].body).toEqual({
			uploadUrl,
			prompt: 'A calm and relaxing piano track.',
			title: 'E2E Vocals',
			negativeTags: 'heavy metal, strong drum beats',
			style: 'Jazz',
			callBackUrl: cb,
			model: 'V5',
			vocalGender: 'm',
			styleWeight: 0.61,
			weirdnessConstraint: 0.72,
			audioWeight: 0.65,
		});
		expect(Array.isArray(r.response.body)).toBe(true);
		expect(r.response.body).toHaveLength(1);
		const taskId = r.response.body[0].taskId;
		expect(typeof taskId).toBe('string');
		const task = await sb.task(taskId);
		expect(task.kind ?? task.operationType).toMatch(/add[-_]vocals/);
	});

	it('Add Instrumental sends exactly the documented body and returns the task id', async () => {
		const since = Date.now();
		const cb = callbackUrl();
		const r = await runViaWebhook(
			v,
			[
				kieNode(
					v,
					{
						resource: 'music',
						operation: 'addInstrumental',
						sourceType: 'url',
						uploadUrl,
						title: 'E2E Instrumental',
						tags: 'relaxing, piano, soothing',
						negativeTags: 'heavy metal, fast drums',
						completion: 'callback',
						callbackUrl: cb,
						options: { model: 'V5_5', vocalGender: 'f', styleWeight: 0.1, weirdnessConstraint: 0, audioWeight: 1 },
					},
					{ name: 'Add Instrumental' },
				),
			],
			{ name: 'e2e addInstrumental callback' },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const creates = await sb.requests({ path: '/api/v1/generate/add-instrumental', since });
		expect(creates).toHaveLength(1);
		expect(creates[0].headers.authorization).toBe(`Bearer ${v.sandboxKey}`);
		expect(creates[0].body).toEqual({
			uploadUrl,
			title: 'E2E Instrumental',
			tags: 'relaxing, piano, soothing',
			negativeTags: 'heavy metal, fast drums',
			callBackUrl: cb,
			model: 'V5_5',
			vocalGender: 'f',
			styleWeight: 0.1,
			weirdnessConstraint: 0,
			audioWeight: 1,
		});
		expect(typeof r.response.body[0].taskId).toBe('string');
	});

	it('without options: V6 (the default) goes to the jobs route with exactly the documented snake_case input', async () => {
		const since = Date.now();
		const cb = callbackUrl();
		const r = await runViaWebhook(
			v,
			[
				kieNode(v, {
					resource: 'music',
					operation: 'addVocals',
					uploadUrl,
					title: 'E2E Minimal',
					prompt: 'la la la',
					style: 'Pop',
					negativeTags: 'metal',
					completion: 'callback',
					callbackUrl: cb,
				}),
			],
			{ name: 'e2e addVocals minimal' },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		expect(await sb.requests({ path: '/api/v1/generate/add-vocals', since })).toEqual([]);
		const creates = await sb.requests({ path: '/api/v1/jobs/createTask', since });
		// the trigger learns the family and the route from the callback URL's tags
		expect(creates.map((c) => c.body)).toEqual([
			{
				model: 'ai-music-api/add-vocals',
				callBackUrl: `${cb}?kieTaskType=music&kieApiRoute=jobs`,
				input: { upload_url: uploadUrl, title: 'E2E Minimal', prompt: 'la la la', style: 'Pop', negative_tags: 'metal', model: 'V6' },
			},
		]);
		expect(r.response.body).toEqual([
			{
				taskId: expect.any(String),
				taskType: 'music',
				apiRoute: 'jobs',
				stage: 'pending',
				operation: 'addVocals',
				title: 'E2E Minimal',
				callbackUrl: `${cb}?kieTaskType=music&kieApiRoute=jobs`,
			},
		]);
		expect((await sb.task(r.response.body[0].taskId)).route).toBe('jobs');
	});

	it('Add Instrumental never sends prompt or style (jobs route: exactly its documented input)', async () => {
		const since = Date.now();
		const r = await runViaWebhook(
			v,
			[
				kieNode(v, {
					resource: 'music',
					operation: 'addInstrumental',
					uploadUrl,
					title: 'E2E Instr Minimal',
					tags: 'piano',
					negativeTags: 'metal',
					completion: 'callback',
					callbackUrl: callbackUrl(),
				}),
			],
			{ name: 'e2e addInstrumental minimal' },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const [create] = await sb.requests({ path: '/api/v1/jobs/createTask', since });
		expect(create.body.model).toBe('ai-music-api/add-instrumental');
		expect(create.body.input).toEqual({ upload_url: uploadUrl, title: 'E2E Instr Minimal', tags: 'piano', negative_tags: 'metal', model: 'V6' });
	});
});
