/* eslint-disable @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-require-imports */
/**
 * Create faults through real workflows: Webhook → Split Items → Kie Suno Add Instrumental
 * (Continue On Fail), one POST per scenario with one input item per title. Every input item
 * must end as a result or as an error item that says what happened, and no input may ever get
 * two tasks (a create whose outcome is unknown is never sent again).
 */
import { randomUUID } from 'crypto';

import {
	FAULTS,
	N8N,
	OUTAGES,
	SB,
	V,
	addInstrumental,
	createBodies,
	deploy,
	fakeMp3,
	itemsChain,
	nodeItems,
	recordFigures,
	sandboxFaults,
	sleep,
	tasksByTitle,
	type NodeJson,
} from './helpers';
import { MAINTENANCE_MS, MAINTENANCE_SCENARIO, REFUSED_SCENARIO, SCENARIOS, TIMEOUT_SCENARIO, UNKNOWN, VOCALS, type Scenario } from './createScenarios';

interface ScenarioResult {
	name: string;
	faults: string[];
	items: number;
	results: number;
	errors: number;
	messages: string[];
	descriptions: string[];
	createsPerTitle: number[];
	tasksPerTitle: number[];
	maxTasksPerTitle: number;
	executionStatus: string;
	durationMs: number;
	problems: string[];
	minGapMs?: number;
}

function vocalsNode(uploadUrl: string): NodeJson {
	const node = addInstrumental(uploadUrl, 'poll');
	node.name = 'Add Vocals';
	node.parameters = {
		resource: 'music',
		operation: 'addVocals',
		uploadUrl,
		title: '={{ $json.title }}',
		prompt: 'la la la',
		style: 'Pop',
		negativeTags: 'metal',
		completion: 'poll',
		options: { pollIntervalSeconds: 1, timeoutMinutes: 2, apiRoute: 'perOperation' },
	};
	return node;
}

async function runScenario(s: Scenario, hook: { id: string; path: string }, nodeName: string, index: number): Promise<ScenarioResult> {
	const t0 = Date.now();
	const prefix = `cf${FAULTS.seed.toString(16)}-${index}-`;
	const titles = Array.from({ length: s.items }, (_, i) => `${prefix}${i}`);
	for (const f of s.faults) await SB.addFault(f);
	const before = (await N8N.listExecutions({ workflowId: hook.id, limit: 1 }))[0]?.id ?? 0;
	const res = await N8N.callWebhook(hook.path, { items: titles.map((title) => ({ title })) }, { timeoutMs: 180_000 });
	const exec = await N8N.waitForExecution({ workflowId: hook.id, afterId: Number(before), timeoutMs: 60_000 }).catch(() => undefined);
	const items = exec ? nodeItems(exec, nodeName) : [];
	const tasks = await tasksByTitle(prefix);
	const creates = (await createBodies(t0 - 1000)).filter((b) => String(b.title).startsWith(prefix));
	const problems: string[] = [];
	if (res.status !== 200) problems.push(`webhook answered HTTP ${res.status}: ${res.text.slice(0, 200)}`);
	if (!exec) problems.push('no execution found');
	const messages: string[] = [];
	const descriptions: string[] = [];
	let results = 0;
	let errors = 0;
	let minGapMs: number | undefined;
	titles.forEach((title, input) => {
		const mineItems = items.filter((it) => it.input === input).map((it) => it.json);
		const titleTasks = tasks.get(title) ?? [];
		const titleCreates = creates.filter((c) => c.title === title).sort((a, b) => a.__time - b.__time);
		for (let i = 1; i < titleCreates.length; i++) {
			const gap = titleCreates[i].__time - titleCreates[i - 1].__time;
			minGapMs = minGapMs === undefined ? gap : Math.min(minGapMs, gap);
		}
		if (titleTasks.length > 1) problems.push(`${title}: ${titleTasks.length} tasks for one input`);
		if (mineItems.length === 0) {
			problems.push(`${title}: no output item`);
			return;
		}
		const errorItems = mineItems.filter((j) => j.stage === 'error');
		if (errorItems.length > 0) {
			errors++;
			const e = errorItems[0];
			messages.push(String(e.msg));
			if (e.description) descriptions.push(String(e.description));
			if (mineItems.length !== 1) problems.push(`${title}: error item plus ${mineItems.length - 1} other items`);
			if (!s.message.test(String(e.msg))) problems.push(`${title}: error message "${e.msg}" does not match ${s.message}`);
			if (s.description && !s.description.test(String(e.description ?? ''))) problems.push(`${title}: description "${e.description}" does not match ${s.description}`);
			if (e.error !== e.msg) problems.push(`${title}: error/msg differ`);
			if (s.erroredTasks !== undefined && titleTasks.length !== s.erroredTasks) problems.push(`${title}: ${titleTasks.length} tasks, expected ${s.erroredTasks}`);
			if (s.erroredCreates === 'once' && titleCreates.length !== 1) problems.push(`${title}: create sent ${titleCreates.length} times, expected once`);
			if (UNKNOWN.test(String(e.msg)) && !/Check whether the task exists in your Kie dashboard/.test(String(e.description ?? ''))) {
				problems.push(`${title}: unknown-outcome error without the dashboard hint`);
			}
			if (e.taskId !== null && e.taskId !== undefined) problems.push(`${title}: error item names task ${e.taskId} although none was confirmed`);
			return;
		}
		results++;
		if (titleTasks.length !== 1) problems.push(`${title}: result but ${titleTasks.length} tasks`);
		const taskId = titleTasks[0]?.taskId;
		for (const j of mineItems) {
			if (j.taskId !== taskId) problems.push(`${title}: item taskId ${j.taskId} is not the sandbox task ${taskId}`);
			const stage = s.completion === 'callback' ? 'pending' : 'complete';
			if (j.stage !== stage) problems.push(`${title}: stage ${j.stage}, expected ${stage}`);
		}
		if (s.completion === 'poll' && mineItems.length !== (titleTasks[0]?.tracks?.length ?? -1)) problems.push(`${title}: ${mineItems.length} items for ${titleTasks[0]?.tracks?.length} tracks`);
	});
	if (s.errors !== undefined && errors !== s.errors) problems.push(`${errors} error items, expected ${s.errors}`);
	if (s.minGapMs !== undefined && (minGapMs === undefined || minGapMs < s.minGapMs)) problems.push(`creates ${minGapMs} ms apart, expected ≥ ${s.minGapMs} (Retry-After)`);
	const tasksPerTitle = titles.map((t) => (tasks.get(t) ?? []).length);
	return {
		name: s.name,
		faults: s.faults.map((f) => JSON.stringify(f).replace(FAULTS.secrets.apiKey, '<apiKey>').replace(FAULTS.secrets.hmacKey, '<hmacKey>')),
		items: s.items,
		results,
		errors,
		messages: [...new Set(messages)],
		descriptions: [...new Set(descriptions)].slice(0, 2),
		createsPerTitle: titles.map((t) => creates.filter((c) => c.title === t).length),
		tasksPerTitle,
		maxTasksPerTitle: Math.max(0, ...tasksPerTitle),
		executionStatus: exec?.status ?? 'none',
		durationMs: Date.now() - t0,
		problems,
		...(s.minGapMs !== undefined ? { minGapMs } : {}),
	};
}

describe('create faults (Webhook → Split Items → Kie Suno Add Instrumental, Continue On Fail)', () => {
	const cleanups: Array<() => Promise<void>> = [];
	let uploadUrl: string;
	const hooks: Record<string, { id: string; path: string }> = {};

	beforeAll(async () => {
		await SB.clearFaults();
		uploadUrl = await SB.seedUpload(`faults-create-${Date.now()}.mp3`, fakeMp3());
		const deployOne = async (key: string, node: NodeJson) => {
			const { workflow, path } = itemsChain(`faults create ${key} ${Date.now()}`, node);
			const { id, cleanup } = await deploy(V, workflow);
			cleanups.push(cleanup);
			hooks[key] = { id, path };
			await N8N.waitForWebhook(path, { probeBody: { items: [] } });
		};
		await deployOne('poll', addInstrumental(uploadUrl, 'poll'));
		await deployOne('bad', addInstrumental(uploadUrl, 'poll', {}, 'bad'));
		await deployOne('callback', addInstrumental(uploadUrl, 'callback', { callbackUrl: `http://127.0.0.1:9/faults-unused-${randomUUID()}` }));
		await deployOne('vocals', vocalsNode(uploadUrl));
		await deployOne('jobs', addInstrumental(uploadUrl, 'poll', { options: { apiRoute: 'jobs' } }));
		// a credential whose Base URL is a closed loopback port
		const closed = `http://127.0.0.1:${await require('../../scripts/n8n/instance').getFreePort()}`;
		const unreachable = await N8N.createCredential({
			name: 'Kie API (faults, unreachable)',
			type: 'kieApi',
			data: { apiKey: FAULTS.secrets.apiKey, baseUrl: closed, uploadBaseUrl: closed, webhookHmacKey: FAULTS.secrets.hmacKey },
		});
		await deployOne('refused', addInstrumental(uploadUrl, 'poll', {}, { id: String(unreachable.id), name: unreachable.name }));
	});

	afterAll(async () => {
		await SB.clearFaults();
		for (const c of cleanups) await c();
	});

	it('every input ends as a result or an error item that says what happened; never two tasks for one input', async () => {
		const results: ScenarioResult[] = [];
		// the 60 s timeout runs on the Add Vocals route while the others run on Add Instrumental
		await SB.addFault(TIMEOUT_SCENARIO.faults[0]);
		const slowPrefix = `cf${FAULTS.seed.toString(16)}-slow-`;
		const slow = (async () => {
			const t0 = Date.now();
			const title = `${slowPrefix}0`;
			const res = await N8N.callWebhook(hooks.vocals.path, { items: [{ title }] }, { timeoutMs: 180_000 });
			const items = Array.isArray(res.body) ? res.body : [];
			const tasks = await tasksByTitle(slowPrefix);
			const creates = (await createBodies(t0 - 1000)).filter((b) => b.title === title);
			const e = items[0] ?? {};
			const problems: string[] = [];
			if (items.length !== 1 || e.stage !== 'error') problems.push(`expected one error item, got ${JSON.stringify(items).slice(0, 300)}`);
			if (!TIMEOUT_SCENARIO.message.test(String(e.msg))) problems.push(`error message "${e.msg}" does not match ${TIMEOUT_SCENARIO.message}`);
			if ((tasks.get(title) ?? []).length !== 1) problems.push(`${(tasks.get(title) ?? []).length} tasks, expected 1`);
			if (creates.length !== 1) problems.push(`create sent ${creates.length} times, expected once`);
			const r: ScenarioResult = {
				name: TIMEOUT_SCENARIO.name,
				faults: TIMEOUT_SCENARIO.faults.map((f) => JSON.stringify(f)),
				items: 1,
				results: 0,
				errors: e.stage === 'error' ? 1 : 0,
				messages: e.msg ? [String(e.msg)] : [],
				descriptions: e.description ? [String(e.description)] : [],
				createsPerTitle: [creates.length],
				tasksPerTitle: [(tasks.get(title) ?? []).length],
				maxTasksPerTitle: (tasks.get(title) ?? []).length,
				executionStatus: res.status === 200 ? 'success' : `HTTP ${res.status}`,
				durationMs: Date.now() - t0,
				problems,
			};
			return r;
		})();
		const refused = runScenario(REFUSED_SCENARIO, hooks.refused, 'Add Instrumental', 99);
		await OUTAGES.add({ paths: '/api/v1/jobs/createTask', durationMs: MAINTENANCE_MS, mode: 'code455' });
		const maintenance = runScenario(MAINTENANCE_SCENARIO, hooks.jobs, 'Add Instrumental', 98).then((r) => {
			// the create budget for Kie's "come back later" codes is 60 s (transport RETRY_POLICY)
			if (r.durationMs < 60_000) r.problems.push(`gave up after ${r.durationMs} ms, before the 60 s budget`);
			return r;
		});
		// the hanging create must have reached the sandbox before other faults are added
		for (let i = 0; i < 100 && !(await tasksByTitle(slowPrefix)).size; i++) await sleep(200);

		for (const [i, s] of SCENARIOS.entries()) {
			const hook = s.credential === 'bad' ? hooks.bad : s.completion === 'callback' ? hooks.callback : hooks.poll;
			const r = await runScenario(s, hook, 'Add Instrumental', i);
			results.push(r);
			process.stdout.write(`[faults] create: ${r.name}: ${r.results} results, ${r.errors} errors, creates/title ${r.createsPerTitle.join(',')}, tasks/title ${r.tasksPerTitle.join(',')}, ${(r.durationMs / 1000).toFixed(1)} s${r.problems.length ? `; PROBLEMS: ${r.problems.join('; ')}` : ''}\n`);
			const pending = (await sandboxFaults()).filter((f) => f.path !== VOCALS);
			if (pending.length) r.problems.push(`faults not used up: ${JSON.stringify(pending)}`);
			await SB.clearFaults();
		}
		const maintenanceResult = await maintenance;
		await OUTAGES.clear();
		results.push(maintenanceResult);
		process.stdout.write(`[faults] create: ${maintenanceResult.name}: ${maintenanceResult.errors} errors, ${(maintenanceResult.durationMs / 1000).toFixed(1)} s${maintenanceResult.problems.length ? `; PROBLEMS: ${maintenanceResult.problems.join('; ')}` : ''}\n`);
		const refusedResult = await refused;
		results.push(refusedResult);
		process.stdout.write(`[faults] create: ${refusedResult.name}: ${refusedResult.errors} errors, ${(refusedResult.durationMs / 1000).toFixed(1)} s${refusedResult.problems.length ? `; PROBLEMS: ${refusedResult.problems.join('; ')}` : ''}\n`);
		const slowResult = await slow;
		results.push(slowResult);
		process.stdout.write(`[faults] create: ${slowResult.name}: ${slowResult.errors} errors, ${(slowResult.durationMs / 1000).toFixed(1)} s${slowResult.problems.length ? `; PROBLEMS: ${slowResult.problems.join('; ')}` : ''}\n`);

		recordFigures('create', { scenarios: results });
		const problems = results.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`));
		expect(problems).toEqual([]);
		expect(Math.max(...results.map((r) => r.maxTasksPerTitle))).toBeLessThanOrEqual(1);
	});
});
