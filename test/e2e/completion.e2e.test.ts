/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
import { createHash, randomUUID } from 'crypto';

import { VERSIONS, type NodeJson, type VersionState, describeFailure, fakeMp3, kieNode, nodeOutput, runViaWebhook, sandbox } from './helpers';

const vocals = (uploadUrl: string, completion: string, options: Record<string, unknown> = {}) => ({
	resource: 'music',
	operation: 'addVocals',
	uploadUrl,
	title: `E2E ${completion}`,
	prompt: 'la la la',
	style: 'Pop',
	negativeTags: 'metal',
	completion,
	options,
});

function expectTracks(items: Array<Record<string, any>> | undefined, task: any, taskId: string) {
	expect(items).toBeDefined();
	expect(items!).toHaveLength(task.tracks.length);
	items!.forEach((it, i) => {
		expect(it).toEqual(
			expect.objectContaining({
				taskId,
				stage: 'complete',
				status: 'SUCCESS',
				id: task.tracks[i].id,
				audioUrl: task.tracks[i].audioUrl,
				trackCount: task.tracks.length,
			}),
		);
	});
}

describe.each(VERSIONS)('n8n $version: completion poll', (v: VersionState) => {
	const sb = sandbox(v);
	let uploadUrl: string;
	beforeAll(async () => {
		uploadUrl = await sb.seedUpload(`poll-source-${v.version}.mp3`, fakeMp3());
	});

	it('Add Instrumental (poll) waits for the tracks and outputs one item per track', async () => {
		const since = Date.now();
		const r = await runViaWebhook(
			v,
			[
				kieNode(
					v,
					{
						resource: 'music',
						operation: 'addInstrumental',
						uploadUrl,
						title: 'E2E poll',
						tags: 'piano',
						negativeTags: 'metal',
						completion: 'poll',
						options: { pollIntervalSeconds: 1, timeoutMinutes: 1 },
					},
					{ name: 'Add Instrumental' },
				),
			],
			{ name: 'e2e poll' },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		// V6 (the default) goes to the jobs route
		const [create] = await sb.requests({ path: '/api/v1/jobs/createTask', since });
		expect(create.body.model).toBe('ai-music-api/add-instrumental');
		// no callbackUrl given: Kie gets a URL on its own API host, so no third party is called
		expect(String(create.body.callBackUrl).startsWith(v.sandboxUrl)).toBe(true);
		const items = nodeOutput(r.execution, 'Add Instrumental');
		const taskId = items![0].taskId;
		expectTracks(items, await sb.task(taskId), taskId);
		const polls = await sb.requests({ path: '/api/v1/jobs/recordInfo', since });
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.every((p) => p.query.taskId === taskId)).toBe(true);
	});

	it.each([
		['jobs', 'V6'],
		['perOperation', 'V5'],
	])('a failed task (%s route) fails the node with the task id and Kie\'s reason', async (route, model) => {
		const since = Date.now();
		await sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
		const r = await runViaWebhook(v, [kieNode(v, vocals(uploadUrl, 'poll', { model, pollIntervalSeconds: 1, timeoutMinutes: 1 }), { name: 'Add Vocals' })], {
			name: 'e2e poll failure',
		});
		expect(r.execution.status).toBe('error');
		const failed = (await sb.tasks()).filter((t) => t.createdAt >= since);
		expect(failed.map((t) => [t.route, t.status])).toEqual([[route, 'GENERATE_AUDIO_FAILED']]);
		expect(describeFailure(r)).toContain(failed[0].taskId);
		expect(describeFailure(r)).toContain('Generation failed due to technical issues');
	});

	it('a failed task gives one stage:error item with Continue On Fail', async () => {
		await sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED' });
		const node = kieNode(v, vocals(uploadUrl, 'poll', { pollIntervalSeconds: 1, timeoutMinutes: 1 }), {
			name: 'Add Vocals',
			extra: { onError: 'continueRegularOutput' },
		});
		const r = await runViaWebhook(v, [node], { name: 'e2e poll failure continue' });
		const items = nodeOutput(r.execution, 'Add Vocals');
		expect({ items, why: describeFailure(r) }).toEqual(expect.objectContaining({ items: [expect.objectContaining({ stage: 'error' })] }));
	});

	it('binary source: HTTP Request → Add Vocals (binary, poll, downloadAudio) uploads, generates and attaches audio', async () => {
		const bytes = fakeMp3(40 * 1024, `binary-${randomUUID()}`);
		const sourceUrl = await sb.seedUpload(`binary-source-${Date.now()}.mp3`, bytes);
		const sha = createHash('sha256').update(bytes).digest('hex');
		const since = Date.now();
		const http: NodeJson = {
			id: randomUUID(),
			name: 'Fetch Instrumental',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [0, 0],
			parameters: { url: sourceUrl, options: { response: { response: { responseFormat: 'file' } } } },
		};
		const kie = kieNode(
			v,
			{
				resource: 'music',
				operation: 'addVocals',
				sourceType: 'binary',
				binaryPropertyName: 'data',
				title: 'E2E binary',
				prompt: 'la la la',
				style: 'Pop',
				negativeTags: 'metal',
				completion: 'poll',
				options: { pollIntervalSeconds: 1, timeoutMinutes: 1, downloadAudio: true },
			},
			{ name: 'Add Vocals (Binary)' },
		);
		const r = await runViaWebhook(v, [http, kie], { name: 'e2e binary' });
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		// the node uploaded exactly our bytes and sent Kie the upload's download URL
		const uploads = (await (await fetchJson(`${v.sandboxUrl}/__sandbox/uploads`))) as any[];
		const mine = uploads.filter((u) => u.sha256 === sha && Date.parse(u.uploadedAt) >= since - 1000);
		expect(mine.length).toBeGreaterThanOrEqual(1);
		const [create] = await sb.requests({ path: '/api/v1/jobs/createTask', since });
		expect(mine.map((u) => u.downloadUrl)).toContain(create.body.input.upload_url);
		// one item per track, each with the track's audio as binary "audio"
		const runData = r.execution.data!.resultData!.runData!['Add Vocals (Binary)'][0].data.main[0];
		const taskId = runData[0].json.taskId;
		const task = await sb.task(taskId);
		expect(runData).toHaveLength(task.tracks.length);
		for (const item of runData) {
			expect(item.binary?.audio).toBeDefined();
			expect(item.binary.audio.mimeType).toMatch(/audio\/mpeg/);
		}
	});
});

describe.each(VERSIONS)('n8n $version: completion resume', (v: VersionState) => {
	const sb = sandbox(v);
	let uploadUrl: string;
	beforeAll(async () => {
		uploadUrl = await sb.seedUpload(`resume-source-${v.version}.mp3`, fakeMp3());
		// give n8n time to park the execution before the first callback arrives
		await sb.configure({ stageDelaysMs: { text: 1500, first: 500, complete: 500 } });
	});
	afterAll(async () => {
		await sb.configure({ stageDelaysMs: { text: 50, first: 50, complete: 50 } });
	});

	it('pauses the execution and resumes it on the complete callback with one item per track', async () => {
		const since = Date.now();
		const r = await runViaWebhook(v, [kieNode(v, vocals(uploadUrl, 'resume', { timeoutMinutes: 2 }), { name: 'Add Vocals' })], {
			name: 'e2e resume',
			responseMode: 'onReceived',
			executionTimeoutMs: 60_000,
		});
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const [create] = await sb.requests({ path: '/api/v1/jobs/createTask', since });
		expect(String(create.body.callBackUrl)).toMatch(new RegExp(`^${v.url.replace(/[.]/g, '\\.')}/webhook-waiting/\\d+`));
		const items = nodeOutput(r.execution, 'Add Vocals');
		const taskId = items![0].taskId;
		expectTracks(items, await sb.task(taskId), taskId);
		const cbs = await sb.callbacks(taskId);
		// text/first keep the execution waiting (answered 200); complete resumes it (200)
		const seen = cbs.map((c) => ({ stage: c.body?.data?.callbackType, status: c.status, attempt: c.attempt, response: c.responseBody }));
		expect({ seen }).toEqual({
			seen: expect.arrayContaining([expect.objectContaining({ stage: 'complete', status: 200 })]),
		});
		expect(seen.filter((c) => c.status !== 200)).toEqual([]);
	});
});

async function fetchJson(url: string): Promise<unknown> {
	const { requestOk } = require('../../scripts/n8n/http');
	return (await requestOk('GET', url)).body;
}
