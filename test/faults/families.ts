/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The six non-song task families for the fault suite: how a Kie Suno node creates each (its
 * sender, Completion "Poll Until Done" with the trigger as Callback URL), what each input item
 * needs, and hostile requests shaped like each family's callback.
 */
import { randomBytes, randomUUID } from 'crypto';

import { V, signHeaders, type NodeJson } from './helpers';

export type Family = 'lyrics' | 'wav' | 'stems' | 'midi' | 'video' | 'coverImage';

export interface FamilySpec {
	family: Family;
	resource: string;
	operation: string;
	createPath: string;
	failure: string;
	/** parameters read from the input item (`$json.<name>`) */
	fields: string[];
	extra?: Record<string, unknown>;
	/** output items per successful task (lyrics: one per variant) */
	itemsPerTask: (task: any) => number;
}

export const FAMILIES: FamilySpec[] = [
	{ family: 'lyrics', resource: 'lyrics', operation: 'generate', createPath: '/api/v1/lyrics', failure: 'GENERATE_LYRICS_FAILED', fields: ['prompt'], itemsPerTask: (t) => t.result?.variants?.length ?? 0 },
	{ family: 'wav', resource: 'audio', operation: 'convertToWav', createPath: '/api/v1/wav/generate', failure: 'GENERATE_WAV_FAILED', fields: ['taskId', 'audioId'], itemsPerTask: () => 1 },
	{ family: 'stems', resource: 'audio', operation: 'separateStems', createPath: '/api/v1/vocal-removal/generate', failure: 'GENERATE_AUDIO_FAILED', fields: ['taskId', 'audioId'], extra: { type: 'separate_vocal' }, itemsPerTask: () => 1 },
	{ family: 'video', resource: 'audio', operation: 'createMusicVideo', createPath: '/api/v1/mp4/generate', failure: 'GENERATE_MP4_FAILED', fields: ['taskId', 'audioId'], itemsPerTask: () => 1 },
	{ family: 'coverImage', resource: 'music', operation: 'generateCoverImage', createPath: '/api/v1/suno/cover/generate', failure: 'GENERATE_COVER_FAILED', fields: ['taskId'], itemsPerTask: () => 1 },
	{ family: 'midi', resource: 'audio', operation: 'generateMidi', createPath: '/api/v1/midi/generate', failure: 'GENERATE_MIDI_FAILED', fields: ['taskId'], itemsPerTask: () => 1 },
];

/** A Kie Suno node creating one task of the family per input item, polling, calling back to `callbackUrl`. */
export function senderNode(spec: FamilySpec, callbackUrl: string): NodeJson {
	const parameters: Record<string, unknown> = { resource: spec.resource, operation: spec.operation, completion: 'poll', callbackUrl, ...spec.extra, options: { pollIntervalSeconds: 1, timeoutMinutes: 2 } };
	for (const f of spec.fields) parameters[f] = `={{ $json.${f} }}`;
	return {
		id: randomUUID(),
		name: 'Kie Suno',
		type: 'n8n-nodes-kie-suno.kieSuno',
		typeVersion: 1,
		position: [520, 0],
		onError: 'continueRegularOutput',
		credentials: { kieApi: { id: V.credentials.good.id, name: V.credentials.good.name } },
		parameters,
	};
}

export interface HostileFamilyRequest {
	what: string;
	body: string;
	contentType: string;
	headers: Record<string, string>;
	query: string;
}

/**
 * Requests shaped like `genuine` (a callback the sandbox sent for a task of the family) that no
 * trigger may act on: unsigned, wrongly or stalely signed, malformed, or a doorbell for a task Kie
 * does not know (correctly signed; answered 200, confirmed with Kie, nothing started).
 */
export function hostileFamilyRequests(family: Family, genuine: any, taskId: string, otherFamilyTaskId: string): HostileFamilyRequest[] {
	const json = 'application/json';
	const text = JSON.stringify(genuine);
	const tag = `?kieTaskType=${family}`;
	const swapId = (id: string) => JSON.parse(text.split(taskId).join(id));
	const randomId = randomBytes(16).toString('hex');
	let deep = '1';
	for (let i = 0; i < 40; i++) deep = `[${deep}]`;
	return [
		{ what: 'unsigned', body: text, contentType: json, headers: {}, query: tag },
		{ what: 'wrong HMAC key', body: text, contentType: json, headers: signHeaders(taskId, { key: 'not-the-key' }), query: tag },
		{ what: 'signature 1 h old', body: text, contentType: json, headers: signHeaders(taskId, { offsetSec: -3600 }), query: tag },
		{ what: 'signature of another task', body: text, contentType: json, headers: signHeaders(randomId), query: tag },
		{ what: '__proto__ key', body: text.replace('{', '{"__proto__":{"polluted":1},'), contentType: json, headers: signHeaders(taskId), query: tag },
		{ what: 'nested 40 deep', body: JSON.stringify({ ...genuine, extra: '__X__' }).replace('"__X__"', deep), contentType: json, headers: signHeaders(taskId), query: tag },
		{ what: 'text/html', body: `<html>${text}</html>`, contentType: 'text/html', headers: signHeaders(taskId), query: tag },
		{ what: 'task id "../../etc/passwd"', body: JSON.stringify(swapId('../../etc/passwd')), contentType: json, headers: signHeaders('../../etc/passwd'), query: tag },
		{ what: 'signed doorbell for a task Kie does not know', body: JSON.stringify(swapId(randomId)), contentType: json, headers: signHeaders(randomId), query: tag },
		{ what: 'signed doorbell naming another family\'s task', body: JSON.stringify(swapId(otherFamilyTaskId)), contentType: json, headers: signHeaders(otherFamilyTaskId), query: tag },
		{ what: '20,001 values', body: JSON.stringify({ ...genuine, extra: Array.from({ length: 20_001 }, (_, i) => i) }), contentType: json, headers: signHeaders(taskId), query: tag },
		// JSON can name own toString/valueOf keys: String() of such an object throws
		{ what: 'callbackType, state and status objects with a "toString" key', body: JSON.stringify(toStringBomb(genuine)), contentType: json, headers: {}, query: tag },
	];
}

/** The genuine body with `{ "toString": 1 }` where a word is expected (callbackType, state, each entry's status). */
function toStringBomb(genuine: any): any {
	const bomb = { toString: 1, valueOf: 'x' };
	const data = genuine?.data && typeof genuine.data === 'object' ? genuine.data : {};
	const entries = Array.isArray(data.data) ? data.data.map((e: any) => (e && typeof e === 'object' ? { ...e, status: bomb } : e)) : data.data;
	return { ...genuine, data: { ...data, callbackType: bomb, state: bomb, ...(entries !== undefined ? { data: entries } : {}) } };
}
