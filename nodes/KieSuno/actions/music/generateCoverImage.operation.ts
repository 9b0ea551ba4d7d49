import type { INodeProperties } from 'n8n-workflow';

import type { CreateSpec } from '../common/create';
import { asyncProperties, showFor } from '../common/description';
import { waitOptions } from '../common/options';
import { musicTaskIdProperty } from './chaining';

/**
 * Generate Cover Image: `POST /api/v1/suno/cover/generate` (family §5.1), task type `coverImage`.
 * Kie makes one cover per music task; a repeat answers 400/409 with the existing task's id, which
 * coverImage.ts `existingTaskCodes` turns into that task (awaited like a new one).
 */

const show = showFor('music', 'generateCoverImage');

export const description: INodeProperties[] = [
	musicTaskIdProperty(show, 'finished music task to make cover art for'),
	...asyncProperties(show, waitOptions('files')),
];

export const spec: CreateSpec = {
	resource: 'music',
	operation: 'generateCoverImage',
	taskType: 'coverImage',
	readItem(reader) {
		return { body: { taskId: reader.text('taskId', 'Task ID', { required: true }).trim() } };
	},
};
