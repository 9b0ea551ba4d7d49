/** Kie SANDBOX (local test double, not Kie): faults and outages. */
import type { FamilyFailureStatus, FamilyName, RouteName, Stage, TaskKind } from './options';
import type { DriftOptions } from './records';

/** Path specs: exact path, 'prefix*', '*', or a category: 'create' | 'details' | 'sync' | 'upload' | 'credit' | 'files'. */
type PathSpec = string | string[];

interface FaultCommon {
	/** Paths to match. Default: every create and sync call on both routes (['create', 'sync']). Ignored by task faults. */
	path?: PathSpec;
	method?: string;
	/** How many times it applies (default 1; -1, 'always' or Infinity = unlimited). */
	times?: number | 'always';
	/** Skip this many matching requests (or tasks) first. */
	afterCount?: number;
}

/** Task faults apply to the next created task(s) matching these filters. */
interface TaskFilter {
	taskId?: string;
	family?: FamilyName;
	route?: RouteName;
	kind?: TaskKind;
}

export type SandboxFault =
	| (FaultCommon & { type: 'code'; code: number; msg?: string; data?: unknown })
	| (FaultCommon & { type: 'http'; status: number; retryAfter?: number; msg?: string; body?: string | object; contentType?: string })
	| (FaultCommon & { type: 'delay'; ms: number })
	| (FaultCommon & { type: 'reset' })
	/** Create the task for real but withhold the answer; destroy the socket after ms (never, if no ms), or answer normally then if thenRespond. */
	| (FaultCommon & { type: 'acceptThenHang'; ms?: number; thenRespond?: boolean })
	| (FaultCommon & { type: 'acceptThenReset' })
	| (FaultCommon &
			TaskFilter & {
				type: 'callback';
				drop?: Stage | Stage[];
				duplicate?: number;
				order?: 'reverse' | 'normal';
				lateMs?: number;
				/** HMAC headers: 'bad' (wrong key), 'missing', 'stale' (timestamp 1 h old). */
				signature?: 'valid' | 'bad' | 'missing' | 'stale';
			})
	/** Any status word (failure words end in 'error'; other words run to the end and show that word); drift keys apply to callbacks and details. */
	| (FaultCommon &
			TaskFilter &
			DriftOptions & {
				type: 'outcome';
				status: FamilyFailureStatus | 'SUCCESS' | (string & {}) | number;
				after?: 'create' | 'text' | 'first';
				shape?: 'kie' | 'S';
				code?: number;
				msg?: string;
				error?: string;
				tracks?: boolean;
				callback?: 'complete' | 'error' | 'none';
				jobsState?: string;
				failCode?: string | number;
				failMsg?: string;
				where?: 'callback' | 'details' | 'both';
			})
	| (FaultCommon & TaskFilter & DriftOptions & { type: 'drift'; where?: 'callback' | 'details' | 'both' })
	/** Details AND callbacks of the task carry these URLs (cycled) instead of the sandbox's files. */
	| (FaultCommon & TaskFilter & { type: 'resultUrls'; urls: string[] });

export type AddedFault = SandboxFault & { id: number; seen: number; applied: number };

export type OutageMode = 'reset' | 'http500' | 'http502' | 'http503' | 'http504' | 'code500' | 'code455' | 'timeout';
export interface OutageSpec {
	/** Default '*'. */
	paths?: PathSpec;
	/** Start, ms from now (0..600000, default 0). */
	fromMs?: number;
	/** Length (1..600000 ms). */
	durationMs: number;
	/** Default 'http502'. */
	mode?: OutageMode;
	/** 'firstHit': the window starts at the first matching request (fromMs is then ignored). */
	startOn?: 'firstHit';
}
export interface Outage {
	id: number;
	paths: string[];
	mode: OutageMode;
	durationMs: number;
	startOn: 'now' | 'firstHit';
	/** null until the first hit of a 'firstHit' outage */
	startsAt: number | null;
	endsAt: number | null;
	hits: number;
}

