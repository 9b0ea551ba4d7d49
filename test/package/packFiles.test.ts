/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** The npm tarball ships only what n8n needs: package.json, README.md, LICENSE and dist/. */
import * as fs from 'fs';
import * as path from 'path';

import { packProblems, packedFiles, repoAt } from '../../scripts/release/packFiles';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('npm pack of the built package (needs `npm run build`, which npm test runs first)', () => {
	let files: string[];
	beforeAll(() => {
		if (!fs.existsSync(path.join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
		files = packedFiles(ROOT);
	});

	it('has exactly package.json, README.md, LICENSE and dist/ at the top level', () => {
		expect([...new Set(files.map((f) => f.split('/')[0]))].sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
	});

	it('ships no tests, sandbox, benchmarks, scripts, examples, build cache or dist/package.json', () => {
		const unwanted = files.filter(
			(f) => /(^|\/)(test|tests|__tests__|bench|sandbox|scripts|examples|docs|e2e|faults)\//.test(f) || /\.(test|spec)\.|tsbuildinfo$/.test(f) || f === 'dist/package.json',
		);
		expect(unwanted).toEqual([]);
	});

	it('builds every dist/ file from nodes/, credentials/ or icons/, and ships all n8n loads', () => {
		expect(packProblems(files, pkg, repoAt(ROOT))).toEqual([]);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials, 'dist/icons/kie.svg', 'dist/icons/kie.dark.svg']) expect(files).toContain(file);
		expect(pkg.main).toBeUndefined();
	});
});

describe('packProblems', () => {
	const sources = new Set(['nodes/A/A.node.ts', 'nodes/A/A.node.json', 'credentials/C.credentials.ts', 'icons/kie.svg', 'nodes/A/a.svg']);
	const code: Record<string, string> = {
		'dist/nodes/A/A.node.js': "icon: { light: 'file:../../icons/kie.svg', dark: 'file:a.svg' }",
		'dist/credentials/C.credentials.js': "icon = 'file:../icons/kie.svg'",
	};
	const repo = { exists: (p: string) => sources.has(p) || p in code, read: (p: string) => code[p] ?? '' };
	const manifest = { n8n: { nodes: ['dist/nodes/A/A.node.js'], credentials: ['dist/credentials/C.credentials.js'] } };
	const good = [
		'LICENSE',
		'README.md',
		'package.json',
		'dist/nodes/A/A.node.js',
		'dist/nodes/A/A.node.js.map',
		'dist/nodes/A/A.node.d.ts',
		'dist/nodes/A/A.node.json',
		'dist/nodes/A/a.svg',
		'dist/credentials/C.credentials.js',
		'dist/icons/kie.svg',
	];

	it('accepts a tarball of built nodes, credentials and icons', () => {
		expect(packProblems(good, manifest, repo)).toEqual([]);
	});

	it('rejects tests, build cache and files without a source', () => {
		const files = [...good, 'test/x.test.ts', 'dist/tsconfig.tsbuildinfo', 'dist/package.json', 'dist/nodes/A/Gone.js', 'dist/test/A.test.js'];
		expect(packProblems(files, manifest, repo)).toEqual([
			'unexpected top-level entry: test',
			'dist file not built from nodes/, credentials/ or icons/: dist/tsconfig.tsbuildinfo',
			'dist file not built from nodes/, credentials/ or icons/: dist/package.json',
			'dist file not built from nodes/, credentials/ or icons/: dist/nodes/A/Gone.js',
			'dist file not built from nodes/, credentials/ or icons/: dist/test/A.test.js',
		]);
	});

	it('rejects a missing LICENSE, a missing node, a main that does not ship and an icon that does not ship', () => {
		const files = good.filter((f) => f !== 'LICENSE' && f !== 'dist/nodes/A/a.svg');
		expect(packProblems(files, { ...manifest, main: 'index.js' }, repo)).toEqual([
			'missing top-level entry: LICENSE',
			'package.json names a file that does not ship: index.js',
			'dist/nodes/A/A.node.js references an icon that does not ship: dist/nodes/A/a.svg',
		]);
		const noNode = good.filter((f) => !f.startsWith('dist/nodes/A/A.node.js'));
		expect(packProblems(noNode, manifest, repo)).toEqual(['package.json names a file that does not ship: dist/nodes/A/A.node.js']);
	});
});
