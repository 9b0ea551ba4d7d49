import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import type { TextField } from '../common/description';
import { asyncProperties, showFor, sourceProperties, textField } from '../common/description';
import { modelOption, OPTION, waitOptions } from '../common/options';
import { readSource, readVoiceOptions, setDefined } from '../common/fields';
import type { ItemReader } from '../common/validation';

/**
 * Add Vocals and Add Instrumental (BASE §1-2): the same source, title, negative tags (at most 200)
 * and options; they differ only in what describes the new part (prompt + style, or tags).
 */

type AddOperation = 'addVocals' | 'addInstrumental';

/** A text field the operation requires, with Kie's limit where it states one. */
export type AddField = TextField & { maxLength?: number };

export function addTrackProperties(operation: AddOperation, sourcePlaceholder: string, fields: AddField[]): INodeProperties[] {
	const show = showFor('music', operation);
	return [
		...sourceProperties(show, sourcePlaceholder),
		textField(show, { name: 'title', displayName: 'Title', description: 'Title of the generated track', required: true }),
		...fields.map((field) => textField(show, { ...field, required: true })),
		textField(show, {
			name: 'negativeTags',
			displayName: 'Negative Tags',
			description: 'Music styles to avoid, at most 200 characters',
			required: true,
			placeholder: 'heavy metal, strong drum beats',
		}),
		...asyncProperties(show, [
			OPTION.audioWeight,
			modelOption(operation),
			OPTION.styleWeight,
			OPTION.vocalGender,
			OPTION.weirdnessConstraint,
			...waitOptions('music'),
		]),
	];
}

export function addTrackSpec(operation: AddOperation, fields: AddField[]): CreateSpec {
	return {
		resource: 'music',
		operation,
		taskType: 'music',
		readItem(reader: ItemReader, context) {
			const body: IDataObject = {};
			const uploads = readSource(reader, context, body);
			body.title = reader.text('title', 'Title', { required: true });
			for (const field of fields) {
				body[field.name] = reader.text(field.name, field.displayName, { required: true, maxLength: field.maxLength });
			}
			body.negativeTags = reader.text('negativeTags', 'Negative Tags', { required: true, maxLength: 200 });
			const options = reader.options();
			body.model = reader.model(options, operation);
			setDefined(body, readVoiceOptions(reader, options));
			return { body, uploads };
		},
	};
}
