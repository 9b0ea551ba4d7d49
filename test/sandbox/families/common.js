'use strict';
/*
 * Helpers shared by the family modules of the Kie SANDBOX (local test double, not Kie): how a task's
 * status word is written in details (string / integer successFlag, case drift), source-record checks,
 * and the generic non-music failure callback.
 */

const RECORD_MISSING = { code: 422, msg: 'Record does not exist', data: null };
/** Kie does not say what a not-yet-finished source gets; the sandbox answers like a missing record with its own text. */
const SOURCE_NOT_READY = { code: 422, msg: 'The source task is not completed yet', data: null };

/** Integer successFlag vocabularies (family ref §3): midi 2 = create failed; cover 2 = generating. */
const INT_FLAGS = {
	midi: (word) => ({ PENDING: 0, SUCCESS: 1, CREATE_TASK_FAILED: 2 })[word] ?? (isFailureWord(word) ? 3 : undefined),
	coverImage: (word) => ({ PENDING: 0, GENERATING: 2, SUCCESS: 1 })[word] ?? (isFailureWord(word) ? 3 : undefined),
	generic: (word) => ({ PENDING: 0, SUCCESS: 1, CREATE_TASK_FAILED: 2 })[word] ?? (isFailureWord(word) ? 3 : undefined),
};

function isFailureWord(word) {
	return typeof word === 'string' && (/_FAILED$/.test(word) || word === 'CALLBACK_EXCEPTION' || word === 'SENSITIVE_WORD_ERROR');
}

function applyCase(v, how) {
	if (typeof v !== 'string' || !how) return v;
	if (how === 'lower') return v.toLowerCase();
	if (how === 'upper') return v.toUpperCase();
	if (how === 'capitalized') return v.charAt(0).toUpperCase() + v.slice(1).toLowerCase();
	return v;
}

/**
 * The value a details answer shows for the task's status word. `native` is 'string' or 'int' (the family's
 * documented type); drift.successFlagType and drift.statusCase can change it. Unknown words stay as given.
 */
function statusValue(task, native, intMap, word) {
	const d = (task.drift && task.drift.details) || {};
	const w = word === undefined ? task.status : word;
	if (typeof w === 'number') return d.successFlagType === 'string' ? String(w) : w;
	const want = d.successFlagType || native;
	if (want === 'int') {
		const n = (intMap || INT_FLAGS.generic)(w);
		return n === undefined ? applyCase(w, d.statusCase) : n;
	}
	if (native === 'int') {
		const n = (intMap || INT_FLAGS.generic)(w);
		return n === undefined ? applyCase(w, d.statusCase) : String(n);
	}
	return applyCase(w, d.statusCase);
}

/** A visible music track by task and audio id (either route), or an error envelope. */
function musicTrackOrError(sb, taskId, audioId) {
	const task = typeof taskId === 'string' ? sb.tasks.get(taskId) : undefined;
	if (!task || task.family !== 'music') return { error: RECORD_MISSING };
	const i = task.tracks.findIndex((t) => t.id === audioId);
	if (i < 0 || i >= task.visibleTracks) return { error: RECORD_MISSING };
	return { task, track: task.tracks[i], index: i };
}

/** Same, but the whole music task must have reached SUCCESS (cover, persona, timestamped lyrics). */
function finishedMusicTrackOrError(sb, taskId, audioId) {
	const r = musicTrackOrError(sb, taskId, audioId);
	if (r.error) {
		const task = sb.tasks.get(taskId);
		if (task && task.family === 'music' && task.tracks.some((t) => t.id === audioId) && !task.finished) return { error: SOURCE_NOT_READY };
		return r;
	}
	if (r.task.status !== 'SUCCESS') return { error: r.task.finished ? RECORD_MISSING : SOURCE_NOT_READY };
	return r;
}

/** Whether the task's result may be shown (finished with results, or a failure that kept them). */
function resultVisible(task) {
	return !!task.resultVisible;
}

/** The failure callback of the non-music families: Kie documents only "code != 200"; the result key stays, null (knob familyFailureShape 'keyAbsent' drops it). */
function failureData(sb, task, idKey, resultKey) {
	const data = { [idKey]: task.taskId };
	if (sb.options.familyFailureShape !== 'keyAbsent') data[resultKey] = null;
	return data;
}

function isoTime(ms) {
	return ms ? new Date(ms).toISOString() : null;
}

module.exports = {
	RECORD_MISSING,
	SOURCE_NOT_READY,
	INT_FLAGS,
	isFailureWord,
	applyCase,
	statusValue,
	musicTrackOrError,
	finishedMusicTrackOrError,
	resultVisible,
	failureData,
	isoTime,
};
