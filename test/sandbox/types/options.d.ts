/** Kie SANDBOX (local test double, not Kie): names and options. */
export type FamilyName = 'music' | 'lyrics' | 'wav' | 'stems' | 'midi' | 'video' | 'coverImage';
export type RouteName = 'perOperation' | 'jobs';
export type FailureStatus = 'CREATE_TASK_FAILED' | 'GENERATE_AUDIO_FAILED' | 'CALLBACK_EXCEPTION' | 'SENSITIVE_WORD_ERROR';
export type FamilyFailureStatus = FailureStatus | 'GENERATE_LYRICS_FAILED' | 'GENERATE_WAV_FAILED' | 'GENERATE_MP4_FAILED' | 'GENERATE_MIDI_FAILED' | 'GENERATE_COVER_FAILED';
/** Known words, or any word / number an 'outcome' fault forced (e.g. 'DONE'). */
export type TaskStatus = 'PENDING' | 'TEXT_SUCCESS' | 'FIRST_SUCCESS' | 'SUCCESS' | FamilyFailureStatus | (string & {});
/** Music: text | first | complete | error; the other families: complete | error. */
export type Stage = 'text' | 'first' | 'complete' | 'error';
export type MusicKind = 'generate' | 'extend' | 'upload-cover' | 'upload-extend' | 'add-vocals' | 'add-instrumental' | 'replace-section' | 'mashup';
export type TaskKind = MusicKind | 'lyrics' | 'wav' | 'vocal-removal' | 'midi' | 'mp4' | 'cover';
export type Casing = 'upper' | 'lower' | 'capitalized';

/** A model-list knob: a list for every operation, per operation kind, or the operation's own list filtered. */
export type ModelsKnob = string[] | Partial<Record<TaskKind, string[]>> | 'discontinuedOnly' | 'v6Only';

export interface KieSandboxOptions {
	/** Loopback only ('127.0.0.1', 'localhost', '::1', 127.x.x.x). Default '127.0.0.1'. */
	host?: string;
	/** 0 = random free port (default). */
	port?: number;
	/** Base URL used in generated URLs (audio_url, downloadUrl, ...). Default: the listening URL. */
	publicUrl?: string;
	/** Accepted Bearer tokens. Default ['sandbox-key']. */
	apiKeys?: string[];
	/** When set, callbacks carry X-Webhook-Timestamp and X-Webhook-Signature = base64(HMAC-SHA256(taskId + "." + timestamp, hmacKey)). */
	hmacKey?: string;
	/** Async creates per API key per sliding window, BOTH routes together. 'body' => HTTP 200 {code:429}; 'http' => HTTP 429 + Retry-After. Default {max:20, windowMs:10000, response:'body'}. */
	rateLimit?: { max?: number; windowMs?: number; response?: 'body' | 'http' };
	/** Details reads (any details path, both routes) per task per window (Kie: 3 per second). Default {max:3, windowMs:1000}. */
	recordInfoRateLimit?: { max?: number; windowMs?: number };
	/** Starting credits (default 1000). */
	credits?: number;
	/** Credits charged per music task (default 12). 402 when not enough. */
	creditsPerTask?: number;
	/** Credits of the other families and of boost style. Default {lyrics:0.4, wav:0.4, stems:10, stemsSplit:50, midi:0, video:2, coverImage:0, boostStyle:0.4}. */
	familyCredits?: { lyrics?: number; wav?: number; stems?: number; stemsSplit?: number; midi?: number; video?: number; coverImage?: number; boostStyle?: number };
	/** Music: delay of each stage after the previous one (cumulative). Default {text:100, first:100, complete:100}. */
	stageDelaysMs?: { text?: number; first?: number; complete?: number };
	/** Non-music families: ms from creation to their one stage. Default: the music total. */
	familyDelaysMs?: Partial<Record<Exclude<FamilyName, 'music'>, number>>;
	/** Callback delivery: attempts = 1 + retries. Default {retries:3, retryDelayMs:200, timeoutMs:15000}. */
	callbacks?: { retries?: number; retryDelayMs?: number; timeoutMs?: number };
	/** Size of each generated mp3 (default 64 KiB); streamed, never held whole. */
	audioBytes?: number;
	/** Size of each stem mp3 (default 32 KiB). */
	stemBytes?: number;
	/** PCM bytes of a generated WAV (default 64 KiB; +44 header bytes). */
	wavBytes?: number;
	/** Size of a generated MP4 (default 64 KiB). */
	videoBytes?: number;
	/** Tracks per music task (default 2). */
	tracksPerTask?: number;
	/** `duration` of every track, seconds (default 198.44, Kie's example). Also the stems' duration and the replace-section / continueAt bound. */
	trackDurationS?: number;
	/** Lyrics variants per task (default 2). */
	lyricsVariants?: number;
	/** Images per cover task (default 2). */
	coverImagesPerTask?: number;
	/** Unknown body / input fields => code 422 "unknown field: X" (default true). */
	strictFields?: boolean;
	/** Drift the per-operation route's accepted models (e.g. 'discontinuedOnly' rejects V6* with 422). Default: each operation's list. */
	perOperationModels?: ModelsKnob;
	/** Same for input.model on the jobs route. */
	jobsModels?: ModelsKnob;
	/** Extend / replace-section of an unknown track, or extend with another model than the source's, are accepted and then fail (default true). */
	sourceChecks?: boolean;
	/** Replace-section without fullLyrics => 422, as the newest CAT schema says (default false). */
	replaceSectionFullLyricsRequired?: boolean;
	/** GET a loopback uploadUrl / uploadUrlList before accepting a create (default true). Non-loopback URLs are never fetched. */
	fetchUploadUrl?: boolean;
	/** When that fetch fails: '451' at submit (default) or 'later' (accepted, then the task fails with code 451). */
	uploadUrlFailure?: '451' | 'later';
	/** Timeout for fetching uploadUrl / fileUrl (default 30000). */
	fetchTimeoutMs?: number;
	/** createTime of tracks: epoch ms, "YYYY-MM-DD HH:mm:ss" (UTC), or alternate per task (1st ms, 2nd string, ...). Default 'alternate'. */
	createTimeFormat?: 'ms' | 'string' | 'alternate';
	/** Music failure callback: 'kie' => {code:501,msg,data:{callbackType:'error',task_id,error}}; 'S' => {code:400,msg:'Generation failed',data:{callbackType:'error',task_id,data:null}}. Default 'kie'. */
	failureShape?: 'kie' | 'S';
	/** Non-music failure callbacks keep their result key as null ('keyNull', default) or drop it ('keyAbsent'). */
	familyFailureShape?: 'keyNull' | 'keyAbsent';
	/** Missing required field: '422' => {code:422,msg:'<field> is required'} (default); '500' => {code:500,msg:'This field is required'} as [3P] observed. A missing callBackUrl is always {code:422,msg:'Please enter callBackUrl.'}. */
	missingFieldStyle?: '422' | '500';
	/** model_name of tracks (default 'chirp-v4-5'). */
	modelName?: string;
	/** Lyrics details list key: 'lyricsData' (default, docs.kie.ai EN) or 'data' (CN). */
	lyricsDetailsKey?: 'lyricsData' | 'data';
	/** Lyrics callback task id key: 'task_id' (default, [K]) or 'taskId' ([S]). */
	lyricsCallbackTaskIdKey?: 'task_id' | 'taskId';
	/** WAV details status key: 'successFlag' (default) or 'status' (docs.kie.ai/cn). */
	wavStatusKey?: 'successFlag' | 'status';
	/** WAV callback URL key: 'audioWavUrl' (default) or 'audio_wav_url' (dog-test CN). */
	wavCallbackKey?: 'audioWavUrl' | 'audio_wav_url';
	/** Stems callback key: 'vocal_separation_info' (default, EN) or 'vocal_removal_info' (CN, [S]). */
	stemsCallbackKey?: 'vocal_separation_info' | 'vocal_removal_info';
	/** MIDI callback task id: top-level `task_id` ('top', default, [K]) or `data.taskId` ('data', [3P]). */
	midiCallbackTaskId?: 'top' | 'data';
	/** Which MIDI answers carry every other note's start/end as strings (default 'callback', like Kie's example). */
	midiStringNumbers?: 'none' | 'callback' | 'both';
	/** MIDI of a split_stem source has no instruments (Kie: "may be empty"). Default false. */
	midiEmptyForSplitStem?: boolean;
	/** A second cover of one music task: '400' {code:400, data:{taskId}} (default, EN) or '409' {code:409,"Cover record already exists", data:{taskId}}. */
	coverRepeat?: '400' | '409';
	/** Timestamped lyrics keys: 'camel' startS/endS/palign (default) or 'snake' start_s/end_s/p_align. */
	timestampedLyricsCasing?: 'camel' | 'snake';
	/** Boost style answer: 'live' (errorMsg, epoch-ms createTime; default) or 'docs' (errorMessage, string createTime). */
	boostStyleShape?: 'live' | 'docs';
	/** Jobs-route callbacks: 'minimal' {taskId,code,msg,data:{task_id,callbackType}} (default, BASE §10), 'recordInfo' {code,msg,data:<recordInfo>}, 'perOperation' (the family's per-operation body, every stage). */
	jobsCallbackShape?: 'minimal' | 'recordInfo' | 'perOperation';
	/** resultJson of the families with no public jobs evidence. Default {stems:'resultObject', midi:'resultObject', coverImage:'resultUrls'}. */
	jobsResultShapes?: { stems?: 'resultObject' | 'resultUrls'; midi?: 'resultObject' | 'midiData'; coverImage?: 'resultUrls' | 'images' };
	/** separate-vocals input on jobs: 'union' ({task_id,audio_id} or {audio_url}; stem_name for advanced only; default) or 'registry' (stem_name always required). */
	jobsSeparateVocals?: 'union' | 'registry';
	/** Uploads above this size are kept in a temp file under os.tmpdir() (default 5 MiB); removed on reset/close. */
	uploadMemoryLimitBytes?: number;
	/** Larger uploads get {success:false, code:413}. Default 1 GiB. */
	maxUploadBytes?: number;
	/** Larger JSON bodies are not parsed. Default 200 MiB. */
	maxJsonBytes?: number;
	/** Oldest entries are dropped beyond these (default 10000 each). */
	maxRecordedRequests?: number;
	maxRecordedCallbacks?: number;
	/** Optional request log, e.g. console.log. */
	logger?: (line: string) => void;
}

