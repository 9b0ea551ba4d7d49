import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor, sourceProperties } from '../common/description';
import { modelOption, waitOptions } from '../common/options';
import { readSource, setDefined } from '../common/fields';
import type { CustomOptionSet } from './songFields';
import { customOptions, readCustomOptions, readSongMode, songModeProperties } from './songFields';

/**
 * Upload and Cover Audio: `POST /api/v1/generate/upload-cover`, or the jobs model
 * `ai-music-api/upload-and-cover-audio` (family §4.3, §12). Modes as Generate Music, with a
 * shorter prompt without Custom Mode and longer titles on most models.
 */

const show = showFor('music', 'uploadAndCover');
const CUSTOM: CustomOptionSet = { flag: 'customMode', negativeTags: true, personaId: true, hasInstrumental: true };

export const description: INodeProperties[] = [
	...sourceProperties(show, 'https://example.com/song.mp3'),
	...songModeProperties(show, 'uploadAndCover'),
	...asyncProperties(show, [modelOption('uploadAndCover'), ...customOptions(CUSTOM), ...waitOptions('music')]),
];

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'uploadAndCover',
	taskType: 'music',
	readItem(reader, context) {
		const body: IDataObject = {};
		const uploads = readSource(reader, context, body);
		const options = reader.options();
		const model = reader.model(options, 'uploadAndCover');
		Object.assign(body, readSongMode(reader, 'uploadAndCover', model), { model });
		if (body.customMode === true) setDefined(body, readCustomOptions(reader, options, CUSTOM, body.instrumental === true));
		return { body, uploads };
	},
};
