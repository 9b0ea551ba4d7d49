/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** `npm run lint`: n8n-node lint's strict check, then no errors and only documented warnings. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { strictConfigProblem } from '../../scripts/release/lint';
import { classifyLintResults } from '../../scripts/release/lintPolicy';

const ROOT = path.resolve(__dirname, '..', '..');
const at = (rel: string) => path.join(ROOT, rel);
const message = (ruleId: string | null, severity: number, text: string, line = 1) => ({ ruleId, severity, message: text, line });
const HMAC_WARNING = "Field 'webhookHmacKey' does not appear to be sensitive but uses 'typeOptions: { password: true }'.";
const UNUSED_HEADER = "Unused eslint-disable directive (no problems were reported from '@n8n/community-nodes/no-restricted-globals' or '@n8n/community-nodes/no-restricted-imports').";
const UNUSED_GLOBALS_AND_ANY = "Unused eslint-disable directive (no problems were reported from '@n8n/community-nodes/no-restricted-globals' or '@typescript-eslint/no-explicit-any').";

describe('classifyLintResults', () => {
	const classify = (results: Parameters<typeof classifyLintResults>[0]) => classifyLintResults(results, ROOT);

	it('documents the webhookHmacKey password warning and nothing else in that file', () => {
		const { failures, documented } = classify([
			{
				filePath: at('credentials/KieApi.credentials.ts'),
				messages: [
					message('@n8n/community-nodes/credential-unnecessary-password', 1, HMAC_WARNING, 63),
					message('@n8n/community-nodes/credential-unnecessary-password', 1, "Field 'title' does not appear to be sensitive", 70),
					message('@n8n/community-nodes/credential-test-required', 2, 'needs a test', 5),
				],
			},
		]);
		expect(documented.map((d) => d.where)).toEqual(['credentials/KieApi.credentials.ts:63 @n8n/community-nodes/credential-unnecessary-password']);
		expect(failures.map((f) => `${f.where} ${f.severity}`)).toEqual([
			'credentials/KieApi.credentials.ts:70 @n8n/community-nodes/credential-unnecessary-password warning',
			'credentials/KieApi.credentials.ts:5 @n8n/community-nodes/credential-test-required error',
		]);
	});

	it('documents an unused team header on line 1 of a test file, not other unused directives', () => {
		const { failures, documented } = classify([
			{ filePath: at('test/a.test.ts'), messages: [message(null, 1, UNUSED_HEADER, 1), message(null, 1, UNUSED_HEADER, 40)] },
			{ filePath: at('test/b.test.ts'), messages: [message(null, 1, UNUSED_GLOBALS_AND_ANY, 1)] },
			{ filePath: at('nodes/x.ts'), messages: [message(null, 1, UNUSED_HEADER, 1)] },
		]);
		expect(documented.map((d) => d.where)).toEqual(['test/a.test.ts:1 (eslint)']);
		expect(failures.map((f) => f.where)).toEqual(['test/a.test.ts:40 (eslint)', 'test/b.test.ts:1 (eslint)', 'nodes/x.ts:1 (eslint)']);
	});

	it('never documents an error, even with a documented rule and file', () => {
		const { failures, documented } = classify([
			{ filePath: at('credentials/KieApi.credentials.ts'), messages: [message('@n8n/community-nodes/credential-unnecessary-password', 2, HMAC_WARNING)] },
		]);
		expect(documented).toEqual([]);
		expect(failures).toHaveLength(1);
	});
});

describe('strict mode (as n8n-node lint checks it)', () => {
	it("accepts this repository's eslint.config.mjs", () => {
		expect(strictConfigProblem(ROOT)).toBeNull();
	});

	it('refuses a changed eslint.config.mjs while package.json says "strict": true', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-strict-'));
		try {
			fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ n8n: { strict: true } }));
			fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), "import { config } from '@n8n/node-cli/eslint';\nexport default [...config, { ignores: ['test'] }];\n");
			expect(strictConfigProblem(dir)).toMatch(/^strict mode: eslint.config.mjs differs from @n8n\/node-cli's default/);
			fs.rmSync(path.join(dir, 'eslint.config.mjs'));
			expect(strictConfigProblem(dir)).toBe('strict mode: eslint.config.mjs not found');
			fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ n8n: { strict: false } }));
			expect(strictConfigProblem(dir)).toBeNull();
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
