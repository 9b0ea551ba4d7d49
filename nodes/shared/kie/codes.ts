/**
 * What Kie's envelope codes mean to a user (BASE §5). Kie answers most errors with HTTP 200 and
 * the real result in `code`; some pages give the same code different meanings, so each message
 * says what to do and the transport adds Kie's own `msg`.
 */

export const CODE_MESSAGES: Readonly<Record<number, { message: string; description: string }>> = {
	400: {
		message: 'Kie rejected the request as invalid',
		description: 'Check the fields named in Kie\'s message.',
	},
	401: {
		message: 'Kie rejected the API key',
		description:
			'Check the API key in the "Kie API" credential. Keys are created at https://kie.ai/api-key; also check any IP whitelist or per-key limit you set there.',
	},
	402: {
		message: 'Not enough Kie credits',
		description: 'Top up your Kie account at https://kie.ai, then run the workflow again.',
	},
	404: {
		message: 'Kie does not know this endpoint',
		description: 'Check the Base URL in the "Kie API" credential (default https://api.kie.ai).',
	},
	405: {
		message: 'Kie refused the request method or rate',
		description: 'Wait a moment and try again.',
	},
	408: {
		message: 'Kie timed out upstream',
		description: 'Kie got no result from its upstream for over 10 minutes. Try again later.',
	},
	409: {
		message: 'Kie reported a conflict',
		description: 'Kie says this resource already exists.',
	},
	413: {
		message: 'Kie says the input is too long or matches an existing work',
		description: 'Shorten the prompt or use different source audio.',
	},
	422: {
		message: 'Kie rejected the parameters',
		description: 'Kie\'s message names the field it did not accept.',
	},
	429: {
		message: 'Kie\'s rate limit was still exceeded after retrying',
		description:
			'Kie allows 20 new generations per 10 seconds per account. Other workflows may be using the same account; lower the rate or try again later.',
	},
	430: {
		message: 'Kie says the call frequency is too high',
		description: 'Wait a moment and try again; other workflows may be using the same account.',
	},
	433: {
		message: 'The usage limit of this Kie API key is exceeded',
		description: 'Raise the key\'s hourly, daily or total cap in the Kie dashboard.',
	},
	451: {
		message: 'Kie could not download the source audio',
		description:
			'Kie must fetch "Upload URL" itself, so it has to be a public direct link to the audio file (share pages of Google Drive or Dropbox do not work). To use a file from n8n, set "Source" to "Binary Data" and the node uploads it to Kie first.',
	},
	455: {
		message: 'Kie is under maintenance',
		description: 'Kie\'s service is temporarily unavailable. Try again later.',
	},
	500: {
		message: 'Kie reported a server error',
		description: 'Kie answered with an internal error; its message may say more.',
	},
	501: {
		message: 'Kie failed to generate the audio',
		description: 'The generation failed on Kie\'s side. Try again.',
	},
	505: {
		message: 'Kie reports this feature as disabled',
		description: 'Kie has switched this feature off for now.',
	},
};

/** Codes worth retrying: rate limits and maintenance; Kie did not create anything. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([429, 430, 455]);
