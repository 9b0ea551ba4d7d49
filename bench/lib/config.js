'use strict';
/**
 * Every knob of `npm run bench`, from the environment, in one place (the report prints it), and
 * Kie's two create routes as the benchmarks drive them.
 */

const QUICK = /^(1|true|yes)$/i.test(process.env.BENCH_QUICK || '');

function intEnv(name, def, { min = 1, max = 1000 } = {}) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return def;
	const n = Math.floor(Number(raw));
	if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
	return n;
}

/**
 * The routes a Kie Suno node uses with `options.apiRoute: auto` (the default): a V6-family model goes
 * through the jobs route, a discontinued one through the operation's own endpoint. `detailsPath` is
 * where the node (and the trigger) reads such a task.
 */
const ROUTES = {
	perOperation: {
		key: 'perOperation',
		model: 'V5_5',
		label: 'per-operation route (`V5_5`, discontinued)',
		createPath: '/api/v1/generate/add-instrumental',
		detailsPath: '/api/v1/generate/record-info',
	},
	jobs: {
		key: 'jobs',
		model: 'V6',
		label: 'jobs route (`V6`, the default)',
		createPath: '/api/v1/jobs/createTask',
		jobsModel: 'ai-music-api/add-instrumental',
		detailsPath: '/api/v1/jobs/recordInfo',
	},
};

function n8nEnvFrom(raw) {
	return Object.fromEntries(
		(raw || '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)
			.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
			.filter(([k]) => /^(N8N_|EXECUTIONS_|DB_)[A-Z0-9_]+$/.test(k)),
	);
}

function config() {
	const runs = intEnv('BENCH_RUNS', QUICK ? 1 : 5, { min: 1, max: 20 });
	const fileMiB = intEnv('BENCH_FILE_MIB', QUICK ? 50 : 200, { min: 4, max: 1024 });
	return {
		quick: QUICK,
		runs,
		n8nVersion: process.env.BENCH_N8N_VERSION || '2.41.1',
		// diagnostics only: extra env for n8n, "KEY=VALUE,KEY=VALUE" (the report lists it)
		n8nEnv: n8nEnvFrom(process.env.BENCH_N8N_ENV),
		maxMinutes: intEnv('BENCH_MAX_MINUTES', QUICK ? 20 : 60, { min: 2, max: 180 }),
		only: (process.env.BENCH_ONLY || '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		throughput: { items: 100, perWindow: 20, windowMs: 2000 },
		latency: { callbacks: QUICK ? 15 : 50, warmup: 3 },
		load: { callbacks: QUICK ? 100 : 500, concurrency: 20, runs: Math.min(runs, QUICK ? 1 : 3) },
		// capMiB: Max File Size of the capped variant, below the file so the cap must stop the download
		memory: { fileMiB, capMiB: Math.floor(fileMiB / 4), sampleMs: 100, pollIntervalSeconds: 1 },
		polling: {
			tasks: QUICK ? 5 : 10,
			routes: ['perOperation', 'jobs'],
			cases: [
				{ pollIntervalSeconds: 1, stageDelaysMs: { text: 1000, first: 1000, complete: 1500 } },
				{ pollIntervalSeconds: 2, stageDelaysMs: { text: 1500, first: 1500, complete: 2000 } },
			],
		},
	};
}

module.exports = { QUICK, ROUTES, config };
