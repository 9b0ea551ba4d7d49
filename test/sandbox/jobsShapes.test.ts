/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): callbacks of jobs-route tasks in their three shapes. */
import * as crypto from 'crypto';
import { useSandbox, startReceiver } from './testkit';

const kit = useSandbox({ hmacKey: 'jobs-key' });
const GEN = { model: 'ai-music-api/generate', input: { custom_mode: false, instrumental: true, model: 'V6', prompt: 'lofi' } };

async function run(shape: 'minimal' | 'recordInfo' | 'perOperation', expected: number, fault?: Record<string, unknown>) {
	const rx = await startReceiver();
	try {
		kit.sb.configure({ jobsCallbackShape: shape });
		if (fault) kit.sb.addFault(fault as never);
		const taskId = (await kit.call('/api/v1/jobs/createTask', { ...GEN, callBackUrl: rx.url })).data.taskId as string;
		await kit.sb.waitForTask(taskId);
		await kit.sb.waitFor(() => rx.received.length === expected, 5000);
		return { taskId, received: rx.received };
	} finally {
		await rx.close();
	}
}

test('minimal (default, BASE §10): one terminal callback {taskId, code, msg, data:{task_id, callbackType}}, signed', async () => {
	const { taskId, received } = await run('minimal', 1);
	expect(received[0].body).toEqual({ taskId, code: 200, msg: 'Success', data: { task_id: taskId, callbackType: 'complete' } });
	const ts = received[0].headers['x-webhook-timestamp'] as string;
	expect(received[0].headers['x-webhook-signature']).toBe(crypto.createHmac('sha256', 'jobs-key').update(`${taskId}.${ts}`).digest('base64'));
	const failed = await run('minimal', 1, { type: 'outcome', status: 'GENERATE_AUDIO_FAILED', callbackTypeCase: 'upper' });
	expect(failed.received[0].body).toEqual({ taskId: failed.taskId, code: 501, msg: 'Audio generation failed.', data: { task_id: failed.taskId, callbackType: 'ERROR' } });
});

test('recordInfo: {code, msg, data: <what recordInfo returns>}', async () => {
	const { taskId, received } = await run('recordInfo', 1);
	const body = received[0].body;
	expect(body).toMatchObject({ code: 200, msg: 'success', data: { taskId, model: 'ai-music-api/generate', state: 'success', failCode: '', creditsConsumed: 12 } });
	expect(JSON.parse(body.data.resultJson).data).toHaveLength(2);
	const failed = await run('recordInfo', 1, { type: 'outcome', status: 'SENSITIVE_WORD_ERROR' });
	expect(failed.received[0].body).toMatchObject({ code: 400, msg: 'Content contains sensitive words.', data: { state: 'fail', failCode: '400', failMsg: 'Sensitive word detected in the request' } });
});

test('perOperation: the family\'s per-operation bodies at every stage', async () => {
	const { taskId, received } = await run('perOperation', 3);
	expect(received.map((r) => [r.body.data.callbackType, r.body.data.task_id, r.body.data.data.length])).toEqual([
		['text', taskId, 0],
		['first', taskId, 1],
		['complete', taskId, 2],
	]);
});
