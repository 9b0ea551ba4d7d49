/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Anything that is not a Kie callback gets a 400 with a reason: never a throw, never a 5xx, never
 * an execution. The parser is lenient about everything but the task id (a doorbell needs nothing
 * else), so drifted but genuine callbacks are never refused.
 */
import { forgetInProcessClaims } from '../../../nodes/KieSunoTrigger/dedupe';
import { fullSuccessExample, JSON_HEADERS, TASK_ID } from './fixtures';
import type { FakeRequestInput } from './triggerHarness';
import { callTrigger } from './triggerHarness';

beforeEach(() => forgetInProcessClaims());

type Body = ReturnType<typeof fullSuccessExample>;

function edited(edit: (body: Body) => void): unknown {
	const body = fullSuccessExample();
	edit(body);
	return body;
}

function nested(depth: number): unknown {
	let value: unknown = 'bottom';
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

const json = (body: unknown): FakeRequestInput => ({ body, headers: JSON_HEADERS });
const text = (raw: string): FakeRequestInput => ({ body: raw, headers: { 'content-type': 'text/plain' } });

const NO_TASK_ID = 'No task id ("data.task_id", "data.taskId" or "task_id")';

/** What is not a Kie callback at all: no JSON object, no usable task id, or a hostile shape. */
const cases: Array<[string, FakeRequestInput, string]> = [
	['text that is not JSON', text('hello, not json'), 'The body is not valid JSON'],
	['an empty text body', text(''), 'The body is empty'],
	['a JSON array', json([fullSuccessExample()]), 'The body must be a JSON object'],
	['a JSON number', json(42), 'The body must be a JSON object'],
	['a JSON string', text('"complete"'), 'The body must be a JSON object'],
	['a JSON string n8n already parsed', json('complete'), 'The body must be a JSON object'],
	['JSON null', text('null'), 'The body must be a JSON object'],
	['no body at all', { headers: JSON_HEADERS }, 'The body is empty'],
	['an empty object', json({}), NO_TASK_ID],
	['missing data', json(edited((b) => delete (b as Record<string, unknown>).data)), NO_TASK_ID],
	['data as a string', json(edited((b) => (b.data = 'complete' as never))), NO_TASK_ID],
	['missing task_id', json(edited((b) => delete (b.data as Record<string, unknown>).task_id)), NO_TASK_ID],
	['task_id as a number', json(edited((b) => (b.data.task_id = 12345 as never))), NO_TASK_ID],
	['an empty task_id', json(edited((b) => (b.data.task_id = '  '))), NO_TASK_ID],
	['task_id with path characters', json(edited((b) => (b.data.task_id = '../../etc/passwd'))), 'The task id is not a Kie task id'],
	['task_id with a query string', json(edited((b) => (b.data.task_id = 'abc?x=1'))), 'The task id is not a Kie task id'],
	['a 500-character task_id', json(edited((b) => (b.data.task_id = 'a'.repeat(500)))), 'The task id is not a Kie task id'],
	['a "__proto__" key at the top', json(JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(fullSuccessExample()).slice(1)}`)), 'The body contains a "__proto__" key'],
	['a "__proto__" key inside a track', json(JSON.parse(JSON.stringify(fullSuccessExample()).replace('"id":', '"__proto__":{"polluted":true},"id":'))), 'The body contains a "__proto__" key'],
	['a "__proto__" key as text/plain', text(`{"__proto__":{"polluted":true},"code":200}`), 'The body contains a "__proto__" key'],
	['a 2 MB title', json(edited((b) => (b.data.data[0].title = 'x'.repeat(2 * 1024 * 1024)))), 'The body is too large'],
	['a 2 MB text body', text(' '.repeat(2 * 1024 * 1024)), 'The body is too large'],
	['nesting 50 levels deep inside a track', json(edited((b) => (b.data.data[0].title = nested(50) as never))), 'The body is nested too deeply'],
	['nesting 100,000 levels deep (text)', text('['.repeat(100_000) + ']'.repeat(100_000)), 'The body is nested too deeply'],
	['30,000 values', json(edited((b) => ((b.data as Record<string, unknown>).extra = new Array(30_000).fill(0)))), 'The body has too many values'],
	['a form-encoded body', { body: { code: '200' }, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'Content-Type must be application/json, got "application/x-www-form-urlencoded"'],
	['an XML body', { body: { callback: {} }, headers: { 'content-type': 'application/xml' } }, 'Content-Type must be application/json, got "application/xml"'],
	['a binary body', { body: Buffer.from(JSON.stringify(fullSuccessExample())), headers: { 'content-type': 'application/octet-stream' } }, 'Content-Type must be application/json, got "application/octet-stream"'],
	['a Buffer body that is not JSON', { body: Buffer.from([0xff, 0x00, 0x7b]), headers: {} }, 'The body is not valid JSON'],
	['a non-JSON value (Date) in the parsed body', json(edited((b) => ((b.data as Record<string, unknown>).when = new Date(0)))), 'The body must be plain JSON'],
];

/** Drifted but genuine: a 400 would make Kie give up on a real result, so these ring the bell. */
const drifted: Array<[string, unknown]> = [
	['code as a string', edited((b) => (b.code = '200' as never))],
	['code as a fraction', edited((b) => (b.code = 200.5))],
	['msg as a number', edited((b) => (b.msg = 7 as never))],
	['missing callbackType', edited((b) => delete (b.data as Record<string, unknown>).callbackType)],
	['unknown callbackType', edited((b) => (b.data.callbackType = 'done'))],
	['callbackType in capitals', edited((b) => (b.data.callbackType = 'COMPLETE'))],
	['tracks not an array', edited((b) => (b.data.data = { 0: b.data.data[0] } as never))],
	['track entries that are not objects', edited((b) => (b.data.data = ['https://example.cn/a.mp3'] as never))],
	['a null track entry', edited((b) => (b.data.data = [null] as never))],
	['101 tracks', edited((b) => (b.data.data = Array.from({ length: 101 }, () => ({ id: 'x' })) as never))],
	['data.error as an object', edited((b) => ((b.data as Record<string, unknown>).error = { reason: 'x' }))],
	['numbers as strings and unknown fields', edited((b) => Object.assign(b.data.data[0], { duration: '198.44', createTime: '1786343609818', extra: { a: [1] } }))],
	['taskId camelCase only', edited((b) => { delete (b.data as Record<string, unknown>).task_id; (b.data as Record<string, unknown>).taskId = TASK_ID; })],
];

describe('malformed bodies answer 400', () => {
	test(`there are at least 15 kinds (${cases.length})`, () => {
		expect(cases.length).toBeGreaterThanOrEqual(15);
	});

	test.each(cases)('%s', async (_name, request, reason) => {
		const call = await callTrigger(request, { credentials: { apiKey: 'k', webhookHmacKey: 'hmac' } });
		expect(call.error).toBeUndefined();
		expect(call.result).toEqual({ noWebhookResponse: true });
		expect(call.response.status).toBe(400);
		expect(call.response.body).toEqual({ error: `Not a Kie callback: ${reason}` });
		expect(call.response.ended).toBe(true);
		expect(call.savedStaticData).toBeUndefined();
		// Rejected before the credential is even read.
		expect(call.credentialLookups).toEqual([]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
	});

	test('a valid body still passes after all that (sanity)', async () => {
		const call = await callTrigger(json(fullSuccessExample()));
		expect(call.result?.workflowData?.[0][0].json.taskId).toBe(TASK_ID);
	});
});

describe('drifted but genuine bodies are accepted (never a 400)', () => {
	test.each(drifted)('%s', async (_name, body) => {
		const call = await callTrigger(json(body));
		expect(call.error).toBeUndefined();
		expect([call.response.status, call.response.body]).toEqual([200, { received: true }]);
		expect(call.result?.noWebhookResponse).toBe(true);
		const items = call.result!.workflowData![0];
		expect(items.length).toBeGreaterThanOrEqual(1);
		for (const item of items) expect(item.json).toMatchObject({ taskId: TASK_ID, taskType: 'music', verified: false });
	});
});
