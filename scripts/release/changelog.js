'use strict';
/** CHANGELOG.md (Keep a Changelog): the entry a release needs is `## [X.Y.Z] - YYYY-MM-DD`. */

const HEADING = /^## \[([^\]]+)\](?:\s+-\s+(\S+))?\s*$/;

/** Every `## [...]` heading, in file order: { version, date } (date null when absent). */
function changelogEntries(text) {
	return text
		.split('\n')
		.map((line) => HEADING.exec(line.trim()))
		.filter(Boolean)
		.map((m) => ({ version: m[1], date: m[2] ?? null }));
}

function isIsoDate(value) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? '')) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/**
 * Why `version` cannot be released with this changelog (empty when it can).
 * @param {string} text CHANGELOG.md
 * @param {string} version package.json version
 */
function changelogProblems(text, version) {
	const entries = changelogEntries(text);
	const entry = entries.find((e) => e.version === version);
	if (!entry) {
		const unreleased = entries.some((e) => e.version.toLowerCase() === 'unreleased');
		return [
			`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" entry` +
				(unreleased ? ' (rename "## [Unreleased]" to it, with the release date)' : ''),
		];
	}
	if (!isIsoDate(entry.date)) return [`CHANGELOG.md entry [${version}] needs a release date: "## [${version}] - YYYY-MM-DD"`];
	const released = entries.filter((e) => e.version.toLowerCase() !== 'unreleased');
	if (released[0]?.version !== version) return [`CHANGELOG.md: [${version}] must be the newest release entry (found [${released[0].version}] first)`];
	return [];
}

module.exports = { changelogEntries, changelogProblems, isIsoDate };
