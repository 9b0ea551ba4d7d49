#!/usr/bin/env node
'use strict';
/*
 * Kie SANDBOX command line: starts the local TEST AND DEMO DOUBLE of Kie.ai's Suno API.
 * It is NOT Kie. It listens on loopback only and calls back loopback URLs only.
 *
 *   node test/sandbox/cli.js [--port 8787] [--host 127.0.0.1] [--api-key KEY ...] [--hmac-key KEY]
 *                            [--window-ms 10000] [--rate-max 20] [--rate-response body|http]
 *                            [--stage-delay-ms N] [--credits N] [--audio-bytes N] [--tracks N]
 *                            [--public-url URL] [--family-delay-ms N] [--per-operation-models LIST]
 *                            [--jobs-callback-shape minimal|recordInfo|perOperation] [--quiet]
 */
const { startKieSandbox, BANNER } = require('./kieSandbox');

function usage(exitCode) {
	const text = `${BANNER}
Usage: node test/sandbox/cli.js [options]
  --port N             port (default 8787; 0 = random)
  --host HOST          loopback host (default 127.0.0.1)
  --api-key KEY        accepted Bearer token; repeatable (default sandbox-key)
  --hmac-key KEY       sign callbacks (X-Webhook-Timestamp / X-Webhook-Signature)
  --window-ms N        create rate-limit window (default 10000)
  --rate-max N         creates per window (default 20)
  --rate-response R    body (HTTP 200 + code 429, default) or http (HTTP 429)
  --stage-delay-ms N   delay of each stage text/first/complete (default 100)
  --credits N          starting credits (default 1000)
  --audio-bytes N      size of each generated mp3 (default 65536)
  --tracks N           tracks per task (default 2)
  --public-url URL     base URL put into generated links (default the listening URL)
  --family-delay-ms N  delay of lyrics/wav/stems/midi/video/cover tasks (default: the music total)
  --per-operation-models LIST  models the per-operation route accepts: a comma list,
                       discontinuedOnly (rejects V6*) or v6Only (default: per operation)
  --jobs-callback-shape S  minimal (default), recordInfo or perOperation
  --quiet              no request log
Routes: the per-operation Suno API (generate, extend, upload-cover, upload-extend, add-vocals,
  add-instrumental, replace-section, mashup, lyrics, wav, vocal-removal, midi, mp4, suno/cover,
  timestamped lyrics, boost style, persona, 7 record-info paths), the jobs route
  (/api/v1/jobs/createTask, /api/v1/jobs/recordInfo), credits, the 3 uploads, generated files,
  /special/{big,slow,nolength}.<ext>?bytes=N and /redirect?to=URL.
Title markers: [sandbox:GENERATE_AUDIO_FAILED] (or CREATE_TASK_FAILED, CALLBACK_EXCEPTION,
  SENSITIVE_WORD_ERROR, ...), [sandbox:after=create|text|first], [sandbox:shape=S], [sandbox:complete-only]
Control API (no auth): GET /__sandbox/{requests,callbacks,tasks,uploads,stats,config,faults,outages},
  GET /__sandbox/tasks/<id>/details, GET /__sandbox/files/sha256?url=, POST /__sandbox/faults,
  POST /__sandbox/outages, POST /__sandbox/reset, POST /__sandbox/config,
  POST /__sandbox/tasks/<id>/complete, POST /__sandbox/tasks/<id>/outcome
`;
	(exitCode ? process.stderr : process.stdout).write(text);
	process.exit(exitCode);
}

function parseArgs(argv) {
	const opts = { port: 8787, host: '127.0.0.1' };
	const apiKeys = [];
	let quiet = false;
	const num = (name, v) => {
		const n = Number(v);
		if (v === undefined || !Number.isFinite(n) || n < 0) {
			process.stderr.write(`${name} needs a non-negative number\n`);
			usage(2);
		}
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		let a = argv[i];
		let v;
		const eq = a.indexOf('=');
		if (a.startsWith('--') && eq > 0) {
			v = a.slice(eq + 1);
			a = a.slice(0, eq);
		}
		const next = () => (v !== undefined ? v : argv[++i]);
		switch (a) {
			case '--port':
				opts.port = num(a, next());
				break;
			case '--host':
				opts.host = next();
				break;
			case '--api-key':
				apiKeys.push(next());
				break;
			case '--hmac-key':
				opts.hmacKey = next();
				break;
			case '--window-ms':
				opts.rateLimit = Object.assign({}, opts.rateLimit, { windowMs: num(a, next()) });
				break;
			case '--rate-max':
				opts.rateLimit = Object.assign({}, opts.rateLimit, { max: num(a, next()) });
				break;
			case '--rate-response':
				opts.rateLimit = Object.assign({}, opts.rateLimit, { response: next() === 'http' ? 'http' : 'body' });
				break;
			case '--stage-delay-ms': {
				const n = num(a, next());
				opts.stageDelaysMs = { text: n, first: n, complete: n };
				break;
			}
			case '--credits':
				opts.credits = num(a, next());
				break;
			case '--audio-bytes':
				opts.audioBytes = num(a, next());
				break;
			case '--tracks':
				opts.tracksPerTask = num(a, next());
				break;
			case '--public-url':
				opts.publicUrl = next();
				break;
			case '--family-delay-ms': {
				const n = num(a, next());
				opts.familyDelaysMs = { lyrics: n, wav: n, stems: n, midi: n, video: n, coverImage: n };
				break;
			}
			case '--per-operation-models': {
				const list = String(next() || '');
				opts.perOperationModels = ['discontinuedOnly', 'v6Only'].includes(list) ? list : list.split(',').filter(Boolean);
				break;
			}
			case '--jobs-callback-shape': {
				const shape = next();
				if (!['minimal', 'recordInfo', 'perOperation'].includes(shape)) {
					process.stderr.write('--jobs-callback-shape needs minimal, recordInfo or perOperation\n');
					usage(2);
				}
				opts.jobsCallbackShape = shape;
				break;
			}
			case '--quiet':
				quiet = true;
				break;
			case '-h':
			case '--help':
				usage(0);
				break;
			default:
				process.stderr.write(`unknown option: ${a}\n`);
				usage(2);
		}
	}
	if (apiKeys.length) opts.apiKeys = apiKeys;
	if (!quiet) opts.logger = (line) => console.log(`[kie-sandbox] ${new Date().toISOString()} ${line}`);
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	let sb;
	try {
		sb = await startKieSandbox(opts);
	} catch (e) {
		process.stderr.write(`${BANNER}: could not start: ${e.message}\n`);
		process.exit(1);
	}
	const line = '='.repeat(BANNER.length + 4);
	console.log(line);
	console.log(`  ${BANNER}`);
	console.log(line);
	console.log(`  URL:          ${sb.url}`);
	console.log(`  API base URL: ${sb.url}   (credential baseUrl)`);
	console.log(`  Upload URL:   ${sb.url}   (credential uploadBaseUrl)`);
	console.log(`  API keys:     ${sb.options.apiKeys.join(', ')}`);
	console.log(`  HMAC key:     ${sb.options.hmacKey ? '(set)' : '(none; callbacks unsigned)'}`);
	console.log(`  Control API:  ${sb.url}/__sandbox/  (requests, callbacks, tasks, uploads, faults, reset, config)`);
	console.log('  This is a local test and demo double. It is not Kie and generates no music.');
	let stopping = false;
	const stop = (sig) => {
		if (stopping) return;
		stopping = true;
		console.log(`${BANNER}: ${sig}, stopping`);
		sb.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
