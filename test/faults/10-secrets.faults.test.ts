/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Secret scan (runs last): the suite's credentials use distinctive API keys and HMAC key. None may
 * appear in any execution of the suite (with data: node output, errors, error descriptions,
 * Kie's echoed messages), in a workflow, or in the n8n log files written during the suite.
 */
import * as fs from 'fs';
import * as path from 'path';

import { FAULTS, N8N, V, allExecutions, n8nInfo, recordFigures } from './helpers';

function filesUnder(dir: string, pattern: RegExp, depth = 3): string[] {
	const out: string[] = [];
	if (depth < 0 || !fs.existsSync(dir)) return out;
	for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, d.name);
		if (d.isDirectory() && d.name !== 'node_modules' && d.name !== 'nodes') out.push(...filesUnder(p, pattern, depth - 1));
		else if (d.isFile() && pattern.test(d.name)) out.push(p);
	}
	return out;
}

describe('secrets', () => {
	it('no API key or HMAC key in any execution, workflow or n8n log of the suite', async () => {
		const secrets: Record<string, string> = {
			apiKey: FAULTS.secrets.apiKey,
			hmacKey: FAULTS.secrets.hmacKey,
			badApiKey: FAULTS.secrets.badApiKey,
		};
		const hits: string[] = [];
		const scan = (where: string, text: string) => {
			for (const [name, value] of Object.entries(secrets)) {
				let i = text.indexOf(value);
				let n = 0;
				while (i !== -1 && n < 3) {
					hits.push(`${name} in ${where}: …${text.slice(Math.max(0, i - 80), i).replace(/\s+/g, ' ')}<${name}>…`);
					i = text.indexOf(value, i + value.length);
					n++;
				}
			}
		};

		// every execution of the suite, with its data
		const list = await allExecutions();
		let bytes = 0;
		const statuses: Record<string, number> = {};
		let withErrors = 0;
		let redactionMarkers = 0;
		let errorTexts = 0;
		for (const e of list) {
			const full = await N8N.getExecution(e.id, true);
			const text = JSON.stringify(full);
			bytes += text.length;
			statuses[full.status] = (statuses[full.status] ?? 0) + 1;
			if (/"stage":"error"/.test(text) || full.data?.resultData?.error) withErrors++;
			if (/Bearer \*\*\*|=\*\*\*/.test(text)) redactionMarkers++;
			if (/Kie rejected the API key|may or may not have been created/.test(text)) errorTexts++;
			scan(`execution ${e.id} (${full.status})`, text);
		}

		// every workflow (nodes, parameters, static data)
		const workflows = await N8N.listWorkflows();
		for (const w of workflows) scan(`workflow ${w.id}`, JSON.stringify(await N8N.api('GET', `/workflows/${w.id}`)));

		// the n8n log (debug level) and n8n's event logs
		const info = await n8nInfo();
		const logs = [info.logPath || V.logPath, ...filesUnder(path.join(V.userFolder, '.n8n'), /\.log$/)];
		const logBytes: Record<string, number> = {};
		for (const file of [...new Set(logs)]) {
			if (!fs.existsSync(file)) continue;
			const text = fs.readFileSync(file, 'utf8');
			logBytes[path.relative(path.dirname(V.userFolder), file)] = text.length;
			scan(`log ${path.basename(file)}`, text);
		}

		recordFigures('secrets', {
			executionsScanned: list.length,
			executionStatuses: statuses,
			executionsWithErrorItemsOrErrors: withErrors,
			executionsWithRedactionMarkers: redactionMarkers,
			executionsWithKnownErrorTexts: errorTexts,
			executionBytes: bytes,
			workflowsScanned: workflows.length,
			logFiles: logBytes,
			secretsChecked: Object.keys(secrets),
			hits: hits.length,
			hitSamples: hits.slice(0, 10).map((h) => h.replace(FAULTS.secrets.apiKey, '<apiKey>').replace(FAULTS.secrets.hmacKey, '<hmacKey>')),
		});
		process.stdout.write(`[faults] secrets: ${list.length} executions (${(bytes / 1e6).toFixed(1)} MB), ${workflows.length} workflows, ${Object.keys(logBytes).length} logs scanned; ${hits.length} hits\n`);

		// the scan has something to find: error items exist, and Kie's echoed secrets show as ***
		expect(list.length).toBeGreaterThan(10);
		expect(errorTexts).toBeGreaterThan(0);
		expect(redactionMarkers).toBeGreaterThan(0);
		expect(hits).toEqual([]);
	});
});
