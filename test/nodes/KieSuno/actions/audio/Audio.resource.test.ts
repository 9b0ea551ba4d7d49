/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * What the four Audio operations share, run through n8n-core's real WorkflowExecute against the Kie
 * SANDBOX (local test double of Kie, not Kie): Kie's exact body on both routes, the callback-mode
 * items, validation of every item before any request, Continue On Fail with pairedItem, pacing under
 * Kie's create limit, and how the node lists the operations.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { KieSuno } from '../../../../../nodes/KieSuno/KieSuno.node';
import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { FamilySandbox } from './familyHarness';
import { createdTask, finishedSong, finishedStems, useFamilySandbox } from './familyHarness';

const kie = useFamilySandbox();

interface Source {
	/** Node parameters besides resource, operation and completion. */
	params: IDataObject;
	/** Kie's per-operation body without callBackUrl. */
	body: IDataObject;
	/** The jobs route's `input`. */
	input: IDataObject;
}

interface Case {
	operation: string;
	taskType: string;
	path: string;
	jobsModel: string;
	source(sb: FamilySandbox): Promise<Source>;
	/** Parameters that make item 0 invalid, with the message the node must give. */
	invalid: Array<[string, IDataObject, string]>;
}

const CASES: Case[] = [
	{
		operation: 'convertToWav',
		taskType: 'wav',
		path: '/api/v1/wav/generate',
		jobsModel: 'ai-music-api/convert-to-wav-format',
		async source(sb) {
			const song = await finishedSong(sb);
			const ids = { taskId: song.taskId, audioId: song.tracks[0].id };
			return { params: ids, body: ids, input: { task_id: ids.taskId, audio_id: ids.audioId } };
		},
		invalid: [
			['no task id', { taskId: '={{ $json.nothing }}' }, '"Task ID" is required [item 0]'],
			['a blank audio id', { audioId: '={{ "  " }}' }, '"Audio ID" is required [item 0]'],
		],
	},
	{
		operation: 'separateStems',
		taskType: 'stems',
		path: '/api/v1/vocal-removal/generate',
		jobsModel: 'ai-music-api/separate-vocals',
		async source(sb) {
			const song = await finishedSong(sb);
			const ids = { taskId: song.taskId, audioId: song.tracks[1].id };
			return { params: { ...ids, type: 'split_stem' }, body: { ...ids, type: 'split_stem' }, input: { task_id: ids.taskId, audio_id: ids.audioId, type: 'split_stem' } };
		},
		invalid: [
			['no audio id', { audioId: '={{ $json.nothing }}' }, '"Audio ID" is required [item 0]'],
			['a type the node does not offer', { type: '={{ "split_stem_advanced" }}' }, '"Type" must be one of separate_vocal, split_stem, got "split_stem_advanced" [item 0]'],
		],
	},
	{
		operation: 'generateMidi',
		taskType: 'midi',
		path: '/api/v1/midi/generate',
		jobsModel: 'ai-music-api/generate-midi-from-audio',
		async source(sb) {
			const stems = await finishedStems(sb);
			const audioId = stems.result.stems[0].id as string;
			return { params: { taskId: stems.taskId, options: { audioId } }, body: { taskId: stems.taskId, audioId }, input: { task_id: stems.taskId, audio_id: audioId } };
		},
		invalid: [['no task id', { taskId: '={{ "" }}' }, '"Task ID" is required [item 0]']],
	},
	{
		operation: 'createMusicVideo',
		taskType: 'video',
		path: '/api/v1/mp4/generate',
		jobsModel: 'ai-music-api/create-music-video',
		async source(sb) {
			const song = await finishedSong(sb);
			const ids = { taskId: song.taskId, audioId: song.tracks[0].id };
			const texts = { author: 'DJ Electronic', domainName: 'music.example.com' };
			return {
				params: { ...ids, options: texts },
				body: { ...ids, ...texts },
				input: { task_id: ids.taskId, audio_id: ids.audioId, author: texts.author, domain_name: texts.domainName },
			};
		},
		invalid: [
			['an author of 51 characters', { options: { author: 'a'.repeat(51) } }, '"Author" has 51 characters; Kie allows at most 50 [item 0]'],
			['a domain name of 51 characters', { options: { domainName: `${'d'.repeat(47)}.com` } }, '"Domain Name" has 51 characters; Kie allows at most 50 [item 0]'],
		],
	},
];

async function run(operation: string, params: IDataObject, options: { inputItems?: IDataObject[]; continueOnFail?: boolean } = {}) {
	return await runNode({
		parameters: { resource: 'audio', operation, completion: 'callback', callbackUrl: 'https://example.com/hook', ...params } as never,
		credentials: testCredential(kie.sb.url),
		inputItems: options.inputItems?.map((json) => ({ json })),
		continueOnFail: options.continueOnFail,
	});
}

describe.each(CASES)('audio.$operation', ({ operation, taskType, path, jobsModel, source, invalid }) => {
	let src: Source;

	beforeEach(async () => {
		src = await source(kie.sb);
		kie.markSetupDone();
	});

	it('sends Kie\'s body on the per-operation route; "Return Task Only" outputs the pending task, paired', async () => {
		const result = await run(operation, src.params);
		expect(result.error).toBeUndefined();
		const callbackUrl = `https://example.com/hook?kieTaskType=${taskType}`;
		const requests = kie.nodeRequests();
		expect(requests.map((request) => [request.method, request.path])).toEqual([['POST', path]]);
		expect(requests[0].body).toStrictEqual({ ...src.body, callBackUrl: callbackUrl });
		expect(requests[0].headers.authorization).toBe('Bearer sandbox-key');
		const task = createdTask(kie.sb, taskType);
		expect(result.items).toEqual([
			[{ json: { taskId: task.taskId, taskType, apiRoute: 'perOperation', stage: 'pending', operation, callbackUrl }, pairedItem: { item: 0 } }],
		]);
	});

	it(`API Route "jobs" sends ${jobsModel} with snake_case input`, async () => {
		const params = { ...src.params, options: { ...((src.params.options as IDataObject) ?? {}), apiRoute: 'jobs' } };
		const result = await run(operation, params);
		expect(result.error).toBeUndefined();
		const [create] = kie.nodeRequests();
		expect(create.path).toBe('/api/v1/jobs/createTask');
		expect(create.body).toStrictEqual({ model: jobsModel, input: src.input, callBackUrl: `https://example.com/hook?kieTaskType=${taskType}&kieApiRoute=jobs` });
		expect(createdTask(kie.sb, taskType).route).toBe('jobs');
		expect(result.items[0][0].json.apiRoute).toBe('jobs');
	});

	it.each(invalid)('%s: the run fails naming the field and item, and nothing is sent for any item', async (_case, bad, message) => {
		const params = { ...src.params, ...bad, options: { ...((src.params.options as IDataObject) ?? {}), ...((bad.options as IDataObject) ?? {}) } };
		const result = await run(operation, params, { inputItems: [{}, {}] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(message);
		expect(kie.nodeRequests()).toEqual([]);
	});

	/** Parameters whose ID is empty for items with `bad: true`. */
	const idName = operation === 'createMusicVideo' ? 'audioId' : 'taskId';
	const badForSome = (): IDataObject => ({ ...src.params, [idName]: `={{ $json.bad ? "" : ${JSON.stringify(src.params[idName])} }}` });

	it('an invalid later item stops the run before the valid first item is sent', async () => {
		const result = await run(operation, badForSome(), { inputItems: [{}, { bad: true }] });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(`"${idName === 'taskId' ? 'Task ID' : 'Audio ID'}" is required [item 1]`);
		expect(kie.nodeRequests()).toEqual([]);
	});

	it('Continue On Fail: an invalid item becomes an error item paired to it, the valid ones are created', async () => {
		const result = await run(operation, badForSome(), { inputItems: [{}, { bad: true }, {}], continueOnFail: true });
		expect(result.status).toBe('success');
		const output = result.items[0];
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const displayName = idName === 'taskId' ? 'Task ID' : 'Audio ID';
		expect(output[1].json).toStrictEqual({
			taskId: null,
			stage: 'error',
			code: null,
			msg: `"${displayName}" is required [item 1]`,
			error: `"${displayName}" is required [item 1]`,
			description: `Enter a value for "${displayName}" (${idName}).`,
		});
		expect([output[0].json.stage, output[2].json.stage]).toEqual(['pending', 'pending']);
		expect(kie.nodeRequests().filter((request) => request.path === path)).toHaveLength(2);
	});

	it('paces creates under the account limit (Max Creates per Window 2 over 10 s: the third waits 10 s)', async () => {
		const params = { ...src.params, options: { ...((src.params.options as IDataObject) ?? {}), maxCreatesPerWindow: 2, rateWindowSeconds: 10 } };
		const result = await run(operation, params, { inputItems: [{}, {}, {}] });
		expect(result.error).toBeUndefined();
		expect(kie.nodeRequests().filter((request) => request.path === path)).toHaveLength(3);
		expect(kie.sleeps).toEqual([10_000]);
		expect(result.items[0]).toHaveLength(3);
	});
});

describe('the Audio resource in the node description', () => {
	const properties = new KieSuno().description.properties;
	const resource = properties.find((property) => property.name === 'resource')!;
	const operation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'audio')!;

	it('is listed between Account and Lyrics, with its four operations in alphabetical order', () => {
		expect(resource.options).toEqual([
			{ name: 'Account', value: 'account' },
			{ name: 'Audio', value: 'audio' },
			{ name: 'Lyric', value: 'lyrics' },
			{ name: 'Music', value: 'music' },
		]);
		expect((operation.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['convertToWav', 'createMusicVideo', 'generateMidi', 'separateStems']);
		expect(operation.default).toBe('convertToWav');
	});

	it.each(['convertToWav', 'separateStems', 'generateMidi', 'createMusicVideo'])('%s: completion poll by default, no model, Download Files', (name) => {
		const own = properties.filter((property) => property.displayOptions?.show?.operation?.includes(name));
		const completion = own.find((property) => property.name === 'completion')!;
		expect(completion.default).toBe('poll');
		const options = own.find((property) => property.name === 'options')!.options as INodeProperties[];
		const names = options.map((option) => option.name);
		expect(names).not.toContain('model');
		expect(names).toEqual(expect.arrayContaining(['apiRoute', 'downloadFiles', 'maxFileSizeMb', 'pollIntervalSeconds', 'timeoutMinutes', 'maxCreatesPerWindow', 'rateWindowSeconds']));
		expect(names).not.toContain('downloadAudio');
		const displayNames = options.map((option) => option.displayName);
		expect(displayNames).toEqual([...displayNames].sort((a, b) => a.localeCompare(b)));
	});

	it('Type of Separate Vocals and Stems: separate_vocal by default, split_stem', () => {
		const type = properties.find((property) => property.name === 'type' && property.displayOptions?.show?.operation?.includes('separateStems'))!;
		expect(type.default).toBe('separate_vocal');
		expect((type.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['separate_vocal', 'split_stem']);
	});

	it('ID parameters say which field of an earlier Kie Suno item to map', () => {
		const id = (operationName: string, name: string) =>
			properties.find((property) => property.name === name && property.displayOptions?.show?.operation?.includes(operationName));
		expect(id('convertToWav', 'taskId')).toMatchObject({ required: true, placeholder: '{{ $json.taskId }}', hint: expect.stringContaining('"taskId" of a Kie Suno music item') });
		expect(id('convertToWav', 'audioId')).toMatchObject({ required: true, placeholder: '{{ $json.id }}', hint: expect.stringContaining('"id"') });
		expect(id('generateMidi', 'taskId')).toMatchObject({ hint: expect.stringContaining('stems item') });
		expect(id('generateMidi', 'audioId')).toBeUndefined();
		const midiOptions = properties.find((property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes('generateMidi'))!;
		const audioId = (midiOptions.options as INodeProperties[]).find((option) => option.name === 'audioId')!;
		expect(audioId).toMatchObject({ required: false, placeholder: '{{ $json.stemTracks[0].id }}', hint: expect.stringContaining('stemTracks[].id') });
		expect(audioId.displayOptions).toBeUndefined();
	});
});
