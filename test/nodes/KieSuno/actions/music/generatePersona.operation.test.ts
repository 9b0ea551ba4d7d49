/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Generate Persona through n8n-core's real WorkflowExecute against the Kie SANDBOX (a local test
 * double of Kie, not Kie): synchronous, one persona per track, a 10-30 s vocal window (family §5.4).
 */
import { useSandbox } from '../../../../harness/sandbox';
import { bodiesTo, FAST_SANDBOX, finishedMusicTask, outputOf, runMusic } from './helpers';

const kie = useSandbox(FAST_SANDBOX);

const PATH = '/api/v1/generate/generate-persona';
const NAME = 'Electronic Pop Singer';
const DESCRIPTION = 'Modern electronic pop singer, dynamic rhythms, synth tones';

const parameters = (taskId: string, audioId: string, options: Record<string, unknown> = {}) => ({ taskId, audioId, name: NAME, description: DESCRIPTION, options });

describe('Generate Persona', () => {
	it('sends the reference\'s minimal body and outputs personaId, name, description with the source ids', async () => {
		const music = await finishedMusicTask(kie.sb);
		const audioId = music.tracks[0].id;
		const result = await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, audioId));
		const [item] = outputOf(result);
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ taskId: music.taskId, audioId, name: NAME, description: DESCRIPTION }]);
		expect(item).toEqual({ taskId: music.taskId, id: audioId, personaId: expect.stringMatching(/^[0-9a-f]{32}$/), name: NAME, description: DESCRIPTION });
		expect(Object.keys(item).sort()).toEqual(['description', 'id', 'name', 'personaId', 'taskId']);
		expect(result.items[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('sends the vocal window of the reference\'s full example', async () => {
		const music = await finishedMusicTask(kie.sb);
		const audioId = music.tracks[1].id;
		expect((await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, audioId, { vocalStart: 12.5, vocalEnd: 38.0 }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH)).toStrictEqual([{ taskId: music.taskId, audioId, name: NAME, description: DESCRIPTION, vocalStart: 12.5, vocalEnd: 38 }]);
	});

	it('a second persona for the same track: Kie\'s 409 is surfaced with its message', async () => {
		const music = await finishedMusicTask(kie.sb);
		const audioId = music.tracks[0].id;
		expect((await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, audioId))).error).toBeUndefined();
		const repeat = await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, audioId));
		expect(repeat.error?.message).toBe('Kie reported a conflict (code 409): Persona already exists');
		expect(String(repeat.error?.description)).toContain('Kie says: "Persona already exists".');
		expect(bodiesTo(kie.sb, PATH)).toHaveLength(2);
	});

	const windows: Array<[string, Record<string, unknown>, string]> = [
		['a late start with the default end (30 s)', { vocalStart: 25 }, 'The vocal sample from 25 s to 30 s by default is 5 s long; Kie needs 10 to 30 s [item 0]'],
		['a late end with the default start (0 s)', { vocalEnd: 45 }, 'The vocal sample from 0 s by default to 45 s is 45 s long; Kie needs 10 to 30 s [item 0]'],
		['a short window', { vocalStart: 10, vocalEnd: 19.99 }, 'The vocal sample from 10 s to 19.99 s is 9.99 s long; Kie needs 10 to 30 s [item 0]'],
		['an end with three decimals', { vocalStart: 10, vocalEnd: 20.005 }, '"Vocal End (Seconds)" may have at most 2 decimals, got 20.005 [item 0]'],
		['a negative start', { vocalStart: -1 }, '"Vocal Start (Seconds)" must be a number from 0 to ∞, got -1 [item 0]'],
	];

	it.each(windows)('%s is refused before any request', async (_name, options, message) => {
		const result = await runMusic(kie.sb, 'generatePersona', parameters('task-1', 'track-1', options));
		expect(result.error?.message).toBe(message);
		expect(kie.sb.requests).toHaveLength(0);
	});

	it('the window bounds 10 and 30 s are accepted', async () => {
		const music = await finishedMusicTask(kie.sb);
		const [first, second] = music.tracks;
		expect((await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, first.id, { vocalStart: 20 }))).error).toBeUndefined();
		expect((await runMusic(kie.sb, 'generatePersona', parameters(music.taskId, second.id, { vocalStart: 5, vocalEnd: 35 }))).error).toBeUndefined();
		expect(bodiesTo(kie.sb, PATH).map((body) => [body.vocalStart, body.vocalEnd])).toEqual([
			[20, undefined],
			[5, 35],
		]);
	});

	it('name and description are required', async () => {
		const result = await runMusic(kie.sb, 'generatePersona', { ...parameters('task-1', 'track-1'), description: '={{ "" }}' });
		expect(result.error?.message).toBe('"Description" is required [item 0]');
		expect(kie.sb.requests).toHaveLength(0);
	});
});
