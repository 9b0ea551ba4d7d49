/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * `poll` in queue mode: Webhook → Split Items → Kie Suno (completion poll), one POST through the
 * proxy per operation, all operations at once. The webhook processor enqueues the execution, a
 * worker runs it, and the Webhook answers with the tracks once the worker is done.
 */
import {
	N8N,
	SB,
	WORKERS,
	allExecutions,
	chain,
	deploy,
	fakeMp3,
	lastProxySeq,
	log,
	nodeItems,
	proxyLog,
	recordFigures,
	splitItemsNode,
	waitForSettled,
	webhookStartNode,
	workerRuns,
} from './helpers';
import { OPERATIONS, availableOperations, operationNode, taskTitle, tasksWithPrefix } from './operations';

const ITEMS = 2;

describe('queue mode: poll', () => {
	it('each operation runs on a worker and ends with every track of every task', async () => {
		const { run, skipped } = await availableOperations();
		for (const s of skipped) log(`poll: skipping ${s.operation}: ${s.reason}`);
		expect(run.length).toBeGreaterThan(0);
		const uploadUrl = await SB.seedUpload(`queue-poll-${Date.now()}.mp3`, fakeMp3());
		const stamp = Date.now().toString(36);
		const seq0 = await lastProxySeq();

		const results = await Promise.all(
			run.map(async (c) => {
				const prefix = `qp-${stamp}-${c.operation}-`;
				const { hook, path } = webhookStartNode('lastNode');
				const { id, cleanup } = await deploy(chain(`queue poll ${c.operation} ${stamp}`, [hook, splitItemsNode(), operationNode(c, uploadUrl, 'poll')]));
				try {
					const t0 = Date.now();
					const titles = Array.from({ length: ITEMS }, (_, i) => `${prefix}${i + 1}`);
					const response = await N8N.callWebhook(path, { items: titles.map((title) => ({ title })) }, { timeoutMs: 300_000 });
					const durationMs = Date.now() - t0;
					const [summary] = await waitForSettled(id, 1, 60_000);
					const execution = await N8N.getExecution(summary.id, true);
					const items = nodeItems(execution, 'Kie Suno');
					const tasks = await tasksWithPrefix(prefix);
					const problems: string[] = [];
					const expected = tasks.flatMap((t) => t.tracks.map((tr: any, k: number) => `${t.taskId}#${k}:${tr.audioUrl}`)).sort();
					const got = items.map((it) => `${it.taskId}#${it.trackIndex}:${it.audioUrl}`).sort();
					if (response.status !== 200) problems.push(`webhook answered ${response.status}: ${response.text.slice(0, 200)}`);
					if (execution.status !== 'success') problems.push(`execution ${execution.status}`);
					if (tasks.length !== ITEMS || titles.some((t) => tasks.filter((x) => taskTitle(x) === t).length !== 1)) {
						problems.push(`tasks per title: ${titles.map((t) => tasks.filter((x) => taskTitle(x) === t).length).join(', ')}`);
					}
					if (JSON.stringify(got) !== JSON.stringify(expected)) problems.push(`items ${JSON.stringify(got).slice(0, 300)} ≠ tracks ${JSON.stringify(expected).slice(0, 300)}`);
					if (items.some((it) => it.stage !== 'complete')) problems.push(`stages ${items.map((it) => it.stage).join(',')}`);
					const ranOn = workerRuns(summary.id);
					if (Object.keys(ranOn).length !== 1 || !WORKERS.includes(Object.keys(ranOn)[0])) problems.push(`worker runs ${JSON.stringify(ranOn)}`);
					const executions = (await allExecutions(id)).length;
					if (executions !== 1) problems.push(`${executions} executions`);
					return { operation: c.operation, path, executionId: summary.id, status: execution.status, worker: Object.keys(ranOn).join(', '), items: items.length, tracks: expected.length, tasks: tasks.length, inputs: ITEMS, executions, durationMs, problems };
				} finally {
					await cleanup();
				}
			}),
		);

		const entries = await proxyLog(seq0);
		for (const r of results as any[]) r.webhookProcessor = entries.filter((e) => e.path.startsWith(`/webhook/${r.path}`) && e.status !== 404).map((e) => e.backend).join(', ');
		recordFigures('poll', { operations: results, skipped, operationsListed: OPERATIONS.map((c) => c.operation) });
		for (const r of results) log(`poll ${r.operation}: ${r.status} on ${r.worker}, ${r.items}/${r.tracks} tracks, ${r.tasks} tasks for ${r.inputs} inputs, ${(r.durationMs / 1000).toFixed(1)} s`);
		expect(results.flatMap((r) => r.problems.map((p) => `${r.operation}: ${p}`))).toEqual([]);
	});
});
