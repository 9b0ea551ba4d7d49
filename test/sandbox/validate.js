'use strict';
/*
 * Request validation of the Kie SANDBOX (local test double, not Kie), driven by each operation's field
 * rules (families/*.js). Answers are Kie's envelope errors: {code: 422, msg: '<field> ...'}.
 * Message wording is the sandbox's own: Kie documents codes, not texts, except "Please enter callBackUrl."
 * (seen live) and {code: 500, msg: 'This field is required'} (seen by [3P], knob missingFieldStyle '500').
 *
 * Field rules: 'string' | 'boolean' | 'url' | 'weight' | 'model' | 'urlPair' | 'id'
 *   | { type: 'string', max } | { type: 'number', min, max, integer, decimals, above } | { enum: [...] }
 */

const { URL } = require('url');

const V6_MODELS = ['V6', 'V6_MINI', 'V6_WILD'];
const LEGACY_MODELS = ['V5_5', 'V5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4'];

function camelToSnake(name) {
	return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function snakeToCamel(name) {
	return name.replace(/_([a-z])/g, (m, c) => c.toUpperCase());
}

function isHttpUrl(v) {
	if (typeof v !== 'string') return false;
	try {
		const u = new URL(v);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch (e) {
		return false;
	}
}

function isBlank(v) {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function fail(msg, code) {
	return { code: code || 422, msg };
}

/** The model values an operation accepts on a route, after the perOperationModels / jobsModels knobs. */
function allowedModels(sb, op, route) {
	const knob = route === 'jobs' ? sb.options.jobsModels : sb.options.perOperationModels;
	const own = op.models || [];
	if (Array.isArray(knob)) return knob.slice();
	if (knob === 'discontinuedOnly') return own.filter((m) => !V6_MODELS.includes(m));
	if (knob === 'v6Only') return own.filter((m) => V6_MODELS.includes(m));
	if (knob && typeof knob === 'object' && Array.isArray(knob[op.kind])) return knob[op.kind].slice();
	return own.slice();
}

function decimals(n) {
	return Math.abs(n * 100 - Math.round(n * 100)) > 1e-9;
}

/** Checks one present value against its rule; returns an error or null. */
function checkValue(sb, op, route, name, label, rule, v) {
	const type = typeof rule === 'string' ? rule : rule.enum ? 'enum' : rule.type;
	switch (type) {
		case 'string':
		case 'id':
			if (typeof v !== 'string') return fail(`${label} must be a string`);
			if (rule.max !== undefined && v.length > rule.max) return fail(`${label} must be at most ${rule.max} characters`);
			return null;
		case 'boolean':
			return typeof v === 'boolean' ? null : fail(`${label} must be a boolean`);
		case 'url':
			return isHttpUrl(v) ? null : fail(`${label} must be a valid http(s) URL`);
		case 'urlPair':
			if (!Array.isArray(v) || v.length !== 2) return fail(`${label} must contain exactly 2 URLs`);
			return v.every(isHttpUrl) ? null : fail(`${label} must contain valid http(s) URLs`);
		case 'enum':
			return rule.enum.includes(v) ? null : fail(`${label} must be one of ${rule.enum.join(', ')}`);
		case 'model': {
			const models = allowedModels(sb, op, route);
			return models.includes(v) ? null : fail(`${label} must be one of ${models.join(', ')}`);
		}
		case 'weight':
			if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${label} must be a number`);
			if (v < 0 || v > 1) return fail(`${label} must be between 0 and 1`);
			if (decimals(v)) return fail(`${label} must have at most 2 decimal places`);
			return null;
		case 'number':
			if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`${label} must be a number`);
			if (rule.integer && !Number.isInteger(v)) return fail(`${label} must be an integer`);
			if (rule.above !== undefined && !(v > rule.above)) return fail(`${label} must be greater than ${rule.above}`);
			if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) {
				return fail(rule.max === undefined ? `${label} must be at least ${rule.min}` : `${label} must be between ${rule.min} and ${rule.max}`);
			}
			if (rule.decimals && decimals(v)) return fail(`${label} must have at most 2 decimal places`);
			return null;
		default:
			return null;
	}
}

/**
 * Validates camelCase params of `op` on `route` ('perOperation' | 'jobs'). `present` lists the field names as the
 * client sent them (camel or snake) for the unknown-field check. Returns {code, msg} or null.
 */
function validateParams(sb, op, route, params, sentNames) {
	const jobs = route === 'jobs';
	const label = (k) => (jobs ? camelToSnake(k) : k);
	const fields = Object.assign({}, op.fields, jobs ? op.jobsFields || {} : {});
	if (jobs) for (const k of op.jobsOmit || []) delete fields[k];
	if (jobs) delete fields.callBackUrl;
	if (sb.options.strictFields) {
		for (const k of sentNames) {
			const camel = jobs ? snakeToCamel(k) : k;
			if (!Object.prototype.hasOwnProperty.call(fields, camel) || (jobs && k !== camelToSnake(camel))) return fail(`unknown field: ${k}`);
		}
	}
	const required = jobs ? (op.jobsRequired || []).map(snakeToCamel) : op.required || [];
	const missing = (k) => {
		if (k === 'callBackUrl' && !jobs) return fail('Please enter callBackUrl.');
		return sb.options.missingFieldStyle === '500' ? fail('This field is required', 500) : fail(`${label(k)} is required`);
	};
	for (const k of required) {
		if (isBlank(params[k])) return missing(k);
		const err = checkValue(sb, op, route, k, label(k), fields[k] || 'string', params[k]);
		if (err) return err;
	}
	for (const k of Object.keys(params)) {
		if (required.includes(k) || params[k] === undefined || !fields[k]) continue;
		const err = checkValue(sb, op, route, k, label(k), fields[k], params[k]);
		if (err) return err;
	}
	if (op.check) {
		const c = { sb, route, label, missing, fail, required: (k) => (isBlank(params[k]) ? missing(k) : null) };
		return op.check(params, c) || null;
	}
	return null;
}

module.exports = { V6_MODELS, LEGACY_MODELS, camelToSnake, snakeToCamel, isHttpUrl, isBlank, allowedModels, validateParams, fail };
