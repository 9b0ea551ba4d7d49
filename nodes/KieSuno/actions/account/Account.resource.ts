import type { INodeProperties } from 'n8n-workflow';

import { operationProperty } from '../common/description';
import * as getCredits from './getCredits.operation';

export const operations = { getCredits };

export const description: INodeProperties[] = [
	operationProperty('account', [['getCredits', 'Get Credits', 'Read the remaining credits of the Kie account', 'Get credits']], 'getCredits'),
	...getCredits.description,
];
