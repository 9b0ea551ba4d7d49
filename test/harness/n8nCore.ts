/**
 * n8n-core harness: runs our nodes through n8n's REAL execution machinery (no mocks of
 * IExecuteFunctions).
 *
 * What is real: `Workflow` (n8n-workflow), `new WorkflowExecute(additionalData, 'manual',
 * runExecutionData).processRunExecutionData(workflow)` (n8n-core, as n8n's NodeTestHarness does),
 * n8n's parameter-issue check before the run, the `ExecuteContext` it builds (getNodeParameter with
 * expression evaluation, continueOnFail, pairedItem, customData, putExecutionToWait,
 * evaluateExpression, `$execution.resumeUrl`), the error recording in run data, the helpers
 * `httpRequestWithAuthentication` / `httpRequest` (OutboundHttp from @n8n/backend-network, axios,
 * to the sandbox on 127.0.0.1), and binary data (BinaryDataService, filesystem mode, in a temp
 * N8N_USER_FOLDER removed at process exit; see ./env.ts).
 * What is ours: the node-types registry (KieSuno from the TS sources + `registerNodeType()` for
 * more), a "Start" node that emits the input items (Manual Trigger + pinned data), and a credentials
 * helper (n8n-workflow's ICredentialsHelper) whose getDecrypted() returns the test credential and
 * whose authenticate() applies the credential type's `authenticate` like n8n's CredentialsHelper
 * (generic: `=` values are evaluated by the workflow's expression engine with `$credentials`).
 *
 *   const result = await runNode({
 *     node: 'kieSuno',                              // default; or a registered type ('kieSunoTrigger')
 *     parameters: { resource: 'music', operation: 'addVocals', ... },
 *     credentials: testCredential(sandbox.url),    // { apiKey: 'sandbox-key', baseUrl, uploadBaseUrl, webhookHmacKey: '' }
 *     inputItems: [{ json: { title: 'a' } }],       // default: one empty item
 *     continueOnFail: true,                         // node.onError = 'continueRegularOutput'
 *     webhookWaitingBaseUrl: 'http://127.0.0.1:PORT/webhook-waiting',   // for resume tests
 *   });
 *   result.status          // IRun status: 'success' | 'error' | 'waiting' | ...
 *   result.items           // the node's output, INodeExecutionData[][] (one array per output)
 *   result.error           // the node's error as n8n recorded it ({ ...error, message, stack })
 *   result.workflowIssues  // true when n8n refused to start (e.g. literal empty required parameter)
 *   result.waitTill        // set when the node called putExecutionToWait(); statusUpdates has 'waiting'
 *   result.resumeUrl       // `$execution.resumeUrl` of this execution (n8n-core's getAdditionalKeys):
 *                          //   `${webhookWaitingBaseUrl}/${executionId}?signature=<resumeToken>`
 *   result.run, result.runExecutionData, result.workflow, result.additionalData, result.node,
 *   result.credentialsHelper (.fetched: credential types read), result.durationMs
 *
 * Also exported:
 *   createExecuteContext({ parameters, credentials, inputItems })  -> n8n-core's real ExecuteContext,
 *     for calling `this: IExecuteFunctions` code directly (e.g. kieApiRequest with a short timeoutMs)
 *   createWebhookContext({ node, request, credentials, runExecutionData }) -> n8n-core's real
 *     WebhookContext around a fake express request/response (trigger and resume webhook tests)
 *   createAdditionalData(), buildWorkflow(node), applyAuthentication(), testCredential(),
 *   registerNodeType(name, factory), initN8nCore(), Container (n8n-core's own @n8n/di container)
 *
 * Everything runs in-process; the only network traffic goes to URLs you give it (use 127.0.0.1).
 */
import './env';

export * from './n8nCore/base';
export * from './n8nCore/nodeTypes';
export * from './n8nCore/credentials';
export * from './n8nCore/additionalData';
export * from './n8nCore/runNode';
export * from './n8nCore/contexts';
