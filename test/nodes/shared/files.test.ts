/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/**
 * Downloads of generated files into n8n binary data (`downloadAudio` / `downloadCover`), through
 * n8n-core's real ExecuteContext helpers (httpRequest, prepareBinaryData) and its BinaryDataService
 * in filesystem mode (the harness points N8N_USER_FOLDER at a temp dir), against the Kie sandbox
 * (local test double of Kie, not Kie), which streams deterministic files and records request headers.
 */
import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';
import { join } from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { attachFiles, fileNameFor, fileTypeFor, isHttpUrl } from '../../../nodes/shared/files';
import { runNode, testCredential } from '../../harness/n8nCore';
import type { KieSandbox } from '../../sandbox/kieSandbox';
import { generatedAudioSha256 } from '../../sandbox/kieSandbox';
import type { FakeClock } from '../KieSuno/actions/music/completion/helpers';
import {
	expectedTrackItems,
	installFakeClock,
	listenUrl,
	PROBE_NODE,
	setProbe,
	sha256,
	startTestSandbox,
	storedBinaryDigest,
	taskWithTitle,
	vocalsParameters,
} from '../KieSuno/actions/music/completion/helpers';

let sb: KieSandbox;
let clock: FakeClock | undefined;

beforeAll(async () => {
	sb = await startTestSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => {
	sb.reset();
	sb.configure({ audioBytes: 64 * 1024, tracksPerTask: 2, publicUrl: null as never });
});

afterEach(() => {
	clock?.restore();
	clock = undefined;
});

const downloadRequests = () => sb.requests.filter((request) => request.path.startsWith('/files/'));

async function pollWithDownloads(title: string, options: IDataObject = { downloadAudio: true, downloadCover: true }) {
	clock = installFakeClock();
	return await runNode({
		parameters: vocalsParameters({ options: options as INodeParameters }),
		credentials: testCredential(listenUrl(sb)),
		inputItems: [{ json: { title } }],
	});
}

describe('downloads in poll mode', () => {
	it('attaches audio and cover as n8n binary data equal to the served bytes, fetched without the Kie key', async () => {
		const result = await pollWithDownloads('Night City');
		expect(result.error).toBeUndefined();
		const task = taskWithTitle(sb, 'Night City');
		const items = result.items[0];
		expect(items).toHaveLength(2);
		// the JSON is the normal track item (no downloadError)
		expect(items.map((item) => ({ json: item.json, pairedItem: item.pairedItem }))).toEqual(expectedTrackItems(task, 0));

		// four file downloads, none of them carrying the Kie key (the file hosts are third parties)
		const fileRequests = downloadRequests();
		expect(fileRequests.map((request) => request.path).sort()).toEqual(
			[1, 2].flatMap((n) => [`/files/${task.taskId}/${n}.jpeg`, `/files/${task.taskId}/${n}.mp3`]).sort(),
		);
		for (const request of fileRequests) {
			expect(request.headers.authorization).toBeUndefined();
			expect(JSON.stringify(request.headers)).not.toContain('sandbox-key');
		}
		// while the API calls did carry it
		expect(sb.requests.find((request) => request.path === '/api/v1/generate/record-info')?.headers.authorization).toBe(
			'Bearer sandbox-key',
		);

		for (const [position, item] of items.entries()) {
			const n = position + 1;
			const prefix = `Night-City-${task.taskId.slice(0, 12)}-${n}`;
			const audio = item.binary!.audio;
			expect(audio).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3', fileName: `${prefix}.mp3`, bytes: 64 * 1024 });
			expect(audio.id).toMatch(/^filesystem-v2:/);
			expect(await storedBinaryDigest(audio)).toEqual({ sha256: await sb.expectedAudioSha256(task.taskId, n), bytes: 64 * 1024 });

			const cover = item.binary!.cover;
			expect(cover).toMatchObject({ mimeType: 'image/jpeg', fileExtension: 'jpeg', fileName: `${prefix}-cover.jpeg` });
			const served = Buffer.from(await (await fetch(task.tracks[position].imageUrl)).arrayBuffer());
			expect(await storedBinaryDigest(cover)).toEqual({ sha256: sha256(served), bytes: served.length });
		}
	});

	it('downloads only what was asked for', async () => {
		const result = await pollWithDownloads('Audio Only', { downloadAudio: true });
		expect(result.items[0].map((item) => Object.keys(item.binary ?? {}))).toEqual([['audio'], ['audio']]);
		expect(downloadRequests().every((request) => request.path.endsWith('.mp3'))).toBe(true);
	});

	it('no download options → no binary and no file requests', async () => {
		const result = await pollWithDownloads('Plain', {});
		expect(result.items[0].every((item) => item.binary === undefined)).toBe(true);
		expect(downloadRequests()).toHaveLength(0);
	});

	it.each([
		['ftp://127.0.0.1:21', 'ftp:'],
		['file:///tmp', 'file:'],
	])('a track URL that is not http(s) (%s) is not downloaded; the track keeps a downloadError', async (publicUrl) => {
		sb.configure({ publicUrl });
		const result = await pollWithDownloads('Odd Scheme');
		const task = taskWithTitle(sb, 'Odd Scheme');
		expect(task.tracks[0].audioUrl.startsWith(publicUrl)).toBe(true);
		expect(result.status).toBe('success');
		expect(result.items[0]).toEqual(
			expectedTrackItems(task, 0).map((item) => ({
				...item,
				json: { ...item.json, downloadError: 'audio: not an http(s) URL; cover: not an http(s) URL' },
			})),
		);
		expect(downloadRequests()).toHaveLength(0);
	});
});

describe('attachFiles with the real ExecuteContext', () => {
	async function attachWithProbe(json: IDataObject, choice = { audio: true, cover: true }) {
		setProbe(async (context) => [[{ ...(await attachFiles(context, json, choice)), pairedItem: { item: 0 } }]]);
		const result = await runNode({ node: PROBE_NODE, parameters: {} });
		expect(result.error).toBeUndefined();
		return result.items[0][0] as INodeExecutionData;
	}

	it('a file that cannot be downloaded keeps the track and says why', async () => {
		const json = { taskId: 'abc', title: 'Gone', trackIndex: 0, audioUrl: `${sb.url}/files/0000/1.mp3`, imageUrl: null };
		const item = await attachWithProbe(json);
		expect(item.binary).toBeUndefined();
		expect(item.json).toEqual({ ...json, downloadError: expect.stringMatching(/^audio: .*404/) });
	});

	it('missing URLs are skipped silently; javascript: and data: URLs are refused', async () => {
		expect((await attachWithProbe({ title: 'None', audioUrl: null })).json).toEqual({ title: 'None', audioUrl: null });
		const refused = await attachWithProbe({ audioUrl: 'javascript:alert(1)', imageUrl: 'data:image/jpeg;base64,AAAA' });
		expect(refused.binary).toBeUndefined();
		expect(refused.json.downloadError).toBe('audio: not an http(s) URL; cover: not an http(s) URL');
		expect(sb.requests).toHaveLength(0);
	});
});

describe('file naming and types', () => {
	it('isHttpUrl accepts only http and https', () => {
		expect(['http://a.example/x.mp3', 'https://a.example/x.mp3'].map(isHttpUrl)).toEqual([true, true]);
		expect(['ftp://a/x', 'file:///etc/passwd', 'javascript:1', '/relative.mp3', '', null, 42].map(isHttpUrl)).toEqual(
			Array(7).fill(false),
		);
	});

	it('fileTypeFor prefers a useful Content-Type, then the URL extension, then the kind', () => {
		expect(fileTypeFor('https://x/a', 'audio/mpeg', 'audio')).toEqual({ mimeType: 'audio/mpeg', extension: 'mp3' });
		expect(fileTypeFor('https://x/a.mp3', 'audio/wav; charset=binary', 'audio')).toEqual({ mimeType: 'audio/wav', extension: 'wav' });
		expect(fileTypeFor('https://x/a.flac', 'application/octet-stream', 'audio')).toEqual({ mimeType: 'audio/flac', extension: 'flac' });
		expect(fileTypeFor('https://x/stream', undefined, 'audio')).toEqual({ mimeType: 'audio/mpeg', extension: 'mp3' });
		expect(fileTypeFor('https://x/img', '', 'cover')).toEqual({ mimeType: 'image/jpeg', extension: 'jpeg' });
		expect(fileTypeFor('https://x/a.png', 'binary/octet-stream', 'cover')).toEqual({ mimeType: 'image/png', extension: 'png' });
	});

	it('fileNameFor is safe on every OS and names task, track and kind', () => {
		expect(fileNameFor({ title: 'Héllo / Wörld: "x"?', taskId: 'abcdef1234567890', trackIndex: 1 }, 'cover', 'jpeg')).toBe(
			'Hello-World-x-abcdef123456-2-cover.jpeg',
		);
		expect(fileNameFor({ title: '../../etc/passwd', taskId: 't', trackIndex: 0 }, 'audio', 'mp3')).toBe('etcpasswd-t-1.mp3');
		expect(fileNameFor({}, 'audio', 'mp3')).toBe('kie-suno-task-1.mp3');
	});
});

describe('large download (50 MiB) through the filesystem binary data path', () => {
	/**
	 * The sandbox runs in a child process here, so the memory measured is only this process's:
	 * n8n-core's request and binary-data code plus the node. Memory is sampled every 5 ms without
	 * forcing garbage collection during the download.
	 */
	async function startSandboxProcess(audioBytes: number): Promise<{ url: string; child: ChildProcess }> {
		const cli = join(__dirname, '..', '..', 'sandbox', 'cli.js');
		const child = spawn(
			process.execPath,
			[cli, '--port', '0', '--host', '127.0.0.1', '--quiet', '--audio-bytes', String(audioBytes), '--tracks', '1', '--stage-delay-ms', '20'],
			{ stdio: ['ignore', 'pipe', 'inherit'] },
		);
		const url = await new Promise<string>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`sandbox process did not start: ${output}`)), 10_000);
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				const match = /URL:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(match[1]);
				}
			});
			child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}: ${output}`)));
		});
		child.stdout!.resume();
		// the fake clock polls faster than real time
		await fetch(`${url}/__sandbox/config`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ recordInfoRateLimit: { max: 1000, windowMs: 1000 } }),
		});
		return { url, child };
	}

	it('streams to disk: bytes equal, memory growth far below the file size', async () => {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
		const size = 50 * 1024 * 1024;
		const { url, child } = await startSandboxProcess(size);
		const keys = ['rss', 'arrayBuffers', 'external', 'heapUsed'] as const;
		type Memory = Record<(typeof keys)[number], number>;
		const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
		const configure = async (patch: IDataObject) =>
			await fetch(`${url}/__sandbox/config`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });

		/**
		 * Downloads one 50 MiB track with the node, sampling process.memoryUsage() every 5 ms.
		 * `scavenge`: run a young-generation GC before every other sample, so freed chunks do not
		 * count; what remains is what the download path actually holds (a scavenge takes ~1 ms).
		 */
		const measuredDownload = async (title: string, scavenge: boolean, bytes = size) => {
			gc();
			const baseline = process.memoryUsage();
			const peak = Object.fromEntries(keys.map((key) => [key, baseline[key]])) as Memory;
			let samples = 0;
			const sampler = setInterval(() => {
				if (scavenge && ++samples % 2 === 0) gc({ type: 'minor' });
				if (!scavenge) samples++;
				const now = process.memoryUsage();
				for (const key of keys) peak[key] = Math.max(peak[key], now[key]);
			}, 5);
			const started = Date.now();
			clock?.restore();
			clock = installFakeClock();
			let result;
			try {
				result = await runNode({
					parameters: vocalsParameters({ options: { downloadAudio: true } }),
					credentials: testCredential(url),
					inputItems: [{ json: { title } }],
				});
			} finally {
				clearInterval(sampler);
			}
			const growth = Object.fromEntries(keys.map((key) => [key, peak[key] - baseline[key]])) as Memory;
			process.stdout.write(
				`[files.test] ${mib(bytes)} MiB download (${scavenge ? 'scavenge before samples' : 'no forced GC'}) in ${((Date.now() - started) / 1000).toFixed(2)} s, ` +
					`${samples} samples; peak growth over baseline in MiB: ${keys.map((key) => `${key} +${mib(growth[key])}`).join(', ')}\n`,
			);

			expect(result.error).toBeUndefined();
			const tasks = (await (await fetch(`${url}/__sandbox/tasks`)).json()) as Array<{ taskId: string; body: { title: string } }>;
			const task = tasks.find((candidate) => candidate.body.title === title)!;
			const audio = result.items[0][0].binary!.audio;
			expect(audio).toMatchObject({ mimeType: 'audio/mpeg', bytes, fileName: `${title.replace(/ /g, '-')}-${task.taskId.slice(0, 12)}-1.mp3` });
			expect(audio.id).toMatch(/^filesystem-v2:/); // on disk, not base64 in the item
			expect(await storedBinaryDigest(audio)).toEqual({ sha256: await generatedAudioSha256(task.taskId, 1, bytes), bytes });
			return growth;
		};

		try {
			// warm up every code path (module loading, sockets) so the measurement sees the download
			await configure({ audioBytes: 1024 });
			await measuredDownload('Warm Up', false, 1024);
			await configure({ audioBytes: size });

			// What the download path holds: a few MiB, whatever the file size.
			const held = await measuredDownload('Big One', true);
			expect(held.arrayBuffers).toBeLessThan(25 * 1024 * 1024);
			expect(held.external).toBeLessThan(25 * 1024 * 1024);
			expect(held.rss).toBeLessThan(25 * 1024 * 1024);

			// Without forced GC, V8 lets freed 64 KiB chunks pile up before collecting them: we saw
			// arrayBuffers peaks of 10 to 39 MiB that do not grow with the file (a 200 MiB file gave
			// the same; plain fetch() into a null sink shows the same). Buffering the file would
			// show at least its size (memory mode: the buffer plus its base64 copy).
			const raw = await measuredDownload('Big Two', false);
			expect(raw.arrayBuffers).toBeLessThan(size);
			expect(raw.rss).toBeLessThan(25 * 1024 * 1024);
		} finally {
			child.kill();
		}
	}, 30_000);
});
