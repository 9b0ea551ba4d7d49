'use strict';
/** Section 4 of docs/benchmarks.md: memory while downloading a large file through the guarded download path. */
const { YES, NO, s, r, mib, fmt, table, loadNote, notRun } = require('./format');

const TITLE = '## 4. Memory while downloading a large file';

function memoryTargets(b) {
	const kie = b.summary.find((x) => x.key === 'kie') || {};
	const capped = b.summary.find((x) => x.key === 'kieCapped');
	return {
		growthOk: kie.growthMiB < b.fileMiB / 4 && kie.failed === 0,
		capOk: !capped || (capped.failed === 0 && capped.bytesServedMaxMiB < b.capMiB),
	};
}

function intro(b) {
	return (
		`The sandbox serves a ${b.fileMiB} MiB mp3 (one track per task, \`audioBytes: ${b.fileBytes}\`). The Kie Suno node runs Add Instrumental with the default model \`V6\`, ` +
		`so the task is made and read on the jobs route (its items say \`apiRoute: ${(b.summary.find((x) => x.key === 'kie') || {}).apiRoutes || '?'}\`), ` +
		'with `completion: poll`, poll interval 1 s, stage delays 200 ms each and `downloadAudio: true`, and downloads through 0.2\'s guarded path: the URL comes from Kie\'s authenticated answer, ' +
		'its address is checked before connecting and after, and the body is metered against Max File Size (default 500 MB) under a time cap. ' +
		'Beside it, the HTTP Request node (GET the same kind of file, Response Format: File) runs from a Webhook. ' +
		`The RSS of n8n's process group (main process + task runner, from /proc) is sampled every ${b.sampleMs} ms; ` +
		'**growth = peak during the run − median of the 1 s before it**. A control runs the same Kie Suno workflow without Download Audio; ' +
		`a third Kie Suno variant sets Max File Size to ${b.capMiB} MB, below the file, and must end with \`downloadError\` on the item and without the file. ` +
		'The order rotates per run; each run\'s execution is deleted afterwards.'
	);
}

function storageText(b) {
	const modes = [...new Set(b.summary.filter((x) => x.key === 'kie' || x.key === 'http').map((x) => x.binaryMode))];
	return (
		`Binary data mode: **${b.binaryDataMode}** (from n8n's \`/rest/settings\`; n8n 2.41's \`BinaryDataConfig\` defaults to \`filesystem\` in regular mode ` +
		'and `database` in queue mode; the in-memory `default` mode is deprecated). The stored binary ids start with ' +
		`\`${modes.join('`, `')}\`, and the largest file in \`<userFolder>/.n8n/storage\` after a run was ` +
		`${fmt((b.summary[0].storedFileBytes || 0) / 1048576, 1)} MiB, i.e. the file went to disk, not into the execution data.`
	);
}

/** Whether the Kie Suno node's first run was clearly its worst (the heap grows once, then is reused). */
function firstIsWorst(b, kie) {
	const first = b.runs.find((x) => x.variant === 'kie');
	return !!first && first.growthMiB === kie.growthMaxMiB && kie.growthMaxMiB > kie.growthMiB + 1;
}

function readingText(b) {
	const get = (k) => b.summary.find((x) => x.key === k) || {};
	const kie = get('kie');
	const ctl = get('kieNoDownload');
	const http = get('http');
	const capped = b.summary.find((x) => x.key === 'kieCapped');
	return (
		`Reading: the Kie Suno node grew by ${mib(kie.growthMiB)} (median) while storing a ${b.fileMiB} MiB file, ${r((kie.growthMiB / b.fileMiB) * 100, 0)} % of its size; ` +
		`the same execution without the download (the control) grew by ${mib(ctl.growthMiB)}` +
		(kie.growthMiB - ctl.growthMiB < 1 ? ', i.e. the download adds nothing measurable. ' : `, so about ${mib(kie.growthMiB - ctl.growthMiB)} is the download's. `) +
		`n8n's HTTP Request node grew by ${mib(http.growthMiB)}. Both stream the response into n8n's binary storage; the guards (address checks, byte meter, time cap) ` +
		'do not buffer the body. The Kie Suno node\'s execution time includes creating the task and polling until it is done (about 1 s here). ' +
		`The worst run: ${mib(kie.growthMaxMiB)} for the Kie Suno node, ${mib(http.growthMaxMiB)} for HTTP Request` +
		(firstIsWorst(b, kie)
			? ' (the first one: a long-running n8n keeps heap it has freed, so later runs reuse it and RSS barely moves). '
			: `; n8n's RSS was already ${mib(kie.baselineMiB)} after the benchmarks before, and the first run grew no more than the others. `) +
		(capped
			? `With Max File Size ${b.capMiB} MB the node refused the file: "${capped.downloadError || 'n/a'}"; the sandbox sent at most ${mib(capped.bytesServedMaxMiB)} ` +
				`of the ${b.fileMiB} MiB before the connection closed, and the execution took ${s(capped.wallMs)} (the control: ${s(ctl.wallMs)}).`
			: '')
	);
}

function memorySection(b, results) {
	if (!b) return notRun(TITLE, results, 'memory');
	const limit = b.fileMiB / 4;
	const ctl = b.summary.find((x) => x.key === 'kieNoDownload') || {};
	const ok = memoryTargets(b);
	const target = (x) => {
		if (x.key === 'kie') return ok.growthOk ? YES : NO;
		if (x.key === 'kieCapped') return ok.capOk ? YES : NO;
		return '—';
	};
	const rate = (x) => {
		if (x.key === 'kie' && ctl.wallMs) return `≈ ${r(b.fileMiB / ((x.wallMs - ctl.wallMs) / 1000), 0)} (time minus the control's)`;
		return x.key === 'http' ? r(x.mibPerSecond, 0) : '—';
	};
	return [
		TITLE,
		'',
		intro(b),
		'',
		storageText(b),
		'',
		table(
			['node', 'RSS growth (median)', 'worst run', 'main process only (median)', 'baseline RSS (group)', 'execution time', 'MiB/s', 'sent by the sandbox (median)', 'failed', `target: growth median < ${fmt(limit, 0)} MiB (¼ of the file); capped: refused, < ${b.capMiB} MiB sent`],
			b.summary.map((x) => [
				x.label,
				mib(x.growthMiB),
				mib(x.growthMaxMiB),
				mib(x.growthMainMiB),
				mib(x.baselineMiB),
				s(x.wallMs),
				rate(x),
				mib(x.bytesServedMiB),
				String(x.failed),
				target(x),
			]),
		),
		'',
		'Per run:',
		'',
		table(
			['run', 'node', 'baseline', 'peak', 'growth', 'execution time', 'sent by the sandbox'],
			b.runs.map((x, i) => [String(Math.floor(i / b.summary.length) + 1), x.variant, mib(x.baselineMiB), mib(x.peakMiB), mib(x.growthMiB), s(x.wallMs), mib(x.bytesServed / 1048576)]),
		),
		'',
		readingText(b),
		'',
		loadNote(results, 'memory'),
		'',
	];
}

module.exports = { memorySection, memoryTargets };
