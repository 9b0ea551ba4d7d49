/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/signature.ts: Kie's webhook HMAC (reference §7):
 * X-Webhook-Signature = base64(HMAC-SHA256(task_id + "." + X-Webhook-Timestamp, webhookHmacKey)).
 */
import { createHmac } from 'crypto';

import { SIGNATURE_TOLERANCE_SECONDS, kieSignature, verifyKieSignature } from '../../../nodes/shared/signature';

const HMAC_FIXTURE = 'whk_test_0123456789';
const TASK = '2fac9f72';
const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
const NOW_S = String(NOW_MS / 1000);

const reference = (taskId: string, timestamp: string, key: string) =>
	createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64');

describe('kieSignature', () => {
	it('is base64 HMAC-SHA256 of "taskId.timestamp" with the key (Kie\'s sample)', () => {
		expect(kieSignature(TASK, NOW_S, HMAC_FIXTURE)).toBe(reference(TASK, NOW_S, HMAC_FIXTURE));
		expect(kieSignature(TASK, NOW_S, HMAC_FIXTURE)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
	});

	it('a known vector', () => {
		expect(kieSignature('task123', '1700000000', 'secret')).toBe(createHmac('sha256', 'secret').update('task123.1700000000').digest('base64'));
		expect(kieSignature('task123', '1700000000', 'secret')).not.toBe(kieSignature('task123', '1700000001', 'secret'));
	});
});

describe('verifyKieSignature', () => {
	const verify = (overrides: Partial<Parameters<typeof verifyKieSignature>[0]> = {}) =>
		verifyKieSignature({ taskId: TASK, timestamp: NOW_S, signature: reference(TASK, NOW_S, HMAC_FIXTURE), hmacKey: HMAC_FIXTURE, nowMs: NOW_MS, ...overrides });

	it('accepts a valid signature', () => {
		expect(verify()).toEqual({ valid: true });
	});

	it('rejects a missing header', () => {
		expect(verify({ signature: undefined })).toEqual({ valid: false, reason: 'Missing X-Webhook-Timestamp or X-Webhook-Signature header' });
		expect(verify({ timestamp: undefined })).toEqual({ valid: false, reason: 'Missing X-Webhook-Timestamp or X-Webhook-Signature header' });
		expect(verify({ signature: '' })).toMatchObject({ valid: false });
	});

	it('rejects a signature made with another key, for another task, or another timestamp', () => {
		expect(verify({ signature: reference(TASK, NOW_S, 'other-key') })).toEqual({ valid: false, reason: 'X-Webhook-Signature does not match' });
		expect(verify({ taskId: 'another-task' })).toEqual({ valid: false, reason: 'X-Webhook-Signature does not match' });
		expect(verify({ signature: reference(TASK, String(NOW_MS / 1000 - 1), HMAC_FIXTURE) })).toEqual({ valid: false, reason: 'X-Webhook-Signature does not match' });
	});

	it('rejects signatures of another length or encoding without throwing', () => {
		expect(verify({ signature: 'short' })).toEqual({ valid: false, reason: 'X-Webhook-Signature does not match' });
		const hex = createHmac('sha256', HMAC_FIXTURE).update(`${TASK}.${NOW_S}`).digest('hex');
		expect(verify({ signature: hex })).toEqual({ valid: false, reason: 'X-Webhook-Signature does not match' });
	});

	it('rejects a timestamp that is not a Unix time', () => {
		expect(verify({ timestamp: '2026-01-01T12:00:00Z' })).toEqual({ valid: false, reason: 'X-Webhook-Timestamp is not a Unix time' });
		expect(verify({ timestamp: '-5' })).toEqual({ valid: false, reason: 'X-Webhook-Timestamp is not a Unix time' });
		expect(verify({ timestamp: '1'.repeat(14) })).toEqual({ valid: false, reason: 'X-Webhook-Timestamp is not a Unix time' });
	});

	it('tolerates 300 s either way, rejects beyond (replay protection)', () => {
		expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
		for (const offset of [-300, -1, 1, 300]) {
			const timestamp = String(NOW_MS / 1000 + offset);
			expect(verify({ timestamp, signature: reference(TASK, timestamp, HMAC_FIXTURE) })).toEqual({ valid: true });
		}
		for (const offset of [-301, 301, -3600]) {
			const timestamp = String(NOW_MS / 1000 + offset);
			expect(verify({ timestamp, signature: reference(TASK, timestamp, HMAC_FIXTURE) })).toEqual({
				valid: false,
				reason: 'X-Webhook-Timestamp is more than 300 s from now',
			});
		}
	});

	it('a stale timestamp is rejected even with a correct signature (sandbox "stale" = 1 h old)', () => {
		const stale = String(NOW_MS / 1000 - 3600);
		expect(verify({ timestamp: stale, signature: reference(TASK, stale, HMAC_FIXTURE) }).valid).toBe(false);
	});

	it('accepts a millisecond timestamp, signed over the header text as sent', () => {
		const ms = String(NOW_MS);
		expect(verify({ timestamp: ms, signature: reference(TASK, ms, HMAC_FIXTURE) })).toEqual({ valid: true });
	});

	it('honours a custom tolerance', () => {
		const timestamp = String(NOW_MS / 1000 - 30);
		expect(verify({ timestamp, signature: reference(TASK, timestamp, HMAC_FIXTURE), toleranceSeconds: 10 }).valid).toBe(false);
	});
});
