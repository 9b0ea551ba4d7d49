/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * Issue 12: the audio operations' files, read back from n8n's binary data: Generate → Convert to
 * WAV gives the sandbox's WAV bytes; Separate Stems gives one binary per stem; Separate Vocals →
 * Generate MIDI gives a Standard MIDI File with one track per instrument and Kie's notes; Create
 * Music Video gives the MP4.
 */
import { digest, fileRecorder, outputItems } from './binary';
import { expectedStemUrls } from './expected';
import { FAST, kieOp, limitNode } from './flows';
import { VERSIONS, type VersionState, describeFailure, nodeOutput, runViaWebhook, sandbox } from './helpers';
import { parseMidi } from './midiFile';

const DOWNLOAD = { ...FAST, downloadFiles: true };

describe.each(VERSIONS)('n8n $version: audio operations and their files', (v: VersionState) => {
	const sb = sandbox(v);
	const unused = () => `${v.sandboxUrl}/n8n-nodes-kie-suno/unused-callback`;
	let song: any;
	beforeAll(async () => {
		song = await sb.seedSong('V5', 'A seeded song to take apart');
	});

	async function expectServed(bytes: Buffer | undefined, url: string, what: string) {
		const served = await sb.fileInfo(url);
		expect({ what, ...(bytes ? digest(bytes) : {}) }).toEqual({ what, sha256: served.sha256, bytes: served.bytes });
	}

	it('Generate Music → first track → Convert to WAV (download) gives the WAV Kie serves', async () => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'Convert to WAV');
		const r = await runViaWebhook(
			v,
			[
				kieOp(v, 'Generate Music', 'music.generate', { prompt: 'A song to convert', options: FAST }),
				limitNode(),
				kieOp(v, 'Convert to WAV', 'audio.convertToWav', { taskId: '={{ $json.taskId }}', audioId: '={{ $json.id }}', options: DOWNLOAD }),
			],
			{ name: 'e2e wav', inspect: recorder.inspect },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const [track] = nodeOutput(r.execution, 'Generate Music')!;
		const sent = await sb.requests({ path: '/api/v1/wav/generate', since });
		expect(sent.map((q) => q.body)).toEqual([{ taskId: track.taskId, audioId: track.id, callBackUrl: unused() }]);
		const [out] = outputItems(r.execution, 'Convert to WAV');
		const task = await sb.task(out.json.taskId);
		expect(out.json).toEqual({
			taskId: task.taskId,
			taskType: 'wav',
			apiRoute: 'perOperation',
			stage: 'complete',
			status: 'SUCCESS',
			code: 200,
			msg: null,
			wavUrl: task.result.wavUrl,
		});
		expect(out.binary?.audio).toEqual(expect.objectContaining({ mimeType: expect.stringMatching(/wav/), fileName: expect.stringMatching(/\.wav$/) }));
		const bytes = recorder.files['Convert to WAV'][0].audio;
		expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
		expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
		await expectServed(bytes, task.result.wavUrl, 'wav');
	});

	it('Separate Stems (split_stem, download) gives one binary per stem, named like its URL field', async () => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'Stems');
		const params = { taskId: song.taskId, audioId: song.tracks[0].id, type: 'split_stem', options: DOWNLOAD };
		const r = await runViaWebhook(v, [kieOp(v, 'Stems', 'audio.separateStems', params)], { name: 'e2e stems', inspect: recorder.inspect });
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const sent = await sb.requests({ path: '/api/v1/vocal-removal/generate', since });
		expect(sent.map((q) => q.body)).toEqual([{ taskId: song.taskId, audioId: song.tracks[0].id, type: 'split_stem', callBackUrl: unused() }]);
		const [out] = nodeOutput(r.execution, 'Stems')!;
		const task = await sb.task(out.taskId);
		const urls = expectedStemUrls(task);
		expect(Object.keys(urls).length).toBeGreaterThanOrEqual(10);
		expect(out).toEqual(expect.objectContaining({ taskId: task.taskId, taskType: 'stems', stage: 'complete', status: 'SUCCESS', ...urls }));
		expect(Object.keys(out).filter((k) => k.endsWith('Url')).sort()).toEqual(Object.keys(urls).sort());
		const files = recorder.files.Stems[0];
		expect(Object.keys(files).sort()).toEqual(Object.keys(urls).map((k) => k.slice(0, -'Url'.length)).sort());
		for (const [field, url] of Object.entries(urls)) await expectServed(files[field.slice(0, -'Url'.length)], url, field);
	});

	it('Separate Vocals → Generate MIDI (download) gives a .mid with one track per instrument and Kie\'s notes', async () => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'MIDI');
		const r = await runViaWebhook(
			v,
			[
				kieOp(v, 'Stems', 'audio.separateStems', { taskId: song.taskId, audioId: song.tracks[1].id, options: FAST }),
				kieOp(v, 'MIDI', 'audio.generateMidi', { taskId: '={{ $json.taskId }}', options: DOWNLOAD }),
			],
			{ name: 'e2e midi', inspect: recorder.inspect },
		);
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const [stems] = nodeOutput(r.execution, 'Stems')!;
		expect(stems).toEqual(expect.objectContaining({ vocalUrl: expect.any(String), instrumentalUrl: expect.any(String) }));
		const sent = await sb.requests({ path: '/api/v1/midi/generate', since });
		expect(sent.map((q) => q.body)).toEqual([{ taskId: stems.taskId, callBackUrl: unused() }]);
		const [out] = outputItems(r.execution, 'MIDI');
		const task = await sb.task(out.json.taskId);
		const kieInstruments: Array<{ name: string; notes: any[] }> = task.result.instruments;
		expect(out.json).toEqual(expect.objectContaining({ taskId: task.taskId, taskType: 'midi', stage: 'complete' }));
		expect(out.json.instruments.map((i: any) => [i.name, i.notes.length])).toEqual(kieInstruments.map((i) => [i.name, i.notes.length]));
		expect(out.binary?.midi?.fileName).toMatch(/\.mid$/);
		const midi = parseMidi(recorder.files.MIDI[0].midi);
		const withNotes = midi.tracks.filter((t) => t.notes.length > 0);
		expect(midi.format).toBe(1);
		expect(midi.tracks.every((t) => t.endOfTrack)).toBe(true);
		expect(withNotes.map((t) => [t.name, t.notes.length])).toEqual(kieInstruments.map((i) => [i.name, i.notes.length]));
		expect(withNotes.reduce((n, t) => n + t.notes.length, 0)).toBe(task.result.noteCount);
		// pitches in Kie's order, per instrument
		expect(withNotes.map((t) => t.notes.map((n) => n.pitch))).toEqual(kieInstruments.map((i) => i.notes.map((n: any) => n.pitch)));
	});

	it('Create Music Video (download) sends author and domain name and gives the MP4 Kie serves', async () => {
		const since = Date.now();
		const recorder = fileRecorder(v, 'Video');
		const options = { ...DOWNLOAD, author: 'DJ Sandbox', domainName: 'music.example.com' };
		const r = await runViaWebhook(v, [kieOp(v, 'Video', 'audio.createMusicVideo', { taskId: song.taskId, audioId: song.tracks[0].id, options })], {
			name: 'e2e video',
			inspect: recorder.inspect,
		});
		expect({ status: r.execution.status, why: describeFailure(r) }).toEqual(expect.objectContaining({ status: 'success' }));
		const sent = await sb.requests({ path: '/api/v1/mp4/generate', since });
		expect(sent.map((q) => q.body)).toEqual([
			{ taskId: song.taskId, audioId: song.tracks[0].id, author: 'DJ Sandbox', domainName: 'music.example.com', callBackUrl: unused() },
		]);
		const [out] = nodeOutput(r.execution, 'Video')!;
		const task = await sb.task(out.taskId);
		expect(out).toEqual(expect.objectContaining({ taskId: task.taskId, taskType: 'video', stage: 'complete', videoUrl: task.result.videoUrl }));
		const video = recorder.files.Video[0].video;
		expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
		await expectServed(video, task.result.videoUrl, 'video');
	});
});
