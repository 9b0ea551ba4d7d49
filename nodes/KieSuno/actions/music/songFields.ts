import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MODEL, MODELS_BY_OPERATION, textLimit } from '../../../shared/kie/models';
import type { Show } from '../common/description';
import { textField } from '../common/description';
import { OPTION } from '../common/options';
import { readVoiceOptions, setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';

/**
 * The song fields of Generate, Upload and Cover, and Mashup: `customMode` decides between a prompt
 * Kie writes the song from, and the user's own title, style and lyrics (family §4.1, §4.3, §4.6).
 * Text limits depend on the operation and the model (models.ts).
 */

export type SongOperation = 'generate' | 'extend' | 'uploadAndCover' | 'uploadAndExtend' | 'mashup';
type ModeOperation = 'generate' | 'uploadAndCover' | 'mashup';
type LimitedField = 'prompt' | 'ideaPrompt' | 'style' | 'title';
/** When a parameter shows: the operation's `show` plus conditions on other parameters. */
export type ShowWhen = NonNullable<IDisplayOptions['show']>;

/** "At most 1000 characters (200 with V4)", from Kie's per-model limits (no final period). */
export function limitNote(operation: SongOperation, field: LimitedField): string {
	const usual = textLimit(operation, field, DEFAULT_MODEL);
	if (usual === undefined) return '';
	const others = new Map<number, string[]>();
	for (const model of MODELS_BY_OPERATION[operation] ?? []) {
		const limit = textLimit(operation, field, model);
		if (limit !== undefined && limit !== usual) others.set(limit, [...(others.get(limit) ?? []), model]);
	}
	const exceptions = [...others].map(([limit, models]) => `${limit} with ${models.join(', ')}`);
	return `At most ${usual} characters${exceptions.length > 0 ? ` (${exceptions.join('; ')})` : ''}`;
}

/** A text parameter checked against Kie's limit for this operation and model. */
export function readLimitedText(
	reader: ItemReader,
	operation: SongOperation,
	field: LimitedField,
	model: string,
	parameter: { name: string; displayName: string; required: boolean },
): string {
	const { name, displayName } = parameter;
	const text = reader.text(name, displayName, { required: parameter.required });
	const max = textLimit(operation, field, model);
	if (max !== undefined && text.length > max) {
		const condition = field === 'ideaPrompt' ? 'without Custom Mode' : `with model ${model}`;
		reader.fail(
			`"${displayName}" has ${text.length} characters; Kie allows at most ${max} ${condition}`,
			`Shorten "${displayName}" (${name}) to ${max} characters or fewer.`,
		);
	}
	return text;
}

const IDEA: Record<ModeOperation, { placeholder: string; description: string }> = {
	generate: {
		placeholder: 'A short upbeat lo-fi loop with gentle piano',
		description: 'What the song should be about and sound like; Kie writes the lyrics, style and title',
	},
	uploadAndCover: {
		placeholder: 'Reimagine as a jazz ballad',
		description: 'How to cover the source audio; Kie writes the lyrics, style and title',
	},
	mashup: {
		placeholder: 'Blend into an upbeat dance track',
		description: 'How to blend the two tracks; Kie writes the lyrics, style and title',
	},
};

export function titleProperty(show: ShowWhen, operation: SongOperation): INodeProperties {
	return {
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		description: `Title of the generated tracks. ${limitNote(operation, 'title')}.`,
		displayOptions: { show },
	};
}

export function styleProperty(show: ShowWhen, operation: SongOperation): INodeProperties {
	return {
		displayName: 'Style',
		name: 'style',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Indie pop, warm female vocals, 100 bpm',
		description: `Genre, mood, instruments, tempo. ${limitNote(operation, 'style')}.`,
		displayOptions: { show },
	};
}

export function lyricsProperty(
	show: ShowWhen,
	operation: SongOperation,
	rules: { displayName: string; required: boolean; /** One sentence, no final period. */ description: string },
): INodeProperties {
	return {
		displayName: rules.displayName,
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: rules.required,
		placeholder: '[Verse]\nNight city lights shining bright\n[Chorus]\n…',
		description: `${rules.description}. ${limitNote(operation, 'prompt')}.`,
		displayOptions: { show },
	};
}

/** Custom Mode, Instrumental, then what the mode needs: the prompt, or title, style and lyrics. */
export function songModeProperties(show: Show, operation: ModeOperation): INodeProperties[] {
	const custom = { ...show, customMode: [true] };
	return [
		{
			displayName: 'Custom Mode',
			name: 'customMode',
			type: 'boolean',
			default: false,
			description: 'Whether to set the title, style and lyrics yourself. Off: describe the music in a prompt and Kie writes the rest.',
			displayOptions: { show },
		},
		{
			displayName: 'Instrumental',
			name: 'instrumental',
			type: 'boolean',
			default: false,
			description: 'Whether the music has no vocals',
			displayOptions: { show },
		},
		textField(show, {
			name: 'prompt',
			displayName: 'Prompt',
			description: `${IDEA[operation].description}. ${limitNote(operation, 'ideaPrompt')}.`,
			required: true,
			placeholder: IDEA[operation].placeholder,
			rows: 3,
			show: { ...show, customMode: [false] },
		}),
		titleProperty(custom, operation),
		styleProperty(custom, operation),
		lyricsProperty({ ...custom, instrumental: [false] }, operation, {
			displayName: 'Lyrics',
			required: true,
			description: 'The lyrics, sung as written (Kie\'s "prompt")',
		}),
	];
}

/** `customMode`, `instrumental` and the texts the mode needs, checked against Kie's limits. */
export function readSongMode(reader: ItemReader, operation: ModeOperation, model: string): IDataObject {
	const customMode = reader.boolean('customMode', 'Custom Mode', false);
	const instrumental = reader.boolean('instrumental', 'Instrumental', false);
	const body: IDataObject = { customMode, instrumental };
	if (!customMode) {
		body.prompt = readLimitedText(reader, operation, 'ideaPrompt', model, { name: 'prompt', displayName: 'Prompt', required: true });
		return body;
	}
	body.title = readLimitedText(reader, operation, 'title', model, { name: 'title', displayName: 'Title', required: true });
	body.style = readLimitedText(reader, operation, 'style', model, { name: 'style', displayName: 'Style', required: true });
	// Instrumental custom mode needs no lyrics (Kie's prose); sent only when given.
	const lyrics = readLimitedText(reader, operation, 'prompt', model, { name: 'prompt', displayName: 'Lyrics', required: !instrumental });
	return setDefined(body, { prompt: lyrics });
}

/** Which custom-only options an operation has (Mashup has no negative tags or persona in Kie's schema). */
export interface CustomOptionSet {
	/** The switch that turns custom settings on: shown only while it is on. */
	flag: 'customMode' | 'defaultParamFlag';
	negativeTags: boolean;
	personaId: boolean;
	/** Vocal gender is hidden while `instrumental` is on. */
	hasInstrumental: boolean;
}

/** Options Kie applies only with custom settings ("other parameters are ignored" otherwise). */
export function customOptions(set: CustomOptionSet): INodeProperties[] {
	const custom = { [`/${set.flag}`]: [true] };
	const onlyCustom = (option: INodeProperties): INodeProperties => ({ ...option, displayOptions: { show: custom } });
	const options = [OPTION.audioWeight, OPTION.styleWeight, OPTION.weirdnessConstraint].map(onlyCustom);
	options.push({
		...OPTION.vocalGender,
		displayOptions: { show: custom, ...(set.hasInstrumental ? { hide: { '/instrumental': [true] } } : {}) },
	});
	if (set.negativeTags) options.push(onlyCustom(OPTION.negativeTags));
	if (set.personaId) options.push(onlyCustom(OPTION.personaId));
	return options;
}

/** The custom-only options the user set; vocal gender is left out of instrumental music. */
export function readCustomOptions(
	reader: ItemReader,
	options: Record<string, unknown>,
	set: CustomOptionSet,
	instrumental: boolean,
): IDataObject {
	const values = readVoiceOptions(reader, options);
	if (instrumental) delete values.vocalGender;
	if (set.negativeTags) values.negativeTags = reader.optionText(options, 'negativeTags', 'Negative Tags');
	if (set.personaId) values.personaId = reader.optionText(options, 'personaId', 'Persona ID').trim();
	return values;
}
