/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Environment for the n8n-core harness; imported before n8n-core so its config classes read it.
 * n8n keeps its settings file and binary data under N8N_USER_FOLDER/.n8n: a fresh temp dir per
 * jest worker keeps tests off the developer's ~/.n8n.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.KIE_HARNESS_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'kie-n8n-home-'));
	process.env.KIE_HARNESS_USER_FOLDER = folder;
	process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_USER_FOLDER = process.env.KIE_HARNESS_USER_FOLDER;
process.env.N8N_ENCRYPTION_KEY ??= 'kie-harness-encryption-key';
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_LOG_LEVEL ??= 'silent';
// Requests go to the sandbox on 127.0.0.1 only: never through a proxy.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete process.env[name];
