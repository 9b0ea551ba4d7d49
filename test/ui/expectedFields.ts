/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What the Kie Suno parameter panel must show for each operation right after it is picked: the top-level
 * fields below Resource and Operation, in panel order, each with the value the panel shows by default
 * (docs: /work/shared/design/interface.md). parameters.ui.ts walks the node's own operation list, so an
 * operation missing here fails with the row to add.
 *
 * Shown values: text fields and numbers as the text in the box ('' when empty), options as the selected
 * option's name, switches as true/false, multi-selects as the selected names, collections (Options) as
 * the names of the options added so far ([] by default).
 */
import type { ShownValue } from './editor';

export type ExpectedField = [name: string, shown: ShownValue];

/** Keyed `${resource}.${operation}`. */
export const EXPECTED_FIELDS: Record<string, ExpectedField[]> = {
	'music.generate': [
		['customMode', false],
		['instrumental', false],
		['prompt', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.extend': [
		['audioId', ''],
		['defaultParamFlag', false],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.uploadAndCover': [
		['sourceType', 'URL'],
		['uploadUrl', ''],
		['customMode', false],
		['instrumental', false],
		['prompt', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.uploadAndExtend': [
		['sourceType', 'URL'],
		['uploadUrl', ''],
		['defaultParamFlag', false],
		['instrumental', false],
		['continueAt', '0'],
		['prompt', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.addVocals': [
		['sourceType', 'URL'],
		['uploadUrl', ''],
		['title', ''],
		['prompt', ''],
		['style', ''],
		['negativeTags', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.addInstrumental': [
		['sourceType', 'URL'],
		['uploadUrl', ''],
		['title', ''],
		['tags', ''],
		['negativeTags', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.replaceSection': [
		['taskId', ''],
		['audioId', ''],
		['infillStartS', '0.00'],
		['infillEndS', '10.00'],
		['prompt', ''],
		['tags', ''],
		['title', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.mashup': [
		['sourceType', 'URL'],
		['uploadUrlList', ''],
		['customMode', false],
		['instrumental', false],
		['prompt', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.generateCoverImage': [
		['taskId', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'music.getTaskDetails': [
		['taskId', ''],
		['taskType', 'Music'],
		['options', []],
	],
	'music.getTimestampedLyrics': [
		['taskId', ''],
		['audioId', ''],
	],
	'music.boostStyle': [
		['content', ''],
	],
	'music.generatePersona': [
		['taskId', ''],
		['audioId', ''],
		['name', ''],
		['description', ''],
		['options', []],
	],
	'lyrics.generate': [
		['prompt', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'audio.convertToWav': [
		['taskId', ''],
		['audioId', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'audio.separateStems': [
		['taskId', ''],
		['audioId', ''],
		['type', 'Separate Vocals'],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'audio.generateMidi': [
		['taskId', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'audio.createMusicVideo': [
		['taskId', ''],
		['audioId', ''],
		['completion', 'Poll Until Done'],
		['callbackUrl', ''],
		['options', []],
	],
	'account.getCredits': [],
};

/** The row as it would be written in EXPECTED_FIELDS (for failure messages). */
export function asTableRow(key: string, fields: ExpectedField[]): string {
	const q = (v: unknown) => JSON.stringify(v).replace(/"/g, "'");
	const body = fields.map(([n, v]) => `\t\t[${q(n)}, ${q(v)}],`).join('\n');
	return `\t'${key}': [\n${body}\n\t],`;
}
