import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Show } from '../common/description';
import { setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';
import { lyricsProperty, readLimitedText, styleProperty, titleProperty } from './songFields';

/**
 * The fields of Extend and Upload and Extend (family §4.2, §4.4). `defaultParamFlag` off: Kie
 * continues with the source's own settings; on: the user sets where to continue, title, style and
 * lyrics. Upload and Extend also has `instrumental`, and takes `continueAt` and `prompt` when given
 * with the flag off (the reference's conservative rule).
 */

type ExtendOperation = 'extend' | 'uploadAndExtend';

const CONTINUE_AT = 'Continue At (Seconds)';

function continueAtProperty(show: INodeProperties['displayOptions'], required: boolean): INodeProperties {
	return {
		displayName: CONTINUE_AT,
		name: 'continueAt',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required,
		description: required
			? 'Where in the source the new part starts: more than 0 and less than the source\'s length'
			: 'Optional. Where in the source the new part starts; 0 leaves it to Kie.',
		displayOptions: show,
	};
}

export function extendProperties(show: Show, operation: ExtendOperation): INodeProperties[] {
	const custom = { ...show, defaultParamFlag: [true] };
	const inherit = { ...show, defaultParamFlag: [false] };
	const upload = operation === 'uploadAndExtend';
	const properties: INodeProperties[] = [
		{
			displayName: 'Use Custom Parameters',
			name: 'defaultParamFlag',
			type: 'boolean',
			default: false,
			description:
				'Whether to set where to continue, the title, style and lyrics yourself. Off: Kie continues with the source\'s own settings.',
			displayOptions: { show },
		},
	];
	if (upload) {
		properties.push({
			displayName: 'Instrumental',
			name: 'instrumental',
			type: 'boolean',
			default: false,
			description: 'Whether the new part has no vocals',
			displayOptions: { show },
		});
	}
	properties.push(continueAtProperty({ show: custom }, true));
	if (upload) properties.push(continueAtProperty({ show: inherit }, false));
	properties.push(
		titleProperty(custom, operation),
		styleProperty(custom, operation),
		lyricsProperty(upload ? { ...custom, instrumental: [false] } : custom, operation, {
			displayName: 'Prompt',
			required: true,
			description: 'Lyrics of the new part, or what it should be like',
		}),
	);
	if (upload) {
		properties.push(
			lyricsProperty(inherit, operation, { displayName: 'Prompt', required: false, description: 'Optional: lyrics of the new part, or what it should be like' }),
		);
	}
	return properties;
}

/** Checks `continueAt`; 0 means "not set". `below` is the source's length when known. */
function readContinueAt(reader: ItemReader, required: boolean, below?: { seconds: number; what: string }): number | undefined {
	const value = reader.number(reader.raw('continueAt', 0), CONTINUE_AT, { min: 0 });
	if (value === undefined || value === 0) {
		if (required) {
			reader.fail(`"${CONTINUE_AT}" must be more than 0`, 'With "Use Custom Parameters" on, Kie needs the second of the source where the new part starts.');
		}
		return undefined;
	}
	if (below && value >= below.seconds) {
		reader.fail(`"${CONTINUE_AT}" must be less than ${below.what} (${below.seconds} s), got ${value}`);
	}
	return value;
}

/** The flag and the fields it asks for, into Kie's body. */
export function readExtendFields(
	reader: ItemReader,
	operation: ExtendOperation,
	model: string,
	below?: { seconds: number; what: string },
): { body: IDataObject; custom: boolean; instrumental: boolean } {
	const custom = reader.boolean('defaultParamFlag', 'Use Custom Parameters', false);
	const upload = operation === 'uploadAndExtend';
	const instrumental = upload ? reader.boolean('instrumental', 'Instrumental', false) : false;
	const body: IDataObject = { defaultParamFlag: custom };
	if (upload) body.instrumental = instrumental;
	if (!custom && !upload) return { body, custom, instrumental };

	setDefined(body, { continueAt: readContinueAt(reader, custom, below) });
	if (custom) {
		body.title = readLimitedText(reader, operation, 'title', model, { name: 'title', displayName: 'Title', required: true });
		body.style = readLimitedText(reader, operation, 'style', model, { name: 'style', displayName: 'Style', required: true });
	}
	const prompt = readLimitedText(reader, operation, 'prompt', model, { name: 'prompt', displayName: 'Prompt', required: custom && !instrumental });
	setDefined(body, { prompt });
	return { body, custom, instrumental };
}
