'use strict';
/**
 * What `npm run lint` accepts: no errors, and no warnings except the documented ones below (each
 * with the reason it stays). Everything else fails, so a new warning is a decision, not noise.
 */
const path = require('path');

/** The rules of the header every test file starts with (team rule; n8n-node-conventions.md §0.6). */
const HEADER_RULES = ['@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports'];

/** Documented warnings: file (repo-relative, or a RegExp), rule (null = ESLint core report), reason. */
const DOCUMENTED_WARNINGS = [
	{
		file: 'credentials/KieApi.credentials.ts',
		rule: '@n8n/community-nodes/credential-unnecessary-password',
		match: /'webhookHmacKey'/,
		reason:
			'webhookHmacKey is the secret Kie signs callbacks with (HMAC-SHA256); it must stay masked. ' +
			'The rule guesses sensitivity from the field name only.',
	},
	{
		file: /^test\//,
		rule: null,
		match: /^Unused eslint-disable directive/,
		line: 1,
		onlyRules: HEADER_RULES,
		reason:
			'Team rule: every test file starts with the Cloud-rule disable header, also where no line needs it yet, ' +
			'so tests can use Node APIs without per-file lint churn. Other stale rules in that line still fail.',
	},
];

function fileMatches(pattern, relPath) {
	return typeof pattern === 'string' ? pattern === relPath : pattern.test(relPath);
}

/** Rule names an "Unused eslint-disable directive" message lists, e.g. "from 'a' or 'b'". */
function rulesNamed(text) {
	return [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

function documentedReason(relPath, message) {
	const entry = DOCUMENTED_WARNINGS.find(
		(w) =>
			fileMatches(w.file, relPath) &&
			(message.ruleId ?? null) === w.rule &&
			w.match.test(message.message) &&
			(w.line === undefined || message.line === w.line) &&
			(!w.onlyRules || rulesNamed(message.message).every((r) => w.onlyRules.includes(r))),
	);
	return entry?.reason ?? null;
}

/**
 * Splits ESLint results into failures and documented warnings.
 * @param {Array<{filePath: string, messages: Array<{ruleId: string|null, severity: number, message: string, line: number}>}>} results
 * @param {string} root repository root (paths are reported relative to it)
 */
function classifyLintResults(results, root) {
	const failures = [];
	const documented = [];
	for (const result of results) {
		const relPath = path.relative(root, result.filePath).split(path.sep).join('/');
		for (const message of result.messages) {
			const where = `${relPath}:${message.line ?? 0} ${message.ruleId ?? '(eslint)'}`;
			const item = { file: relPath, line: message.line, rule: message.ruleId ?? null, message: message.message, where };
			const reason = message.severity === 1 ? documentedReason(relPath, message) : null;
			if (reason) documented.push({ ...item, reason });
			else failures.push({ ...item, severity: message.severity === 2 ? 'error' : 'warning' });
		}
	}
	return { failures, documented };
}

module.exports = { classifyLintResults, DOCUMENTED_WARNINGS, HEADER_RULES };
