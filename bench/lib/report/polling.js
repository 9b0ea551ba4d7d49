'use strict';
/** Section 5 of docs/benchmarks.md: polling cost on both routes. */
const { ms, s, r, table, loadNote, notRun } = require('./format');

const TITLE = '## 5. Polling cost, on both routes';

function pollingSection(b, results) {
	if (!b) return notRun(TITLE, results, 'polling');
	return [
		TITLE,
		'',
		'N tasks in `completion: poll` (Add Instrumental, Webhook → Split Out → Kie Suno) with Poll Interval P against sandbox stage delays summing to D ' +
			'(text + first + complete), once per route: a discontinued model (`V5_5`, read at `GET /api/v1/generate/record-info`) and the default `V6` ' +
			'(read at `GET /api/v1/jobs/recordInfo`), the routes alternating within each run. A poller that reads right at the create and then exactly every P ' +
			'needs **ceil(D/P) + 1** details reads per task. Reads are counted, and timed, from the sandbox\'s request log: the first read after the create, ' +
			'the mean period between reads, and the reads at or after the moment the task finished (1 is ideal: the read that sees it). ' +
			'"Elsewhere" counts reads on the other route\'s details path (there should be none).',
		'',
		table(
			['route', 'N', 'P', 'stage delays (text/first/complete)', 'D', 'ceil(D/P)+1', 'reads/task (median)', 'max for one task', 'ratio', 'first read after create', 'period between reads', 'reads after done (max)', 'elsewhere', 'details 429s', 'execution time', 'failed runs'],
			b.cases.map((c) => [
				c.routeLabel,
				String(c.tasks),
				`${c.pollIntervalSeconds} s`,
				`${c.stageDelaysMs.text}/${c.stageDelaysMs.first}/${c.stageDelaysMs.complete} ms`,
				s(c.D),
				String(c.minimum),
				r(c.readsPerTask, 1),
				String(c.readsMax),
				r(c.ratio, 2),
				ms(c.firstReadMs),
				ms(c.periodMs),
				String(c.readsAfterDone),
				String(c.readsElsewhere),
				String(c.rateViolations),
				s(c.wallMs),
				String(c.failed),
			]),
		),
		'',
		`Same runs, jobs ÷ per-operation: ${b.ratioJobs.map((x) => `P ${x.pollIntervalSeconds} s: reads/task ${r(x.readsRatio)}, execution time ${r(x.wallRatio)}`).join('; ')}.`,
		'',
		'No target was set for this one. Each round reads all unfinished tasks (5 at a time) and then sleeps P, so a round\'s own duration ' +
			'adds to the period (the "period between reads" column) and the first read comes after all items were created: ' +
			'a task can need one read more than ceil(D/P) + 1 when that drift pushes a read just past a stage boundary, or one fewer when it pushes the ' +
			'last read past D (a ratio below 1.00). The jobs route reads its `state` words (`waiting`/`queuing`/`generating` → `success`) and parses ' +
			'`resultJson`; ' +
			(b.ratioJobs.every((x) => x.readsRatio === 1)
				? 'it needed the same number of reads per task as the per-operation route here.'
				: `its reads per task differ from the per-operation route's (ratios ${b.ratioJobs.map((x) => r(x.readsRatio)).join(', ')}).`),
		'',
		loadNote(results, 'polling'),
		'',
	];
}

module.exports = { pollingSection };
