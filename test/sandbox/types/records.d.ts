/* eslint-disable @typescript-eslint/no-explicit-any -- recorded JSON bodies of a plain-JS test double are untyped */
/** Kie SANDBOX (local test double, not Kie): what it records: requests, callbacks, tasks, details, uploads, stats. */
import type { Casing, FamilyName, RouteName, Stage, TaskKind, TaskStatus } from './options';

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
	url: string | null;
	/** HTTP status of the receiver's answer, or an error string ("error: ...", "skipped: ...", "dropped (sandbox fault)"). */
	status: number | string;
	/** Headers sent (includes X-Webhook-Timestamp / X-Webhook-Signature when hmacKey is set). */
	headers: Record<string, string>;
	/** The JSON body sent: KieCallbackBody for music on the per-operation route, the family's / jobs shape otherwise. */
	body: any;
	/** 1-based attempt number; 0 = not sent (skipped: non-loopback or no URL; or dropped by a fault). */
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

/** The music callback (per-operation route). */
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
	status: TaskStatus | number;
	/** 'error': ends in the error stage; 'complete': runs to its end (SUCCESS or a forced non-failure word). */
	final: 'complete' | 'error';
	/** last successful stage before the error (failures only; non-music: 'create') */
	after?: 'create' | 'text' | 'first';
	shape: 'kie' | 'S';
	code: number;
	msg: string;
	error: string;
	/** results shown in details at the end */
	tracks: boolean;
	/** terminal callback sent */
	callback: 'complete' | 'error' | 'none';
	jobsState?: string;
	failCode?: string | number;
	failMsg?: string;
}

export interface DriftOptions {
	numbersAsStrings?: boolean | 'all';
	extraFields?: boolean | Record<string, unknown>;
	nullEntries?: boolean;
	callbackTypeCase?: Casing;
	statusCase?: Casing;
	successFlagType?: 'int' | 'string';
}

export interface SandboxTask {
	taskId: string;
	kind: TaskKind;
	family: FamilyName;
	route: RouteName;
	operationType: string;
	/** 'ai-music-api/<name>' on the jobs route, else null. */
	jobsModel: string | null;
	model: string | null;
	/** The body as received (jobs: {model, callBackUrl, input}). */
	body: any;
	/** camelCase parameters (jobs input converted). */
	params: Record<string, any>;
	callBackUrl: string | null;
	apiKey: string;
	cost: number;
	status: TaskStatus;
	createdAt: number;
	completedAt: number | null;
	finished: boolean;
	seq: number;
	createTimeFormat: 'ms' | 'string';
	/** stage -> epoch ms when reached */
	stages: Partial<Record<Stage, number>>;
	timeline: Array<{ stage: Stage; dueAt: number; reachedAt: number | null }>;
	/** Music: all tracks (camelCase), including ones not yet visible. Other families: []. */
	tracks: CamelTrack[];
	/** How many tracks details / callbacks show now (0 at text, 1 at first, all at complete). */
	visibleTracks: number;
	/** Non-music results: lyrics {variants}, wav {wavUrl}, stems {type, stems[{name,id,url,...}]}, midi {instruments, noteCount}, video {videoUrl}, coverImage {images}. */
	result: any;
	resultVisible: boolean;
	outcome: TaskOutcome | null;
	callbackFaults: { drop: Stage[]; duplicate: number; order: 'normal' | 'reverse'; lateMs: number; signature: 'valid' | 'bad' | 'missing' | 'stale' };
	drift: { callback: DriftOptions; details: DriftOptions } | null;
	/** URLs a resultUrls fault put in place of the sandbox's files. */
	resultUrls: string[] | null;
	errorCode: number | null;
	errorMessage: string | null;
	/** Fetched loopback uploadUrl ({url, status, bytes, sha256, contentType, all?}) or the source record of a derived task ({taskId, audioId, musicIndex, ...}). */
	source: any;
}

export interface RecordInfoData {
	taskId: string;
	parentMusicId: string;
	param: string;
	response: { taskId: string; sunoData: CamelTrack[] | null };
	status: TaskStatus;
	type: 'GENERATE';
	operationType: string;
	errorCode: number | null;
	errorMessage: string | null;
}

export interface JobsRecordInfoData {
	taskId: string;
	model: string;
	state: 'waiting' | 'queuing' | 'generating' | 'success' | 'fail' | (string & {});
	param: string;
	resultJson: string;
	failCode: string;
	failMsg: string;
	creditsConsumed: number | null;
	costTime: number | null;
	createTime: number;
	updateTime: number;
	completeTime: number | null;
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

export interface RouteStats {
	creates: number;
	createRejectedRate: number;
	createRejectedValidation: number;
	createRejectedRecord: number;
	createRejectedCredits: number;
	createRejectedFetch: number;
	detailsReads: number;
	detailsRateViolations: number;
	syncCalls: number;
}

export interface SandboxStats {
	requests: number;
	creates: number;
	createRejectedRate: number;
	createRejectedValidation: number;
	/** 422 "Record does not exist", 409 / 400 repeats */
	createRejectedRecord: number;
	createRejectedCredits: number;
	createRejectedFetch: number;
	/** details reads, every details path on both routes */
	recordInfo: number;
	recordInfoRateViolations: number;
	syncCalls: number;
	callbackAttempts: number;
	callbacksDelivered: number;
	callbacksFailed: number;
	callbacksSkipped: number;
	uploads: number;
	uploadBytes: number;
	fileBytesServed: number;
	faultsApplied: number;
	outageHits: number;
	routes: Record<RouteName, RouteStats>;
	/** creates per family */
	families: Record<FamilyName, number>;
}

