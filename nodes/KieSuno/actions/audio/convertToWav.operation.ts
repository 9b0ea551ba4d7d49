import type { INodeProperties } from 'n8n-workflow';

import { asyncProperties, showFor } from '../common/description';
import { waitOptions } from '../common/options';
import { musicTrackProperties, trackSpec } from './trackFields';

const show = showFor('audio', 'convertToWav');

export const description: INodeProperties[] = [
	...musicTrackProperties(show),
	...asyncProperties(show, waitOptions('files')),
];

/** Kie converts each track once; a repeat names the earlier WAV task, which is awaited instead (409). */
export const spec = trackSpec('convertToWav', 'wav');
