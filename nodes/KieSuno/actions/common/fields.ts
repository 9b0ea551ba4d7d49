import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { BinarySource } from './create';
import type { ItemReader } from './validation';

/** Readers for the fields several operations share, each into Kie's camelCase body. */

/** The source audio: `uploadUrl` from a URL, or an upload of a binary field (its URL is filled in later). */
export function readSource(reader: ItemReader, context: IExecuteFunctions, body: IDataObject): BinarySource[] {
	const sourceType = reader.raw('sourceType', 'url');
	if (sourceType !== 'binary') {
		body.uploadUrl = reader.url('uploadUrl', 'Upload URL', { required: true });
		return [];
	}
	const property = reader.text('binaryPropertyName', 'Input Binary Field', { required: true }).trim();
	requireBinary(reader, context, property);
	return [{ property, assign: (target, url) => (target.uploadUrl = url) }];
}

export function requireBinary(reader: ItemReader, context: IExecuteFunctions, property: string): void {
	try {
		context.helpers.assertBinaryData(reader.itemIndex, property);
	} catch (error) {
		reader.fail(
			`No binary field "${property}" on the input item`,
			`"Source" is "Binary Data", so the item needs audio in the binary field "${property}". ${(error as Error).message}`,
		);
	}
}

/** Sets `body[name] = value` for values the user set. */
export function setDefined(body: IDataObject, values: IDataObject): IDataObject {
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined && value !== '') body[name] = value;
	}
	return body;
}

/** Vocal gender and the three weights, as every song operation but Mashup's custom mode takes them. */
export function readVoiceOptions(reader: ItemReader, options: Record<string, unknown>): IDataObject {
	return {
		vocalGender: reader.oneOf(options, 'vocalGender', 'Vocal Gender', ['m', 'f'] as const),
		styleWeight: reader.weight(options, 'styleWeight', 'Style Weight'),
		weirdnessConstraint: reader.weight(options, 'weirdnessConstraint', 'Weirdness Constraint'),
		audioWeight: reader.weight(options, 'audioWeight', 'Audio Weight'),
	};
}
