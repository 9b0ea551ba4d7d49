'use strict';
/*
 * MIDI family of the Kie SANDBOX (local test double, not Kie), family ref §9:
 *   POST /api/v1/midi/generate {taskId (a finished stems task), audioId? (an originData id of it), callBackUrl};
 *   jobs ai-music-api/generate-midi-from-audio (task_id). Anything else -> {code:422,"Record does not exist"}.
 *   Details GET /api/v1/midi/record-info: integer successFlag 0 pending / 1 success / 2 create failed /
 *   3 MIDI failed, `midiData.instruments`. Callback {task_id (top level), code, msg, data:{state, instruments}}
 *   ([K] EN), or with the id in data.taskId ([3P] apicity): knob midiCallbackTaskId 'data'.
 * Notes are plain JSON (the node writes the .mid itself): pitch int, start/end seconds, velocity 0..1;
 * like Kie's callback example some start/end values are strings (knob midiStringNumbers 'none' | 'callback'
 * (default) | 'both'). At least two instruments; task.result.noteCount is the total.
 * The jobs resultJson has no public evidence: {"resultObject":{state, instruments}} (knob jobsResultShapes.midi 'midiData').
 */

const { statusValue, INT_FLAGS, RECORD_MISSING, SOURCE_NOT_READY } = require('./common');
const { seededRandom } = require('../util');

const FAILURE_DEFAULTS = {
	GENERATE_MIDI_FAILED: { code: 501, msg: 'MIDI generation failed.', error: 'MIDI generation failed' },
	CREATE_TASK_FAILED: { code: 500, msg: 'Failed to create task.', error: 'Task creation failed' },
};

const INSTRUMENTS = ['Drums', 'Electric Bass (finger)', 'Acoustic Grand Piano', 'String Ensemble 1'];

const OPERATIONS = [
	{
		kind: 'midi',
		family: 'midi',
		path: '/api/v1/midi/generate',
		jobsModel: 'generate-midi-from-audio',
		operationType: 'midi',
		fields: { taskId: 'id', audioId: 'id', callBackUrl: 'url' },
		required: ['taskId', 'callBackUrl'],
		jobsRequired: ['task_id'],
		source(sb, p) {
			const stems = sb.tasks.get(p.taskId);
			if (!stems || stems.family !== 'stems') return { error: RECORD_MISSING };
			if (!stems.finished) return { error: SOURCE_NOT_READY };
			if (!stems.resultVisible) return { error: RECORD_MISSING };
			if (p.audioId !== undefined && !stems.result.stems.some((s) => s.id === p.audioId)) return { error: RECORD_MISSING };
			return { source: { taskId: stems.taskId, audioId: p.audioId, empty: !!stems.result.midiEmpty } };
		},
	},
];

function buildResult(sb, task) {
	const rnd = seededRandom(`midi:${task.taskId}`);
	const count = 2 + Math.floor(rnd() * 3);
	let noteCount = 0;
	const instruments = [];
	if (!(task.source && task.source.empty)) {
		for (let i = 0; i < count; i++) {
			const notes = [];
			const n = 3 + Math.floor(rnd() * 6);
			let t = rnd() * 0.1;
			for (let k = 0; k < n; k++) {
				const start = t;
				const end = start + 0.05 + rnd() * 0.4;
				notes.push({ pitch: 36 + Math.floor(rnd() * 48), start, end, velocity: Math.round((0.3 + rnd() * 0.7) * 100) / 100 });
				t = end + rnd() * 0.2;
			}
			noteCount += n;
			instruments.push({ name: INSTRUMENTS[i % INSTRUMENTS.length], notes });
		}
	}
	task.result = { instruments, noteCount };
}

/** Instruments as sent; with strings on, every other note's start/end is a string, as in Kie's example. */
function instrumentsFor(sb, task, where) {
	const mode = sb.options.midiStringNumbers || 'callback';
	const strings = mode === 'both' || (mode === 'callback' && where === 'callback');
	return task.result.instruments.map((ins) => ({
		name: ins.name,
		notes: ins.notes.map((n, i) => (strings && i % 2 === 0 ? Object.assign({}, n, { start: String(n.start), end: String(n.end) }) : Object.assign({}, n))),
	}));
}

function detailsData(sb, task) {
	return {
		taskId: task.taskId,
		recordTaskId: -1,
		audioId: task.params.audioId || null,
		callbackUrl: task.callBackUrl || '',
		completeTime: task.completedAt || null,
		midiData: task.resultVisible ? { state: 'complete', instruments: instrumentsFor(sb, task, 'details') } : null,
		successFlag: statusValue(task, 'int', INT_FLAGS.midi),
		createTime: task.createdAt,
		errorCode: task.errorCode,
		errorMessage: task.errorMessage,
	};
}

function callbackBody(sb, task, stage) {
	const inData = sb.options.midiCallbackTaskId === 'data';
	const failed = stage === 'error';
	const data = failed ? { state: 'failed', instruments: null } : { state: 'complete', instruments: instrumentsFor(sb, task, 'callback') };
	if (failed && sb.options.familyFailureShape === 'keyAbsent') delete data.instruments;
	const code = failed ? task.outcome.code : 200;
	const msg = failed ? task.outcome.msg : 'success';
	if (inData) return { code, msg, data: Object.assign({ taskId: task.taskId }, data) };
	return { task_id: task.taskId, code, msg, data };
}

function jobsResult(sb, task) {
	const value = { state: 'complete', instruments: instrumentsFor(sb, task, 'details') };
	return (sb.options.jobsResultShapes || {}).midi === 'midiData' ? { midiData: value } : { resultObject: value };
}

module.exports = {
	name: 'midi',
	detailsPath: '/api/v1/midi/record-info',
	operations: OPERATIONS,
	stages: ['complete'],
	failureStatuses: Object.keys(FAILURE_DEFAULTS),
	defaultFailure: 'GENERATE_MIDI_FAILED',
	failureDefaults: FAILURE_DEFAULTS,
	credits: (sb) => Number(sb.options.familyCredits.midi || 0),
	buildResult,
	detailsData,
	callbackBody,
	jobsResult,
};
