/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/* Kie SANDBOX (local test double, not Kie): Kie's File Upload API (stream, base64, url) and the downloadUrl it serves. */
import * as crypto from 'crypto';
import { useSandbox, AUTH, addVocalsBody, createTask } from './testkit';

const kit = useSandbox();

describe('file upload API', () => {
	test('stream upload of a few MB: same sha256, downloadUrl serves identical bytes', async () => {
		const data = crypto.randomBytes(6 * 1024 * 1024 + 123);
		const fd = new FormData();
		fd.append('uploadPath', 'audio/user-uploads');
		fd.append('file', new Blob([data], { type: 'audio/mpeg' }), 'orig.mp3');
		fd.append('fileName', 'my-song.mp3');
		const res = await fetch(`${kit.sb.url}/api/file-stream-upload`, { method: 'POST', headers: AUTH, body: fd });
		const j: any = await res.json();
		expect(j).toEqual({
			success: true,
			code: 200,
			msg: 'File uploaded successfully',
			data: {
				fileName: 'my-song.mp3',
				filePath: 'audio/user-uploads/my-song.mp3',
				downloadUrl: `${kit.sb.url}/uploads/audio/user-uploads/my-song.mp3`,
				fileSize: data.length,
				mimeType: 'audio/mpeg',
				uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			},
		});
		const sha = crypto.createHash('sha256').update(data).digest('hex');
		expect(kit.sb.uploads[0]).toMatchObject({ route: 'stream', bytes: data.length, sha256: sha, storage: 'disk' });
		const dl = await fetch(j.data.downloadUrl);
		expect(dl.headers.get('content-type')).toBe('audio/mpeg');
		expect(Buffer.from(await dl.arrayBuffer()).equals(data)).toBe(true);
		expect(kit.sb.requests[0].body).toMatchObject({ uploadPath: 'audio/user-uploads', fileName: 'my-song.mp3', file: { fileName: 'orig.mp3', bytes: data.length } });
	});

	test('base64 upload (data URL) and url upload', async () => {
		const data = crypto.randomBytes(3000);
		const r = await kit.post('/api/file-base64-upload', { base64Data: `data:audio/wav;base64,${data.toString('base64')}`, uploadPath: 'b64', fileName: 'x.wav' });
		expect(r.json).toMatchObject({ success: true, code: 200, msg: 'File uploaded successfully', data: { fileName: 'x.wav', filePath: 'b64/x.wav', fileSize: 3000, mimeType: 'audio/wav' } });
		const back = Buffer.from(await (await fetch(r.json.data.downloadUrl)).arrayBuffer());
		expect(back.equals(data)).toBe(true);
		const u = await kit.post('/api/file-url-upload', { fileUrl: r.json.data.downloadUrl, uploadPath: 'from-url', fileName: 'y.wav' });
		expect(u.json).toMatchObject({ success: true, data: { filePath: 'from-url/y.wav', fileSize: 3000 } });
		expect(kit.sb.uploads[1].sha256).toBe(crypto.createHash('sha256').update(data).digest('hex'));
		const remote = await kit.post('/api/file-url-upload', { fileUrl: 'https://example.com/a.mp3', uploadPath: 'x' });
		expect(remote.json).toMatchObject({ success: false, code: 400 });
	});

	test('missing file -> 400; bad auth -> 401', async () => {
		const fd = new FormData();
		fd.append('uploadPath', 'x');
		const res = await fetch(`${kit.sb.url}/api/file-stream-upload`, { method: 'POST', headers: AUTH, body: fd });
		expect(await res.json()).toEqual({ success: false, code: 400, msg: 'file is required', data: null });
		const r = await kit.post('/api/file-base64-upload', { uploadPath: 'x' });
		expect(r.json).toEqual({ success: false, code: 400, msg: 'base64Data is required', data: null });
		const fd2 = new FormData();
		fd2.append('file', new Blob([Buffer.from('abc')]), 'a.mp3');
		const unauth = await fetch(`${kit.sb.url}/api/file-stream-upload`, { method: 'POST', body: fd2 });
		expect(((await unauth.json()) as any).code).toBe(401);
		expect(kit.sb.uploads).toHaveLength(0);
	});
});

describe('uploads as sources', () => {
	test('a loopback uploadUrl is fetched before the create; a failing one gives 451 (or a later failure with uploadUrlFailure later)', async () => {
		const bad = await kit.post('/api/v1/generate/add-vocals', addVocalsBody({ uploadUrl: `${kit.sb.url}/files/nope/1.mp3` }));
		expect(bad.json).toEqual({
			code: 451,
			msg: 'Unauthorized - Failed to fetch the image. Kindly verify any access limits set by you or your service provider',
			data: null,
		});
		expect(kit.sb.stats.createRejectedFetch).toBe(1);
		const up = await kit.post('/api/file-base64-upload', { base64Data: Buffer.from('hello audio').toString('base64'), uploadPath: 'in', fileName: 'a.mp3' });
		const taskId = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ uploadUrl: up.json.data.downloadUrl }));
		expect(kit.sb.tasks.get(taskId)!.source).toMatchObject({ url: up.json.data.downloadUrl, status: 200, bytes: 11, sha256: crypto.createHash('sha256').update('hello audio').digest('hex') });
		const list = [up.json.data.downloadUrl, up.json.data.downloadUrl];
		const mashup = await createTask(kit, '/api/v1/generate/mashup', { uploadUrlList: list, customMode: false, prompt: 'blend', model: 'V6', callBackUrl: 'https://e.com' });
		expect(kit.sb.tasks.get(mashup)!.source.all).toHaveLength(2);
		kit.sb.configure({ uploadUrlFailure: 'later' });
		const later = await createTask(kit, '/api/v1/generate/upload-cover', { uploadUrl: `${kit.sb.url}/files/nope/1.mp3`, prompt: 'x', customMode: false, instrumental: false, model: 'V6', callBackUrl: 'https://e.com' });
		const task = await kit.sb.waitForTask(later);
		expect(task).toMatchObject({ status: 'GENERATE_AUDIO_FAILED', errorCode: 451, errorMessage: 'Failed to download the source audio' });
	});

	test('fetchUploadUrl off: nothing is fetched', async () => {
		kit.sb.configure({ fetchUploadUrl: false });
		await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody({ uploadUrl: `${kit.sb.url}/files/nope/1.mp3` }));
		expect(kit.sb.requests.map((r) => r.path)).toEqual(['/api/v1/generate/add-vocals']);
	});
});
