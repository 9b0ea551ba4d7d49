/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: base (see ../n8nCore.ts). */
import { createRequire } from 'module';

/**
 * n8n-core ships its own copies of @n8n/di, @n8n/config, @n8n/backend-network (newer than the
 * top-level ones other dev tools pulled in). Services must come from n8n-core's copy, or the
 * container is a different one: resolve them the way n8n-core does.
 */
export const requireFromN8nCore = createRequire(require.resolve('n8n-core'));
export const Container = (requireFromN8nCore('@n8n/di') as typeof import('@n8n/di')).Container;

export const PACKAGE = 'n8n-nodes-kie-suno';
export const START_NODE_TYPE = 'harness.start';
export const DEFAULT_WAITING_BASE_URL = 'http://127.0.0.1:5679/webhook-waiting';
