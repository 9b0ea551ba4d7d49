/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** n8n-core harness: credentials (see ../n8nCore.ts). */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import { KieApi } from '../../../credentials/KieApi.credentials';

const credentialTypes: Record<string, ICredentialType> = { kieApi: new KieApi() };

export interface KieTestCredential extends ICredentialDataDecryptedObject {
	apiKey: string;
	baseUrl: string;
	uploadBaseUrl: string;
	webhookHmacKey: string;
}

/** The test credential for a sandbox (its default accepted key is 'sandbox-key'). */
export function testCredential(sandboxUrl: string, overrides: Partial<KieTestCredential> = {}): KieTestCredential {
	return { apiKey: 'sandbox-key', baseUrl: sandboxUrl, uploadBaseUrl: sandboxUrl, webhookHmacKey: '', ...overrides };
}

/**
 * Applies a credential type's `authenticate` like n8n's CredentialsHelper: a function is called;
 * `generic` copies headers/qs/body/auth into the request, evaluating `=` values as n8n
 * expressions with `$credentials` (through the workflow's real expression engine when given).
 */
export async function applyAuthentication(
	credentials: ICredentialDataDecryptedObject,
	typeName: string,
	requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	workflow?: WorkflowType,
	node?: INode,
): Promise<IHttpRequestOptions> {
	const type = credentialTypes[typeName];
	if (!type) throw new Error(`harness: unknown credential type "${typeName}"`);
	const authenticate = type.authenticate;
	if (!authenticate) return requestOptions as IHttpRequestOptions;
	if (typeof authenticate === 'function') {
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
	}
	if (authenticate.type !== 'generic') throw new Error(`harness: unsupported authenticate type ${authenticate.type}`);
	const resolve = (value: unknown): unknown => {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		if (workflow && node) {
			return workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as never, undefined, '');
		}
		// Without a workflow: the `{{$credentials.x}}` subset our credential uses.
		return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
	};
	const options = requestOptions as IHttpRequestOptions & IDataObject;
	for (const [outer, values] of Object.entries(authenticate.properties) as Array<[string, IDataObject]>) {
		const target = ((options[outer] as IDataObject | undefined) ?? {}) as IDataObject;
		for (const [key, value] of Object.entries(values)) target[String(resolve(key))] = resolve(value) as never;
		options[outer] = target as never;
	}
	return options;
}

/** A credentials helper (n8n-workflow's ICredentialsHelper) serving fixed decrypted credentials. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every getDecrypted() call, for assertions. */
	readonly fetched: string[] = [];

	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: WorkflowType,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		return await applyAuthentication(credentials, typeName, requestOptions, workflow, node);
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`harness: getCredentials(${type}) is not supported; use getDecrypted`);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.fetched.push(type);
		const credentials = this.credentials[type];
		if (!credentials) throw new Error(`harness: no test credential of type "${type}"`);
		// A copy per call, as n8n decrypts afresh each time.
		return { ...credentials };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}
