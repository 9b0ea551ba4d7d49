/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * "The same task id and stage starts one execution", across calls and across restarts. Without a
 * credential the stage is the one the body claims; with one, the stage Kie confirmed.
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import {
	claim,
	DEDUPE_MAX_AGE_MS,
	DEDUPE_MAX_ENTRIES,
	DEDUPE_STATIC_KEY,
	dedupeKey,
	forgetInProcessClaims,
	hasSeen,
	isClaimed,
	IN_PROCESS_TTL_MS,
	readSeen,
	mergeSeen,
} from '../../../nodes/KieSunoTrigger/dedupe';
import { useFastClock } from '../../harness/sandbox';
import { completeFor, firstStage, fullSuccessExample, JSON_HEADERS, TASK_ID } from './fixtures';
import { completeBody, finishedTask, kieCredential, useTriggerKie } from './kieTasks';
import { callTrigger, NODE_NAME } from './triggerHarness';

const NODE_KEY = `node:${NODE_NAME}`;

/** Without a credential the key is task | claimed stage | a digest of the body (see receive.ts). */
const unverifiedKey = (body: unknown, stage = 'complete', taskId = TASK_ID) =>
	`${taskId}|${stage}|${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16)}`;

beforeEach(() => forgetInProcessClaims());

describe('through the trigger (real WebhookContext, static data saved and reloaded like n8n does)', () => {
	test('same task + stage twice: the second is answered 200 "duplicate" and starts nothing', async () => {
		const first = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS });
		expect(first.result?.workflowData).toHaveLength(1);
		expect(first.savedStaticData).toBeDefined();
		const saved = first.savedStaticData![NODE_KEY] as IDataObject;
		expect((saved[DEDUPE_STATIC_KEY] as unknown[]).map((e) => (e as unknown[])[0])).toEqual([unverifiedKey(fullSuccessExample())]);

		const second = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowStaticData: first.savedStaticData });
		expect(second.error).toBeUndefined();
		expect(second.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
		expect(second.savedStaticData).toBeUndefined();
	});

	test('after a restart (in-process memory gone, static data reloaded) the repeat is still ignored', async () => {
		const first = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS });
		const persisted = JSON.parse(JSON.stringify(first.savedStaticData)) as IDataObject;
		forgetInProcessClaims(); // the process restarted
		const again = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowStaticData: persisted });
		expect(again.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
	});

	test('before n8n saved the static data, the in-process record still catches the repeat', async () => {
		await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS });
		const unsaved = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowStaticData: {} });
		expect(unsaved.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
	});

	test('another stage of the same task, and another task, are not duplicates', async () => {
		const events = { events: ['first', 'complete'] };
		const a = await callTrigger({ body: firstStage(), headers: JSON_HEADERS }, { parameters: events });
		const b = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { parameters: events, workflowStaticData: a.savedStaticData });
		const c = await callTrigger({ body: completeFor('othertask0001'), headers: JSON_HEADERS }, { parameters: events, workflowStaticData: b.savedStaticData });
		for (const call of [a, b, c]) expect(call.result?.workflowData).toHaveLength(1);
		const saved = c.savedStaticData![NODE_KEY] as IDataObject;
		expect((saved[DEDUPE_STATIC_KEY] as Array<[string, number]>).map(([key]) => key)).toEqual([
			unverifiedKey(firstStage(), 'first'),
			unverifiedKey(fullSuccessExample()),
			unverifiedKey(completeFor('othertask0001'), 'complete', 'othertask0001'),
		]);
	});

	test('another workflow with the same task is not a duplicate (in-process record is per workflow/node)', async () => {
		await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowId: 'wf-a' });
		const other = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowId: 'wf-b' });
		expect(other.result?.workflowData).toHaveLength(1);
	});

	test('ignoreDuplicates off: every repeat starts an execution and nothing is recorded', async () => {
		const parameters = { options: { ignoreDuplicates: false } };
		const a = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { parameters });
		const b = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { parameters, workflowStaticData: a.savedStaticData });
		expect(a.result?.workflowData).toHaveLength(1);
		expect(b.result?.workflowData).toHaveLength(1);
		expect(a.savedStaticData).toBeUndefined();
	});

	test('the record is bounded: a full record evicts its oldest entry', async () => {
		const t0 = Date.now() - 60_000;
		const full = Array.from({ length: DEDUPE_MAX_ENTRIES }, (_, i) => [`task${i}|complete`, t0 + i]);
		const call = await callTrigger(
			{ body: fullSuccessExample(), headers: JSON_HEADERS },
			{ workflowStaticData: { [NODE_KEY]: { [DEDUPE_STATIC_KEY]: full } } },
		);
		expect(call.result?.workflowData).toHaveLength(1);
		const entries = (call.savedStaticData![NODE_KEY] as IDataObject)[DEDUPE_STATIC_KEY] as Array<[string, number]>;
		expect(entries).toHaveLength(DEDUPE_MAX_ENTRIES);
		expect(entries[0][0]).toBe('task1|complete');
		expect(entries[DEDUPE_MAX_ENTRIES - 1][0]).toBe(unverifiedKey(fullSuccessExample()));
		// The static data stays plain JSON.
		expect(JSON.parse(JSON.stringify(call.savedStaticData))).toEqual(call.savedStaticData);
	});

	test('corrupt static data does not break the trigger', async () => {
		for (const corrupt of ['text', 42, { __proto__: null, a: 1 }, [null, 'x', [1, 2], ['k'], ['k', 'not a time']]]) {
			forgetInProcessClaims();
			const call = await callTrigger(
				{ body: fullSuccessExample(), headers: JSON_HEADERS },
				{ workflowStaticData: { [NODE_KEY]: { [DEDUPE_STATIC_KEY]: corrupt } } },
			);
			expect(call.result?.workflowData).toHaveLength(1);
			const entries = (call.savedStaticData![NODE_KEY] as IDataObject)[DEDUPE_STATIC_KEY] as Array<[string, number]>;
			expect(entries.map(([key]) => key)).toEqual([unverifiedKey(fullSuccessExample())]);
		}
	});

	test('a stranger\'s earlier doorbell for the same task and stage never makes the genuine callback a duplicate', async () => {
		const forged = fullSuccessExample();
		forged.data.data[0].audio_url = 'https://attacker.example/a.mp3';
		const early = await callTrigger({ body: forged, headers: JSON_HEADERS });
		expect(early.result?.workflowData?.[0][0].json).toMatchObject({ audioUrl: 'https://attacker.example/a.mp3', verified: false });
		const genuine = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowStaticData: early.savedStaticData });
		expect(genuine.result?.workflowData?.[0][0].json).toMatchObject({ audioUrl: 'https://example.cn/a1b2.mp3', verified: false });
		// ...while Kie's own repeat of the genuine callback is one.
		const repeat = await callTrigger({ body: fullSuccessExample(), headers: JSON_HEADERS }, { workflowStaticData: genuine.savedStaticData });
		expect(repeat.result).toEqual({ webhookResponse: { received: true, ignored: 'duplicate' } });
	});
});

describe('with a credential: deduplicated on the (task, stage) Kie confirmed', () => {
	const kie = useTriggerKie();
	useFastClock();
	const setup = () => ({ credentials: kieCredential(kie.sb), parameters: { events: ['text', 'first', 'complete', 'error'] } });
	const seenKeys = (data: IDataObject | undefined) => ((data?.[NODE_KEY] as IDataObject)[DEDUPE_STATIC_KEY] as Array<[string, number]>).map(([key]) => key);

	test('the same complete callback twice: one execution; the repeat is answered 200 and starts nothing', async () => {
		const task = await finishedTask(kie.sb);
		const first = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, setup());
		expect(first.result?.workflowData).toHaveLength(1);
		expect(seenKeys(first.savedStaticData)).toEqual([`${task.taskId}|complete`]);
		const second = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { ...setup(), workflowStaticData: first.savedStaticData });
		expect(second.response).toMatchObject({ status: 200, body: { received: true }, ended: true });
		expect(second.result).toEqual({ noWebhookResponse: true });
	});

	// n8n loads static data whole for each call and saves it whole, without a lock: calls that loaded the
	// same row each write the records of the others too, so whichever save lands last keeps them all.
	test('calls accepted side by side each save every record this process accepted', async () => {
		const tasks = [await finishedTask(kie.sb), await finishedTask(kie.sb), await finishedTask(kie.sb)];
		const finished: number[] = [];
		const calls = await Promise.all(
			tasks.map(async (task, index) => {
				const call = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { ...setup(), workflowStaticData: {} });
				finished.push(index);
				return call;
			}),
		);
		for (const call of calls) expect(call.result?.workflowData).toHaveLength(1);
		// the save of the call that finished last (every call records again just before it returns) holds all three
		const last = calls[finished[finished.length - 1]];
		expect([...seenKeys(last.savedStaticData)].sort()).toEqual(tasks.map((task) => `${task.taskId}|complete`).sort());
		// so a restart that kept only that save knows them all: none starts again
		forgetInProcessClaims();
		const persisted = last.savedStaticData;
		const repeats = await Promise.all(tasks.map((task) => callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { ...setup(), workflowStaticData: persisted })));
		expect(repeats.map((call) => call.result)).toEqual([{ noWebhookResponse: true }, { noWebhookResponse: true }, { noWebhookResponse: true }]);
	});

	test('a doorbell claiming "text" for a finished task starts the complete execution, and the real complete is then a duplicate', async () => {
		const task = await finishedTask(kie.sb);
		const text = { code: 200, msg: 'Text generation completed successfully.', data: { callbackType: 'text', task_id: task.taskId, data: [] } };
		const early = await callTrigger({ body: text, headers: JSON_HEADERS }, setup());
		expect(early.result?.workflowData?.[0].map((item) => item.json.stage)).toEqual(['complete', 'complete']);
		expect(seenKeys(early.savedStaticData)).toEqual([`${task.taskId}|complete`]);
		const complete = await callTrigger({ body: completeBody(task), headers: JSON_HEADERS }, { ...setup(), workflowStaticData: early.savedStaticData });
		expect(complete.result).toEqual({ noWebhookResponse: true });
	});
});

describe('the record itself', () => {
	const NOW = 1_800_000_000_000;

	test('inserting more than the limit keeps the newest, evicting oldest first', () => {
		const data: IDataObject = {};
		for (let i = 0; i < DEDUPE_MAX_ENTRIES + 5; i++) mergeSeen(data, [[`t${i}|complete`, NOW + i]], NOW + i);
		const entries = readSeen(data, NOW + 2000);
		expect(entries).toHaveLength(DEDUPE_MAX_ENTRIES);
		expect(entries[0]).toEqual(['t5|complete', NOW + 5]);
		expect(entries[entries.length - 1]).toEqual([`t${DEDUPE_MAX_ENTRIES + 4}|complete`, NOW + DEDUPE_MAX_ENTRIES + 4]);
		for (let i = 0; i < 5; i++) expect(hasSeen(data, `t${i}|complete`, NOW + 2000)).toBe(false);
		expect(hasSeen(data, 't5|complete', NOW + 2000)).toBe(true);
	});

	test('a small limit shows the eviction order exactly', () => {
		const data: IDataObject = {};
		for (const key of ['a', 'b', 'c', 'a', 'd']) mergeSeen(data, [[key, NOW]], NOW, 3);
		// re-recording "a" made it the newest, so "b" went first, then "c" stays, "a", "d"
		expect(data[DEDUPE_STATIC_KEY]).toEqual([
			['c', NOW],
			['a', NOW],
			['d', NOW],
		]);
	});

	test('entries older than 30 days are dropped', () => {
		const data: IDataObject = {};
		mergeSeen(data, [['old', NOW]], NOW);
		mergeSeen(data, [['new', NOW + DEDUPE_MAX_AGE_MS]], NOW + DEDUPE_MAX_AGE_MS);
		expect(hasSeen(data, 'old', NOW + DEDUPE_MAX_AGE_MS)).toBe(true);
		expect(hasSeen(data, 'old', NOW + DEDUPE_MAX_AGE_MS + 1)).toBe(false);
		mergeSeen(data, [['newer', NOW + DEDUPE_MAX_AGE_MS + 1]], NOW + DEDUPE_MAX_AGE_MS + 1);
		expect((data[DEDUPE_STATIC_KEY] as Array<[string, number]>).map(([k]) => k)).toEqual(['new', 'newer']);
	});

	test('keys such as __proto__ or constructor are plain strings: nothing is polluted', () => {
		const data: IDataObject = {};
		for (const key of ['__proto__', 'constructor', 'prototype', '__proto__|complete', 'toString']) {
			expect(hasSeen(data, key, NOW)).toBe(false);
			mergeSeen(data, [[key, NOW]], NOW);
			expect(hasSeen(data, key, NOW)).toBe(true);
			claim('scope', key, NOW);
			expect(isClaimed('scope', key, NOW)).toBe(true);
		}
		expect(Object.keys(data)).toEqual([DEDUPE_STATIC_KEY]);
		expect(({} as Record<string, unknown>).complete).toBeUndefined();
		expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
		expect(JSON.parse(JSON.stringify(data))).toEqual(data);
	});

	test('dedupeKey joins task id and stage', () => {
		expect(dedupeKey('abc', 'complete')).toBe('abc|complete');
	});

	test('in-process claims expire', () => {
		claim('s', 'k', NOW);
		expect(isClaimed('s', 'k', NOW + IN_PROCESS_TTL_MS - 1)).toBe(true);
		expect(isClaimed('s', 'k', NOW + IN_PROCESS_TTL_MS)).toBe(false);
		expect(isClaimed('other', 'k', NOW)).toBe(false);
	});
});
