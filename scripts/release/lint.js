'use strict';
/**
 * `npm run lint`: what `n8n-node lint` (@n8n/node-cli) does in strict mode, plus a warning policy.
 *
 * `n8n-node lint` = (1) with `"n8n": { "strict": true }`, eslint.config.mjs must equal node-cli's
 * template (whitespace-normalised), then (2) `eslint .` with that config: the Cloud community rules
 * on every `**\/*.ts` (tests too), the n8n-nodes-base rules on package.json, nodes/ and
 * credentials/. We run the same two steps through ESLint's API, then fail on any error and on any
 * warning not documented in lintPolicy.js. `n8n-node lint` itself ignores warnings.
 *
 * Usage: node scripts/release/lint.js [paths...]   (default: `.`, as n8n-node lint)
 */
const fs = require('fs');
const path = require('path');
const { ESLint } = require('eslint');
const { classifyLintResults } = require('./lintPolicy');

const ROOT = path.resolve(__dirname, '..', '..');

/** node-cli's template eslint.config.mjs (the package exports only ./eslint, so go from there). */
function templateConfigPath() {
	const eslintConfigModule = require.resolve('@n8n/node-cli/eslint');
	return path.resolve(path.dirname(eslintConfigModule), '..', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs');
}

/** The strict-mode check of `n8n-node lint`; returns a problem or null. */
function strictConfigProblem(root = ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	if (!pkg.n8n?.strict) return null;
	const normalise = (s) => s.replace(/\s+/g, ' ').trim();
	const expected = fs.readFileSync(templateConfigPath(), 'utf8');
	const configPath = path.join(root, 'eslint.config.mjs');
	if (!fs.existsSync(configPath)) return 'strict mode: eslint.config.mjs not found';
	if (normalise(fs.readFileSync(configPath, 'utf8')) !== normalise(expected)) {
		return `strict mode: eslint.config.mjs differs from @n8n/node-cli's default:\n${expected}`;
	}
	return null;
}

async function lint(paths = ['.'], root = ROOT) {
	// eslint-plugin-n8n-nodes-base reads NODE_ENV when loaded: under "test" its file-name rules misfire.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	const eslint = new ESLint({ cwd: root });
	const results = await eslint.lintFiles(paths);
	return { results, ...classifyLintResults(results, root) };
}

async function main() {
	const strict = strictConfigProblem();
	if (strict) {
		process.stderr.write(`${strict}\n`);
		process.exit(1);
	}
	const paths = process.argv.slice(2);
	const { results, failures, documented } = await lint(paths.length ? paths : ['.']);
	const byReason = new Map();
	for (const d of documented) byReason.set(d.reason, [...(byReason.get(d.reason) ?? []), d]);
	for (const [reason, items] of byReason) {
		const where = items.length === 1 ? items[0].where : `${items.length} × ${items[0].rule ?? 'unused eslint-disable directive'}`;
		process.stdout.write(`documented warning (${where}): ${reason}\n`);
	}
	if (failures.length) {
		const formatter = await new ESLint({ cwd: ROOT }).loadFormatter('stylish');
		const failing = new Set(failures.map((f) => path.join(ROOT, f.file)));
		process.stderr.write(await formatter.format(results.filter((r) => failing.has(r.filePath))));
		const errors = failures.filter((f) => f.severity === 'error').length;
		process.stderr.write(
			`lint failed: ${errors} errors, ${failures.length - errors} undocumented warnings ` +
				'(document a warning in scripts/release/lintPolicy.js only with a reason it must stay)\n',
		);
		process.exit(1);
	}
	process.stdout.write(`lint (n8n-node lint, strict): ${results.length} files, 0 errors, ${documented.length} documented warnings\n`);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exit(1);
	});
}

module.exports = { lint, strictConfigProblem, templateConfigPath };
