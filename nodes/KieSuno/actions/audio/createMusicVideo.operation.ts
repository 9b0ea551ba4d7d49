import type { INodeProperties } from 'n8n-workflow';

import { asyncProperties, showFor } from '../common/description';
import { waitOptions } from '../common/options';
import { setDefined } from '../common/fields';
import { musicTrackProperties, trackSpec } from './trackFields';

const show = showFor('audio', 'createMusicVideo');

/** Kie's limit for both texts on the video (family §10). */
export const VIDEO_TEXT_MAX = 50;

export const description: INodeProperties[] = [
	...musicTrackProperties(show),
	...asyncProperties(show, [
		{
			displayName: 'Author',
			name: 'author',
			type: 'string',
			default: '',
			placeholder: 'DJ Electronic',
			description: `Artist name shown as a signature on the cover, at most ${VIDEO_TEXT_MAX} characters`,
		},
		{
			displayName: 'Domain Name',
			name: 'domainName',
			type: 'string',
			default: '',
			placeholder: 'music.example.com',
			description: `Watermark at the bottom of the video, at most ${VIDEO_TEXT_MAX} characters`,
		},
		...waitOptions('files'),
	]),
];

export const spec = trackSpec('createMusicVideo', 'video', (reader, body) => {
	const options = reader.options();
	setDefined(body, {
		author: reader.optionText(options, 'author', 'Author', VIDEO_TEXT_MAX).trim(),
		domainName: reader.optionText(options, 'domainName', 'Domain Name', VIDEO_TEXT_MAX).trim(),
	});
});
