/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The public names of /work/shared/design/interface.md as data: resources, operations, parameter
 * names, defaults, option names and values, credential fields, trigger options. Saved workflows
 * store these names (and only the values that differ from a default), so interface.e2e.test.ts
 * reads them back from the node types a real n8n loaded: a rename or a changed default fails it.
 */

/** One parameter (or Options entry). Omitted keys are not fixed by the interface. */
export interface ParamSpec {
	default?: unknown;
	/** The option values, exactly (any order). */
	values?: readonly string[];
	/** The option values that must come first, in this order. */
	first?: readonly string[];
	/** Values whose label must say "discontinued". */
	discontinued?: readonly string[];
}

export interface OperationSpec {
	displayName?: string;
	params: Record<string, ParamSpec>;
	options?: Record<string, ParamSpec>;
}

const TASK_TYPES = ['music', 'lyrics', 'wav', 'stems', 'midi', 'video', 'coverImage'] as const;

const V6 = ['V6', 'V6_MINI', 'V6_WILD'];
/** Add Vocals / Add Instrumental: the discontinued values the reference lists for them. */
const ADD_DISCONTINUED = ['V5_5', 'V5', 'V4_5PLUS'];
/** Generate, Extend, Upload and Cover/Extend, Mashup (family reference §2.2). */
const SONG_DISCONTINUED = ['V5_5', 'V5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4'];
const model = (discontinued: string[]): ParamSpec => ({ default: 'V6', values: [...V6, ...discontinued], first: V6, discontinued });

/** `completion` and `callbackUrl`, on every asynchronous operation. */
const ASYNC: Record<string, ParamSpec> = { completion: { default: 'poll', values: ['poll', 'callback', 'resume'] }, callbackUrl: {} };
const WAIT: Record<string, ParamSpec> = {
	pollIntervalSeconds: {},
	timeoutMinutes: {},
	apiRoute: { default: 'auto', values: ['auto', 'perOperation', 'jobs'] },
};
const FILES: Record<string, ParamSpec> = { ...WAIT, downloadFiles: {} };
const SOURCE: Record<string, ParamSpec> = {
	sourceType: { default: 'url', values: ['url', 'binary'] },
	uploadUrl: {},
	binaryPropertyName: { default: 'data' },
};
const VOICE: Record<string, ParamSpec> = { vocalGender: { values: ['m', 'f'] }, styleWeight: {}, weirdnessConstraint: {}, audioWeight: {} };
/** "options as generate". */
const SONG_OPTIONS: Record<string, ParamSpec> = { ...WAIT, model: model(SONG_DISCONTINUED), negativeTags: {}, ...VOICE, personaId: {} };
const ADD_OPTIONS: Record<string, ParamSpec> = {
	...WAIT,
	model: model(ADD_DISCONTINUED),
	...VOICE,
	downloadAudio: {},
	downloadCover: {},
	maxCreatesPerWindow: { default: 20 },
	rateWindowSeconds: { default: 10 },
	maxFileSizeMb: { default: 500 },
};

/** Keyed `${resource}.${operation}`: every operation the node has, and nothing else. */
export const OPERATIONS: Record<string, OperationSpec> = {
	'music.generate': {
		displayName: 'Generate Music',
		params: { customMode: { default: false }, instrumental: { default: false }, prompt: {}, style: {}, title: {}, ...ASYNC },
		options: SONG_OPTIONS,
	},
	'music.extend': {
		displayName: 'Extend Music',
		params: { audioId: {}, defaultParamFlag: { default: false }, continueAt: {}, prompt: {}, style: {}, title: {}, ...ASYNC },
		options: SONG_OPTIONS,
	},
	'music.uploadAndCover': {
		displayName: 'Upload and Cover Audio',
		params: { ...SOURCE, customMode: { default: false }, instrumental: { default: false }, prompt: {}, style: {}, title: {}, ...ASYNC },
		options: SONG_OPTIONS,
	},
	'music.uploadAndExtend': {
		displayName: 'Upload and Extend Audio',
		params: { ...SOURCE, defaultParamFlag: { default: false }, continueAt: {}, instrumental: { default: false }, prompt: {}, style: {}, title: {}, ...ASYNC },
		options: { ...WAIT, model: model(SONG_DISCONTINUED) },
	},
	'music.addVocals': {
		params: { ...SOURCE, title: {}, prompt: {}, style: {}, negativeTags: {}, ...ASYNC },
		options: ADD_OPTIONS,
	},
	'music.addInstrumental': {
		params: { ...SOURCE, title: {}, tags: {}, negativeTags: {}, ...ASYNC },
		options: ADD_OPTIONS,
	},
	'music.replaceSection': {
		displayName: 'Replace Section',
		params: { taskId: {}, audioId: {}, prompt: {}, tags: {}, title: {}, infillStartS: {}, infillEndS: {}, ...ASYNC },
		options: { ...WAIT, negativeTags: {}, fullLyrics: {} },
	},
	'music.mashup': {
		displayName: 'Mashup',
		params: { uploadUrlList: {}, customMode: { default: false }, instrumental: { default: false }, prompt: {}, style: {}, title: {}, ...ASYNC },
		options: { ...WAIT, model: model(SONG_DISCONTINUED) },
	},
	'music.generateCoverImage': { displayName: 'Generate Cover Image', params: { taskId: {}, ...ASYNC }, options: FILES },
	'music.getTaskDetails': {
		displayName: 'Get Task Details',
		params: { taskId: {}, taskType: { default: 'music', values: TASK_TYPES } },
		options: { apiRoute: WAIT.apiRoute },
	},
	'music.getTimestampedLyrics': { displayName: 'Get Timestamped Lyrics', params: { taskId: {}, audioId: {} } },
	'music.boostStyle': { displayName: 'Boost Style', params: { content: {} } },
	'music.generatePersona': {
		displayName: 'Generate Persona',
		params: { taskId: {}, audioId: {}, name: {}, description: {} },
		options: { vocalStart: {}, vocalEnd: {} },
	},
	'lyrics.generate': { displayName: 'Generate Lyrics', params: { prompt: {}, ...ASYNC }, options: WAIT },
	'audio.convertToWav': { displayName: 'Convert to WAV', params: { taskId: {}, audioId: {}, ...ASYNC }, options: FILES },
	'audio.separateStems': {
		displayName: 'Separate Vocals and Stems',
		params: { taskId: {}, audioId: {}, type: { default: 'separate_vocal', values: ['separate_vocal', 'split_stem'] }, ...ASYNC },
		options: FILES,
	},
	'audio.generateMidi': { displayName: 'Generate MIDI', params: { taskId: {}, ...ASYNC }, options: { ...FILES, audioId: {} } },
	'audio.createMusicVideo': {
		displayName: 'Create Music Video',
		params: { taskId: {}, audioId: {}, ...ASYNC },
		options: { ...FILES, author: {}, domainName: {} },
	},
	'account.getCredits': { params: {} },
};

export const CREDENTIAL = {
	name: 'kieApi',
	displayName: 'Kie API',
	fields: {
		apiKey: { type: 'string', password: true, required: true },
		baseUrl: { type: 'string', default: 'https://api.kie.ai' },
		uploadBaseUrl: { type: 'string', default: 'https://kieai.redpandaai.co' },
		webhookHmacKey: { type: 'string', password: true, default: '' },
	},
} as const;

export const TRIGGER: OperationSpec = {
	params: {
		events: { default: ['complete', 'error'], values: ['text', 'first', 'complete', 'error'] },
		taskTypes: { default: [...TASK_TYPES], values: TASK_TYPES },
	},
	options: {
		splitTracks: { default: true },
		downloadAudio: {},
		downloadCover: {},
		ignoreDuplicates: { default: true },
		maxFileSizeMb: { default: 500 },
	},
};
