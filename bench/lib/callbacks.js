'use strict';
/**
 * Kie callback bodies for the trigger benchmarks, captured from the sandbox (Kie's shapes: the
 * per-operation route's text / first / complete with snake_case tracks and its failure callback;
 * the jobs route's terminal callback), and a helper that sends one to a URL and times the answer.
 */
const { request } = require('../../scripts/n8n/http');
const { until, callbackFor, signatureHeaders } = require('./common');
const { sandboxCreate, resetSandbox } = require('./sandbox');

/**
 * The query the Kie Suno node adds to a callback URL it sends on the jobs route
 * (nodes/shared/callback.ts, tagCallbackUrl), so the trigger knows where to read the task.
 */
const JOBS_CALLBACK_TAGS = '?kieTaskType=music&kieApiRoute=jobs';

/**
 * Creates sandbox tasks (per-operation: one succeeds, one fails; jobs: one succeeds) and returns
 * the callback body of each stage: { text, first, complete, error, jobsComplete }.
 */
async function captureTemplates(env) {
	await resetSandbox(env);
	env.sb.configure({ stageDelaysMs: { text: 20, first: 20, complete: 20 }, tracksPerTask: 2 });
	const ok = await sandboxCreate(env, { title: 'Bench Template' });
	env.sb.addFault({ type: 'outcome', status: 'GENERATE_AUDIO_FAILED', after: 'text' });
	const failed = await sandboxCreate(env, { title: 'Bench Template Failed' });
	const jobs = await sandboxCreate(env, { route: 'jobs', title: 'Bench Template Jobs' });
	const stageBody = (taskId, stage) => {
		const c = env.sb.callbacks.find((x) => x.taskId === taskId && x.body && x.body.data && x.body.data.callbackType === stage);
		return c ? c.body : null;
	};
	const templates = await until(
		() => {
			const t = {
				text: stageBody(ok, 'text'),
				first: stageBody(ok, 'first'),
				complete: stageBody(ok, 'complete'),
				error: stageBody(failed, 'error'),
				jobsComplete: stageBody(jobs, 'complete'),
			};
			return Object.values(t).every(Boolean) ? t : null;
		},
		{ timeoutMs: 15_000, intervalMs: 50, what: 'the sandbox callbacks of the template tasks' },
	);
	await resetSandbox(env);
	return JSON.parse(JSON.stringify(templates));
}

/** POSTs a signed Kie callback (stage template, new task id); resolves { status, sentAt, ms, text }. */
async function sendCallback(env, url, template, taskId, { timeoutMs = 30_000 } = {}) {
	const body = callbackFor(template, taskId);
	const headers = { 'User-Agent': 'kie-bench (Kie callback shape)', ...signatureHeaders(taskId, env.hmacKey) };
	const sentAt = Date.now();
	const t0 = process.hrtime.bigint();
	try {
		const res = await request('POST', url, { json: body, headers, timeoutMs });
		return { status: res.status, sentAt, ms: Number(process.hrtime.bigint() - t0) / 1e6, text: res.text.slice(0, 200) };
	} catch (e) {
		return { status: `error: ${e.message}`, sentAt, ms: Number(process.hrtime.bigint() - t0) / 1e6, text: '' };
	}
}

module.exports = { captureTemplates, sendCallback, JOBS_CALLBACK_TAGS };
