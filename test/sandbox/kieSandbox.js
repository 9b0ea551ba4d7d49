'use strict';
/*
 * =============================================================================
 *  Kie SANDBOX: a LOCAL TEST AND DEMO DOUBLE of Kie.ai's Suno API. THIS IS NOT KIE.
 * =============================================================================
 *
 * It imitates, on a loopback port, what Kie's docs describe (/work/shared/reference/kie-suno-api.md = BASE,
 * kie-suno-api-family.md = FAM) for the whole Suno family on both of Kie's routes, plus Kie's bad days, so
 * unit tests, `npm run dev`, end-to-end tests in a real n8n, benchmarks and fault suites run without a Kie
 * account or network. Where the docs are silent or disagree it makes a choice (listed below, and in the
 * module that makes it); it is no evidence of how the live API behaves. Loopback only: it binds to loopback
 * and every request it makes (callbacks, fetching a loopback uploadUrl / fileUrl) goes to loopback only.
 * Plain CommonJS, Node builtins only. All timers are unref'd and cleared on reset/close.
 *
 * Endpoints (one server plays api.kie.ai and kieai.redpandaai.co; Bearer auth, HTTP 200 + {code,msg,data}):
 *   GET  /api/v1/chat/credit
 *   per-operation route, camelCase bodies (routes/perOperation.js, families/*.js):
 *     music      POST /api/v1/generate, /generate/extend, /generate/upload-cover, /generate/upload-extend,
 *                     /generate/add-vocals, /generate/add-instrumental, /generate/replace-section, /generate/mashup
 *                GET  /api/v1/generate/record-info
 *     lyrics     POST /api/v1/lyrics                       GET /api/v1/lyrics/record-info
 *     wav        POST /api/v1/wav/generate                 GET /api/v1/wav/record-info
 *     stems      POST /api/v1/vocal-removal/generate       GET /api/v1/vocal-removal/record-info
 *     midi       POST /api/v1/midi/generate                GET /api/v1/midi/record-info
 *     video      POST /api/v1/mp4/generate                 GET /api/v1/mp4/record-info
 *     coverImage POST /api/v1/suno/cover/generate          GET /api/v1/suno/cover/record-info
 *     sync       POST /api/v1/generate/get-timestamped-lyrics, /api/v1/style/generate, /api/v1/generate/generate-persona
 *   jobs route (routes/jobs.js): POST /api/v1/jobs/createTask {model:'ai-music-api/<name>', callBackUrl?, input},
 *                                GET  /api/v1/jobs/recordInfo?taskId=
 *   uploads (uploads.js): POST /api/file-stream-upload | /api/file-base64-upload | /api/file-url-upload; GET /uploads/...
 *   files (files.js): GET /files/<taskId>/<name>, /source/<taskId>/<n>.mp3|.jpeg, /stream/<taskId>/<n>,
 *                     /special/big.<ext>, /special/slow.<ext>, /special/nolength.<ext>, /redirect?to=
 *   control, no auth (control.js): /__sandbox/...
 *
 * Knobs for Kie's bad days: request faults, task faults (callback, outcome, drift, resultUrls) in faults.js;
 * outage windows in outages.js; drifted answers in drift.js; per-account create limit shared by both routes
 * and 3 details reads/s per task in rateLimit.js; [sandbox:STATUS] title markers in tasks.js.
 *
 * Choices where Kie's docs are silent or disagree (details in the module named):
 *   - validation messages are the sandbox's words, except "Please enter callBackUrl." (validate.js);
 *     V6* limits = V5_5's; add-vocals/add-instrumental take V6* + V5_5/V5/V4_5PLUS (families/musicOperations.js)
 *   - extend / replace-section of an unknown track, or extend with another model, are accepted and fail later
 *     (knob sourceChecks); a failing loopback uploadUrl is 451 at submit (knob uploadUrlFailure 'later')
 *   - a source task that is not finished yet: 422 "The source task is not completed yet" (families/common.js)
 *   - every music track carries source_* URLs; modelName is options.modelName; duration options.trackDurationS
 *   - non-music tasks have one stage; their failure callbacks keep the result key as null (knob familyFailureShape)
 *   - pending details: music/lyrics response {taskId, list: null}, other families response null / midiData null
 *   - a task is readable only on its own route and its own family's details path (others: data null / 422)
 *   - jobs: state waiting/queuing/generating by elapsed time; resultJson for stems/midi/coverImage has no public
 *     evidence (knob jobsResultShapes); callbacks terminal-only in the BASE §10 shape (knob jobsCallbackShape)
 *   - sync calls are not counted in the create rate window; nothing is refunded on failure
 *   - the MP4 file has ftyp + mdat only (no moov); MIDI notes are JSON, the node writes the .mid
 */

const { KieSandbox, startKieSandbox } = require('./server');
const { BANNER } = require('./util');
const { isLoopbackHostname } = require('./loopback');
const { MultipartParser } = require('./multipart');
const gen = require('./generators');
const { FAMILIES, OPERATIONS } = require('./families');
const { V6_MODELS, LEGACY_MODELS } = require('./validate');
const { STEM_NAMES } = require('./families/stemNames');

const FAILURE_STATUSES = FAMILIES.music.failureStatuses.slice();

module.exports = {
	startKieSandbox,
	KieSandbox,
	BANNER,
	FAILURE_STATUSES,
	FAMILY_NAMES: Object.keys(FAMILIES),
	OPERATIONS: OPERATIONS.map((op) => ({ kind: op.kind, family: op.family, path: op.path, jobsModel: `ai-music-api/${op.jobsModel}`, detailsPath: FAMILIES[op.family].detailsPath })),
	V6_MODELS,
	LEGACY_MODELS,
	STEM_NAMES,
	generatedAudioStream: gen.generatedAudioStream,
	generatedAudioSha256: gen.generatedAudioSha256,
	generatedWavStream: gen.generatedWavStream,
	generatedMp4Stream: gen.generatedMp4Stream,
	generatedPngBytes: gen.generatedPngBytes,
	generatedJpegBytes: gen.generatedJpegBytes,
	isLoopbackHostname,
	MultipartParser,
};
