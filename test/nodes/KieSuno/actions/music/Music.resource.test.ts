/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The Music resource's panel, as n8n's own display rules (n8n-workflow NodeHelpers) show it: each
 * operation shows only its own fields, required ones first, the mode switches hide what does not
 * apply, and the defaults plus the required fields make a valid request (run against the Kie
 * SANDBOX, a local test double of Kie, not Kie).
 */
import type { INode, INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { operations } from '../../../../../nodes/KieSuno/actions/music/Music.resource';
import { KieSuno } from '../../../../../nodes/KieSuno/KieSuno.node';
import { useSandbox } from '../../../../harness/sandbox';
import { CALLBACK, FAST_SANDBOX, finishedMusicTask, runMusic } from './helpers';

const description = new KieSuno().description;

function nodeWith(parameters: INodeParameters): INode {
	return { id: 'n', name: 'Kie Suno', type: 'n8n-nodes-kie-suno.kieSuno', typeVersion: 1, position: [0, 0], parameters };
}

function valuesOf(parameters: INodeParameters): INodeParameters {
	const values = NodeHelpers.getNodeParameters(description.properties, { resource: 'music', ...parameters }, true, false, nodeWith(parameters), description);
	if (!values) throw new Error('no parameters');
	return values;
}

/** The visible top-level parameters below Resource and Operation, `*` marking required ones. */
function panel(parameters: INodeParameters): string[] {
	const values = valuesOf(parameters);
	return description.properties
		.filter((property) => NodeHelpers.displayParameter(values, property, nodeWith(values), description))
		.filter((property) => property.name !== 'resource' && property.name !== 'operation')
		.map((property) => `${property.name}${property.required ? '*' : ''}`);
}

function visibleProperty(parameters: INodeParameters, name: string): INodeProperties {
	const values = valuesOf(parameters);
	const found = description.properties.find((property) => property.name === name && NodeHelpers.displayParameter(values, property, nodeWith(values), description));
	if (!found) throw new Error(`${name} is not shown`);
	return found;
}

/** The entries of the visible Options collection that show for these values. */
function optionNames(parameters: INodeParameters): string[] {
	const values = valuesOf(parameters);
	const collection = visibleProperty(parameters, 'options');
	return (collection.options as INodeProperties[])
		.filter((option) => NodeHelpers.displayParameter({}, option, nodeWith(values), description, values))
		.map((option) => option.name);
}

const WAIT_MUSIC = ['apiRoute', 'downloadAudio', 'downloadCover', 'maxCreatesPerWindow', 'maxFileSizeMb', 'pollIntervalSeconds', 'rateWindowSeconds', 'timeoutMinutes'];
const COMPLETION = ['completion', 'callbackUrl', 'options'];

describe('Music operations list', () => {
	const list = description.properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'music');
	const entries = (list?.options ?? []) as Array<{ name: string; value: string; action?: string }>;

	it('lists every operation module, alphabetically by name, each with an action', () => {
		expect(entries.map((entry) => entry.value).sort()).toEqual(Object.keys(operations).sort());
		expect(entries.map((entry) => entry.name)).toEqual([...entries.map((entry) => entry.name)].sort((a, b) => a.localeCompare(b)));
		for (const entry of entries) expect(entry.action).toMatch(/^[A-Z][a-z]/);
	});

	it('keeps the default operation of 0.1 (saved workflows rely on it)', () => {
		expect(list?.default).toBe('addVocals');
	});
});

describe('each operation shows only its own fields, in reading order', () => {
	it.each<[string, INodeParameters, string[]]>([
		['generate, description mode', { operation: 'generate' }, ['customMode', 'instrumental', 'prompt*', ...COMPLETION]],
		['generate, custom mode', { operation: 'generate', customMode: true }, ['customMode', 'instrumental', 'title*', 'style*', 'prompt*', ...COMPLETION]],
		['generate, custom instrumental', { operation: 'generate', customMode: true, instrumental: true }, ['customMode', 'instrumental', 'title*', 'style*', ...COMPLETION]],
		['extend, inherited settings', { operation: 'extend' }, ['audioId*', 'defaultParamFlag', ...COMPLETION]],
		['extend, custom parameters', { operation: 'extend', defaultParamFlag: true }, ['audioId*', 'defaultParamFlag', 'continueAt*', 'title*', 'style*', 'prompt*', ...COMPLETION]],
		['upload and cover, URL', { operation: 'uploadAndCover' }, ['sourceType', 'uploadUrl*', 'customMode', 'instrumental', 'prompt*', ...COMPLETION]],
		['upload and cover, binary', { operation: 'uploadAndCover', sourceType: 'binary' }, ['sourceType', 'binaryPropertyName*', 'customMode', 'instrumental', 'prompt*', ...COMPLETION]],
		['upload and extend, inherited', { operation: 'uploadAndExtend' }, ['sourceType', 'uploadUrl*', 'defaultParamFlag', 'instrumental', 'continueAt', 'prompt', ...COMPLETION]],
		[
			'upload and extend, custom',
			{ operation: 'uploadAndExtend', defaultParamFlag: true },
			['sourceType', 'uploadUrl*', 'defaultParamFlag', 'instrumental', 'continueAt*', 'title*', 'style*', 'prompt*', ...COMPLETION],
		],
		[
			'upload and extend, custom instrumental',
			{ operation: 'uploadAndExtend', defaultParamFlag: true, instrumental: true },
			['sourceType', 'uploadUrl*', 'defaultParamFlag', 'instrumental', 'continueAt*', 'title*', 'style*', ...COMPLETION],
		],
		['replace section', { operation: 'replaceSection' }, ['taskId*', 'audioId*', 'infillStartS*', 'infillEndS*', 'prompt*', 'tags*', 'title*', ...COMPLETION]],
		['mashup, URLs', { operation: 'mashup' }, ['sourceType', 'uploadUrlList*', 'customMode', 'instrumental', 'prompt*', ...COMPLETION]],
		['mashup, binary', { operation: 'mashup', sourceType: 'binary' }, ['sourceType', 'binaryPropertyName*', 'secondBinaryPropertyName*', 'customMode', 'instrumental', 'prompt*', ...COMPLETION]],
		['generate cover image', { operation: 'generateCoverImage' }, ['taskId*', ...COMPLETION]],
		['get timestamped lyrics', { operation: 'getTimestampedLyrics' }, ['taskId*', 'audioId*']],
		['boost style', { operation: 'boostStyle' }, ['content*']],
		['generate persona', { operation: 'generatePersona' }, ['taskId*', 'audioId*', 'name*', 'description*', 'options']],
	])('%s', (_name, parameters, expected) => {
		expect(panel(parameters)).toEqual(expected);
	});

	it('Return Task Only requires a callback URL', () => {
		expect(panel({ operation: 'generate', completion: 'callback' })).toEqual(['customMode', 'instrumental', 'prompt*', 'completion', 'callbackUrl*', 'options']);
	});

	it('the custom-only options show only with the custom switch on; Mashup has no negative tags or persona', () => {
		const custom = ['audioWeight', 'negativeTags', 'personaId', 'styleWeight', 'vocalGender', 'weirdnessConstraint'];
		expect(optionNames({ operation: 'generate' }).sort()).toEqual([...WAIT_MUSIC, 'model'].sort());
		expect(optionNames({ operation: 'generate', customMode: true }).sort()).toEqual([...WAIT_MUSIC, 'model', ...custom].sort());
		expect(optionNames({ operation: 'generate', customMode: true, instrumental: true })).not.toContain('vocalGender');
		expect(optionNames({ operation: 'extend' }).sort()).toEqual([...WAIT_MUSIC, 'model'].sort());
		expect(optionNames({ operation: 'extend', defaultParamFlag: true }).sort()).toEqual([...WAIT_MUSIC, 'model', ...custom].sort());
		expect(optionNames({ operation: 'uploadAndExtend', defaultParamFlag: true }).sort()).toEqual([...WAIT_MUSIC, 'model', ...custom].sort());
		expect(optionNames({ operation: 'mashup', customMode: true }).sort()).toEqual(
			[...WAIT_MUSIC, 'model', 'audioWeight', 'styleWeight', 'vocalGender', 'weirdnessConstraint'].sort(),
		);
		expect(optionNames({ operation: 'replaceSection' }).sort()).toEqual([...WAIT_MUSIC, 'fullLyrics', 'negativeTags'].sort());
		expect(optionNames({ operation: 'generateCoverImage' }).sort()).toEqual(
			['apiRoute', 'downloadFiles', 'maxCreatesPerWindow', 'maxFileSizeMb', 'pollIntervalSeconds', 'rateWindowSeconds', 'timeoutMinutes'].sort(),
		);
		expect(optionNames({ operation: 'generatePersona' })).toEqual(['vocalEnd', 'vocalStart']);
	});

	it('every task or audio ID parameter says which field of an earlier item to map', () => {
		for (const operation of ['extend', 'replaceSection', 'generateCoverImage', 'getTimestampedLyrics', 'generatePersona']) {
			for (const name of ['taskId', 'audioId']) {
				const shown = panel({ operation }).some((entry) => entry.startsWith(name));
				if (!shown) continue;
				const property = visibleProperty({ operation }, name);
				const field = name === 'taskId' ? 'taskId' : 'id';
				expect(property.placeholder).toBe(`{{ $json.${field} }}`);
				expect(property.hint).toContain(`"${field}"`);
				expect(property.hint).toContain(`{{ $json.${field} }}`);
			}
		}
	});
});

describe('the defaults plus the required fields make a valid request', () => {
	const kie = useSandbox(FAST_SANDBOX);

	it.each<[string, (ids: { taskId: string; audioId: string }) => Record<string, unknown>]>([
		['generate', () => ({ prompt: 'A song about rain' })],
		['extend', ({ audioId }) => ({ audioId })],
		['uploadAndCover', () => ({ uploadUrl: 'https://example.com/song.mp3', prompt: 'As a jazz ballad' })],
		['uploadAndExtend', () => ({ uploadUrl: 'https://example.com/song.mp3' })],
		['replaceSection', ({ taskId, audioId }) => ({ taskId, audioId, prompt: 'A calm bridge', tags: 'Jazz', title: 'Bridge' })],
		['mashup', () => ({ uploadUrlList: 'https://example.com/a.mp3\nhttps://example.com/b.mp3', prompt: 'Blend them' })],
		['generateCoverImage', ({ taskId }) => ({ taskId })],
		['getTimestampedLyrics', ({ taskId, audioId }) => ({ taskId, audioId })],
		['boostStyle', () => ({ content: 'Pop, Mysterious' })],
		['generatePersona', ({ taskId, audioId }) => ({ taskId, audioId, name: 'Singer', description: 'Warm voice' })],
	])('%s', async (operation, required) => {
		const music = await finishedMusicTask(kie.sb);
		const parameters = { ...required({ taskId: music.taskId, audioId: music.tracks[0].id }), completion: 'callback', callbackUrl: CALLBACK };
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, nodeWith(valuesOf({ operation, ...parameters } as INodeParameters)), description);
		expect(issues).toBeNull();
		const result = await runMusic(kie.sb, operation, parameters);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(kie.sb.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});
});
