/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * Binary data of an execution, read back through n8n as a user's browser would: items with their
 * `binary` metadata from the public API, the bytes from GET /rest/binary-data?id=… with the owner's
 * cookie (filesystem mode, n8n 2.x), or inline base64 (n8n 1.x keeps small binaries in memory mode).
 */
import { createHash } from 'crypto';

import type { Execution, VersionState } from './helpers';

const httpLib = require('../../scripts/n8n/http');

export interface BinaryMeta {
	id?: string;
	data?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string | number;
}

export interface ItemWithBinary {
	json: Record<string, any>;
	binary?: Record<string, BinaryMeta>;
}

/** Every output item (json and binary metadata) of a node in an execution fetched with data. */
export function outputItems(execution: Execution, nodeName: string, run = 0): ItemWithBinary[] {
	const r = execution.data?.resultData?.runData?.[nodeName]?.[run];
	return (r?.data?.main?.[0] ?? []) as ItemWithBinary[];
}

export async function binaryBytes(v: VersionState, meta: BinaryMeta): Promise<Buffer> {
	if (meta.id) {
		const qs = new URLSearchParams({ id: meta.id, action: 'download' });
		const res = await httpLib.request('GET', `${v.url}/rest/binary-data?${qs}`, {
			raw: true,
			timeoutMs: 60_000,
			headers: { cookie: v.cookie, 'browser-id': v.browserId, accept: '*/*' },
		});
		if (res.status !== 200) throw new Error(`GET /rest/binary-data?id=${meta.id} → HTTP ${res.status} ${res.text.slice(0, 200)}`);
		return res.buffer as Buffer;
	}
	if (typeof meta.data === 'string') return Buffer.from(meta.data, 'base64');
	throw new Error(`binary without id or data: ${JSON.stringify(meta)}`);
}

export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export type Digest = { sha256: string; bytes: number };

export function digest(bytes: Buffer): Digest {
	return { sha256: sha256(bytes), bytes: bytes.length };
}

/** The bytes of every binary property of an item. */
export async function binaryFiles(v: VersionState, item: ItemWithBinary): Promise<Record<string, Buffer>> {
	const out: Record<string, Buffer> = {};
	for (const [name, meta] of Object.entries(item.binary ?? {})) out[name] = await binaryBytes(v, meta);
	return out;
}

/**
 * For runViaWebhook's `inspect`: reads the files of every output item of `nodeNames` while the
 * workflow (and so its binary data) still exists; `files[node][item][property]` is the bytes.
 */
export function fileRecorder(v: VersionState, ...nodeNames: string[]) {
	const files: Record<string, Array<Record<string, Buffer>>> = {};
	const inspect = async (r: { execution: Execution }) => {
		for (const name of nodeNames) files[name] = await Promise.all(outputItems(r.execution, name).map((item) => binaryFiles(v, item)));
	};
	return { files, inspect };
}
