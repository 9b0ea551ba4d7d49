import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** One choice of an options parameter: name, value, and what it means. */
export type Choice = [name: string, value: string, description?: string];

/** The choices of an options or multiOptions parameter, in the order given. */
export function choices(entries: Choice[]): INodePropertyOptions[] {
	return entries.map(([name, value, description]) => (description ? { name, value, description } : { name, value }));
}

/** An options (or multiOptions) parameter. */
export function choiceField(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'default' | 'description'> & Partial<INodeProperties>,
	entries: Choice[],
): INodeProperties {
	return { type: 'options', ...field, options: choices(entries) };
}
