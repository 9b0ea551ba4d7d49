/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { HAS_TRIGGER, KIE_NODE, KIE_TRIGGER, PKG, VERSIONS, client } from './helpers';

describe.each(VERSIONS)('n8n $version: package loading', (v) => {
	it(`loads the package from .n8n/nodes/node_modules with community type names (${PKG}.*)`, async () => {
		const types = await client(v).nodeTypes();
		const names = types.map((t) => t.name);
		expect(names).toContain(KIE_NODE);
		if (HAS_TRIGGER) expect(names).toContain(KIE_TRIGGER);
		// loaded as an installed community package, not as a custom extension
		expect(names.filter((n) => n.startsWith('CUSTOM.'))).toEqual([]);
		const kie = types.filter((t) => t.name === KIE_NODE);
		expect(kie.length).toBeGreaterThanOrEqual(1);
		expect(kie[0].displayName).toBe('Kie Suno');
		expect(kie[0].version === 1 || (Array.isArray(kie[0].version) && kie[0].version.includes(1))).toBe(true);
		expect((kie[0].credentials ?? []).map((c) => c.name)).toContain('kieApi');
	});

	it('registers the kieApi credential type with its fields', async () => {
		const creds = await client(v).credentialTypes();
		const kie = creds.find((c) => c.name === 'kieApi');
		expect(kie).toBeDefined();
		expect(kie!.properties.map((p) => p.name)).toEqual(expect.arrayContaining(['apiKey', 'baseUrl', 'uploadBaseUrl', 'webhookHmacKey']));
	});
});
