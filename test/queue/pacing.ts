/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * The pacing scenario, for queue mode and for the single n8n beside it: `executions` executions of
 * `items` items each (Add Instrumental, poll, Continue On Fail) start at the same moment against
 * the sandbox, which enforces Kie's per-account limit (20 creates per 10 s; the excess is answered
 * HTTP 200 with code 429 and nothing is created).
 */
import {
	KIE_LIMIT,
	SB,
	chain,
	deploy,
	fakeMp3,
	histogram,
	nodeItems,
	sandboxDefaults,
	splitItemsNode,
	waitForSettled,
	webhookStartNode,
	workerRuns,
	type Target,
} from './helpers';
import { OPERATIONS, operationNode, taskTitle, tasksWithPrefix } from './operations';

/** Kie's two create routes: the per-operation one and the unified jobs route. */
const CREATE_ROUTES = ['/api/v1/generate/add-instrumental', '/api/v1/jobs/createTask'];

/** Most tasks created within any `windowMs` (sliding, by creation time). */
export function peakPerWindow(times: number[], windowMs: number): number {
	const t = [...times].sort((a, b) => a - b);
	let peak = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= windowMs) j++;
		peak = Math.max(peak, i - j + 1);
	}
	return peak;
}

export async function runPacing(t: Target, executions: number, items: number): Promise<Record<string, any>> {
	await sandboxDefaults();
	const addInstrumental = OPERATIONS.find((c) => c.operation === 'addInstrumental')!;
	const uploadUrl = await SB.seedUpload(`queue-pacing-${Date.now()}.mp3`, fakeMp3());
	const stamp = Date.now().toString(36);
	const prefix = `qpace-${t.queue ? 'q' : 's'}-${stamp}-`;
	const { hook, path } = webhookStartNode('onReceived');
	const node = operationNode(addInstrumental, uploadUrl, 'poll', { pollIntervalSeconds: 2, timeoutMinutes: 10 }, t);
	const { id, cleanup } = await deploy(chain(`pacing ${t.label} ${stamp}`, [hook, splitItemsNode(), node]), t);
	try {
		const statsBefore = await SB.stats();
		const since = Date.now();
		const titles = Array.from({ length: executions }, (_, e) => Array.from({ length: items }, (_, i) => `${prefix}${e + 1}-${i + 1}`));
		const answers = await Promise.all(titles.map((list) => t.n8n.callWebhook(path, { items: list.map((title) => ({ title })) })));
		const settled = await waitForSettled(id, executions, 600_000, t);
		const durationMs = Date.now() - since;
		const statsAfter = await SB.stats();
		const tasks = await tasksWithPrefix(prefix);
		const titleOf = (r: any) => String(r.body?.title ?? r.body?.input?.title ?? '');
		const requests = (await Promise.all(CREATE_ROUTES.map((path) => SB.requests({ path, since })))).flat().filter((r) => titleOf(r).startsWith(prefix));
		const all = titles.flat();
		const tasksOf = (title: string) => tasks.filter((x) => taskTitle(x) === title).length;
		const perExecution = await Promise.all(
			settled.map(async (summary) => {
				const execution = await t.n8n.getExecution(summary.id, true);
				const out = nodeItems(execution, 'Kie Suno');
				const withTracks = new Set(out.filter((it) => it.stage === 'complete' && it.audioUrl).map((it) => it.title));
				const errors = out.filter((it) => it.stage === 'error' || it.error);
				return {
					executionId: summary.id,
					status: execution.status,
					workers: t.queue ? Object.keys(workerRuns(summary.id)).join(', ') : 'the one process',
					items: out.length,
					inputsWithTracks: withTracks.size,
					errorItems: errors.length,
					errorMessages: histogram(errors.map((it) => String(it.msg ?? it.error).replace(/[0-9a-f]{32}/g, '<taskId>').slice(0, 160))),
				};
			}),
		);
		const inputsWithTracks = perExecution.reduce((a, e) => a + e.inputsWithTracks, 0);
		return {
			target: t.label,
			executions: settled.length,
			itemsPerExecution: items,
			inputs: executions * items,
			answers: answers.map((a) => a.status),
			perExecution,
			workersUsed: [...new Set(perExecution.flatMap((e) => e.workers.split(', ').filter(Boolean)))],
			tasks: tasks.length,
			inputsWithTracks,
			lost: executions * items - inputsWithTracks,
			doubleCreates: all.filter((title) => tasksOf(title) > 1).length,
			tasksPerTitle: histogram(all.map(tasksOf)),
			createRequests: requests.length,
			requestsPerTitle: histogram(all.map((title) => requests.filter((r) => titleOf(r) === title).length)),
			rejected429: statsAfter.createRejectedRate - statsBefore.createRejectedRate,
			peakCreatesPer10s: peakPerWindow(tasks.map((x) => x.createdAt), KIE_LIMIT.windowMs),
			allSucceeded: perExecution.every((e) => e.status === 'success'),
			durationMs,
		};
	} finally {
		await cleanup();
	}
}
