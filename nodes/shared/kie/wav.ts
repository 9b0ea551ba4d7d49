import { fileFamilyStatus, singleFileDescriptor } from './fileFamilies';

/**
 * WAV conversion (family §7): details put the word in `successFlag` (one CN page: `status`) and the
 * file in `response.audioWavUrl`; the callback sends `audioWavUrl` or `audio_wav_url`; the jobs
 * route `resultUrls[0]`. Kie refuses a second WAV of the same track with 409 naming the earlier task.
 */
export const wav = singleFileDescriptor({
	taskType: 'wav',
	detailsPath: '/api/v1/wav/record-info',
	field: 'wavUrl',
	names: ['audioWavUrl', 'audio_wav_url'],
	status: fileFamilyStatus('Kie failed to convert the track to WAV', {
		GENERATE_WAV_FAILED: 'Kie failed to convert the track to WAV',
		GENERATE_AUDIO_FAILED: 'Kie failed to convert the track to WAV',
		SENSITIVE_WORD_ERROR: 'Kie filtered the track for sensitive words',
	}),
	file: { property: 'audio', kind: 'audio' },
	operations: {
		convertToWav: {
			operation: 'convertToWav',
			perOperationPath: '/api/v1/wav/generate',
			jobsModel: 'ai-music-api/convert-to-wav-format',
			jobsVerified: true,
			existingTaskCodes: [409],
		},
	},
});
