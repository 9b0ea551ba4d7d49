import type { IHookFunctions, IWebhookDescription } from 'n8n-workflow';

/**
 * Kie is told the callback URL per request, so there is nothing to register with it: the
 * trigger's URL is pasted by hand, and the action node's resume webhook is a restart webhook
 * n8n never registers.
 */
export const unregisteredWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return false;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};

/**
 * The POST webhook Kie's callbacks arrive on. `responseData: ''` makes n8n answer with what the
 * node returns (without it n8n answers "firstEntryJson"); the resume webhook is a restart webhook.
 */
export function callbackWebhook(path: string, restartWebhook = false): IWebhookDescription {
	return { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path, ...(restartWebhook ? { restartWebhook } : {}) };
}
