/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-explicit-any */
/**
 * The Kie Suno operations the scenarios run, as data: an operation joins once both the installed
 * node and the sandbox have it (Generate Music arrives later), and is skipped with the reason before.
 */
import { randomUUID } from 'crypto';

import { KIE_NODE, N8N, QUEUED, SB, V, request, type NodeJson, type Target } from './helpers';

export interface OperationCase {
	operation: string;
	/** sandbox create route whose existence tells the sandbox supports it */
	route: string;
	/** node parameters besides resource/operation/completion/options; the title comes from the item */
	parameters: (uploadUrl: string) => Record<string, unknown>;
}

export const OPERATIONS: OperationCase[] = [
	{
		operation: 'addVocals',
		route: '/api/v1/generate/add-vocals',
		parameters: (uploadUrl) => ({ uploadUrl, title: '={{ $json.title }}', prompt: 'A calm song', style: 'Jazz', negativeTags: 'metal' }),
	},
	{
		operation: 'addInstrumental',
		route: '/api/v1/generate/add-instrumental',
		parameters: (uploadUrl) => ({ uploadUrl, title: '={{ $json.title }}', tags: 'piano', negativeTags: 'metal' }),
	},
	{
		operation: 'generate',
		route: '/api/v1/generate',
		parameters: () => ({ customMode: true, instrumental: false, title: '={{ $json.title }}', style: 'Jazz', prompt: 'A calm song' }),
	},
];

/**
 * The cases both the installed node (its music operations, as n8n lists them) and the sandbox
 * (its create route answers something other than 404) support; the others with the reason.
 */
export async function availableOperations(): Promise<{ run: OperationCase[]; skipped: Array<{ operation: string; reason: string }> }> {
	const types = await N8N.nodeTypes();
	const node = types.find((t) => t.name === KIE_NODE);
	const opProps = (node?.properties ?? []).filter((p: any) => p.name === 'operation' && JSON.stringify(p.displayOptions ?? {}).includes('music'));
	const nodeOps = new Set<string>(opProps.flatMap((p: any) => (p.options ?? []).map((o: any) => String(o.value))));
	const run: OperationCase[] = [];
	const skipped: Array<{ operation: string; reason: string }> = [];
	for (const c of OPERATIONS) {
		if (!nodeOps.has(c.operation)) {
			skipped.push({ operation: c.operation, reason: `the installed Kie Suno node has no music operation "${c.operation}" yet` });
			continue;
		}
		const probe = await request('POST', `${V.sandboxUrl}${c.route}`, { json: {}, headers: { authorization: `Bearer ${V.sandboxKey}` } });
		if (probe.status === 404) {
			skipped.push({ operation: c.operation, reason: `the Kie sandbox has no ${c.route} yet` });
			continue;
		}
		run.push(c);
	}
	return { run, skipped };
}

/** A Kie Suno node for `c` with the given completion; Continue On Fail (regular output). */
export function operationNode(c: OperationCase, uploadUrl: string, completion: 'poll' | 'callback' | 'resume', options: Record<string, unknown> = {}, t: Target = QUEUED): NodeJson {
	return {
		id: randomUUID(),
		name: 'Kie Suno',
		type: KIE_NODE,
		typeVersion: 1,
		position: [0, 0],
		onError: 'continueRegularOutput',
		credentials: { kieApi: { id: t.v.credentials.good.id, name: t.v.credentials.good.name } },
		parameters: { resource: 'music', operation: c.operation, ...c.parameters(uploadUrl), completion, options: { pollIntervalSeconds: 1, timeoutMinutes: 5, ...options } },
	};
}

/** The title a sandbox task was created with (its parameters, or the per-operation or jobs route body). */
export function taskTitle(task: any): string {
	return String(task?.params?.title ?? task?.body?.title ?? task?.body?.input?.title ?? '');
}

/** Sandbox tasks whose title starts with `prefix`. */
export async function tasksWithPrefix(prefix: string): Promise<any[]> {
	return (await SB.tasks()).filter((t) => taskTitle(t).startsWith(prefix));
}

