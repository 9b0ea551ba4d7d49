import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MUSIC_RULES } from '../../../shared/kie/music';
import type { BinarySource, CreateSpec } from '../common/create';
import { asyncProperties, showFor } from '../common/description';
import { modelOption, waitOptions } from '../common/options';
import { requireBinary, setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';
import type { CustomOptionSet } from './songFields';
import { customOptions, readCustomOptions, readSongMode, songModeProperties } from './songFields';

/**
 * Mashup: `POST /api/v1/generate/mashup` (family §4.6) blends exactly two sources, given as two
 * URLs (`uploadUrlList`) or two binary fields uploaded first. Kie's schema has no negative tags or
 * persona, so Mashup offers neither.
 */

const show = showFor('music', 'mashup');
const CUSTOM: CustomOptionSet = { flag: 'customMode', negativeTags: false, personaId: false, hasInstrumental: true };
const SOURCES = MUSIC_RULES.mashupSources;
const URLS = 'Upload URLs';

const binaryField = (displayName: string, name: string, value: string, which: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: value,
	required: true,
	description: `Name of the input binary field holding the ${which} track`,
	displayOptions: { show: { ...show, sourceType: ['binary'] } },
});

export const description: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'sourceType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary Data', value: 'binary', description: 'Two binary fields of the input item, uploaded to Kie\'s File Upload API first' },
			{ name: 'URL', value: 'url', description: 'Two public URLs Kie can download' },
		],
		default: 'url',
		displayOptions: { show },
	},
	{
		displayName: URLS,
		name: 'uploadUrlList',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		required: true,
		placeholder: 'https://example.com/a.mp3\nhttps://example.com/b.mp3',
		description: 'The two tracks to blend: two public URLs, one per line, or an expression that returns a list of two URLs',
		displayOptions: { show: { ...show, sourceType: ['url'] } },
	},
	binaryField('First Input Binary Field', 'binaryPropertyName', 'data', 'first'),
	binaryField('Second Input Binary Field', 'secondBinaryPropertyName', 'data2', 'second'),
	...songModeProperties(show, 'mashup'),
	...asyncProperties(show, [modelOption('mashup'), ...customOptions(CUSTOM), ...waitOptions('music')]),
];

/** The URLs in a list, or in text with one URL per line (commas before a URL also separate). */
function urlEntries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value.flatMap(urlEntries);
	if (typeof value !== 'string') return value === undefined || value === null ? [] : [value];
	return value
		.split(/\s*[\r\n]+\s*|[\s,]+(?=https?:\/\/)/i)
		.map((entry) => entry.trim().replace(/,$/, ''))
		.filter((entry) => entry !== '');
}

function readUrls(reader: ItemReader): string[] {
	const entries = urlEntries(reader.raw('uploadUrlList', ''));
	if (entries.length !== SOURCES) {
		reader.fail(
			`"${URLS}" needs exactly ${SOURCES} URLs, got ${entries.length}`,
			`Kie's Mashup blends exactly ${SOURCES} tracks: enter one URL per line in "${URLS}" (uploadUrlList).`,
		);
	}
	return entries.map((entry) => {
		if (typeof entry !== 'string') return reader.fail(`"${URLS}" must hold text URLs, got ${typeof entry}`);
		return reader.checkUrl(entry, 'uploadUrlList', URLS) as string;
	});
}

/** Both binary fields; each upload's URL takes its place in the body's `uploadUrlList`. */
function readBinaries(reader: ItemReader, context: IExecuteFunctions): BinarySource[] {
	const fields = [
		reader.text('binaryPropertyName', 'First Input Binary Field', { required: true }).trim(),
		reader.text('secondBinaryPropertyName', 'Second Input Binary Field', { required: true }).trim(),
	];
	for (const property of fields) requireBinary(reader, context, property);
	return fields.map((property, index) => ({
		property,
		assign: (body, url) => {
			(body.uploadUrlList as string[])[index] = url;
		},
	}));
}

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'mashup',
	taskType: 'music',
	readItem(reader, context) {
		const binary = reader.raw('sourceType', 'url') === 'binary';
		const uploadUrlList: string[] = binary ? [] : readUrls(reader);
		const uploads = binary ? readBinaries(reader, context) : [];
		const options = reader.options();
		const model = reader.model(options, 'mashup');
		const body: IDataObject = { uploadUrlList, ...readSongMode(reader, 'mashup', model), model };
		// Kie's examples send `instrumental` in Custom Mode and leave it out otherwise unless it is on.
		if (body.customMode !== true && body.instrumental !== true) delete body.instrumental;
		if (body.customMode === true) setDefined(body, readCustomOptions(reader, options, CUSTOM, body.instrumental === true));
		return { body, uploads };
	},
};
