'use strict';
/*
 * "Drifted but genuine" answers of the Kie SANDBOX (local test double, not Kie): the same content written
 * the way a changed Kie might write it. A task's drift comes from an 'outcome' or 'drift' fault:
 *   task.drift = { callback: {...}, details: {...} } with any of
 *     numbersAsStrings  true: numbers inside `data` become strings (duration "198.44"); 'all': the envelope code too
 *     extraFields       true or an object: unknown keys added to every object inside the answer
 *     nullEntries       true: a null inserted into every list of tracks / variants / urls / instruments
 *     callbackTypeCase  'upper' | 'lower' | 'capitalized' (callbacks; applied by the family bodies)
 *     statusCase        'upper' | 'lower' | 'capitalized' (details status / successFlag / jobs state)
 *     successFlagType   'int' | 'string' (details successFlag of any family)
 */

const { isPlainObject } = require('./util');

const DEFAULT_EXTRA = { sandboxExtra: 'an unknown field (sandbox drift)', sandbox_extra_flag: true };
const DRIFT_KEYS = ['numbersAsStrings', 'extraFields', 'nullEntries', 'callbackTypeCase', 'statusCase', 'successFlagType'];

function mapDeep(v, fn) {
	if (Array.isArray(v)) return fn(v.map((x) => mapDeep(x, fn)));
	if (isPlainObject(v)) {
		const o = {};
		for (const k of Object.keys(v)) o[k] = mapDeep(v[k], fn);
		return fn(o);
	}
	return fn(v);
}

function transform(value, d) {
	const extra = d.extraFields === true ? DEFAULT_EXTRA : isPlainObject(d.extraFields) ? d.extraFields : null;
	return mapDeep(value, (v) => {
		if (typeof v === 'number' && d.numbersAsStrings) return String(v);
		if (Array.isArray(v) && d.nullEntries && !v.some((x) => typeof x === 'number' || (typeof x === 'string' && /^-?\d/.test(x)))) {
			const out = v.slice();
			out.splice(Math.min(1, out.length), 0, null);
			return out;
		}
		if (isPlainObject(v) && extra) return Object.assign({}, v, extra);
		return v;
	});
}

/** A callback body as the task's callback drift writes it (the envelope `code` stays a number unless 'all'). */
function driftCallback(task, body) {
	const d = task.drift && task.drift.callback;
	if (!d || !isPlainObject(body)) return body;
	const out = {};
	for (const k of Object.keys(body)) {
		const v = body[k];
		if (k === 'code' && typeof v === 'number') out[k] = d.numbersAsStrings === 'all' ? String(v) : v;
		else if (k === 'data' || isPlainObject(v) || Array.isArray(v)) out[k] = transform(v, d);
		else out[k] = typeof v === 'number' && d.numbersAsStrings ? String(v) : v;
	}
	const extra = d.extraFields === true ? DEFAULT_EXTRA : isPlainObject(d.extraFields) ? d.extraFields : null;
	return extra ? Object.assign(out, extra) : out;
}

/** A details `data` object as the task's details drift writes it. */
function driftDetails(task, data) {
	const d = task.drift && task.drift.details;
	if (!d || !isPlainObject(data)) return data;
	return transform(data, d);
}

/** Any value (e.g. a jobs resultJson object before it is stringified) under the task's details drift. */
function driftValue(task, value) {
	const d = task.drift && task.drift.details;
	return d ? transform(value, d) : value;
}

/** Splits fault/outcome options into task.drift: keys apply to `where` ('callback' | 'details' | 'both', default both). */
function driftFrom(f, into) {
	const picked = {};
	for (const k of DRIFT_KEYS) if (f[k] !== undefined) picked[k] = f[k];
	if (!Object.keys(picked).length) return into;
	const out = { callback: Object.assign({}, into && into.callback), details: Object.assign({}, into && into.details) };
	const where = f.where || 'both';
	if (where === 'both' || where === 'callback') Object.assign(out.callback, picked);
	if (where === 'both' || where === 'details') Object.assign(out.details, picked);
	return out;
}

module.exports = { driftCallback, driftDetails, driftValue, driftFrom, DRIFT_KEYS, DEFAULT_EXTRA };
