/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** CHANGELOG.md: a release needs a dated Keep a Changelog entry for its version. */
import * as fs from 'fs';
import * as path from 'path';

import { changelogEntries, changelogProblems } from '../../scripts/release/changelog';

const ROOT = path.resolve(__dirname, '..', '..');

const changelog = (...headings: string[]) => ['# Changelog', '', ...headings.flatMap((h) => [h, '', '- change', ''])].join('\n');

describe('changelogProblems', () => {
	it('accepts the version as the newest dated entry', () => {
		expect(changelogProblems(changelog('## [Unreleased]', '## [0.2.0] - 2026-12-01', '## [0.1.0] - 2026-11-01'), '0.2.0')).toEqual([]);
	});

	it('asks to rename [Unreleased] when the version has no entry yet', () => {
		expect(changelogProblems(changelog('## [Unreleased]'), '0.2.0')).toEqual([
			'CHANGELOG.md has no "## [0.2.0] - YYYY-MM-DD" entry (rename "## [Unreleased]" to it, with the release date)',
		]);
	});

	it('refuses an entry without a valid date', () => {
		expect(changelogProblems(changelog('## [0.2.0]'), '0.2.0')).toEqual(['CHANGELOG.md entry [0.2.0] needs a release date: "## [0.2.0] - YYYY-MM-DD"']);
		expect(changelogProblems(changelog('## [0.2.0] - 2026-02-30'), '0.2.0')).toHaveLength(1);
	});

	it('refuses releasing a version older than the newest entry', () => {
		expect(changelogProblems(changelog('## [0.3.0] - 2026-12-02', '## [0.2.0] - 2026-12-01'), '0.2.0')).toEqual([
			'CHANGELOG.md: [0.2.0] must be the newest release entry (found [0.3.0] first)',
		]);
	});
});

describe("this repository's CHANGELOG.md", () => {
	it('starts with [Unreleased] or the package.json version, in Keep a Changelog headings', () => {
		const text = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
		const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		const entries = changelogEntries(text);
		expect(entries.length).toBeGreaterThan(0);
		expect(['Unreleased', version]).toContain(entries[0].version);
		expect(text).toMatch(/keepachangelog\.com/);
	});
});
