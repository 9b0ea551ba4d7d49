/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Imported before n8n-core. The harness registers stub InstanceSettings in n8n-core's container,
 * so n8n never reads or writes a user folder; should a service still look for one, it finds a
 * throw-away path under the temp dir, never the developer's ~/.n8n.
 */
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER = join(tmpdir(), 'kie-suno-trigger-tests');
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete process.env[name];
