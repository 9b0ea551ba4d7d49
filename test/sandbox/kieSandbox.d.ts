/**
 * Kie SANDBOX: type declarations for the local TEST AND DEMO DOUBLE of Kie.ai's Suno API
 * (kieSandbox.js). It is not Kie; see the header of kieSandbox.js.
 */
import type { EventEmitter } from 'events';
import type { Readable, Writable } from 'stream';

export declare const BANNER: string;

export type FailureStatus = 'CREATE_TASK_FAILED' | 'GENERATE_AUDIO_FAILED' | 'CALLBACK_EXCEPTION' | 'SENSITIVE_WORD_ERROR';
export type TaskStatus = 'PENDING' | 'TEXT_SUCCESS' | 'FIRST_SUCCESS' | 'SUCCESS' | FailureStatus;
export type Stage = 'text' | 'first' | 'complete' | 'error';
export type TaskKind = 'add-vocals' | 'add-instrumental';

export declare const FAILURE_STATUSES: FailureStatus[];

export interface KieSandboxOptions {
	/** Loopback only ('127.0.0.1', 'localhost', '::1', 127.x.x.x). Default '127.0.0.1'. */
	host?: string;
	/** 0 = random free port (default). */
	port?: number;
	/** Base URL used in generated URLs (audio_url, downloadUrl, ...). Default: the listening URL. */
	publicUrl?: string;
	/** Accepted Bearer tokens. Default ['sandbox-key']. */
	apiKeys?: string[];
	/** When set, callbacks carry X-Webhook-Timestamp and X-Webhook-Signature = base64(HMAC-SHA256(task_id + "." + timestamp, hmacKey)). */
	hmacKey?: string;
	/** Creates (add-vocals + add-instrumental) per API key per sliding window. 'body' => HTTP 200 {code:429}; 'http' => HTTP 429 + Retry-After. Default {max:20, windowMs:10000, response:'body'}. */
	rateLimit?: { max?: number; windowMs?: number; response?: 'body' | 'http' };
	/** record-info calls per task per window (Kie: 3 per second). Default {max:3, windowMs:1000}. */
	recordInfoRateLimit?: { max?: number; windowMs?: number };
	/** Starting credits (default 1000). */
	credits?: number;
	/** Credits charged per created task (default 12). 402 when not enough. */
	creditsPerTask?: number;
	/** Delay of each stage after the previous one (cumulative). Default {text:100, first:100, complete:100}. */
	stageDelaysMs?: { text?: number; first?: number; complete?: number };
	/** Callback delivery: attempts = 1 + retries. Default {retries:3, retryDelayMs:200, timeoutMs:15000}. */
	callbacks?: { retries?: number; retryDelayMs?: number; timeoutMs?: number };
	/** Size of each generated mp3 (default 64 KiB); streamed, never held whole. */
	audioBytes?: number;
	/** Tracks per task (default 2). */
	tracksPerTask?: number;
	/** Unknown body fields => code 422 "unknown field: X" (default true). */
	strictFields?: boolean;
	/** GET a loopback uploadUrl before accepting a create; failure => code 451 (default true). Non-loopback URLs are never fetched. */
	fetchUploadUrl?: boolean;
	/** Timeout for fetching uploadUrl / fileUrl (default 30000). */
	fetchTimeoutMs?: number;
	/** createTime of tracks: epoch ms, "YYYY-MM-DD HH:mm:ss" (UTC), or alternate per task (1st ms, 2nd string, ...). Default 'alternate'. */
	createTimeFormat?: 'ms' | 'string' | 'alternate';
	/** Failure callback shape: 'kie' => {code:501,msg,data:{callbackType:'error',task_id,error}}; 'S' => {code:400,msg:'Generation failed',data:{callbackType:'error',task_id,data:null}}. Default 'kie'. */
	failureShape?: 'kie' | 'S';
	/** Missing required field: '422' => {code:422,msg:'<field> is required'} (default); '500' => {code:500,msg:'This field is required'} as [3P] observed. */
	missingFieldStyle?: '422' | '500';
	/** model_name of tracks (default 'chirp-v4-5'). */
	modelName?: string;
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

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON body, when JSON. Stream uploads: the text fields plus file: {fileName, contentType, bytes}. base64Data longer than 1024 chars is truncated. */
	body: any;
	bodyBytes: number;
	/** epoch ms */
	time: number;
}

export interface CallbackAttempt {
	taskId: string;
	stage: Stage;
	url: string;
	/** HTTP status of the receiver's answer, or an error string ("error: ...", "skipped: ...", "dropped (sandbox fault)"). */
	status: number | string;
	/** Headers sent (includes X-Webhook-Timestamp / X-Webhook-Signature when hmacKey is set). */
	headers: Record<string, string>;
	/** The JSON body sent (Kie's callback shape). */
	body: KieCallbackBody;
	/** 1-based attempt number; 0 = not sent (skipped non-loopback URL or dropped by a fault). */
	attempt: number;
	/** epoch ms when the attempt started */
	time: number;
	durationMs?: number;
	responseBody?: string;
}

export interface SnakeTrack {
	id: string;
	audio_url: string;
	source_audio_url: string;
	stream_audio_url: string;
	source_stream_audio_url: string;
	image_url: string;
	source_image_url: string;
	prompt: string;
	model_name: string;
	title: string;
	tags: string;
	createTime: number | string;
	duration: number;
}

export interface CamelTrack {
	id: string;
	audioUrl: string;
	streamAudioUrl: string;
	imageUrl: string;
	sourceAudioUrl: string;
	sourceStreamAudioUrl: string;
	sourceImageUrl: string;
	prompt: string;
	modelName: string;
	title: string;
	tags: string;
	createTime: number | string;
	duration: number;
}

export interface KieCallbackBody {
	code: number;
	msg: string;
	data: {
		callbackType: Stage;
		task_id: string;
		data?: SnakeTrack[] | null;
		error?: string;
	};
}

export interface TaskOutcome {
	status: FailureStatus;
	/** last successful stage before the error */
	after: 'create' | 'text' | 'first';
	shape: 'kie' | 'S';
	code: number;
	msg: string;
	error: string;
}

export interface SandboxTask {
	taskId: string;
	kind: TaskKind;
	operationType: 'add_vocals' | 'add_instrumental';
	body: any;
	apiKey: string;
	status: TaskStatus;
	createdAt: number;
	seq: number;
	createTimeFormat: 'ms' | 'string';
	/** stage -> epoch ms when reached */
	stages: Partial<Record<Stage, number>>;
	timeline: Array<{ stage: Stage; dueAt: number; reachedAt: number | null }>;
	/** All tracks (camelCase), including ones not yet visible. */
	tracks: CamelTrack[];
	/** How many tracks record-info / callbacks show now (0 at text, 1 at first, all at complete). */
	visibleTracks: number;
	outcome: TaskOutcome | null;
	callbackFaults: { drop: Stage[]; duplicate: number; order: 'normal' | 'reverse'; lateMs: number; signature: 'valid' | 'bad' | 'missing' | 'stale' };
	errorCode: number | null;
	errorMessage: string | null;
	/** When the uploadUrl was a loopback URL the sandbox fetched: what it got. */
	source: { url: string; status: number; bytes: number; sha256: string; contentType?: string } | null;
}

export interface RecordInfoData {
	taskId: string;
	parentMusicId: string;
	param: string;
	response: { taskId: string; sunoData: CamelTrack[] | null };
	status: TaskStatus;
	type: 'GENERATE';
	operationType: 'add_vocals' | 'add_instrumental';
	errorCode: number | null;
	errorMessage: string | null;
}

export interface UploadRecord {
	route: 'stream' | 'base64' | 'url';
	fileName: string;
	uploadPath: string;
	filePath: string;
	bytes: number;
	sha256: string;
	mimeType: string;
	downloadUrl: string;
	storage: 'memory' | 'disk';
	uploadedAt: string;
}

interface FaultCommon {
	/** Route path(s) to match; a trailing * matches a prefix; '*' any. Default: the two create routes. Ignored by callback/outcome faults. */
	path?: string | string[];
	method?: string;
	/** How many times it applies (default 1; -1, 'always' or Infinity = unlimited). */
	times?: number | 'always';
	/** Skip this many matching requests (or tasks) first. */
	afterCount?: number;
}

export type SandboxFault =
	| (FaultCommon & { type: 'code'; code: number; msg?: string; data?: unknown })
	| (FaultCommon & { type: 'http'; status: number; retryAfter?: number; msg?: string; body?: string | object; contentType?: string })
	| (FaultCommon & { type: 'delay'; ms: number })
	| (FaultCommon & { type: 'reset' })
	/** Create the task for real but withhold the answer; destroy the socket after ms (never, if no ms), or answer normally then if thenRespond. */
	| (FaultCommon & { type: 'acceptThenHang'; ms?: number; thenRespond?: boolean })
	| (FaultCommon & { type: 'acceptThenReset' })
	/** Applies to the next created task (or taskId). */
	| (FaultCommon & {
			type: 'callback';
			taskId?: string;
			drop?: Stage | Stage[];
			duplicate?: number;
			order?: 'reverse' | 'normal';
			lateMs?: number;
			/** HMAC headers: 'bad' (wrong key), 'missing', 'stale' (timestamp 1 h old). */
			signature?: 'valid' | 'bad' | 'missing' | 'stale';
	  })
	/** Applies to the next created task (or taskId). */
	| (FaultCommon & { type: 'outcome'; taskId?: string; status: FailureStatus | 'SUCCESS'; after?: 'create' | 'text' | 'first'; shape?: 'kie' | 'S'; code?: number; msg?: string; error?: string });

export type AddedFault = SandboxFault & { id: number; seen: number; applied: number };

export interface SandboxStats {
	requests: number;
	creates: number;
	createRejectedRate: number;
	createRejectedValidation: number;
	createRejectedCredits: number;
	createRejectedFetch: number;
	recordInfo: number;
	recordInfoRateViolations: number;
	callbackAttempts: number;
	callbacksDelivered: number;
	callbacksFailed: number;
	callbacksSkipped: number;
	uploads: number;
	uploadBytes: number;
	fileBytesServed: number;
	faultsApplied: number;
}

export declare class KieSandbox extends EventEmitter {
	constructor(options?: KieSandboxOptions);
	/** Current options (patched by configure). */
	options: Required<Omit<KieSandboxOptions, 'hmacKey' | 'publicUrl' | 'logger'>> & Pick<KieSandboxOptions, 'hmacKey' | 'publicUrl' | 'logger'>;
	/** e.g. 'http://127.0.0.1:PORT'; serves both the api.kie.ai routes and the upload host routes. */
	readonly url: string;
	port: number;
	/** Current remaining credits. */
	credits: number;
	requests: RecordedRequest[];
	callbacks: CallbackAttempt[];
	tasks: Map<string, SandboxTask>;
	uploads: UploadRecord[];
	faults: AddedFault[];
	stats: SandboxStats;
	listen(): Promise<this>;
	close(): Promise<void>;
	addFault(fault: SandboxFault): AddedFault;
	clearFaults(): void;
	/** Clears requests, callbacks, tasks, uploads, faults, rate windows, stats; restores credits. Keeps the configuration. */
	reset(): void;
	/** Patch options at runtime (nested objects merged); `credits` also sets the current balance. */
	configure(patch: Partial<KieSandboxOptions>): Record<string, unknown>;
	publicConfig(): Record<string, unknown>;
	/** Finish a task now: no outcome / 'SUCCESS' runs the remaining stages; a failure status ends it with that failure. */
	completeTask(taskId: string, outcome?: FailureStatus | 'SUCCESS' | Partial<TaskOutcome>): SandboxTask;
	/** What record-info returns as `data` for this task. */
	recordInfoData(task: SandboxTask): RecordInfoData;
	/** sha256 (hex) of /files/<taskId>/<n>.mp3 with the current audioBytes. */
	expectedAudioSha256(taskId: string, n: number): Promise<string>;
	waitFor<T>(predicate: (sb: KieSandbox) => T, timeoutMs?: number, label?: string): Promise<T>;
	/** Resolves once the task's status is one of `statuses` (default: SUCCESS or any failure). */
	waitForTask(taskId: string, statuses?: TaskStatus | TaskStatus[], timeoutMs?: number): Promise<SandboxTask>;
}

export declare function startKieSandbox(options?: KieSandboxOptions): Promise<KieSandbox>;

/** Deterministic mp3-like bytes (seed `${taskId}/${n}`), [start, end] inclusive. */
export declare function generatedAudioStream(seed: string, size: number, start?: number, end?: number): Readable;
export declare function generatedAudioSha256(taskId: string, n: number, size: number): Promise<string>;
export declare function isLoopbackHostname(hostname: string): boolean;
export declare class MultipartParser extends Writable {
	constructor(boundary: string, handlers: { onPart(headers: Record<string, string>, name: string, filename: string | undefined): { write(b: Buffer): unknown; end(): unknown } });
}
