/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any -- types of a plain-JS test double: recorded JSON bodies are untyped */
/**
 * Kie SANDBOX: type declarations for the local TEST AND DEMO DOUBLE of Kie.ai's Suno API
 * (kieSandbox.js and its modules). It is not Kie; see the header of kieSandbox.js.
 */
import type { EventEmitter } from 'events';
import type { Readable, Writable } from 'stream';

export declare const BANNER: string;

export * from './types/options';
export * from './types/records';
export * from './types/faults';
import type { FailureStatus, FamilyName, KieSandboxOptions, TaskKind, TaskStatus } from './types/options';
import type { CallbackAttempt, DriftOptions, RecordedRequest, SandboxStats, SandboxTask, TaskOutcome, UploadRecord } from './types/records';
import type { AddedFault, Outage, OutageSpec, SandboxFault } from './types/faults';

export declare const FAILURE_STATUSES: FailureStatus[];
export declare const FAMILY_NAMES: FamilyName[];
/** Every async create: its kind, family, per-operation path, jobs model and details path. */
export declare const OPERATIONS: Array<{ kind: TaskKind; family: FamilyName; path: string; jobsModel: string; detailsPath: string }>;
export declare const V6_MODELS: string[];
export declare const LEGACY_MODELS: string[];
/** The 98 stemName values of split_stem_advanced. */
export declare const STEM_NAMES: string[];

export declare class KieSandbox extends EventEmitter {
	constructor(options?: KieSandboxOptions);
	/** Current options (patched by configure). */
	options: Required<Omit<KieSandboxOptions, 'hmacKey' | 'publicUrl' | 'logger' | 'perOperationModels' | 'jobsModels'>> &
		Pick<KieSandboxOptions, 'hmacKey' | 'publicUrl' | 'logger' | 'perOperationModels' | 'jobsModels'>;
	/** e.g. 'http://127.0.0.1:PORT'; serves the api.kie.ai routes, the upload host routes and the files. */
	readonly url: string;
	port: number;
	/** Current remaining credits. */
	credits: number;
	requests: RecordedRequest[];
	callbacks: CallbackAttempt[];
	tasks: Map<string, SandboxTask>;
	uploads: UploadRecord[];
	faults: AddedFault[];
	outages: Outage[];
	stats: SandboxStats;
	listen(): Promise<this>;
	close(): Promise<void>;
	addFault(fault: SandboxFault): AddedFault;
	clearFaults(): void;
	/** A window (relative to now, bounded to 10 min) in which matching requests fail in `mode` and are not processed. */
	addOutage(spec: OutageSpec): Outage;
	clearOutages(): void;
	/** Clears requests, callbacks, tasks, uploads, faults, outages, rate windows, stats; restores credits. Keeps the configuration. */
	reset(): void;
	/** Patch options at runtime (nested objects merged); `credits` also sets the current balance; null unsets an optional knob. */
	configure(patch: Partial<KieSandboxOptions> | Record<string, unknown>): Record<string, unknown>;
	publicConfig(): Record<string, unknown>;
	/** Finish a task now: no outcome / 'SUCCESS' runs the remaining stages; anything else ends it with that outcome. */
	completeTask(taskId: string, outcome?: TaskStatus | number | Partial<TaskOutcome> | (DriftOptions & Record<string, unknown>)): SandboxTask;
	/** Change how a running task ends, keeping its timing (throws once it has finished). Accepts the outcome fault's fields. */
	forceOutcome(taskId: string, outcome: TaskStatus | number | (Partial<TaskOutcome> & DriftOptions & { where?: 'callback' | 'details' | 'both' })): SandboxTask;
	/** What the task's own details endpoint returns as `data` now: RecordInfoData (music), the family's shape, or JobsRecordInfoData. */
	recordInfoData(task: SandboxTask): any;
	publicTask(task: SandboxTask): SandboxTask & { recordInfo: any };
	/** sha256 (hex) of /files/<taskId>/<n>.mp3 with the current audioBytes. */
	expectedAudioSha256(taskId: string, n: number): Promise<string>;
	/** sha256 (hex) of the body the sandbox serves at a URL (generated, uploaded or special file); rejects for anything else. */
	fileSha256(url: string): Promise<string>;
	fileInfo(url: string): Promise<{ sha256: string; bytes: number; contentType: string }>;
	waitFor<T>(predicate: (sb: KieSandbox) => T, timeoutMs?: number, label?: string): Promise<T>;
	/** Resolves once the task's status is one of `statuses` (default: once it has finished, whatever the outcome). */
	waitForTask(taskId: string, statuses?: TaskStatus | TaskStatus[], timeoutMs?: number): Promise<SandboxTask>;
}

export declare function startKieSandbox(options?: KieSandboxOptions): Promise<KieSandbox>;

/** Deterministic mp3-like bytes (seed `${taskId}/${n}`), [start, end] inclusive. */
export declare function generatedAudioStream(seed: string, size: number, start?: number, end?: number): Readable;
export declare function generatedAudioSha256(taskId: string, n: number, size: number): Promise<string>;
/** A RIFF/WAVE file of `size` bytes (header + PCM). */
export declare function generatedWavStream(seed: string, size: number, start?: number, end?: number): Readable;
/** An MP4 (ftyp + mdat) of `size` bytes. */
export declare function generatedMp4Stream(seed: string, size: number, start?: number, end?: number): Readable;
export declare function generatedPngBytes(seed: string): Buffer;
export declare function generatedJpegBytes(seed: string): Buffer;
export declare function isLoopbackHostname(hostname: string): boolean;
export declare class MultipartParser extends Writable {
	constructor(boundary: string, handlers: { onPart(headers: Record<string, string>, name: string, filename: string | undefined): { write(b: Buffer): unknown; end(): unknown } });
}
