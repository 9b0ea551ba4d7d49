import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor } from '../common/description';
import { modelOption, waitOptions } from '../common/options';
import { setDefined } from '../common/fields';
import { audioIdProperty, knownTrackDuration } from './chaining';
import { extendProperties, readExtendFields } from './extendFields';
import type { CustomOptionSet } from './songFields';
import { customOptions, readCustomOptions } from './songFields';

/**
 * Extend Music: `POST /api/v1/generate/extend`, or the jobs model `ai-music-api/extend`, which has
 * no `defaultParamFlag` (left-out fields are inherited; jobs.ts drops it) (family §4.2, §12).
 */

const show = showFor('music', 'extend');
const CUSTOM: CustomOptionSet = { flag: 'defaultParamFlag', negativeTags: true, personaId: true, hasInstrumental: false };

export const description: INodeProperties[] = [
	audioIdProperty(show),
	...extendProperties(show, 'extend'),
	...asyncProperties(show, [
		{ ...modelOption('extend'), description: 'Suno model. Kie requires the model the source track was made with.' },
		...customOptions(CUSTOM),
		...waitOptions('music'),
	]),
];

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'extend',
	taskType: 'music',
	readItem(reader, context) {
		const audioId = reader.text('audioId', 'Audio ID', { required: true }).trim();
		const options = reader.options();
		const model = reader.model(options, 'extend');
		const duration = knownTrackDuration(context, reader.itemIndex, audioId);
		const below = duration === undefined ? undefined : { seconds: duration, what: 'the source track\'s duration' };
		const extend = readExtendFields(reader, 'extend', model, below);
		const body: IDataObject = { audioId, ...extend.body, model };
		if (extend.custom) setDefined(body, readCustomOptions(reader, options, CUSTOM, false));
		return { body };
	},
};
