/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * The public interface (interface.md, as data in interfaceTable.ts) read back from the node and
 * credential types a real n8n loaded from the installed package (GET /types/nodes.json and
 * /types/credentials.json, what the editor gets). Every mismatch is listed in one failure.
 */
import { CREDENTIAL, OPERATIONS, TRIGGER, type OperationSpec, type ParamSpec } from './interfaceTable';
import { HAS_TRIGGER, KIE_NODE, KIE_TRIGGER, VERSIONS, client } from './helpers';

type Property = { name: string; type: string; default?: unknown; displayOptions?: any; options?: any[]; typeOptions?: any; required?: boolean };

const RESOURCES = [...new Set(Object.keys(OPERATIONS).map((key) => key.split('.')[0]))];

function shownFor(p: Property, resource: string, operation: string): boolean {
	const show = p.displayOptions?.show;
	return !!show && (show.resource ?? []).includes(resource) && (show.operation ?? []).includes(operation);
}

/** n8n adds this operation to nodes whose credential can authenticate any request. */
const N8N_ADDED = '__CUSTOM_API_CALL__';
const ours = (values: unknown[]) => values.filter((value) => value !== N8N_ADDED);
const sameSet = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x) => b.includes(x));
const show = (value: unknown) => JSON.stringify(value);

/** Mismatches between one parameter (all its variants) and its spec. */
function checkParam(where: string, variants: Property[], spec: ParamSpec): string[] {
	if (variants.length === 0) return [`${where}: missing`];
	const problems: string[] = [];
	for (const p of variants) {
		if ('default' in spec && show(p.default) !== show(spec.default)) problems.push(`${where}: default ${show(p.default)}, expected ${show(spec.default)}`);
		const values = (p.options ?? []).map((o: any) => o.value);
		if (spec.values && !sameSet(values, spec.values)) problems.push(`${where}: values ${show(values)}, expected ${show(spec.values)}`);
		if (spec.first && show(values.slice(0, spec.first.length)) !== show(spec.first)) problems.push(`${where}: first values ${show(values)}, expected ${show(spec.first)}`);
		for (const value of spec.discontinued ?? []) {
			const label = (p.options ?? []).find((o: any) => o.value === value)?.name ?? '';
			if (!/discontinued/i.test(label)) problems.push(`${where}: ${value} is labelled "${label}", not "(discontinued)"`);
		}
	}
	return problems;
}

function checkOperation(where: string, properties: Property[], spec: OperationSpec, visible: (p: Property) => boolean): string[] {
	const problems: string[] = [];
	for (const [name, paramSpec] of Object.entries(spec.params)) {
		problems.push(...checkParam(`${where} ${name}`, properties.filter((p) => p.name === name && visible(p)), paramSpec));
	}
	if (spec.options) {
		const collections = properties.filter((p) => p.name === 'options' && p.type === 'collection' && visible(p));
		if (collections.length !== 1) return [...problems, `${where} options: ${collections.length} Options collections`];
		const entries: Property[] = collections[0].options ?? [];
		for (const [name, optionSpec] of Object.entries(spec.options)) {
			problems.push(...checkParam(`${where} options.${name}`, entries.filter((o) => o.name === name), optionSpec));
		}
	}
	return problems;
}

describe.each(VERSIONS)('n8n $version: the public interface as loaded', (v) => {
	let types: any[];
	beforeAll(async () => {
		types = await client(v).nodeTypes();
	});
	const nodeType = (name: string) => types.filter((t) => t.name === name).find((t) => t.version === 1 || (Array.isArray(t.version) && t.version.includes(1)));

	it('Kie Suno: resources, operations, their display names, parameters, defaults and options', () => {
		const node = nodeType(KIE_NODE);
		expect(node).toBeDefined();
		const properties: Property[] = node.properties;
		const problems: string[] = [];
		const resource = properties.find((p) => p.name === 'resource')!;
		const resources = ours((resource.options ?? []).map((o: any) => o.value));
		if (!sameSet(resources, RESOURCES)) problems.push(`resources ${show(resources)}, expected ${show(RESOURCES)}`);
		for (const r of RESOURCES) {
			const expected = Object.keys(OPERATIONS).filter((k) => k.startsWith(`${r}.`)).map((k) => k.split('.')[1]);
			const operation = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource ?? []).includes(r));
			const options: any[] = (operation?.options ?? []).filter((o: any) => o.value !== N8N_ADDED);
			if (!sameSet(options.map((o) => o.value), expected)) problems.push(`${r} operations ${show(options.map((o) => o.value))}, expected ${show(expected)}`);
			for (const op of expected) {
				const spec = OPERATIONS[`${r}.${op}`];
				const label = options.find((o) => o.value === op)?.name;
				if (spec.displayName && label !== spec.displayName) problems.push(`${r}.${op}: display name "${label}", expected "${spec.displayName}"`);
				problems.push(...checkOperation(`${r}.${op}`, properties, spec, (p) => shownFor(p, r, op)));
			}
		}
		expect(problems).toEqual([]);
	});

	it('Kie Suno: usable as an AI tool, with the kieApi credential', () => {
		const node = nodeType(KIE_NODE);
		expect((node.credentials ?? []).map((c: any) => c.name)).toEqual(['kieApi']);
		// n8n 2.x serves a generated "…Tool" type for nodes with usableAsTool; 1.x keeps the flag
		const tool = types.some((t) => t.name === `${KIE_NODE}Tool`);
		expect(tool || node.usableAsTool === true).toBe(true);
	});

	(HAS_TRIGGER ? it : it.skip)('Kie Suno Trigger: one POST webhook, optional credential, events, task types and options', () => {
		const trigger = nodeType(KIE_TRIGGER);
		expect(trigger).toBeDefined();
		expect(trigger.credentials).toEqual([expect.objectContaining({ name: 'kieApi', required: false })]);
		expect((trigger.webhooks ?? []).map((w: any) => w.httpMethod)).toEqual(['POST']);
		expect(checkOperation('trigger', trigger.properties, TRIGGER, () => true)).toEqual([]);
	});

	it('the kieApi credential: fields, types, defaults, secrets', async () => {
		const creds = await client(v).credentialTypes();
		const kie: any = creds.find((c) => c.name === CREDENTIAL.name);
		expect(kie?.displayName).toBe(CREDENTIAL.displayName);
		const problems: string[] = [];
		for (const [name, spec] of Object.entries(CREDENTIAL.fields) as Array<[string, any]>) {
			const field = kie.properties.find((p: any) => p.name === name);
			if (!field) {
				problems.push(`${name}: missing`);
				continue;
			}
			if (field.type !== spec.type) problems.push(`${name}: type ${field.type}`);
			if ('default' in spec && field.default !== spec.default) problems.push(`${name}: default ${show(field.default)}, expected ${show(spec.default)}`);
			if (!!field.typeOptions?.password !== !!spec.password) problems.push(`${name}: password ${!!field.typeOptions?.password}`);
			if (spec.required && field.required !== true) problems.push(`${name}: not required`);
		}
		expect(problems).toEqual([]);
	});
});
