import type { IHookFunctions } from 'n8n-workflow';

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
