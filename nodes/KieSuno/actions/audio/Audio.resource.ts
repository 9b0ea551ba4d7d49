import type { INodeProperties } from 'n8n-workflow';

import { executeCreate } from '../common/create';
import { operationProperty } from '../common/description';
import { operationOf } from '../common/operation';
import * as convertToWav from './convertToWav.operation';
import * as createMusicVideo from './createMusicVideo.operation';
import * as generateMidi from './generateMidi.operation';
import * as separateStems from './separateStems.operation';

export const operations = {
	convertToWav: operationOf(executeCreate, convertToWav.spec),
	createMusicVideo: operationOf(executeCreate, createMusicVideo.spec),
	generateMidi: operationOf(executeCreate, generateMidi.spec),
	separateStems: operationOf(executeCreate, separateStems.spec),
};

export const description: INodeProperties[] = [
	operationProperty(
		'audio',
		[
			['convertToWav', 'Convert to WAV', 'Get a generated track as a WAV file', 'Convert a track to WAV'],
			['createMusicVideo', 'Create Music Video', 'Render an MP4 video for a generated track', 'Create a music video'],
			['generateMidi', 'Generate MIDI', 'Transcribe separated stems into MIDI notes', 'Generate MIDI from stems'],
			['separateStems', 'Separate Vocals and Stems', 'Split a generated track into vocals, instrumental or instrument stems', 'Separate vocals and stems'],
		],
		'convertToWav',
	),
	...convertToWav.description,
	...separateStems.description,
	...generateMidi.description,
	...createMusicVideo.description,
];
