/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * `sourceType: binary`: the item's binary audio goes to Kie's File Upload API (multipart
 * /api/file-stream-upload) and its downloadUrl becomes the task's uploadUrl. Runs through
 * n8n-core's real ExecuteContext and binary data service against the Kie sandbox (local test
 * double of Kie, not Kie), which records every upload with its sha256 and, on create, downloads
 * the uploadUrl itself (loopback only) so the whole chain is checked byte for byte.
 */
import { randomBytes } from 'crypto';
import type { IBinaryData, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from '../../../../harness/n8nCore';
import type { KieSandbox } from '../../../../sandbox/kieSandbox';
import {
	binaryDataService,
	createRequests,
	sha256,
	startTestSandbox,
	taskWithTitle,
	UPLOAD_PATH,
	vocalsParameters,
} from './completion/helpers';

const CALLBACK = 'https://example.com/kie-callback';

let sb: KieSandbox;

beforeAll(async () => {
	sb = await startTestSandbox();
});

afterAll(async () => {
	await sb.close();
});

beforeEach(() => {
	sb.reset();
});

function binaryParameters(overrides: INodeParameters = {}): INodeParameters {
	const parameters = vocalsParameters({ sourceType: 'binary', completion: 'callback', callbackUrl: CALLBACK, ...overrides });
	delete parameters.uploadUrl;
	return parameters;
}

function inlineBinary(data: Buffer, fileName = 'My Song.mp3', mimeType = 'audio/mpeg'): IBinaryData {
	return { data: data.toString('base64'), mimeType, fileName, fileExtension: fileName.split('.').pop() };
}

const uploadRequests = () => sb.requests.filter((request) => request.path === UPLOAD_PATH);

function uploadOf(data: Buffer) {
	const upload = sb.uploads.find((candidate) => candidate.sha256 === sha256(data));
	if (!upload) throw new Error('no upload with these bytes');
	return upload;
}

describe('upload: bytes and names', () => {
	it('uploads each item\'s bytes unchanged under a unique name and creates the task with the returned downloadUrl', async () => {
		const first = randomBytes(1_500_000);
		const second = randomBytes(300_000);
		const items: INodeExecutionData[] = [
			{ json: { title: 'First' }, binary: { data: inlineBinary(first) } },
			{ json: { title: 'Second' }, binary: { data: inlineBinary(second) } },
		];
		const result = await runNode({ parameters: binaryParameters(), credentials: testCredential(sb.url), inputItems: items });
		expect(result.error).toBeUndefined();

		expect(sb.uploads).toHaveLength(2);
		for (const [title, bytes] of [
			['First', first],
			['Second', second],
		] as const) {
			const upload = uploadOf(bytes);
			expect(upload).toMatchObject({ route: 'stream', bytes: bytes.length, uploadPath: 'n8n-kie-suno', mimeType: 'audio/mpeg' });
			// "My Song.mp3" → MySong-<time>-<random>.mp3: Kie overwrites same-named files
			expect(upload.fileName).toMatch(/^MySong-[0-9a-z]+-[0-9a-z]{1,8}\.mp3$/);
			const task = taskWithTitle(sb, title);
			expect(task.params.uploadUrl).toBe(upload.downloadUrl);
			// the sandbox fetched uploadUrl on create: what Kie would generate from is the input's bytes
			expect(task.source).toMatchObject({ url: upload.downloadUrl, status: 200, bytes: bytes.length, sha256: sha256(bytes) });
		}
		expect(uploadOf(first).fileName).not.toBe(uploadOf(second).fileName);

		// the multipart request: uploadPath, fileName, the file part with the item's MIME type, Kie's key
		for (const request of uploadRequests()) {
			const upload = sb.uploads.find((candidate) => candidate.fileName === request.body.fileName)!;
			expect(request.body).toEqual({
				uploadPath: 'n8n-kie-suno',
				fileName: upload.fileName,
				file: { fileName: upload.fileName, contentType: 'audio/mpeg', bytes: upload.bytes },
			});
			expect(request.headers.authorization).toBe('Bearer sandbox-key');
			expect(String(request.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		}

		expect(result.items).toEqual([
			['First', 'Second'].map((title, item) => ({
				json: {
					taskId: taskWithTitle(sb, title).taskId,
					taskType: 'music',
					apiRoute: 'jobs',
					stage: 'pending',
					operation: 'addVocals',
					title,
					callbackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
				},
				pairedItem: { item },
			})),
		]);
	});

	it('uploads binary data that n8n keeps on disk (filesystem mode), from a custom field, for Add Instrumental', async () => {
		const bytes = randomBytes(6 * 1024 * 1024 + 123); // above the sandbox's in-memory limit too
		const stored = await binaryDataService().store(
			{ type: 'execution', workflowId: 'harness-workflow', executionId: 'upload-source' },
			bytes,
			{ mimeType: 'audio/wav', fileName: 'vocals.wav', fileExtension: 'wav', data: '' },
		);
		expect(stored.id).toMatch(/^filesystem-v2:/);
		const parameters = binaryParameters({ operation: 'addInstrumental', binaryPropertyName: 'voice', tags: 'piano, calm' });
		delete parameters.prompt;
		delete parameters.style;
		const result = await runNode({
			parameters,
			credentials: testCredential(sb.url),
			inputItems: [{ json: { title: 'Stem' }, binary: { voice: stored } }],
		});
		expect(result.error).toBeUndefined();
		const upload = uploadOf(bytes);
		expect(upload).toMatchObject({ bytes: bytes.length, mimeType: 'audio/wav', storage: 'disk' });
		expect(upload.fileName).toMatch(/^vocals-[0-9a-z]+-[0-9a-z]{1,8}\.wav$/);
		const task = taskWithTitle(sb, 'Stem');
		expect(task.kind).toBe('add-instrumental');
		expect(task.params.uploadUrl).toBe(upload.downloadUrl);
		expect(task.source?.sha256).toBe(sha256(bytes));
	});
});

describe('upload: failures create no task', () => {
	const oneItem = (): INodeExecutionData[] => [{ json: { title: 'Doomed' }, binary: { data: inlineBinary(randomBytes(2048)) } }];

	it('Kie code 500 from the upload endpoint → a clear error, no task', async () => {
		sb.addFault({ type: 'code', code: 500, path: UPLOAD_PATH });
		const result = await runNode({ parameters: binaryParameters(), credentials: testCredential(sb.url), inputItems: oneItem() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie reported a server error (code 500)');
		expect(result.error?.description).toBe(
			'Kie answered with an internal error; its message may say more. Kie says: "Server error". This happened while uploading "data" to Kie\'s File Upload API.',
		);
		expect(uploadRequests()).toHaveLength(1); // an upload is not retried on a 500
		expect(createRequests(sb)).toHaveLength(0);
		expect(sb.tasks.size).toBe(0);
	});

	it('HTTP 500 from the upload host → says the upload may not have completed and that retrying is safe', async () => {
		sb.addFault({ type: 'http', status: 500, path: UPLOAD_PATH });
		const result = await runNode({ parameters: binaryParameters(), credentials: testCredential(sb.url), inputItems: oneItem() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie answered HTTP 500 without a result: the upload may or may not have completed');
		expect(result.error?.description).toContain('Uploads are free, so running the workflow again is safe.');
		expect(createRequests(sb)).toHaveLength(0);
	});

	it('a rejected API key (401) → names the credential, no task', async () => {
		const result = await runNode({
			parameters: binaryParameters(),
			credentials: testCredential(sb.url, { apiKey: 'not-a-kie-key' }),
			inputItems: oneItem(),
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Kie rejected the API key (code 401)');
		expect(result.error?.description).toContain('Check the API key in the "Kie API" credential.');
		expect(result.error?.description).toContain('uploading "data" to Kie\'s File Upload API');
		expect(JSON.stringify(result.error)).not.toContain('not-a-kie-key');
		expect(createRequests(sb)).toHaveLength(0);
	});

	it('a success answer without downloadUrl → no task', async () => {
		sb.addFault({ type: 'code', code: 200, msg: 'ok', path: UPLOAD_PATH });
		const result = await runNode({ parameters: binaryParameters(), credentials: testCredential(sb.url), inputItems: oneItem() });
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe("Kie's File Upload API returned no download URL [item 0]");
		expect(createRequests(sb)).toHaveLength(0);
	});

	it('with Continue On Fail, a failed upload gives that item an error item without a task ID', async () => {
		sb.addFault({ type: 'code', code: 500, path: UPLOAD_PATH });
		const result = await runNode({
			parameters: binaryParameters(),
			credentials: testCredential(sb.url),
			inputItems: oneItem(),
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(result.items).toEqual([
			[
				{
					json: {
						taskId: null,
						stage: 'error',
						code: 500,
						msg: 'Kie reported a server error (code 500)',
						error: 'Kie reported a server error (code 500)',
						description:
							'Kie answered with an internal error; its message may say more. Kie says: "Server error". This happened while uploading "data" to Kie\'s File Upload API.',
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(createRequests(sb)).toHaveLength(0);
	});
});

describe('upload: missing binary', () => {
	it('fails validation before any request when the item has no such binary field', async () => {
		const result = await runNode({
			parameters: binaryParameters(),
			credentials: testCredential(sb.url),
			inputItems: [{ json: { title: 'No Audio' }, binary: { other: inlineBinary(randomBytes(16)) } }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No binary field "data" on the input item [item 0]');
		expect(result.error?.description).toMatch(/^"Source" is "Binary Data", so the item needs audio in the binary field "data"\./);
		expect(sb.requests).toHaveLength(0);
	});

	it('nothing is sent for any item when one item lacks the binary (without Continue On Fail)', async () => {
		const result = await runNode({
			parameters: binaryParameters(),
			credentials: testCredential(sb.url),
			inputItems: [{ json: { title: 'Has Audio' }, binary: { data: inlineBinary(randomBytes(16)) } }, { json: { title: 'No Audio' } }],
		});
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('No binary field "data" on the input item [item 1]');
		expect(sb.requests).toHaveLength(0);
	});

	it('with Continue On Fail, only the item without binary fails', async () => {
		const bytes = randomBytes(4096);
		const result = await runNode({
			parameters: binaryParameters(),
			credentials: testCredential(sb.url),
			continueOnFail: true,
			inputItems: [{ json: { title: 'No Audio' } }, { json: { title: 'Has Audio' }, binary: { data: inlineBinary(bytes) } }],
		});
		expect(result.status).toBe('success');
		expect(sb.uploads).toHaveLength(1);
		expect(sb.uploads[0].sha256).toBe(sha256(bytes));
		const [failed, created] = result.items[0];
		expect(failed).toMatchObject({ json: { taskId: null, stage: 'error', msg: 'No binary field "data" on the input item [item 0]' }, pairedItem: { item: 0 } });
		expect(created).toEqual({
			json: {
				taskId: taskWithTitle(sb, 'Has Audio').taskId,
				taskType: 'music',
				apiRoute: 'jobs',
				stage: 'pending',
				operation: 'addVocals',
				title: 'Has Audio',
				callbackUrl: `${CALLBACK}?kieTaskType=music&kieApiRoute=jobs`,
			},
			pairedItem: { item: 1 },
		});
	});
});
