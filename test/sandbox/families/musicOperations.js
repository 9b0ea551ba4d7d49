'use strict';
/*
 * The eight music-creating operations of the Kie SANDBOX (local test double, not Kie): paths, jobs model
 * names, field rules and cross-field rules, per /work/shared/reference/kie-suno-api.md §1-2 and
 * kie-suno-api-family.md §4 + §12. V6* limits are not documented: validated like V5_5 (family ref §4.1).
 * Submit-time validation is shallow at Kie (family §1): an unknown audioId / taskId on extend and
 * replace-section is accepted and the task fails later (families/music.js laterFailure).
 */

const { V6_MODELS, LEGACY_MODELS } = require('../validate');

const ALL_MODELS = V6_MODELS.concat(LEGACY_MODELS);
const ADD_MODELS = V6_MODELS.concat(['V5_5', 'V5', 'V4_5PLUS']);
const WEIGHTS = { styleWeight: 'weight', weirdnessConstraint: 'weight', audioWeight: 'weight' };
const GENDER = { enum: ['m', 'f'] };
const PERSONA_MODEL = { enum: ['style_persona', 'voice_persona'] };
const DURATION = { type: 'number', min: 10, max: 360 };

const promptMax = (model) => (model === 'V4' ? 3000 : 5000);
const styleMax = (model) => (model === 'V4' ? 200 : 1000);
/** extend / upload-*: V4 and V4_5ALL 80, the others 100 (family ref §4.2-4.4). */
const titleMaxByModel = (model) => (model === 'V4' || model === 'V4_5ALL' ? 80 : 100);

function tooLong(c, params, k, max) {
	return typeof params[k] === 'string' && params[k].length > max ? c.fail(`${c.label(k)} must be at most ${max} characters`) : null;
}

/** Mode rules shared by generate, upload-cover and mashup (family ref §4.1). */
function customModeRules(params, c, { nonCustomPromptMax, titleMax }) {
	const model = params.model;
	// customMode is optional on some jobs models: then only the lengths are checked
	if (params.customMode === undefined) return tooLong(c, params, 'prompt', promptMax(model)) || tooLong(c, params, 'style', styleMax(model)) || tooLong(c, params, 'title', titleMax);
	if (params.customMode === true) {
		return (
			c.required('style') ||
			c.required('title') ||
			(params.instrumental === true ? null : c.required('prompt')) ||
			tooLong(c, params, 'prompt', promptMax(model)) ||
			tooLong(c, params, 'style', styleMax(model)) ||
			tooLong(c, params, 'title', titleMax)
		);
	}
	return c.required('prompt') || tooLong(c, params, 'prompt', nonCustomPromptMax);
}

/** Rules of extend and upload-extend when defaultParamFlag is true (custom parameters). */
function customExtendRules(params, c) {
	const src = typeof params.continueAt === 'number' && params.audioId ? c.sb._findTrackAnywhere(params.audioId) : null;
	if (src && params.continueAt >= src.track.duration) return c.fail(`${c.label('continueAt')} must be less than the duration of the source audio (${src.track.duration} s)`);
	if (params.defaultParamFlag !== true && c.route !== 'jobs') return null;
	const custom = params.defaultParamFlag === true;
	return (
		(custom ? c.required('continueAt') || c.required('style') || c.required('title') || (params.instrumental === true ? null : c.required('prompt')) : null) ||
		tooLong(c, params, 'prompt', promptMax(params.model)) ||
		tooLong(c, params, 'style', styleMax(params.model)) ||
		tooLong(c, params, 'title', titleMaxByModel(params.model))
	);
}

const COMMON_FIELDS = Object.assign(
	{ prompt: 'string', style: 'string', title: 'string', instrumental: 'boolean', model: 'model', callBackUrl: 'url', negativeTags: 'string', vocalGender: GENDER, personaId: 'string', personaModel: PERSONA_MODEL },
	WEIGHTS,
);
const GENERATION_FIELDS = Object.assign({ customMode: 'boolean', duration: DURATION }, COMMON_FIELDS);
const EXTEND_FIELDS = Object.assign({ defaultParamFlag: 'boolean', continueAt: { type: 'number', above: 0 } }, COMMON_FIELDS);

const OPERATIONS = [
	{
		kind: 'generate',
		path: '/api/v1/generate',
		jobsModel: 'generate',
		operationType: 'generate',
		models: ALL_MODELS,
		fields: GENERATION_FIELDS,
		required: ['customMode', 'instrumental', 'model', 'callBackUrl'],
		jobsRequired: ['custom_mode', 'instrumental', 'model'],
		check: (p, c) => customModeRules(p, c, { nonCustomPromptMax: 3000, titleMax: 80 }),
	},
	{
		kind: 'extend',
		path: '/api/v1/generate/extend',
		jobsModel: 'extend',
		operationType: 'extend',
		models: ALL_MODELS,
		fields: Object.assign({ audioId: 'id' }, EXTEND_FIELDS),
		required: ['audioId', 'defaultParamFlag', 'model', 'callBackUrl'],
		jobsRequired: ['audio_id', 'model'],
		// the jobs route has no defaultParamFlag: omitted fields are inherited (family ref §12)
		jobsOmit: ['defaultParamFlag'],
		check: customExtendRules,
	},
	{
		kind: 'upload-cover',
		path: '/api/v1/generate/upload-cover',
		jobsModel: 'upload-and-cover-audio',
		operationType: 'upload_cover',
		models: ALL_MODELS,
		fields: Object.assign({ uploadUrl: 'url' }, GENERATION_FIELDS, { duration: { type: 'number', integer: true, min: 10, max: 360 } }),
		required: ['uploadUrl', 'customMode', 'instrumental', 'model', 'callBackUrl'],
		jobsRequired: ['instrumental', 'model', 'upload_url'],
		check: (p, c) => customModeRules(p, c, { nonCustomPromptMax: 500, titleMax: titleMaxByModel(p.model) }),
	},
	{
		kind: 'upload-extend',
		path: '/api/v1/generate/upload-extend',
		jobsModel: 'upload-and-extend-audio',
		operationType: 'upload_extend',
		models: ALL_MODELS,
		fields: Object.assign({ uploadUrl: 'url' }, EXTEND_FIELDS),
		required: ['uploadUrl', 'defaultParamFlag', 'model', 'callBackUrl'],
		jobsRequired: ['model', 'upload_url'],
		check: customExtendRules,
	},
	{
		kind: 'add-vocals',
		path: '/api/v1/generate/add-vocals',
		jobsModel: 'add-vocals',
		operationType: 'add_vocals',
		models: ADD_MODELS,
		fields: Object.assign({ uploadUrl: 'url', prompt: 'string', title: 'string', negativeTags: 'string', style: 'string', callBackUrl: 'url', model: 'model', vocalGender: GENDER }, WEIGHTS),
		required: ['uploadUrl', 'prompt', 'title', 'negativeTags', 'style', 'callBackUrl'],
		// prompt is not required on the jobs route (BASE §10)
		jobsRequired: ['negative_tags', 'style', 'title', 'upload_url'],
	},
	{
		kind: 'add-instrumental',
		path: '/api/v1/generate/add-instrumental',
		jobsModel: 'add-instrumental',
		operationType: 'add_instrumental',
		models: ADD_MODELS,
		fields: Object.assign(
			{ uploadUrl: 'url', title: 'string', negativeTags: { type: 'string', max: 200 }, tags: { type: 'string', max: 1000 }, callBackUrl: 'url', model: 'model', vocalGender: GENDER },
			WEIGHTS,
		),
		required: ['uploadUrl', 'title', 'negativeTags', 'tags', 'callBackUrl'],
		jobsRequired: ['negative_tags', 'tags', 'title', 'upload_url'],
	},
	{
		kind: 'replace-section',
		path: '/api/v1/generate/replace-section',
		jobsModel: 'replace-section',
		operationType: 'replace_section',
		fields: {
			taskId: 'id',
			audioId: 'id',
			prompt: 'string',
			tags: 'string',
			title: 'string',
			infillStartS: { type: 'number', min: 0, decimals: true },
			infillEndS: { type: 'number', min: 0, decimals: true },
			negativeTags: 'string',
			fullLyrics: 'string',
			callBackUrl: 'url',
		},
		models: ALL_MODELS,
		// one [3P] reading of the jobs page has a model in one branch; the per-operation route has none
		jobsFields: { model: 'model' },
		required: ['taskId', 'audioId', 'prompt', 'tags', 'title', 'infillStartS', 'infillEndS', 'callBackUrl'],
		jobsRequired: ['full_lyrics', 'infill_end_s', 'infill_start_s', 'prompt', 'tags', 'title'],
		check: (p, c) => {
			if (c.sb.options.replaceSectionFullLyricsRequired) {
				const e = c.required('fullLyrics');
				if (e) return e;
			}
			if (!(p.infillEndS > p.infillStartS)) return c.fail(`${c.label('infillEndS')} must be greater than ${c.label('infillStartS')}`);
			if (p.infillEndS - p.infillStartS < 10) return c.fail('The replaced section must be at least 10 seconds long');
			const track = p.audioId && c.sb._findTrack(p.taskId, p.audioId);
			if (track && p.infillEndS - p.infillStartS > track.duration / 2) return c.fail('The replaced section must not be longer than 50% of the track');
			return null;
		},
	},
	{
		kind: 'mashup',
		path: '/api/v1/generate/mashup',
		jobsModel: 'mashup',
		operationType: 'mashup',
		models: ALL_MODELS,
		// no negativeTags, personaId or personaModel in Kie's mashup schema (family ref §4.6)
		fields: Object.assign(
			{ uploadUrlList: 'urlPair', customMode: 'boolean', instrumental: 'boolean', prompt: 'string', style: 'string', title: 'string', model: 'model', callBackUrl: 'url', vocalGender: GENDER },
			WEIGHTS,
			{ duration: { type: 'number', integer: true, min: 10, max: 360 } },
		),
		required: ['uploadUrlList', 'customMode', 'model', 'callBackUrl'],
		jobsRequired: ['model', 'style', 'title', 'upload_url_list'],
		check: (p, c) => customModeRules(p, c, { nonCustomPromptMax: 500, titleMax: 80 }),
	},
];

for (const op of OPERATIONS) op.family = 'music';

module.exports = { OPERATIONS, ALL_MODELS, ADD_MODELS };
