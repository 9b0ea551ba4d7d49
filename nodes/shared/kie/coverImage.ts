import { claimByCode } from './fileFamilies';
import type { TaskTypeDescriptor } from './types';
import { dig, isHttpUrl, isPlainObject, pick } from './values';

/**
 * Cover art for a music task (family §5.1). `successFlag` is an INTEGER: 0 pending, 2 generating
 * ([S]), 1 success, 3 failed; an [S] clone uses failure words. The callback has camelCase
 * `data.taskId` and `data.images`, and no callbackType.
 */

function images(list: unknown) {
	if (!Array.isArray(list)) return [];
	const imageUrls = list.filter((url): url is string => typeof url === 'string' && url !== '');
	return imageUrls.length === 0 ? [] : [{ imageUrls }];
}

export const coverImage: TaskTypeDescriptor = {
	taskType: 'coverImage',
	detailsPath: '/api/v1/suno/cover/record-info',
	stages: ['complete', 'error'],
	status: {
		fields: ['successFlag', 'status'],
		pending: ['0', '2', 'PENDING', 'GENERATING'],
		complete: ['1', 'SUCCESS'],
		failed: {
			'3': 'Kie failed to generate the cover image',
			CREATE_TASK_FAILED: 'Kie failed to create the task',
			GENERATE_COVER_FAILED: 'Kie failed to generate the cover image',
		},
	},
	result: {
		fromDetails: (data) => images(dig(data, ['response', 'images'])),
		fromCallback: (body) => images(dig(body, ['data', 'images'])),
		fromJobs: (result) => images(isPlainObject(result) ? pick(result, 'resultUrls', 'images') : undefined),
		isUsable: (fields) => Array.isArray(fields.imageUrls) && fields.imageUrls.some(isHttpUrl),
	},
	callback: {
		matches: (body) => isPlainObject(body.data) && 'images' in body.data,
		claimedStage: claimByCode,
	},
	files: (item) =>
		(Array.isArray(item.imageUrls) ? item.imageUrls : []).map((url, index) => ({
			property: index === 0 ? 'image' : `image_${index}`,
			url,
			kind: 'image' as const,
			suffix: `cover-${index + 1}`,
		})),
	operations: {
		generateCoverImage: {
			operation: 'generateCoverImage',
			perOperationPath: '/api/v1/suno/cover/generate',
			jobsModel: 'ai-music-api/cover-generate',
			jobsVerified: false,
			existingTaskCodes: [400, 409],
		},
	},
};
