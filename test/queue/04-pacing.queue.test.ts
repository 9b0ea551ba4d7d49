/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Pacing across workers. Kie's create limit is per account (20 per 10 s), while each execution
 * paces only itself. Three executions of 30 items each start at the same moment and run on
 * different workers: every item must end with its tracks, and no title may get a second task.
 */
import { QUEUED, log, recordFigures } from './helpers';
import { runPacing } from './pacing';

const EXECUTIONS = 3;
const ITEMS = 30;

describe('queue mode: pacing across workers', () => {
	it(`${EXECUTIONS} executions × ${ITEMS} items started together on different workers: no lost item, no double create`, async () => {
		const f = await runPacing(QUEUED, EXECUTIONS, ITEMS);
		recordFigures('pacing', f);
		log(`pacing: ${f.inputsWithTracks}/${f.inputs} inputs with tracks, ${f.tasks} tasks, ${f.createRequests} create requests, ${f.rejected429} × 429, workers ${f.workersUsed.join('+')}, ${(f.durationMs / 1000).toFixed(0)} s`);
		for (const e of f.perExecution) log(`  execution ${e.executionId} on ${e.workers}: ${e.status}, ${e.inputsWithTracks}/${ITEMS} with tracks, errors ${JSON.stringify(e.errorMessages)}`);
		expect({ executions: f.executions, differentWorkers: f.workersUsed.length >= 2, lost: f.lost, doubleCreates: f.doubleCreates, tasks: f.tasks, allSucceeded: f.allSucceeded }).toEqual({
			executions: EXECUTIONS,
			differentWorkers: true,
			lost: 0,
			doubleCreates: 0,
			tasks: EXECUTIONS * ITEMS,
			allSucceeded: true,
		});
	});
});
