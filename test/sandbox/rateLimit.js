'use strict';
/*
 * Rate limits of the Kie SANDBOX (local test double, not Kie), BASE §9:
 *   creates: options.rateLimit.max per windowMs per API key (default 20 per 10 s), shared by BOTH routes
 *            (per-operation creates and jobs createTask; the sync calls are not counted: sandbox choice);
 *   details: options.recordInfoRateLimit.max per windowMs per task id (Kie: 3 per second), any details path.
 * A rejected call is answered per options.rateLimit.response: 'body' => HTTP 200 {code:429} (default);
 * 'http' => HTTP 429 + Retry-After (Kie's Getting Started says "rejected with HTTP 429").
 */

class RateLimiter {
	constructor(sb) {
		this.sb = sb;
		this.creates = new Map(); // apiKey -> [accepted create times]
		this.details = new Map(); // taskId -> [read times]
	}

	reset() {
		this.creates.clear();
		this.details.clear();
	}

	/** {limited, retryAfterSec} for one more create by this key now. */
	checkCreate(apiKey) {
		const { max, windowMs } = this.sb.options.rateLimit;
		const now = Date.now();
		const arr = (this.creates.get(apiKey) || []).filter((t) => now - t < windowMs);
		this.creates.set(apiKey, arr);
		if (arr.length >= max) return { limited: true, retryAfterSec: Math.max(1, Math.ceil((arr[0] + windowMs - now) / 1000)) };
		return { limited: false };
	}

	recordCreate(apiKey) {
		const arr = this.creates.get(apiKey) || [];
		arr.push(Date.now());
		this.creates.set(apiKey, arr);
	}

	/** Counts a details read of taskId; true when it is over the per-task limit (and then not counted). */
	overDetailsLimit(taskId) {
		const { max, windowMs } = this.sb.options.recordInfoRateLimit;
		const now = Date.now();
		const arr = (this.details.get(taskId) || []).filter((t) => now - t < windowMs);
		this.details.set(taskId, arr);
		if (arr.length >= max) return true;
		arr.push(now);
		return false;
	}

	respond(res, msg, retryAfterSec) {
		if (this.sb.options.rateLimit.response === 'http') {
			this.sb._sendJson(res, 429, { code: 429, msg, data: null }, { 'Retry-After': String(retryAfterSec) });
		} else {
			this.sb._envelope(res, 429, msg);
		}
	}

	rejectCreate(res, route, retryAfterSec) {
		const { max, windowMs } = this.sb.options.rateLimit;
		this.sb.stats.createRejectedRate++;
		this.sb.stats.routes[route].createRejectedRate++;
		this.respond(res, `Rate limited: at most ${max} new generation requests per ${windowMs / 1000} seconds`, retryAfterSec);
	}

	rejectDetails(res, route) {
		const { max } = this.sb.options.recordInfoRateLimit;
		this.sb.stats.recordInfoRateViolations++;
		this.sb.stats.routes[route].detailsRateViolations++;
		this.respond(res, `Rate limited: at most ${max} record-info requests per second per task`, 1);
	}
}

module.exports = { RateLimiter };
