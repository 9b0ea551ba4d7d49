import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MUSIC_RULES } from '../../../shared/kie/music';
import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor, textField } from '../common/description';
import { OPTION, waitOptions } from '../common/options';
import { setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';
import { audioIdProperty, knownTrackDuration, musicTaskIdProperty } from './chaining';

/**
 * Replace Section: `POST /api/v1/generate/replace-section` (family §4.5). No model. The window is
 * checked as the reference recommends: end after start, at least 10 s, and at most half the track
 * when the input item is that track (its `duration` is known).
 */

const show = showFor('music', 'replaceSection');
const { minSeconds, maxShareOfTrack } = MUSIC_RULES.replaceSection;

const seconds = (displayName: string, name: string, value: number, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: value,
	required: true,
	description,
	displayOptions: { show },
});

export const description: INodeProperties[] = [
	musicTaskIdProperty(show, 'music task the track belongs to'),
	audioIdProperty(show),
	seconds('Start (Seconds)', 'infillStartS', 0, 'Where the replaced section starts in the track'),
	seconds('End (Seconds)', 'infillEndS', minSeconds, `Where the replaced section ends: at least ${minSeconds} s after the start, and the section at most half the track`),
	textField(show, {
		name: 'prompt',
		displayName: 'Prompt',
		description: 'Lyrics or content of the new section',
		required: true,
		placeholder: 'A calm and relaxing piano bridge',
		rows: 4,
	}),
	textField(show, { name: 'tags', displayName: 'Tags', description: 'Style of the new section', required: true, placeholder: 'Jazz' }),
	textField(show, { name: 'title', displayName: 'Title', description: 'Title of the edited track', required: true }),
	...asyncProperties(show, [
		{
			displayName: 'Full Lyrics',
			name: 'fullLyrics',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			placeholder: '[Verse 1]\nOriginal lyrics\n[Chorus]\nNew lyrics for this section',
			description: 'The whole song\'s lyrics after the edit. Newer Kie docs require it; if Kie says so, set it.',
		},
		OPTION.negativeTags,
		...waitOptions('music'),
	]),
];

function readWindow(reader: ItemReader, duration: number | undefined): { infillStartS: number; infillEndS: number } {
	const rules = { min: 0, decimals: 2, required: true };
	const start = reader.number(reader.raw('infillStartS'), 'Start (Seconds)', rules) as number;
	const end = reader.number(reader.raw('infillEndS'), 'End (Seconds)', rules) as number;
	const length = Math.round((end - start) * 100) / 100;
	if (end <= start) reader.fail(`"End (Seconds)" (${end}) must be after "Start (Seconds)" (${start})`);
	if (length < minSeconds) {
		reader.fail(`The section from ${start} s to ${end} s is ${length} s long; Kie replaces at least ${minSeconds} s`);
	}
	if (duration !== undefined && length > duration * maxShareOfTrack) {
		reader.fail(
			`The section from ${start} s to ${end} s is ${length} s long; Kie replaces at most half the track (${duration * maxShareOfTrack} s of ${duration} s)`,
		);
	}
	return { infillStartS: start, infillEndS: end };
}

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'replaceSection',
	taskType: 'music',
	readItem(reader, context) {
		const taskId = reader.text('taskId', 'Task ID', { required: true }).trim();
		const audioId = reader.text('audioId', 'Audio ID', { required: true }).trim();
		const window = readWindow(reader, knownTrackDuration(context, reader.itemIndex, audioId));
		const body: IDataObject = {
			taskId,
			audioId,
			prompt: reader.text('prompt', 'Prompt', { required: true }),
			tags: reader.text('tags', 'Tags', { required: true }),
			title: reader.text('title', 'Title', { required: true }),
			...window,
		};
		const options = reader.options();
		setDefined(body, {
			negativeTags: reader.optionText(options, 'negativeTags', 'Negative Tags'),
			fullLyrics: reader.optionText(options, 'fullLyrics', 'Full Lyrics'),
		});
		return { body };
	},
};
