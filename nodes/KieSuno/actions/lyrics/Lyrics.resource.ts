import type { INodeProperties } from 'n8n-workflow';

import { executeCreate } from '../common/create';
import { operationProperty } from '../common/description';
import { operationOf } from '../common/operation';
import * as generate from './generate.operation';

export const operations = { generate: operationOf(executeCreate, generate.spec) };

export const description: INodeProperties[] = [
	operationProperty('lyrics', [['generate', 'Generate Lyrics', 'Write song lyrics from a short prompt', 'Generate lyrics']], 'generate'),
	...generate.description,
];
