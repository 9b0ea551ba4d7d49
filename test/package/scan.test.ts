/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `npm run scan`: n8n's package scanner lint (its own config, inline eslint-disable ignored) on the
 * source and on the packed tarball. Runs as a child process: the scanner is an ES module.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCAN = path.join(ROOT, 'scripts', 'release', 'scan.js');
// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the test runs the scan CLI
const scan = (dir: string) => spawnSync(process.execPath, [SCAN, dir], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

/** A minimal community package whose source and built code hide a console call behind eslint-disable. */
function fixturePackage(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kie-suno-scan-fixture-'));
	const write = (rel: string, text: string) => {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.writeFileSync(path.join(dir, rel), text);
	};
	write(
		'package.json',
		JSON.stringify({
			name: 'n8n-nodes-scan-fixture',
			version: '1.0.0',
			description: 'Fixture for the scanner test.',
			keywords: ['n8n-community-node-package'],
			license: 'MIT',
			homepage: 'https://example.com',
			author: { name: 'Fixture', email: 'fixture@example.com' },
			repository: { type: 'git', url: 'git+https://github.com/example/n8n-nodes-scan-fixture.git' },
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, strict: true, credentials: [], nodes: ['dist/nodes/Fixture/util.js'] },
			peerDependencies: { 'n8n-workflow': '*' },
		}),
	);
	const hidden = '// eslint-disable-next-line no-console\nconsole.log("leak");\n';
	write('dist/nodes/Fixture/util.js', `"use strict";\n${hidden}`);
	write('nodes/Fixture/util.ts', `export const x = 1;\n${hidden}`);
	return dir;
}

describe('scanner lint', () => {
	it("passes this repository's source and tarball (needs `npm run build`)", () => {
		const res = scan(ROOT);
		expect(res.stderr).toBe('');
		expect(res.stdout).toContain('scanner lint, source (package.json, nodes/, credentials/): passed');
		expect(res.stdout).toContain('scanner lint, tarball (**/*.js, package.json): passed');
		expect(res.status).toBe(0);
	});

	it('fails a console call in the source and in the tarball despite eslint-disable', () => {
		const dir = fixturePackage();
		try {
			const res = scan(dir);
			expect(res.status).toBe(1);
			expect(res.stdout).toContain('scanner lint, source (package.json, nodes/, credentials/): FAILED: ESLint violations found');
			expect(res.stdout).toContain('scanner lint, tarball (**/*.js, package.json): FAILED: ESLint violations found');
			expect(res.stdout).toMatch(/nodes\/Fixture\/util\.ts\n\s+3:1\s+error\s+Unexpected console statement\s+no-console/);
			expect(res.stdout).toMatch(/dist\/nodes\/Fixture\/util\.js\n\s+3:1\s+error\s+Unexpected console statement\s+no-console/);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
