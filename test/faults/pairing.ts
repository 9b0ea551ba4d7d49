/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * n8n's item pairing after a Kie node: a Set node that looks up each item's input through
 * `$('Split Items').item`, and how that lookup went (recorded in docs/reliability.md, not asserted).
 */
import { randomUUID } from 'crypto';

import { nodeItems, type Execution, type NodeJson } from './helpers';

/**
 * A Set node after the Kie node that looks up each item's input through n8n's item pairing:
 * `inputTitle = $('Split Items').item.json.title` (other fields kept; a failed lookup becomes an
 * item with `error`).
 */
export function pairedLookupNode(): NodeJson {
	return {
		id: randomUUID(),
		name: 'Paired Lookup',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [780, 0],
		onError: 'continueRegularOutput',
		parameters: {
			mode: 'manual',
			includeOtherFields: true,
			assignments: { assignments: [{ id: randomUUID(), name: 'inputTitle', type: 'string', value: "={{ $('Split Items').item.json.title }}" }] },
			options: {},
		},
	};
}

/** How the paired-item lookup of pairedLookupNode() went, given each task's input title. */
export function pairedLookupCounts(execution: Execution, titleOf: (taskId: string) => string | undefined): { correct: number; wrong: number; unavailable: number } {
	const counts = { correct: 0, wrong: 0, unavailable: 0 };
	for (const { json } of nodeItems(execution, 'Paired Lookup')) {
		// (Kie's own error items have an `error` field too, so only the looked-up value counts)
		if (json.inputTitle === undefined || json.inputTitle === null || json.inputTitle === '') counts.unavailable++;
		else if (json.inputTitle === titleOf(String(json.taskId))) counts.correct++;
		else counts.wrong++;
	}
	return counts;
}
