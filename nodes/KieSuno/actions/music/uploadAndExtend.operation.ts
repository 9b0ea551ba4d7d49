import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MUSIC_RULES } from '../../../shared/kie/music';
import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor, sourceProperties } from '../common/description';
import { modelOption, waitOptions } from '../common/options';
import { readSource, setDefined } from '../common/fields';
import { extendProperties, readExtendFields } from './extendFields';
import type { CustomOptionSet } from './songFields';
import { customOptions, readCustomOptions } from './songFields';

/**
 * Upload and Extend Audio: `POST /api/v1/generate/upload-extend` (family §4.4). Not verified on
 * the jobs route, so `auto` keeps it on the per-operation route.
 */

const show = showFor('music', 'uploadAndExtend');
const CUSTOM: CustomOptionSet = { flag: 'defaultParamFlag', negativeTags: true, personaId: true, hasInstrumental: true };
// The source is at most 8 minutes long, so a later start is never within it.
const SOURCE_LIMIT = { seconds: MUSIC_RULES.maxSourceSeconds, what: 'the longest source Kie takes' };

export const description: INodeProperties[] = [
	...sourceProperties(show, 'https://example.com/song.mp3'),
	...extendProperties(show, 'uploadAndExtend'),
	...asyncProperties(show, [
		{ ...modelOption('uploadAndExtend'), description: 'Suno model. Kie asks for the model the source was made with, where it was made with Suno.' },
		...customOptions(CUSTOM),
		...waitOptions('music'),
	]),
];

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'uploadAndExtend',
	taskType: 'music',
	readItem(reader, context) {
		const body: IDataObject = {};
		const uploads = readSource(reader, context, body);
		const options = reader.options();
		const model = reader.model(options, 'uploadAndExtend');
		const extend = readExtendFields(reader, 'uploadAndExtend', model, SOURCE_LIMIT);
		Object.assign(body, extend.body, { model });
		if (extend.custom) setDefined(body, readCustomOptions(reader, options, CUSTOM, extend.instrumental));
		return { body, uploads };
	},
};
