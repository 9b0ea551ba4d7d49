/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): generated files (mp3, jpeg, png, wav, mp4), special download-test files, redirects, sha256. */
import * as crypto from 'crypto';
import { useSandbox, addVocalsBody, createTask, finishedMusic, finishedStems, CB } from './testkit';

const kit = useSandbox();
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const bytesOf = async (url: string, init?: RequestInit) => {
	const res = await fetch(url, init);
	return { res, buf: Buffer.from(await res.arrayBuffer()) };
};

test('music audio is deterministic, streamed with Content-Length, supports Range; the image is a JPEG', async () => {
	const id = await createTask(kit, '/api/v1/generate/add-vocals', addVocalsBody());
	kit.sb.completeTask(id);
	const { res, buf } = await bytesOf(`${kit.sb.url}/files/${id}/1.mp3`);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toBe('audio/mpeg');
	expect(res.headers.get('content-length')).toBe(String(64 * 1024));
	expect(buf.subarray(0, 3).toString()).toBe('ID3');
	expect(sha256(buf)).toBe(await kit.sb.expectedAudioSha256(id, 1));
	expect(sha256(buf)).toBe(await kit.sb.fileSha256(`${kit.sb.url}/files/${id}/1.mp3`));
	const part = await bytesOf(`${kit.sb.url}/files/${id}/1.mp3`, { headers: { Range: 'bytes=1000-1999' } });
	expect(part.res.status).toBe(206);
	expect(part.res.headers.get('content-range')).toBe(`bytes 1000-1999/${64 * 1024}`);
	expect(part.buf.equals(buf.subarray(1000, 2000))).toBe(true);
	expect((await bytesOf(`${kit.sb.url}/files/${id}/1.mp3`, { headers: { Range: 'bytes=-100' } })).buf.equals(buf.subarray(-100))).toBe(true);
	expect((await fetch(`${kit.sb.url}/files/${id}/1.mp3`, { headers: { Range: 'bytes=999999-' } })).status).toBe(416);
	const img = await bytesOf(`${kit.sb.url}/files/${id}/2.jpeg`);
	expect(img.res.headers.get('content-type')).toBe('image/jpeg');
	expect([img.buf[0], img.buf[1], img.buf[img.buf.length - 2], img.buf[img.buf.length - 1]]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
	const stream = await fetch(`${kit.sb.url}/stream/${id}/1`);
	expect(stream.headers.get('content-length')).toBeNull();
	expect((await fetch(`${kit.sb.url}/source/${id}/1.mp3`)).status).toBe(200);
	expect((await fetch(`${kit.sb.url}/files/${id}/3.mp3`)).status).toBe(404);
	expect((await fetch(`${kit.sb.url}/files/${'0'.repeat(32)}/1.mp3`)).status).toBe(404);
	expect(kit.sb.stats.fileBytesServed).toBeGreaterThanOrEqual(64 * 1024 + 1000);
});

test('WAV: a RIFF/WAVE PCM file of 44 + wavBytes bytes', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const wav = await createTask(kit, '/api/v1/wav/generate', { taskId, audioId: audioIds[0], callBackUrl: CB });
	kit.sb.completeTask(wav);
	const url = kit.sb.tasks.get(wav)!.result.wavUrl;
	expect(url).toBe(`${kit.sb.url}/files/${wav}/audio.wav`);
	const { res, buf } = await bytesOf(url);
	expect(res.headers.get('content-type')).toBe('audio/wav');
	expect(buf.length).toBe(44 + 64 * 1024);
	expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
	expect(buf.readUInt32LE(4)).toBe(buf.length - 8);
	expect(buf.toString('ascii', 8, 16)).toBe('WAVEfmt ');
	expect([buf.readUInt16LE(20), buf.readUInt16LE(22), buf.readUInt32LE(24), buf.readUInt16LE(34)]).toEqual([1, 2, 44100, 16]);
	expect(buf.toString('ascii', 36, 40)).toBe('data');
	expect(buf.readUInt32LE(40)).toBe(64 * 1024);
	expect(sha256(buf)).toBe(await kit.sb.fileSha256(url));
});

test('MP4 starts with an ftyp box followed by an mdat box; the cover PNGs are real PNGs', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const mp4 = await createTask(kit, '/api/v1/mp4/generate', { taskId, audioId: audioIds[1], callBackUrl: CB });
	const cover = await createTask(kit, '/api/v1/suno/cover/generate', { taskId, callBackUrl: CB });
	kit.sb.completeTask(mp4);
	kit.sb.completeTask(cover);
	const video = await bytesOf(kit.sb.tasks.get(mp4)!.result.videoUrl);
	expect(video.res.headers.get('content-type')).toBe('video/mp4');
	expect(video.buf.readUInt32BE(0)).toBe(24);
	expect(video.buf.toString('ascii', 4, 12)).toBe('ftypisom');
	expect(video.buf.readUInt32BE(24)).toBe(video.buf.length - 24);
	expect(video.buf.toString('ascii', 28, 32)).toBe('mdat');
	const [first, second] = kit.sb.tasks.get(cover)!.result.images as string[];
	const png = await bytesOf(first);
	expect(png.res.headers.get('content-type')).toBe('image/png');
	expect(png.buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
	expect(png.buf.toString('ascii', 12, 16)).toBe('IHDR');
	expect([png.buf.readUInt32BE(16), png.buf.readUInt32BE(20)]).toEqual([16, 16]);
	expect(png.buf.subarray(-8, -4).toString('ascii')).toBe('IEND');
	expect(sha256(png.buf)).not.toBe(sha256((await bytesOf(second)).buf));
});

test('stems are mp3 files, one per stem, stable per task', async () => {
	const { taskId } = await finishedStems(kit);
	for (const stem of kit.sb.tasks.get(taskId)!.result.stems as Array<{ url: string }>) {
		const { buf } = await bytesOf(stem.url);
		expect(buf.length).toBe(32 * 1024);
		expect(buf.subarray(0, 3).toString()).toBe('ID3');
		expect(sha256(buf)).toBe(await kit.sb.fileSha256(stem.url));
	}
});

test('redirect: answers the redirect and never follows it', async () => {
	const target = `${kit.sb.url}/special/big.mp3?bytes=10`;
	const r = await fetch(`${kit.sb.url}/redirect?to=${encodeURIComponent(target)}`, { redirect: 'manual' });
	expect(r.status).toBe(302);
	expect(r.headers.get('location')).toBe(target);
	const r2 = await fetch(`${kit.sb.url}/redirect?status=307&to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`, { redirect: 'manual' });
	expect([r2.status, r2.headers.get('location')]).toEqual([307, 'http://169.254.169.254/latest/meta-data/']);
	expect((await fetch(`${kit.sb.url}/redirect`)).status).toBe(400);
	expect(kit.sb.requests.map((x) => x.path)).toEqual(['/redirect', '/redirect', '/redirect']);
});

test('oversized file: a declared size beyond any cap, streamed; HEAD; a lying Content-Length cuts the connection', async () => {
	const big = 3 * 1024 ** 3;
	const head = await fetch(`${kit.sb.url}/special/big.mp3?bytes=${big}`, { method: 'HEAD' });
	expect(head.headers.get('content-length')).toBe(String(big));
	const ctrl = new AbortController();
	const res = await fetch(`${kit.sb.url}/special/big.mp3?bytes=${big}`, { signal: ctrl.signal });
	const reader = res.body!.getReader();
	let got = 0;
	while (got < 1024 * 1024) got += (await reader.read()).value!.length;
	ctrl.abort();
	expect(res.headers.get('content-type')).toBe('audio/mpeg');
	const cut = await fetch(`${kit.sb.url}/special/big.wav?bytes=1000&declared=5000`);
	expect(cut.headers.get('content-length')).toBe('5000');
	expect(cut.headers.get('content-type')).toBe('audio/wav');
	await expect(cut.arrayBuffer()).rejects.toThrow();
	const short = await bytesOf(`${kit.sb.url}/special/big.mp3?bytes=1000&declared=500`);
	expect(short.buf.length).toBe(500);
	expect(sha256(short.buf)).toBe(await kit.sb.fileSha256(`${kit.sb.url}/special/big.mp3?bytes=1000&declared=500`));
});

test('a file without Content-Length (chunked), and a slow file that drips', async () => {
	const nolength = await bytesOf(`${kit.sb.url}/special/nolength.mp3?bytes=100000`);
	expect(nolength.res.headers.get('content-length')).toBeNull();
	expect(nolength.res.headers.get('transfer-encoding')).toBe('chunked');
	expect(nolength.buf.length).toBe(100000);
	expect(sha256(nolength.buf)).toBe(await kit.sb.fileSha256(`${kit.sb.url}/special/big.mp3?bytes=100000`));
	const t0 = Date.now();
	const slow = await bytesOf(`${kit.sb.url}/special/slow.mp3?bytes=4096&chunkBytes=1024&intervalMs=100`);
	expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
	expect(slow.res.headers.get('content-length')).toBe('4096');
	expect(sha256(slow.buf)).toBe(await kit.sb.fileSha256(`${kit.sb.url}/special/slow.mp3?bytes=4096`));
	const ctrl = new AbortController();
	const res = await fetch(`${kit.sb.url}/special/slow.mp3?bytes=1000000&chunkBytes=10&intervalMs=50&length=none`, { signal: ctrl.signal });
	expect(res.headers.get('content-length')).toBeNull();
	ctrl.abort();
});

test('fileSha256 / files/sha256 cover uploads; anything the sandbox does not serve is refused', async () => {
	const up = await kit.call('/api/file-base64-upload', { base64Data: Buffer.from('hello').toString('base64'), uploadPath: 'a', fileName: 'b.mp3' });
	expect(await kit.sb.fileSha256(up.data.downloadUrl)).toBe(sha256(Buffer.from('hello')));
	const viaHttp = await kit.get(`/__sandbox/files/sha256?url=${encodeURIComponent(up.data.downloadUrl)}`, {});
	expect(viaHttp.json).toEqual({ sha256: sha256(Buffer.from('hello')), bytes: 5, contentType: 'audio/mpeg' });
	await expect(kit.sb.fileSha256('http://10.0.0.1/x.mp3')).rejects.toThrow('the sandbox serves no file at http://10.0.0.1/x.mp3');
	await expect(kit.sb.fileSha256(`${kit.sb.url}/files/${'a'.repeat(32)}/1.mp3`)).rejects.toThrow(/serves no file/);
	expect((await kit.get('/__sandbox/files/sha256', {})).status).toBe(400);
});
