import type { INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor, textField } from '../common/description';
import { waitOptions } from '../common/options';

const show = showFor('lyrics', 'generate');

/** Kie's limit for the lyrics prompt (family §6). */
export const PROMPT_MAX = 200;

/** Lyrics have no files, so the download options are left out. */
const FILE_OPTIONS = ['downloadFiles', 'maxFileSizeMb'];

export const description: INodeProperties[] = [
	textField(show, {
		name: 'prompt',
		displayName: 'Prompt',
		description: `Theme, mood or story of the lyrics, at most ${PROMPT_MAX} characters. Each variant Kie writes becomes one item.`,
		required: true,
		placeholder: 'A nostalgic song about childhood memories in a small town',
		rows: 3,
	}),
	...asyncProperties(
		show,
		waitOptions('files').filter((option) => !FILE_OPTIONS.includes(option.name)),
	),
];

export const spec: CreateSpec = {
	resource: 'lyrics',
	operation: 'generate',
	taskType: 'lyrics',
	readItem(reader) {
		return { body: { prompt: reader.text('prompt', 'Prompt', { required: true, maxLength: PROMPT_MAX }) } };
	},
};
