/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/* Kie SANDBOX (local test double, not Kie): validation of the eight music creates on the per-operation route. */
import { useSandbox, addVocalsBody, addInstrumentalBody, generateBody, createTask, finishedMusic, CB } from '../testkit';

const kit = useSandbox();
const x = (n: number) => 'x'.repeat(n);
const ALL = 'V6, V6_MINI, V6_WILD, V5_5, V5, V4_5PLUS, V4_5ALL, V4_5, V4';
const U = 'https://example.com/a.mp3';
const custom = (over: Record<string, unknown> = {}) => generateBody({ customMode: true, instrumental: false, prompt: '[Verse] la', style: 'Pop', title: 'T', ...over });
const extend = (over: Record<string, unknown> = {}) => ({ defaultParamFlag: false, audioId: 'e231-unknown', model: 'V6', callBackUrl: CB, ...over });
const extendCustom = (over: Record<string, unknown> = {}) => extend({ defaultParamFlag: true, continueAt: 60, prompt: 'Extend', style: 'Classical', title: 'More', ...over });
const cover = (over: Record<string, unknown> = {}) => ({ uploadUrl: U, prompt: 'Reimagine as jazz', customMode: false, instrumental: false, model: 'V6', callBackUrl: CB, ...over });
const upExtend = (over: Record<string, unknown> = {}) => ({ uploadUrl: U, defaultParamFlag: false, instrumental: false, model: 'V6', callBackUrl: CB, ...over });
const replace = (over: Record<string, unknown> = {}) => ({ taskId: '2fac9f72', audioId: 'e231', prompt: 'A calm bridge', tags: 'Jazz', title: 'Relaxing Piano', infillStartS: 10.5, infillEndS: 24.75, callBackUrl: CB, ...over });
const mashup = (over: Record<string, unknown> = {}) => ({ uploadUrlList: [U, 'https://example.com/b.mp3'], customMode: false, prompt: 'Blend into dance', model: 'V6', callBackUrl: CB, ...over });

test.each([
	['generate minimal (Kie example)', '/api/v1/generate', generateBody()],
	['generate full (Kie example)', '/api/v1/generate', custom({ negativeTags: 'Heavy Metal', vocalGender: 'f', styleWeight: 0.65, weirdnessConstraint: 0.4, audioWeight: 0.65, personaId: 'persona_123', personaModel: 'style_persona', duration: 30 })],
	['generate custom instrumental without prompt', '/api/v1/generate', custom({ instrumental: true, prompt: undefined })],
	['generate V5 custom prompt of 5000', '/api/v1/generate', custom({ model: 'V5', prompt: x(5000), style: x(1000), title: x(80) })],
	['extend minimal (Kie example)', '/api/v1/generate/extend', extend()],
	['extend full (Kie example)', '/api/v1/generate/extend', extendCustom({ negativeTags: 'Heavy Metal', vocalGender: 'm', styleWeight: 0.65, weirdnessConstraint: 0.65, audioWeight: 0.65, personaId: 'persona_123' })],
	['extend custom instrumental without prompt', '/api/v1/generate/extend', extendCustom({ instrumental: true, prompt: undefined })],
	['upload-cover minimal', '/api/v1/generate/upload-cover', cover()],
	['upload-cover full', '/api/v1/generate/upload-cover', cover({ customMode: true, prompt: '[Verse]', style: 'Synthwave', title: x(100), model: 'V5', vocalGender: 'f', personaId: 'p', duration: 30 })],
	['upload-extend minimal', '/api/v1/generate/upload-extend', upExtend()],
	['upload-extend full', '/api/v1/generate/upload-extend', upExtend({ defaultParamFlag: true, continueAt: 60, prompt: 'Continue', style: 'Classical', title: 'More', negativeTags: 'x', vocalGender: 'm', styleWeight: 0.65 })],
	['add-vocals (Kie example)', '/api/v1/generate/add-vocals', addVocalsBody()],
	['add-vocals V6_WILD', '/api/v1/generate/add-vocals', addVocalsBody({ model: 'V6_WILD' })],
	['add-instrumental (Kie example)', '/api/v1/generate/add-instrumental', addInstrumentalBody({ model: 'V5_5', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 })],
	['replace-section minimal (Kie example)', '/api/v1/generate/replace-section', replace()],
	['replace-section full (Kie example)', '/api/v1/generate/replace-section', replace({ negativeTags: 'Rock', fullLyrics: '[Verse 1]\nOriginal' })],
	['mashup minimal (Kie example)', '/api/v1/generate/mashup', mashup()],
	['mashup full (Kie example)', '/api/v1/generate/mashup', mashup({ customMode: true, instrumental: false, prompt: '[Verse]', style: 'Jazz', title: 'Relaxing Piano', vocalGender: 'm', styleWeight: 0.61, weirdnessConstraint: 0.72, audioWeight: 0.65 })],
])('%s is accepted', async (_name, path, body) => {
	await createTask(kit, path, body);
});

test.each([
	['generate without callBackUrl', '/api/v1/generate', generateBody({ callBackUrl: undefined }), 'Please enter callBackUrl.'],
	['generate without customMode', '/api/v1/generate', generateBody({ customMode: undefined }), 'customMode is required'],
	['generate customMode not boolean', '/api/v1/generate', generateBody({ customMode: 'false' }), 'customMode must be a boolean'],
	['generate without model', '/api/v1/generate', generateBody({ model: undefined }), 'model is required'],
	['generate unknown model', '/api/v1/generate', generateBody({ model: 'V9' }), `model must be one of ${ALL}`],
	['generate unknown field', '/api/v1/generate', generateBody({ foo: 1 }), 'unknown field: foo'],
	['generate non-custom without prompt', '/api/v1/generate', generateBody({ prompt: '' }), 'prompt is required'],
	['generate non-custom prompt > 3000', '/api/v1/generate', generateBody({ prompt: x(3001) }), 'prompt must be at most 3000 characters'],
	['generate custom without style', '/api/v1/generate', custom({ style: undefined }), 'style is required'],
	['generate custom without title', '/api/v1/generate', custom({ title: undefined }), 'title is required'],
	['generate custom vocal without prompt', '/api/v1/generate', custom({ prompt: undefined }), 'prompt is required'],
	['generate V4 lyrics > 3000', '/api/v1/generate', custom({ model: 'V4', prompt: x(3001) }), 'prompt must be at most 3000 characters'],
	['generate V6 lyrics > 5000', '/api/v1/generate', custom({ prompt: x(5001) }), 'prompt must be at most 5000 characters'],
	['generate V4 style > 200', '/api/v1/generate', custom({ model: 'V4', style: x(201) }), 'style must be at most 200 characters'],
	['generate style > 1000', '/api/v1/generate', custom({ style: x(1001) }), 'style must be at most 1000 characters'],
	['generate title > 80', '/api/v1/generate', custom({ title: x(81) }), 'title must be at most 80 characters'],
	['generate duration < 10', '/api/v1/generate', custom({ duration: 5 }), 'duration must be between 10 and 360'],
	['generate bad personaModel', '/api/v1/generate', custom({ personaModel: 'x' }), 'personaModel must be one of style_persona, voice_persona'],
	['generate weight 3 decimals', '/api/v1/generate', custom({ styleWeight: 0.615 }), 'styleWeight must have at most 2 decimal places'],
	['extend without defaultParamFlag', '/api/v1/generate/extend', extend({ defaultParamFlag: undefined }), 'defaultParamFlag is required'],
	['extend custom without continueAt', '/api/v1/generate/extend', extendCustom({ continueAt: undefined }), 'continueAt is required'],
	['extend custom without style', '/api/v1/generate/extend', extendCustom({ style: undefined }), 'style is required'],
	['extend custom vocal without prompt', '/api/v1/generate/extend', extendCustom({ prompt: undefined }), 'prompt is required'],
	['extend continueAt 0', '/api/v1/generate/extend', extendCustom({ continueAt: 0 }), 'continueAt must be greater than 0'],
	['extend V4_5ALL title > 80', '/api/v1/generate/extend', extendCustom({ model: 'V4_5ALL', title: x(81) }), 'title must be at most 80 characters'],
	['extend V5 title > 100', '/api/v1/generate/extend', extendCustom({ model: 'V5', title: x(101) }), 'title must be at most 100 characters'],
	['extend has no customMode', '/api/v1/generate/extend', extend({ customMode: true }), 'unknown field: customMode'],
	['upload-cover without uploadUrl', '/api/v1/generate/upload-cover', cover({ uploadUrl: undefined }), 'uploadUrl is required'],
	['upload-cover non-custom prompt > 500', '/api/v1/generate/upload-cover', cover({ prompt: x(501) }), 'prompt must be at most 500 characters'],
	['upload-cover V4_5ALL title > 80', '/api/v1/generate/upload-cover', cover({ customMode: true, style: 'a', title: x(81), model: 'V4_5ALL' }), 'title must be at most 80 characters'],
	['upload-cover duration not an integer', '/api/v1/generate/upload-cover', cover({ duration: 10.5 }), 'duration must be an integer'],
	['upload-extend custom without title', '/api/v1/generate/upload-extend', upExtend({ defaultParamFlag: true, continueAt: 5, style: 's', prompt: 'p' }), 'title is required'],
	['upload-extend bad uploadUrl', '/api/v1/generate/upload-extend', upExtend({ uploadUrl: 'ftp://x/y' }), 'uploadUrl must be a valid http(s) URL'],
	['add-vocals missing style', '/api/v1/generate/add-vocals', addVocalsBody({ style: undefined }), 'style is required'],
	['add-vocals empty prompt', '/api/v1/generate/add-vocals', addVocalsBody({ prompt: '  ' }), 'prompt is required'],
	['add-vocals has no tags', '/api/v1/generate/add-vocals', addVocalsBody({ tags: 'x' }), 'unknown field: tags'],
	['add-vocals V4 is not an add model', '/api/v1/generate/add-vocals', addVocalsBody({ model: 'V4' }), 'model must be one of V6, V6_MINI, V6_WILD, V5_5, V5, V4_5PLUS'],
	['add-vocals bad gender', '/api/v1/generate/add-vocals', addVocalsBody({ vocalGender: 'x' }), 'vocalGender must be one of m, f'],
	['add-vocals weight out of range', '/api/v1/generate/add-vocals', addVocalsBody({ audioWeight: 1.2 }), 'audioWeight must be between 0 and 1'],
	['add-vocals bad url', '/api/v1/generate/add-vocals', addVocalsBody({ uploadUrl: 'ftp://x/y' }), 'uploadUrl must be a valid http(s) URL'],
	['add-vocals without callBackUrl', '/api/v1/generate/add-vocals', addVocalsBody({ callBackUrl: undefined }), 'Please enter callBackUrl.'],
	['add-instrumental negativeTags > 200', '/api/v1/generate/add-instrumental', addInstrumentalBody({ negativeTags: x(201) }), 'negativeTags must be at most 200 characters'],
	['add-instrumental tags > 1000', '/api/v1/generate/add-instrumental', addInstrumentalBody({ tags: x(1001) }), 'tags must be at most 1000 characters'],
	['add-instrumental has no prompt', '/api/v1/generate/add-instrumental', addInstrumentalBody({ prompt: 'x' }), 'unknown field: prompt'],
	['replace-section without audioId', '/api/v1/generate/replace-section', replace({ audioId: undefined }), 'audioId is required'],
	['replace-section has no model', '/api/v1/generate/replace-section', replace({ model: 'V6' }), 'unknown field: model'],
	['replace-section end before start', '/api/v1/generate/replace-section', replace({ infillStartS: 30, infillEndS: 20 }), 'infillEndS must be greater than infillStartS'],
	['replace-section window < 10 s', '/api/v1/generate/replace-section', replace({ infillStartS: 10, infillEndS: 19.99 }), 'The replaced section must be at least 10 seconds long'],
	['replace-section 3 decimals', '/api/v1/generate/replace-section', replace({ infillStartS: 1.125 }), 'infillStartS must have at most 2 decimal places'],
	['mashup with one URL', '/api/v1/generate/mashup', mashup({ uploadUrlList: [U] }), 'uploadUrlList must contain exactly 2 URLs'],
	['mashup with three URLs', '/api/v1/generate/mashup', mashup({ uploadUrlList: [U, U, U] }), 'uploadUrlList must contain exactly 2 URLs'],
	['mashup with a bad URL', '/api/v1/generate/mashup', mashup({ uploadUrlList: [U, 'nope'] }), 'uploadUrlList must contain valid http(s) URLs'],
	['mashup has no negativeTags', '/api/v1/generate/mashup', mashup({ negativeTags: 'x' }), 'unknown field: negativeTags'],
	['mashup non-custom prompt > 500', '/api/v1/generate/mashup', mashup({ prompt: x(501) }), 'prompt must be at most 500 characters'],
	['mashup custom without title', '/api/v1/generate/mashup', mashup({ customMode: true, style: 'Jazz' }), 'title is required'],
])('%s -> code 422', async (_name, path, body, msg) => {
	const r = await kit.post(path, body);
	expect(r.status).toBe(200);
	expect(r.json).toEqual({ code: 422, msg, data: null });
	expect(kit.sb.tasks.size).toBe(0);
	expect(kit.sb.stats.createRejectedValidation).toBe(1);
});

test('missingFieldStyle 500 mimics the observed {code:500,msg:"This field is required"}; callBackUrl keeps its own answer', async () => {
	kit.sb.configure({ missingFieldStyle: '500' });
	expect((await kit.post('/api/v1/generate/add-vocals', addVocalsBody({ title: undefined }))).json).toEqual({ code: 500, msg: 'This field is required', data: null });
	expect((await kit.post('/api/v1/generate', generateBody({ callBackUrl: undefined }))).json).toEqual({ code: 422, msg: 'Please enter callBackUrl.', data: null });
});

test('strictFields off accepts unknown fields', async () => {
	kit.sb.configure({ strictFields: false });
	await createTask(kit, '/api/v1/generate', generateBody({ foo: 1 }));
});

test('source-dependent rules: continueAt below the track, replaced section at most half the track; fullLyrics knob', async () => {
	const { taskId, audioIds } = await finishedMusic(kit);
	const over = await kit.post('/api/v1/generate/extend', extendCustom({ audioId: audioIds[0], continueAt: 198.44 }));
	expect(over.json).toEqual({ code: 422, msg: 'continueAt must be less than the duration of the source audio (198.44 s)', data: null });
	const half = await kit.post('/api/v1/generate/replace-section', replace({ taskId, audioId: audioIds[0], infillStartS: 0, infillEndS: 100 }));
	expect(half.json).toEqual({ code: 422, msg: 'The replaced section must not be longer than 50% of the track', data: null });
	await createTask(kit, '/api/v1/generate/replace-section', replace({ taskId, audioId: audioIds[0], infillStartS: 0, infillEndS: 99.22 }));
	kit.sb.configure({ replaceSectionFullLyricsRequired: true });
	expect((await kit.post('/api/v1/generate/replace-section', replace())).json).toEqual({ code: 422, msg: 'fullLyrics is required', data: null });
});

test('perOperationModels drifts the accepted models: discontinuedOnly rejects V6, lists and per-kind lists replace them', async () => {
	kit.sb.configure({ perOperationModels: 'discontinuedOnly' });
	expect((await kit.post('/api/v1/generate', generateBody())).json).toEqual({ code: 422, msg: 'model must be one of V5_5, V5, V4_5PLUS, V4_5ALL, V4_5, V4', data: null });
	expect((await kit.post('/api/v1/generate/add-vocals', addVocalsBody({ model: 'V6' }))).json.msg).toBe('model must be one of V5_5, V5, V4_5PLUS');
	expect((await kit.call('/api/v1/jobs/createTask', { model: 'ai-music-api/generate', input: { custom_mode: false, instrumental: true, model: 'V6', prompt: 'x' } })).code).toBe(200);
	kit.sb.configure({ perOperationModels: { 'add-vocals': ['V4_5PLUS'] } });
	expect((await kit.post('/api/v1/generate/add-vocals', addVocalsBody({ model: 'V5' }))).json.msg).toBe('model must be one of V4_5PLUS');
	await createTask(kit, '/api/v1/generate', generateBody());
	kit.sb.configure({ perOperationModels: ['V6'] });
	expect((await kit.post('/api/v1/generate', generateBody({ model: 'V5' }))).json.msg).toBe('model must be one of V6');
	kit.sb.configure({ perOperationModels: null } as never);
	await createTask(kit, '/api/v1/generate', generateBody({ model: 'V4' }));
});
