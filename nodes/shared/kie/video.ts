import { fileFamilyStatus, singleFileDescriptor } from './fileFamilies';

/**
 * Music video (family §10): `response.videoUrl` in details, `video_url` in the callback, `resultUrls[0]`
 * on jobs. Failure words: [S]'s list plus the words §3.1 applies to every file family.
 */
export const video = singleFileDescriptor({
	taskType: 'video',
	detailsPath: '/api/v1/mp4/record-info',
	field: 'videoUrl',
	names: ['videoUrl', 'video_url'],
	status: fileFamilyStatus('Kie failed to render the music video', {
		GENERATE_MP4_FAILED: 'Kie failed to render the music video',
		GENERATE_AUDIO_FAILED: 'Kie failed to render the music video',
		SENSITIVE_WORD_ERROR: 'Kie filtered the video text for sensitive words; change Author or Domain Name',
	}),
	file: { property: 'video', kind: 'video' },
	operations: {
		createMusicVideo: {
			operation: 'createMusicVideo',
			perOperationPath: '/api/v1/mp4/generate',
			jobsModel: 'ai-music-api/create-music-video',
			jobsVerified: true,
		},
	},
});
