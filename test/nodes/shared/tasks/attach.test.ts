/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/tasks/attach.ts: an output item's files become n8n binary data, fetched only from
 * the item's own URLs (which come from Kie's authenticated answers), never from an internal address.
 * Real ExecuteContext helpers (httpRequest, prepareBinaryData in filesystem mode), files served by
 * the Kie SANDBOX (a local test double of Kie, not Kie) on 127.0.0.1, the user's trusted Kie host.
 */
import { createHash } from 'crypto';
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { attachTaskFiles, fileChoice, filePolicy, wantsAnyFile } from '../../../../nodes/shared/tasks/attach';
import { createExecuteContext, testCredential } from '../../../harness/n8nCore';
import { createTaskDirect, useFastClock, useSandbox } from '../../../harness/sandbox';
import { storedBinaryDigest } from '../../KieSuno/actions/common/completion/helpers';
import { fileBytes, useFileServers } from '../fileServer';

const kie = useSandbox({ credits: 100000, audioBytes: 24 * 1024 });
useFastClock();
const fileServer = useFileServers();

const context = async () => (await createExecuteContext({ credentials: testCredential(kie.sb.url) })).context;

async function trackItem(): Promise<IDataObject> {
	const taskId = await createTaskDirect(kie.sb, 'add-vocals', { title: 'Night City' });
	const task = kie.sb.completeTask(taskId);
	const track = task.tracks[0];
	return { taskId, taskType: 'music', apiRoute: 'perOperation', stage: 'complete', trackIndex: 0, title: 'Night City', audioUrl: track.audioUrl, imageUrl: track.imageUrl };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('file choice', () => {
	it('reads the three download options, each off unless exactly true', () => {
		expect(fileChoice({ downloadAudio: true, downloadCover: 'yes', downloadFiles: 1 })).toEqual({ audio: true, cover: false, files: false });
		expect(wantsAnyFile(fileChoice({}))).toBe(false);
		expect(wantsAnyFile(fileChoice({ downloadFiles: true }))).toBe(true);
	});
});

describe('attachTaskFiles', () => {
	it('songs: audio and cover as asked, with the bytes the host served and "<title>-<taskId>-<n>" names', async () => {
		const ctx = await context();
		const item = await trackItem();
		const policy = await filePolicy(ctx, {});
		const attached = await attachTaskFiles(ctx, item, { audio: true, cover: true, files: false }, policy);
		expect(attached.json).toEqual(item);
		const { audio, cover } = attached.binary as Record<string, IBinaryData>;
		expect([audio.mimeType, audio.fileExtension, audio.fileName]).toEqual(['audio/mpeg', 'mp3', `Night-City-${item.taskId as string}-1.mp3`]);
		expect([cover.mimeType, cover.fileName]).toEqual(['image/jpeg', `Night-City-${item.taskId as string}-1-cover.jpeg`]);
		expect((await storedBinaryDigest(audio)).sha256).toBe(await kie.sb.fileSha256(item.audioUrl as string));
		expect((await storedBinaryDigest(cover)).sha256).toBe(await kie.sb.fileSha256(item.imageUrl as string));
	});

	it('only what was asked for: cover only; the music files ignore Download Files', async () => {
		const ctx = await context();
		const item = await trackItem();
		const policy = await filePolicy(ctx, {});
		expect(Object.keys((await attachTaskFiles(ctx, item, { audio: false, cover: true, files: false }, policy)).binary ?? {})).toEqual(['cover']);
		expect((await attachTaskFiles(ctx, item, { audio: false, cover: false, files: true }, policy)).binary).toBeUndefined();
	});

	it('an error item downloads nothing', async () => {
		const ctx = await context();
		const before = kie.sb.requests.length;
		const item = { taskId: 't', taskType: 'music', stage: 'error', audioUrl: `${kie.sb.url}/files/t/1.mp3` };
		expect(await attachTaskFiles(ctx, item, { audio: true, cover: true, files: true }, await filePolicy(ctx, {}))).toEqual({ json: item });
		expect(kie.sb.requests.length).toBe(before);
	});

	it('a URL on another loopback port (not the user\'s Kie host) is refused: zero hits there, a downloadError on the item', async () => {
		const ctx = await context();
		const other = await fileServer((_req, res) => void res.end(fileBytes(1000)));
		const item = { ...(await trackItem()), audioUrl: `${other.url}/stolen.mp3` };
		const attached = await attachTaskFiles(ctx, item, { audio: true, cover: true, files: false }, await filePolicy(ctx, {}));
		expect(other.hits).toHaveLength(0);
		expect(attached.json.downloadError).toMatch(/^audio: refused: /);
		expect(Object.keys(attached.binary ?? {})).toEqual(['cover']);
	});

	it('MIDI is written from the notes, not fetched', async () => {
		const ctx = await context();
		const before = kie.sb.requests.length;
		const item = { taskId: 'm1', taskType: 'midi', stage: 'complete', instruments: [{ name: 'Piano', notes: [{ pitch: 60, start: 0, end: 0.5, velocity: 0.8 }] }] };
		const attached = await attachTaskFiles(ctx, item, { audio: false, cover: false, files: true }, await filePolicy(ctx, {}));
		const midi = (attached.binary as Record<string, IBinaryData>).midi;
		expect([midi.mimeType, midi.fileName]).toEqual(['audio/midi', 'kie-suno-m1.mid']);
		expect(kie.sb.requests.length).toBe(before);
		const { sha256: stored } = await storedBinaryDigest(midi);
		expect(stored).not.toBe(sha256(Buffer.alloc(0)));
	});
});
