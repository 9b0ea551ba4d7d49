'use strict';
/* Default options of the Kie SANDBOX (local test double, not Kie). kieSandbox.d.ts documents each one. */

const DEFAULTS = {
	host: '127.0.0.1',
	port: 0,
	publicUrl: undefined, // base used in generated URLs; defaults to the listening URL
	apiKeys: ['sandbox-key'],
	hmacKey: undefined,
	rateLimit: { max: 20, windowMs: 10000, response: 'body' },
	recordInfoRateLimit: { max: 3, windowMs: 1000 },
	credits: 1000,
	creditsPerTask: 12, // music tasks
	familyCredits: { lyrics: 0.4, wav: 0.4, stems: 10, stemsSplit: 50, midi: 0, video: 2, coverImage: 0, boostStyle: 0.4 },
	stageDelaysMs: { text: 100, first: 100, complete: 100 },
	familyDelaysMs: {}, // per non-music family; default: the music total
	callbacks: { retries: 3, retryDelayMs: 200, timeoutMs: 15000 },
	audioBytes: 64 * 1024,
	stemBytes: 32 * 1024,
	wavBytes: 64 * 1024,
	videoBytes: 64 * 1024,
	tracksPerTask: 2,
	trackDurationS: 198.44,
	lyricsVariants: 2,
	coverImagesPerTask: 2,
	strictFields: true,
	perOperationModels: undefined, // string[] | {<kind>: string[]} | 'discontinuedOnly' | 'v6Only'
	jobsModels: undefined, // same forms, for input.model on the jobs route
	sourceChecks: true, // extend / replace-section of an unknown track (or another model) fail later
	replaceSectionFullLyricsRequired: false,
	fetchUploadUrl: true,
	uploadUrlFailure: '451', // '451' at submit | 'later' (accepted, then the task fails)
	fetchTimeoutMs: 30000,
	createTimeFormat: 'alternate', // 'ms' | 'string' | 'alternate' (1st task ms, 2nd string, ...)
	failureShape: 'kie', // music failure callback: 'kie' {code:501,...,data:{callbackType:'error',task_id,error}} | 'S' {code:400,...,data:null}
	familyFailureShape: 'keyNull', // non-music failure callbacks keep their result key as null | 'keyAbsent'
	missingFieldStyle: '422', // '422' {code:422,msg:'<field> is required'} | '500' {code:500,msg:'This field is required'}
	modelName: 'chirp-v4-5',
	lyricsDetailsKey: 'lyricsData', // | 'data'
	lyricsCallbackTaskIdKey: 'task_id', // | 'taskId'
	wavStatusKey: 'successFlag', // | 'status'
	wavCallbackKey: 'audioWavUrl', // | 'audio_wav_url'
	stemsCallbackKey: 'vocal_separation_info', // | 'vocal_removal_info'
	midiCallbackTaskId: 'top', // | 'data'
	midiStringNumbers: 'callback', // | 'none' | 'both'
	midiEmptyForSplitStem: false,
	coverRepeat: '400', // | '409'
	timestampedLyricsCasing: 'camel', // | 'snake'
	boostStyleShape: 'live', // | 'docs'
	jobsCallbackShape: 'minimal', // | 'recordInfo' | 'perOperation'
	jobsResultShapes: { stems: 'resultObject', midi: 'resultObject', coverImage: 'resultUrls' },
	jobsSeparateVocals: 'union', // | 'registry'
	uploadMemoryLimitBytes: 5 * 1024 * 1024, // bigger uploads are kept in a temp file (deleted on close/reset)
	maxUploadBytes: 1024 * 1024 * 1024,
	maxJsonBytes: 200 * 1024 * 1024,
	maxRecordedRequests: 10000,
	maxRecordedCallbacks: 10000,
	logger: undefined, // optional function(line) for a request log (the CLI uses console.log)
};

function emptyRouteStats() {
	return { creates: 0, createRejectedRate: 0, createRejectedValidation: 0, createRejectedRecord: 0, createRejectedCredits: 0, createRejectedFetch: 0, detailsReads: 0, detailsRateViolations: 0, syncCalls: 0 };
}

function emptyStats() {
	return {
		requests: 0,
		creates: 0,
		createRejectedRate: 0,
		createRejectedValidation: 0,
		createRejectedRecord: 0,
		createRejectedCredits: 0,
		createRejectedFetch: 0,
		recordInfo: 0,
		recordInfoRateViolations: 0,
		syncCalls: 0,
		callbackAttempts: 0,
		callbacksDelivered: 0,
		callbacksFailed: 0,
		callbacksSkipped: 0,
		uploads: 0,
		uploadBytes: 0,
		fileBytesServed: 0,
		faultsApplied: 0,
		outageHits: 0,
		routes: { perOperation: emptyRouteStats(), jobs: emptyRouteStats() },
		families: { music: 0, lyrics: 0, wav: 0, stems: 0, midi: 0, video: 0, coverImage: 0 },
	};
}

module.exports = { DEFAULTS, emptyStats };
