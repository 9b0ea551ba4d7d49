import type { INodeProperties } from 'n8n-workflow';

import { showFor, textField } from '../common/description';
import type { SyncSpec } from './synchronous';

/**
 * Boost Style: `POST /api/v1/style/generate` (family §5.3), answered at once; costs credits (0.4
 * live). Output: `style` (Kie's `result`, ready for a Style field), `content`, `creditsConsumed`,
 * `creditsRemaining`, `createTime`.
 */

const show = showFor('music', 'boostStyle');

export const description: INodeProperties[] = [
	textField(show, {
		name: 'content',
		displayName: 'Content',
		description: 'A short style description for Kie to expand into a detailed one',
		required: true,
		placeholder: 'Pop, Mysterious',
		rows: 2,
	}),
];

export const spec: SyncSpec = {
	operation: 'boostStyle',
	readItem(reader) {
		return { body: { content: reader.text('content', 'Content', { required: true }) }, carry: {} };
	},
};
