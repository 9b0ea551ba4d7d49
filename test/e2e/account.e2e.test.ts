/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { randomUUID } from 'crypto';

import { VERSIONS, chain, client, describeFailure, executeViaCli, kieNode, nodeOutput, runViaWebhook, sandbox } from './helpers';

describe.each(VERSIONS)('n8n $version: account → getCredits', (v) => {
	it('Webhook → Kie Suno getCredits returns { credits: <sandbox balance> }', async () => {
		const config = await sandbox(v).config();
		const r = await runViaWebhook(v, [kieNode(v, { resource: 'account', operation: 'getCredits' }, { name: 'Get Credits' })], {
			name: 'e2e getCredits',
		});
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		expect(r.response.status).toBe(200);
		expect(r.response.body).toEqual([{ credits: config.currentCredits }]);
		expect(nodeOutput(r.execution, 'Get Credits')).toEqual([{ credits: config.currentCredits }]);
	});

	it('fails the execution with a clear error for a bad key', async () => {
		const r = await runViaWebhook(v, [kieNode(v, { resource: 'account', operation: 'getCredits' }, { name: 'Get Credits', credential: 'bad' })], {
			name: 'e2e getCredits bad key',
		});
		expect(r.execution.status).toBe('error');
		expect(r.response.status).toBeGreaterThanOrEqual(400);
	});

	it('Manual Trigger → Kie Suno getCredits run with `n8n execute --id` returns the credits', async () => {
		const config = await sandbox(v).config();
		const manual = { id: randomUUID(), name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const c = client(v);
		const wf = await c.createWorkflow(chain(`e2e cli getCredits ${Date.now()}`, [manual, kieNode(v, { resource: 'account', operation: 'getCredits' }, { name: 'Get Credits' })]));
		try {
			const execution = await executeViaCli(v, String(wf.id));
			expect(nodeOutput(execution, 'Get Credits')).toEqual([{ credits: config.currentCredits }]);
		} finally {
			await c.deleteWorkflow(String(wf.id)).catch(() => undefined);
		}
	});
});
