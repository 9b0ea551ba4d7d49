/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * The Kie SANDBOX (a local test double of Kie, not Kie) as the e2e tests see it: its control
 * routes (/__sandbox/...), and Kie API calls made directly with the sandbox key to seed source
 * tasks that an operation under test needs (a finished song, a finished stems task).
 */
import type { VersionState } from './helpers';

const httpLib = require('../../scripts/n8n/http');

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	body: any;
	bodyBytes: number;
	time: number;
}

/** A callBackUrl the sandbox never calls (it calls back loopback URLs only) for seeded tasks. */
export const UNCALLED_CALLBACK = 'https://callbacks.example.invalid/kie';

export function sandbox(v: VersionState) {
	const base = v.sandboxUrl;
	const get = async (p: string) => (await httpLib.requestOk('GET', `${base}/__sandbox/${p}`)).body;
	const post = async (p: string, json?: unknown) => (await httpLib.requestOk('POST', `${base}/__sandbox/${p}`, { json: json ?? {} })).body;
	/** A Kie API call with the sandbox key; returns Kie's envelope {code, msg, data}. */
	const kie = async (method: string, p: string, json?: unknown): Promise<{ code: number; msg: string; data: any }> =>
		(await httpLib.requestOk(method, `${base}${p}`, { json, headers: { authorization: `Bearer ${v.sandboxKey}` } })).body;
	const createFinished = async (p: string, json: Record<string, unknown>): Promise<any> => {
		const answer = await kie('POST', p, { callBackUrl: UNCALLED_CALLBACK, ...json });
		if (answer.code !== 200) throw new Error(`sandbox ${p} → ${answer.code} ${answer.msg}`);
		return post(`tasks/${encodeURIComponent(answer.data.taskId)}/complete`, {});
	};
	return {
		url: base,
		requests: (q: { path?: string; since?: number } = {}): Promise<RecordedRequest[]> => {
			const qs = new URLSearchParams();
			if (q.path) qs.set('path', q.path);
			if (q.since) qs.set('since', String(q.since));
			return get(`requests?${qs}`);
		},
		callbacks: (taskId?: string): Promise<any[]> => get(`callbacks${taskId ? `?taskId=${encodeURIComponent(taskId)}` : ''}`),
		tasks: (): Promise<any[]> => get('tasks'),
		task: (id: string): Promise<any> => get(`tasks/${encodeURIComponent(id)}`),
		complete: (id: string, outcome?: string): Promise<any> => post(`tasks/${encodeURIComponent(id)}/complete`, outcome ? { outcome } : {}),
		config: (): Promise<any> => get('config'),
		configure: (patch: Record<string, unknown>): Promise<any> => post('config', patch),
		addFault: (fault: Record<string, unknown>): Promise<any> => post('faults', fault),
		clearFaults: (): Promise<any> => post('faults/clear'),
		reset: (): Promise<any> => post('reset'),
		stats: (): Promise<any> => get('stats'),
		/** sha256, size and content type of what the sandbox serves at `url`. */
		fileInfo: (url: string): Promise<{ sha256: string; bytes: number; contentType: string }> =>
			get(`files/sha256?url=${encodeURIComponent(url)}`),
		kie,
		/** Puts a file on the sandbox's upload host; returns its loopback download URL. */
		async seedUpload(fileName: string, bytes: Buffer, uploadPath = 'e2e'): Promise<string> {
			const res = await httpLib.requestOk('POST', `${base}/api/file-base64-upload`, {
				json: { base64Data: bytes.toString('base64'), uploadPath, fileName },
				headers: { authorization: `Bearer ${v.sandboxKey}` },
			});
			return res.body.data.downloadUrl as string;
		},
		/** A finished song task made on the per-operation route (the sandbox's public task, with `tracks`). */
		seedSong: (model = 'V5', prompt = 'A seeded e2e song about loopback addresses'): Promise<any> =>
			createFinished('/api/v1/generate', { prompt, customMode: false, instrumental: false, model }),
		/** A finished stems task of one seeded track. */
		seedStems: (taskId: string, audioId: string, type = 'separate_vocal'): Promise<any> =>
			createFinished('/api/v1/vocal-removal/generate', { taskId, audioId, type }),
	};
}

/** Deterministic fake mp3 bytes. */
export function fakeMp3(size = 16 * 1024, seed = 'e2e'): Buffer {
	const b = Buffer.alloc(size);
	b.write('ID3', 0);
	for (let i = 3; i < size; i++) b[i] = (i * 31 + seed.length * 7) & 0xff;
	return b;
}
