'use strict';
/*
 * Outage windows of the Kie SANDBOX (local test double, not Kie): "Kie is down from t1 to t2".
 *   sb.addOutage({ paths, fromMs, durationMs, mode, startOn })  (times relative to now; both bounded to 10 minutes)
 *   startOn: 'firstHit' starts the window at the first matching request instead (load-proof for tests)
 *   paths: exact paths, prefixes ('/api/v1/*'), categories ('create' | 'details' | 'sync' | 'upload' |
 *          'credit' | 'files', see paths.js) or '*' (default)
 *   mode:  'reset' (socket destroyed), 'http500' (HTTP 500 JSON), 'http502' / 'http503' / 'http504'
 *          (Cloudflare-like HTML), 'code500' / 'code455' (HTTP 200 with that envelope code),
 *          'timeout' (no answer; the socket is cut when the window ends)
 * A request inside a window is recorded but not processed (no task is created).
 */

const { CODE_MESSAGES } = require('./util');
const { pathMatches } = require('./paths');
const { sendHttpError } = require('./faults');

const MODES = ['reset', 'http500', 'http502', 'http503', 'http504', 'code500', 'code455', 'timeout'];
const MAX_MS = 10 * 60 * 1000;

function addOutage(sb, spec) {
	const o = spec || {};
	const mode = o.mode || 'http502';
	if (!MODES.includes(mode)) throw new Error(`unknown outage mode: ${mode} (one of ${MODES.join(', ')})`);
	const fromMs = Number(o.fromMs || 0);
	const durationMs = Number(o.durationMs);
	if (!Number.isFinite(fromMs) || fromMs < 0 || fromMs > MAX_MS) throw new Error(`outage fromMs must be between 0 and ${MAX_MS}`);
	if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > MAX_MS) throw new Error(`outage durationMs must be above 0 and at most ${MAX_MS}`);
	if (o.startOn !== undefined && o.startOn !== 'firstHit') throw new Error("outage startOn must be 'firstHit' when given");
	const now = Date.now();
	const armed = o.startOn === 'firstHit';
	const outage = {
		id: ++sb._faultSeq,
		paths: o.paths === undefined ? ['*'] : Array.isArray(o.paths) ? o.paths.slice() : [o.paths],
		mode,
		durationMs,
		startOn: armed ? 'firstHit' : 'now',
		startsAt: armed ? null : now + fromMs,
		endsAt: armed ? null : now + fromMs + durationMs,
		hits: 0,
	};
	sb.outages.push(outage);
	return outage;
}

function clearOutages(sb) {
	sb.outages.length = 0;
}

/** The outage in force for this path now, if any (expired windows are dropped). */
function activeOutage(sb, pathname) {
	const now = Date.now();
	for (let i = sb.outages.length - 1; i >= 0; i--) if (sb.outages[i].endsAt !== null && sb.outages[i].endsAt <= now) sb.outages.splice(i, 1);
	const outage = sb.outages.find((o) => (o.startsAt === null || o.startsAt <= now) && pathMatches(o.paths, pathname, ['*'])) || null;
	if (outage && outage.startsAt === null) {
		outage.startsAt = now;
		outage.endsAt = now + outage.durationMs;
	}
	return outage;
}

/** Answers (or kills) a request that falls into an outage. */
function applyOutage(sb, outage, req, res) {
	outage.hits++;
	sb.stats.outageHits++;
	switch (outage.mode) {
		case 'reset':
			return req.socket.destroy();
		case 'timeout': {
			const t = sb._timers.later(() => req.socket && req.socket.destroy(), Math.max(0, outage.endsAt - Date.now()));
			res.on('close', () => sb._timers.cancel(t));
			return undefined;
		}
		case 'code500':
			return sb._envelope(res, 500, CODE_MESSAGES[500]);
		case 'code455':
			return sb._envelope(res, 455, CODE_MESSAGES[455]);
		default:
			return sendHttpError(res, Number(outage.mode.slice(4)), {});
	}
}

module.exports = { MODES, addOutage, clearOutages, activeOutage, applyOutage };
