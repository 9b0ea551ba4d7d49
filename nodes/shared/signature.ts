import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Kie's webhook HMAC (docs.kie.ai/common-api/webhook-verification):
 * `X-Webhook-Signature = base64(HMAC-SHA256(task_id + "." + X-Webhook-Timestamp, webhookHmacKey))`.
 * Kie signs only the task id and the timestamp, not the body, and documents no maximum age, so
 * we reject timestamps more than five minutes from now (the interface's tolerance) to stop replays.
 */

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

export function kieSignature(taskId: string, timestamp: string, hmacKey: string): string {
	return createHmac('sha256', hmacKey).update(`${taskId}.${timestamp}`).digest('base64');
}

export function verifyKieSignature(input: {
	taskId: string;
	timestamp: string | undefined;
	signature: string | undefined;
	hmacKey: string;
	nowMs?: number;
	toleranceSeconds?: number;
}): SignatureCheck {
	const { taskId, timestamp, signature, hmacKey } = input;
	if (!timestamp || !signature) {
		return { valid: false, reason: 'Missing X-Webhook-Timestamp or X-Webhook-Signature header' };
	}
	if (!/^\d{1,13}$/.test(timestamp)) {
		return { valid: false, reason: 'X-Webhook-Timestamp is not a Unix time' };
	}
	const seconds = timestamp.length > 11 ? Number(timestamp) / 1000 : Number(timestamp);
	const now = (input.nowMs ?? Date.now()) / 1000;
	const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	if (Math.abs(now - seconds) > tolerance) {
		return { valid: false, reason: `X-Webhook-Timestamp is more than ${tolerance} s from now` };
	}
	const expected = Buffer.from(kieSignature(taskId, timestamp, hmacKey));
	const actual = Buffer.from(signature);
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
		return { valid: false, reason: 'X-Webhook-Signature does not match' };
	}
	return { valid: true };
}
