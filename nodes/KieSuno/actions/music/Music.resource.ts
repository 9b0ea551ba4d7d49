import type { INodeProperties } from 'n8n-workflow';

import { executeCreate } from '../common/create';
import { operationProperty } from '../common/description';
import { operationOf } from '../common/operation';
import * as addInstrumental from './addInstrumental.operation';
import * as addVocals from './addVocals.operation';
import * as boostStyle from './boostStyle.operation';
import * as extend from './extend.operation';
import * as generate from './generate.operation';
import * as generateCoverImage from './generateCoverImage.operation';
import * as generatePersona from './generatePersona.operation';
import * as getTaskDetails from './getTaskDetails.operation';
import * as getTimestampedLyrics from './getTimestampedLyrics.operation';
import * as mashup from './mashup.operation';
import * as replaceSection from './replaceSection.operation';
import * as uploadAndCover from './uploadAndCover.operation';
import * as uploadAndExtend from './uploadAndExtend.operation';
import { executeSync } from './synchronous';

export const operations = {
	addInstrumental: operationOf(executeCreate, addInstrumental.spec),
	addVocals: operationOf(executeCreate, addVocals.spec),
	boostStyle: operationOf(executeSync, boostStyle.spec),
	extend: operationOf(executeCreate, extend.spec),
	generate: operationOf(executeCreate, generate.spec),
	generateCoverImage: operationOf(executeCreate, generateCoverImage.spec),
	generatePersona: operationOf(executeSync, generatePersona.spec),
	getTaskDetails,
	getTimestampedLyrics: operationOf(executeSync, getTimestampedLyrics.spec),
	mashup: operationOf(executeCreate, mashup.spec),
	replaceSection: operationOf(executeCreate, replaceSection.spec),
	uploadAndCover: operationOf(executeCreate, uploadAndCover.spec),
	uploadAndExtend: operationOf(executeCreate, uploadAndExtend.spec),
};

export const description: INodeProperties[] = [
	operationProperty(
		'music',
		[
			['addInstrumental', 'Add Instrumental', 'Generate an accompaniment for a vocal track', 'Add instrumental to vocals'],
			['addVocals', 'Add Vocals', 'Sing over an instrumental track', 'Add vocals to an instrumental'],
			['boostStyle', 'Boost Style', 'Expand a short style description into a detailed one', 'Boost a style description'],
			['extend', 'Extend Music', 'Continue a generated track', 'Extend a track'],
			['generateCoverImage', 'Generate Cover Image', 'Make cover art for a music task', 'Generate a cover image'],
			['generate', 'Generate Music', 'Create songs from a prompt, or from your own lyrics, style and title', 'Generate music'],
			['generatePersona', 'Generate Persona', 'Save the voice and style of a track as a persona for later songs', 'Generate a persona'],
			['getTaskDetails', 'Get Task Details', 'Read the status and tracks of a task', 'Get task details'],
			['getTimestampedLyrics', 'Get Timestamped Lyrics', 'Read when each word of a track is sung', 'Get timestamped lyrics'],
			['mashup', 'Mashup', 'Blend two tracks into new songs', 'Mash up two tracks'],
			['replaceSection', 'Replace Section', 'Regenerate a time range of a track', 'Replace a section of a track'],
			['uploadAndCover', 'Upload and Cover Audio', 'Cover your own audio in a new style', 'Upload and cover audio'],
			['uploadAndExtend', 'Upload and Extend Audio', 'Continue your own audio', 'Upload and extend audio'],
		],
		'addVocals',
	),
	...generate.description,
	...extend.description,
	...uploadAndCover.description,
	...uploadAndExtend.description,
	...addVocals.description,
	...addInstrumental.description,
	...replaceSection.description,
	...mashup.description,
	...generateCoverImage.description,
	...getTaskDetails.description,
	...getTimestampedLyrics.description,
	...boostStyle.description,
	...generatePersona.description,
];
