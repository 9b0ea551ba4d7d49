'use strict';
/*
 * The synchronous Suno calls of the Kie SANDBOX (local test double, not Kie), family ref §5.2-5.4
 * (per-operation route only; the jobs route has no public evidence for them):
 *   POST /api/v1/generate/get-timestamped-lyrics {taskId, audioId} -> {alignedWords, waveformData, hootCer, isStreamed}
 *        knob timestampedLyricsCasing 'camel' (startS/endS/palign) | 'snake' (start_s/end_s/p_align)
 *   POST /api/v1/style/generate {content} -> the [LIVE] shape {taskId, param, result, creditsConsumed, creditsRemaining,
 *        successFlag:"成功", errorCode, errorMsg, createTime (ms)}; knob boostStyleShape 'docs' (errorMessage, string createTime)
 *   POST /api/v1/generate/generate-persona {taskId, audioId, name, description, vocalStart?, vocalEnd?, style?}
 *        -> {personaId, name, description}; once per track (409 "Persona already exists"); vocalEnd - vocalStart 10..30 s
 * The source track must exist (422 "Record does not exist") and its music task must be finished.
 * Not counted in the create rate window (sandbox choice); credits: familyCredits.boostStyle (0.4) etc.
 */

const { isPlainObject, CODE_MESSAGES, seededRandom, hexId, round2, formatDateTime } = require('../util');
const { validateParams } = require('../validate');
const { finishedMusicTrackOrError } = require('../families/common');

const SYNC_OPS = {
	'/api/v1/generate/get-timestamped-lyrics': {
		kind: 'timestampedLyrics',
		fields: { taskId: 'id', audioId: 'id' },
		required: ['taskId', 'audioId'],
		answer: timestampedLyrics,
	},
	'/api/v1/style/generate': { kind: 'boostStyle', fields: { content: 'string' }, required: ['content'], answer: boostStyle },
	'/api/v1/generate/generate-persona': {
		kind: 'persona',
		fields: { taskId: 'id', audioId: 'id', name: 'string', description: 'string', vocalStart: { type: 'number', min: 0 }, vocalEnd: { type: 'number', min: 0, decimals: true }, style: 'string' },
		required: ['taskId', 'audioId', 'name', 'description'],
		check: (p, c) => {
			const span = (p.vocalEnd === undefined ? 30 : p.vocalEnd) - (p.vocalStart === undefined ? 0 : p.vocalStart);
			return span < 10 || span > 30 ? c.fail('vocalEnd - vocalStart must be between 10 and 30 seconds') : null;
		},
		answer: persona,
	},
};

function timestampedLyrics(sb, p) {
	const r = finishedMusicTrackOrError(sb, p.taskId, p.audioId);
	if (r.error) return r;
	const rnd = seededRandom(`timestamps:${p.audioId}`);
	const snake = sb.options.timestampedLyricsCasing === 'snake';
	let t = 1.36;
	const words = String(r.track.prompt || '').split(/ +/).filter((w) => w.trim());
	const alignedWords = words.map((word) => {
		const start = round2(t);
		t += 0.2 + rnd() * 0.5;
		const end = round2(t);
		t += rnd() * 0.1;
		return snake ? { word, success: true, start_s: start, end_s: end, p_align: 0 } : { word, success: true, startS: start, endS: end, palign: 0 };
	});
	const waveformData = Array.from({ length: 16 }, () => round2(rnd()));
	return { data: { alignedWords, waveformData, hootCer: Math.round(rnd() * 1e6) / 1e6, isStreamed: false } };
}

function boostStyle(sb, p) {
	const cost = Number(sb.options.familyCredits.boostStyle) || 0;
	if (sb.credits < cost) return { error: { code: 402, msg: 'Insufficient credits', data: null } };
	sb.credits = round2(sb.credits - cost);
	const now = Date.now();
	const docs = sb.options.boostStyleShape === 'docs';
	const result = `${p.content} built around a hushed intro with sparse felt piano, breathy synth pads and a slow-building groove`;
	const data = { taskId: hexId(), param: p.content, result, creditsConsumed: cost, creditsRemaining: sb.credits, successFlag: '成功', errorCode: null };
	if (docs) Object.assign(data, { errorMessage: null, createTime: formatDateTime(now) });
	else Object.assign(data, { errorMsg: null, createTime: now });
	return { data };
}

function persona(sb, p) {
	const r = finishedMusicTrackOrError(sb, p.taskId, p.audioId);
	if (r.error) return r;
	if (sb._personas.has(p.audioId)) return { error: { code: 409, msg: 'Persona already exists', data: null } };
	const data = { personaId: hexId(), name: p.name, description: p.description };
	sb._personas.set(p.audioId, Object.assign({ taskId: p.taskId, audioId: p.audioId }, data));
	return { data };
}

async function handleSync(sb, ctx) {
	const { req, res, pathname, body, method } = ctx;
	if (method !== 'POST') return sb._notFound(res, pathname);
	const op = SYNC_OPS[pathname];
	if (!sb._apiKeyOf(req)) return sb._envelope(res, 401);
	sb.stats.syncCalls++;
	sb.stats.routes.perOperation.syncCalls++;
	if (!isPlainObject(body)) return sb._envelope(res, 400, CODE_MESSAGES[400]);
	const invalid = validateParams(sb, op, 'perOperation', body, Object.keys(body));
	if (invalid) return sb._envelope(res, invalid.code, invalid.msg);
	const out = op.answer(sb, body);
	if (out.error) return sb._envelope(res, out.error.code, out.error.msg, out.error.data);
	return sb._envelope(res, 200, 'success', out.data);
}

module.exports = { SYNC_OPS, handleSync, isSyncPath: (p) => Object.prototype.hasOwnProperty.call(SYNC_OPS, p) };
