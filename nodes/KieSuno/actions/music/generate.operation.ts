import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor } from '../common/description';
import { modelOption, waitOptions } from '../common/options';
import { setDefined } from '../common/fields';
import type { CustomOptionSet } from './songFields';
import { customOptions, readCustomOptions, readSongMode, songModeProperties } from './songFields';

/** Generate Music: `POST /api/v1/generate`, or the jobs model `ai-music-api/generate` (family §4.1, §12). */

const show = showFor('music', 'generate');
const CUSTOM: CustomOptionSet = { flag: 'customMode', negativeTags: true, personaId: true, hasInstrumental: true };

export const description: INodeProperties[] = [
	...songModeProperties(show, 'generate'),
	...asyncProperties(show, [modelOption('generate'), ...customOptions(CUSTOM), ...waitOptions('music')]),
];

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'generate',
	taskType: 'music',
	readItem(reader) {
		const options = reader.options();
		const model = reader.model(options, 'generate');
		const body: IDataObject = { ...readSongMode(reader, 'generate', model), model };
		if (body.customMode === true) setDefined(body, readCustomOptions(reader, options, CUSTOM, body.instrumental === true));
		return { body };
	},
};
