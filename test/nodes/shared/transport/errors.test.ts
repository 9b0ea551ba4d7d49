/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * nodes/shared/transport/errors.ts: every Kie code becomes a message a user can act on, and a
 * create whose outcome is unknown is never sent again (it may already be billed).
 */
import { createRequests, useFastClock, useSandbox } from '../../../harness/sandbox';
import type { Failure } from './kieRequests';
import { create, CREATE_BODY, readCredits, requestsTo, sendExpectingError } from './kieRequests';
import { KIE_PATHS } from '../../../../nodes/shared/transport';

const kie = useSandbox({ credits: 100000 });
const clock = useFastClock();

describe('Kie\'s envelope codes (HTTP 200 with body.code)', () => {
	const cases: Array<{ code: number; msg?: string; message: string; description: RegExp }> = [
		{ code: 400, msg: 'bad json', message: 'Kie rejected the request as invalid (code 400): bad json', description: /Kie says: "bad json"/ },
		{ code: 401, message: 'Kie rejected the API key (code 401)', description: /API key in the "Kie API" credential/ },
		{ code: 402, message: 'Not enough Kie credits (code 402)', description: /Top up your Kie account/ },
		{ code: 404, message: 'Kie does not know this endpoint (code 404)', description: /Base URL/ },
		{ code: 405, message: 'Kie refused the request method or rate (code 405)', description: /Wait a moment/ },
		{ code: 408, message: 'Kie timed out upstream (code 408)', description: /over 10 minutes/ },
		{ code: 409, msg: 'WAV record already exists', message: 'Kie reported a conflict (code 409): WAV record already exists', description: /already exists/ },
		{ code: 413, message: 'Kie says the input is too long or matches an existing work (code 413)', description: /Shorten the prompt/ },
		{
			code: 422,
			msg: 'negativeTags is required',
			message: 'Kie rejected the parameters (code 422): negativeTags is required',
			description: /Kie says: "negativeTags is required"/,
		},
		{ code: 433, message: 'The usage limit of this Kie API key is exceeded (code 433)', description: /cap/ },
		{ code: 451, message: 'Kie could not download the source audio (code 451)', description: /Kie must fetch "Upload URL" itself, so it has to be a public direct link/ },
		{ code: 500, msg: 'This field is required', message: 'Kie reported a server error (code 500)', description: /Kie says: "This field is required"/ },
		{ code: 501, message: 'Kie failed to generate the audio (code 501)', description: /generation failed/i },
		{ code: 505, message: 'Kie reports this feature as disabled (code 505)', description: /switched this feature off/ },
		{ code: 531, msg: 'refunded', message: 'Kie reported a server error (code 531)', description: /Kie says: "refunded"/ },
		{ code: 499, msg: 'something new', message: 'Kie returned code 499: something new', description: /Kie says: "something new"/ },
	];

	it.each(cases)('code $code on a create: mapped, sent once, not retried', async ({ code, msg, message, description }) => {
		kie.sb.addFault({ type: 'code', code, ...(msg ? { msg } : {}), times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		expect(error.message).toEqual(message);
		expect(error.description).toMatch(description);
		expect(error.description).toContain('This happened while creating the task.');
		expect(error.httpCode).toBe(String(code));
		expect(error.context?.itemIndex).toBe(0);
		expect(createRequests(kie.sb)).toHaveLength(1);
		expect(clock.delays).toEqual([]);
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('401 is what the sandbox itself answers for a wrong key (HTTP 200, code 401)', async () => {
		const error = await sendExpectingError(kie.sb, readCredits(), { apiKey: 'not-a-valid-key' });
		expect(error.message).toBe('Kie rejected the API key (code 401)');
		expect(requestsTo(kie.sb, KIE_PATHS.credit)).toHaveLength(1);
	});

	it('451 is what the sandbox answers when it cannot fetch the upload URL', async () => {
		const error = await sendExpectingError(kie.sb, create({ body: { ...CREATE_BODY, uploadUrl: `${kie.sb.url}/no/such/file.mp3` } }));
		expect(error.message).toBe('Kie could not download the source audio (code 451)');
		expect(error.description).toContain('set "Source" to "Binary Data"');
		expect(createRequests(kie.sb)).toHaveLength(1);
	});

	it('402 is what the sandbox answers when credits run out', async () => {
		kie.sb.configure({ credits: 0 });
		const error = await sendExpectingError(kie.sb, create());
		expect(error.message).toBe('Not enough Kie credits (code 402)');
	});

	it('Kie\'s 422 message is kept even when it mentions an errno word (n8n would replace it)', async () => {
		kie.sb.addFault({ type: 'code', code: 422, msg: 'uploadUrl: getaddrinfo ENOTFOUND files.example.com' });
		const error = await sendExpectingError(kie.sb, create());
		expect(error.message).toBe('Kie rejected the parameters (code 422): uploadUrl: getaddrinfo ENOTFOUND files.example.com');
	});

	it('an HTTP error without Kie\'s envelope names the HTTP status', async () => {
		kie.sb.addFault({ type: 'http', status: 403, body: 'Forbidden', contentType: 'text/plain' });
		const error = await sendExpectingError(kie.sb, create());
		expect(error.message).toBe('Kie returned code 403: HTTP 403');
		expect(createRequests(kie.sb)).toHaveLength(1);
	});
});

describe('outcome unknown: creates are never resent', () => {
	/** The create reached Kie once and was not sent again; the error says why and what to check. */
	const unknownCreate = (error: Failure) => {
		expect(error.description).toContain('It was not sent again, because that could create (and bill) a second task');
		expect(error.description).toContain('Check whether the task exists in your Kie dashboard');
		expect(createRequests(kie.sb)).toHaveLength(1);
		expect(clock.delays).toEqual([]);
	};

	it('HTTP 502 (HTML gateway page) on a create', async () => {
		kie.sb.addFault({ type: 'http', status: 502, times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		unknownCreate(error);
		expect(error.message).toBe('Kie answered HTTP 502 without a result: the task may or may not have been created');
		expect(error.description).toMatch(/^Kie answered HTTP 502 without a result while creating the task\./);
	});

	it('HTTP 503 with a JSON body on a create', async () => {
		kie.sb.addFault({ type: 'http', status: 503, body: { code: 503, msg: 'busy' }, times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		unknownCreate(error);
		expect(error.message).toBe('Kie answered HTTP 503 without a result: the task may or may not have been created');
	});

	it('HTTP 200 that is not Kie\'s envelope on a create', async () => {
		kie.sb.addFault({ type: 'http', status: 200, body: '<html>maintenance</html>', contentType: 'text/html', times: 'always' });
		unknownCreate(await sendExpectingError(kie.sb, create()));
	});

	it('the connection is reset after the request was sent; the headline survives n8n\'s "retry" rewrite', async () => {
		kie.sb.addFault({ type: 'reset', times: 'always' });
		const error = await sendExpectingError(kie.sb, create());
		unknownCreate(error);
		expect(error.message).toBe('The connection to Kie failed after the request was sent (ECONNRESET): the task may or may not have been created');
		expect(error.message).not.toMatch(/retry the request immediately/i);
		expect(error.description).toContain('The connection to Kie failed after the request was sent (ECONNRESET) while creating the task.');
	});

	it('Kie accepts the task, then the connection resets: still exactly one task', async () => {
		kie.sb.addFault({ type: 'acceptThenReset', times: 'always' });
		unknownCreate(await sendExpectingError(kie.sb, create()));
		expect(kie.sb.tasks.size).toBe(1);
	});

	it('Kie accepts the task, then never answers: the timeout is not retried', async () => {
		kie.sb.addFault({ type: 'acceptThenHang', ms: 5000, times: 'always' });
		const started = Date.now();
		const error = await sendExpectingError(kie.sb, create({ timeoutMs: 250 }));
		expect(Date.now() - started).toBeLessThan(4000);
		unknownCreate(error);
		expect(error.message).toMatch(/may or may not have been created/);
		expect(error.description).toMatch(/The connection to Kie failed after the request was sent \((ECONNABORTED|ETIMEDOUT)\)/);
		expect(kie.sb.tasks.size).toBe(1);
	});

	it('an outage window on creates (HTTP 502 for every create): one request, no task', async () => {
		kie.sb.addOutage({ paths: ['create'], durationMs: 60_000, mode: 'http502' });
		unknownCreate(await sendExpectingError(kie.sb, create()));
		expect(kie.sb.tasks.size).toBe(0);
	});

	it('an upload whose outcome is unknown says that running again is safe (uploads are free)', async () => {
		kie.sb.addFault({ type: 'http', status: 502, path: 'upload', times: 'always' });
		const form = new FormData();
		form.append('uploadPath', 'n8n');
		const error = await sendExpectingError(kie.sb, { method: 'POST', path: KIE_PATHS.streamUpload, host: 'upload', kind: 'upload', body: form, action: 'uploading the audio' });
		expect(error.message).toBe('Kie answered HTTP 502 without a result: the upload may or may not have completed');
		expect(error.description).toContain('Uploads are free, so running the workflow again is safe.');
		expect(requestsTo(kie.sb, KIE_PATHS.streamUpload)).toHaveLength(1);
	});
});
