import type { INodeProperties } from 'n8n-workflow';

import { choiceField } from '../../../shared/choices';
import { asyncProperties, showFor } from '../common/description';
import { waitOptions } from '../common/options';
import { musicTrackProperties, trackSpec } from './trackFields';

const show = showFor('audio', 'separateStems');

/** The separation types the node offers (Kie's `split_stem_advanced` needs a stem name: not yet). */
export const SEPARATION_TYPES = ['separate_vocal', 'split_stem'] as const;

export const description: INodeProperties[] = [
	...musicTrackProperties(show),
	choiceField({ displayName: 'Type', name: 'type', default: 'separate_vocal', description: 'What to separate. Kie prices Split Stems higher.', displayOptions: { show } }, [
		['Separate Vocals', 'separate_vocal', 'Two stems: vocals and instrumental'],
		['Split Stems', 'split_stem', 'Up to 12 stems: vocals, backing vocals, drums, bass, guitar, keyboard, …'],
	]),
	...asyncProperties(show, waitOptions('files')),
];

export const spec = trackSpec('separateStems', 'stems', (reader, body) => {
	const type = reader.raw('type', 'separate_vocal');
	if (!(SEPARATION_TYPES as readonly unknown[]).includes(type)) {
		reader.fail(`"Type" must be one of ${SEPARATION_TYPES.join(', ')}, got ${JSON.stringify(type)}`);
	}
	// Always sent, so the result never depends on Kie's own default.
	body.type = type as string;
});
