/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * Network errors as each n8n major hands them to the node. n8n wraps the HTTP client's error in
 * a NodeApiError and replaces its message ("socket hang up" → "The connection to the server was
 * closed unexpectedly…"). On n8n 2.x the original error stays reachable as `cause`; on n8n 1.x
 * (1.123.x) `cause` is lost (ExecutionBaseError's class field `cause` overwrites it), and only
 * `messages` keeps the original text. The transport must still tell "never sent" (connection
 * refused: safe to retry a create) from "sent, outcome unknown" (reset, timeout: never re-send),
 * and name the error.
 *
 * Uses the n8n-workflow of a cached n8n 1.123.x (installed by the e2e suite) when present,
 * otherwise an error of the same shape.
 */
import * as fs from 'fs';
import * as path from 'path';

import { NodeApiError as NodeApiError2 } from 'n8n-workflow';

import { kieApiRequest, transportClock } from '../../nodes/shared/transport';
import { recordFigures } from './helpers';

const CACHE = process.env.KIE_SUNO_CACHE || path.join(require('os').homedir(), '.cache', 'n8n-nodes-kie-suno');

function n8n1Workflow(): { NodeApiError: any; source: string } {
	const dirs = fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((d) => /^n8n-1\.\d+\.\d+$/.test(d)).sort() : [];
	for (const d of dirs.reverse()) {
		const p = path.join(CACHE, d, 'node_modules', 'n8n-workflow');
		if (fs.existsSync(p)) return { NodeApiError: require(p).NodeApiError, source: `${d} (cached)` };
	}
	// the same shape: message replaced, no cause, the original text in `messages`
	class Shaped extends Error {
		messages: string[];
		constructor(_node: unknown, error: Error) {
			super('The connection to the server was closed unexpectedly, perhaps it is offline.');
			this.messages = [error.message, error.message];
			(this as any).cause = undefined;
		}
	}
	return { NodeApiError: Shaped, source: 'simulated 1.x shape' };
}

const NODE = { id: 'n', name: 'Kie Suno', type: 'n8n-nodes-kie-suno.kieSuno', typeVersion: 1, position: [0, 0], parameters: {} };

function fakeContext(throwError: () => Error) {
	let calls = 0;
	const ctx: any = {
		getNode: () => NODE,
		getCredentials: async () => ({ apiKey: 'kfs-unit-key', baseUrl: 'http://127.0.0.1:9', uploadBaseUrl: 'http://127.0.0.1:9', webhookHmacKey: '' }),
		helpers: {
			httpRequestWithAuthentication: async () => {
				calls++;
				throw throwError();
			},
		},
	};
	return { ctx, calls: () => calls };
}

const CASES = [
	{ name: 'connection refused (never sent)', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED', attempts: 5, expect: /^Could not reach Kie after 5 attempts$/ },
	{ name: 'connection reset after sending', message: 'socket hang up', code: 'ECONNRESET', attempts: 1, expect: /\(ECONNRESET\): the task may or may not have been created$/ },
	{ name: 'timeout after sending', message: 'timeout of 60000ms exceeded', code: 'ECONNABORTED', attempts: 1, expect: /\((ECONNABORTED|ETIMEDOUT)\): the task may or may not have been created$/ },
	{ name: 'execution cancelled', message: 'canceled', code: 'ERR_CANCELED', attempts: 1, expect: /^The execution was cancelled$/ },
];

describe('network errors as n8n 1.x and 2.x hand them to the transport (create)', () => {
	const sleep = transportClock.sleep;
	const n8n1 = n8n1Workflow();
	const rows: any[] = [];
	beforeAll(() => {
		transportClock.sleep = async () => undefined;
	});
	afterAll(() => {
		transportClock.sleep = sleep;
		recordFigures('networkErrors', { n8n1Source: n8n1.source, rows });
	});

	const matrix = CASES.flatMap((c) => [
		{ ...c, n8n: '2.x', Err: NodeApiError2 as any },
		{ ...c, n8n: '1.x', Err: n8n1.NodeApiError },
	]);

	it.each(matrix)('n8n $n8n: $name → $attempts attempt(s), message names it', async (c) => {
		const { ctx, calls } = fakeContext(() => new c.Err(NODE, Object.assign(new Error(c.message), { code: c.code, isAxiosError: true })));
		let error: any;
		try {
			await kieApiRequest.call(ctx, { method: 'POST', path: '/api/v1/generate/add-instrumental', body: {}, kind: 'create', action: 'creating the task' });
		} catch (e) {
			error = e;
		}
		rows.push({ n8n: c.n8n, case: c.name, attempts: calls(), message: error?.message, ok: calls() === c.attempts && c.expect.test(String(error?.message)) });
		expect({ attempts: calls(), message: error?.message }).toEqual({ attempts: c.attempts, message: expect.stringMatching(c.expect) });
	});
});
