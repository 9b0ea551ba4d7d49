/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports */
/**
 * The example workflows in examples/*.json, run on a real n8n: the Manual Trigger is swapped for a
 * Webhook (the public API cannot run a manual workflow), everything else is the file as shipped.
 * Every file must have a check here.
 */
import { randomUUID } from 'crypto';

import { digest, fileRecorder, outputItems } from './binary';
import { expectedMusicItems } from './expected';
import {
	HAS_TRIGGER,
	VERSIONS,
	type Execution,
	type NodeJson,
	type VersionState,
	type WorkflowJson,
	client,
	deploy,
	describeFailure,
	executionError,
	nodeOutput,
	sandbox,
} from './helpers';

const examples = require('../../scripts/n8n/examples');

function load(v: VersionState): Record<string, WorkflowJson> {
	const list = examples.loadExamples({
		sandboxUrl: v.sandboxUrl,
		n8nUrl: v.url,
		cred: { id: v.credentials.good.id, name: v.credentials.good.name },
		triggerPath: HAS_TRIGGER ? v.triggerPath ?? examples.triggerWebhookPath() : null,
	}) as Array<{ file: string; wf: WorkflowJson }>;
	return Object.fromEntries(list.map((e) => [e.file, e.wf]));
}

/** Replaces the Manual Trigger with a Webhook (responds with all items of the last node). */
function withWebhook(wf: WorkflowJson): { wf: WorkflowJson; path: string } {
	const copy: WorkflowJson = JSON.parse(JSON.stringify(wf));
	const manual = copy.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!manual) throw new Error(`${wf.name} has no Manual Trigger`);
	const p = randomUUID();
	const hook: NodeJson = {
		...manual,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: p,
		parameters: { httpMethod: 'POST', path: p, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	copy.nodes = copy.nodes.map((n) => (n === manual ? hook : n));
	copy.name = `${copy.name} (e2e ${Date.now()})`;
	return { wf: copy, path: p };
}

type Files = Record<string, Array<Record<string, Buffer>>>;

/** Runs an example once; the files of `fileNodes` are read before the workflow is deleted. */
async function run(v: VersionState, wf: WorkflowJson, fileNodes: string[] = []) {
	const { wf: hooked, path } = withWebhook(wf);
	const { id, cleanup } = await deploy(v, hooked);
	try {
		const c = client(v);
		const response = await c.callWebhook(path, {}, { timeoutMs: 120_000 });
		const execution = await c.waitForExecution({ workflowId: id, timeoutMs: 90_000 });
		const recorder = fileRecorder(v, ...fileNodes);
		await recorder.inspect({ execution });
		const r = { response, execution, workflowId: id, files: recorder.files as Files };
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		return r;
	} finally {
		await cleanup();
	}
}

async function expectServed(v: VersionState, bytes: Buffer | undefined, url: string) {
	const served = await sandbox(v).fileInfo(url);
	expect({ url, ...(bytes ? digest(bytes) : {}) }).toEqual({ url, sha256: served.sha256, bytes: served.bytes });
}

/** Output items of a Kie Suno song node must be the sandbox's tracks of that task, each with its audio. */
async function expectSong(v: VersionState, execution: Execution, node: string, files?: Array<Record<string, Buffer>>) {
	const items = nodeOutput(execution, node)!;
	const task = await sandbox(v).task(items[0].taskId);
	expect(items).toEqual(expectedMusicItems(task));
	if (files) for (const [i, f] of files.entries()) await expectServed(v, f.audio, task.tracks[i].audioUrl);
	return task;
}

type Check = (v: VersionState, wfs: Record<string, WorkflowJson>) => Promise<void>;

const CHECKS: Record<string, Check> = {
	'add-instrumental-poll.json': async (v, wfs) => {
		const r = await run(v, wfs['add-instrumental-poll.json']);
		const task = await expectSong(v, r.execution, 'Add Instrumental');
		expect(task.route).toBe('jobs');
	},
	'binary-upload-generate-download.json': async (v, wfs) => {
		const r = await run(v, wfs['binary-upload-generate-download.json'], ['Add Vocals (Binary)']);
		for (const item of outputItems(r.execution, 'Add Vocals (Binary)')) expect(item.binary?.audio?.mimeType).toMatch(/audio\/mpeg/);
		await expectSong(v, r.execution, 'Add Vocals (Binary)', r.files['Add Vocals (Binary)']);
	},
	'generate-extend-download.json': async (v, wfs) => {
		const since = Date.now();
		const r = await run(v, wfs['generate-extend-download.json'], ['Extend Music']);
		const [first] = nodeOutput(r.execution, 'First Track')!;
		const extend = (await sandbox(v).requests({ path: '/api/v1/jobs/createTask', since })).filter((q) => q.body.model === 'ai-music-api/extend');
		expect(extend.map((q) => q.body.input)).toEqual([{ audio_id: first.id, model: 'V6' }]);
		await expectSong(v, r.execution, 'Extend Music', r.files['Extend Music']);
	},
	'boost-style-generate-persona.json': async (v, wfs) => {
		const since = Date.now();
		const r = await run(v, wfs['boost-style-generate-persona.json']);
		const [boosted] = nodeOutput(r.execution, 'Boost Style')!;
		const songs = (await sandbox(v).requests({ path: '/api/v1/jobs/createTask', since })).filter((q) => q.body.model === 'ai-music-api/generate');
		expect(songs.map((q) => [q.body.input.custom_mode, q.body.input.style])).toEqual([[true, boosted.style]]);
		await expectSong(v, r.execution, 'Generate Music');
		const [first] = nodeOutput(r.execution, 'First Track')!;
		expect(nodeOutput(r.execution, 'Generate Persona')).toEqual([
			expect.objectContaining({ taskId: first.taskId, id: first.id, personaId: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Neon Singer' }),
		]);
	},
	'full-pipeline.json': async (v, wfs) => {
		const r = await run(v, wfs['full-pipeline.json'], ['Generate Music', 'All Files']);
		await expectSong(v, r.execution, 'Generate Music', r.files['Generate Music']);
		const [wav] = nodeOutput(r.execution, 'Convert to WAV')!;
		const [video] = nodeOutput(r.execution, 'Create Music Video')!;
		const [cover] = nodeOutput(r.execution, 'Generate Cover Image')!;
		expect([wav.taskType, video.taskType, cover.taskType]).toEqual(['wav', 'video', 'coverImage']);
		const all = r.files['All Files'];
		expect(all.map((f) => Object.keys(f).sort())).toEqual([['audio'], ['video'], ['image', 'image_1']]);
		await expectServed(v, all[0].audio, wav.wavUrl);
		await expectServed(v, all[1].video, video.videoUrl);
		await expectServed(v, all[2].image, cover.imageUrls[0]);
		await expectServed(v, all[2].image_1, cover.imageUrls[1]);
	},
	'add-vocals-to-trigger.sender.json': async (v, wfs) => {
		if (!HAS_TRIGGER) return;
		const receiver = wfs['add-vocals-to-trigger.receiver.json'];
		const triggerNode = receiver.nodes.find((n) => n.type === 'n8n-nodes-kie-suno.kieSunoTrigger')!;
		// the receiver's webhookId is fixed in the file; give it a fresh one so runs never collide
		const webhookId = randomUUID();
		const rx: WorkflowJson = JSON.parse(JSON.stringify(receiver));
		rx.nodes.find((n) => n.name === triggerNode.name)!.webhookId = webhookId;
		rx.name = `${rx.name} (e2e ${Date.now()})`;
		const sender: WorkflowJson = JSON.parse(JSON.stringify(wfs['add-vocals-to-trigger.sender.json']));
		for (const n of sender.nodes) {
			if (typeof n.parameters.callbackUrl === 'string') n.parameters.callbackUrl = n.parameters.callbackUrl.replace(triggerNode.webhookId as string, webhookId);
		}
		const deployed = await deploy(v, rx);
		try {
			const c = client(v);
			const probe = await c.callWebhook(`${webhookId}/${v.triggerPath ?? examples.triggerWebhookPath()}`, {}, { registerWaitMs: 20_000 });
			expect(probe.status).toBe(400);
			const r = await run(v, sender);
			const taskId = nodeOutput(r.execution, 'Add Vocals')![0].taskId;
			expect(typeof taskId).toBe('string');
			const exec = await c.waitForExecution({ workflowId: deployed.id, timeoutMs: 30_000 });
			expect({ status: exec.status, error: executionError(exec)?.message }).toEqual({ status: 'success', error: undefined });
			const task = await sandbox(v).task(taskId);
			expect(nodeOutput(exec, 'Track Received')).toEqual(expectedMusicItems(task).map((item) => ({ ...item, verified: true })));
		} finally {
			await deployed.cleanup();
		}
	},
};
/** Files checked as part of another file's check. */
const CHECKED_WITH: Record<string, string> = { 'add-vocals-to-trigger.receiver.json': 'add-vocals-to-trigger.sender.json' };

describe.each(VERSIONS)('n8n $version: example workflows', (v: VersionState) => {
	let wfs: Record<string, WorkflowJson>;
	beforeAll(async () => {
		await examples.seedSandboxDemo(v.sandboxUrl, { apiKey: v.sandboxKey });
		wfs = load(v);
	});

	it('every example has a check, uses the community type names, typeVersion 1 and V6', () => {
		expect(Object.keys(wfs).filter((f) => !CHECKS[f] && !CHECKED_WITH[f])).toEqual([]);
		for (const wf of Object.values(wfs)) {
			for (const n of wf.nodes.filter((x) => x.type.includes('kie'))) {
				expect(n.type).toMatch(/^n8n-nodes-kie-suno\.kieSuno(Trigger)?$/);
				expect(n.typeVersion).toBe(1);
				const options = (n.parameters.options ?? {}) as Record<string, unknown>;
				if ('model' in options) expect({ node: n.name, model: options.model }).toEqual({ node: n.name, model: 'V6' });
			}
		}
	});

	it.each(Object.keys(CHECKS))('%s runs end to end against the sandbox', async (file) => {
		await CHECKS[file](v, wfs);
	});
});
