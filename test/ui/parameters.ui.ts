/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The Kie Suno parameter panel, operation by operation, driven like a user: pick the resource and the
 * operation in their dropdowns and read the fields the panel shows. The operation list comes from the
 * node itself (/types/nodes.json); the expected fields from expectedFields.ts. The canvas subtitle is read
 * from one node per operation, and once live after switching operations in the panel.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { docScreenshot, openEditor, withFailureScreenshot, type Editor } from './browser';
import { canvasNodeLines, closeNdv, dropdownOptions, openNdv, openWorkflow, readParameters, selectOption, settled } from './editor';
import { asTableRow, EXPECTED_FIELDS, type ExpectedField } from './expectedFields';
import { createWorkflow, kieNode, kieNodeTypes, manualTrigger, operationsOf, type OperationRef } from './n8n';

const NODE = 'Kie Suno';
const SCREENSHOT_OPERATION = 'music.addVocals';

let editor: Editor | undefined;
let action: INodeTypeDescription;
let operations: OperationRef[];

const page = () => editor!.page;
const ui = (name: string, body: () => Promise<void>) => it(name, () => withFailureScreenshot(() => editor?.page, name, body), 600_000);
const key = (op: OperationRef) => `${op.resource}.${op.operation}`;
const nodeFor = (i: number) => `Kie Suno ${i + 1}`;

beforeAll(async () => {
	({ action } = await kieNodeTypes());
	operations = operationsOf(action);
	const perOperation = operations.map((op, i) =>
		kieNode(nodeFor(i), { resource: op.resource, operation: op.operation }, [300 + 250 * (i % 5), 300 + 200 * Math.floor(i / 5)]),
	);
	const id = await createWorkflow('UI: parameters', [manualTrigger('Start', [0, 0]), kieNode(NODE, {}, [300, 0]), ...perOperation], {
		Start: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
	});
	editor = await openEditor();
	await openWorkflow(page(), id);
}, 180_000);

afterAll(async () => {
	await editor?.close();
});

ui('the canvas names every operation in words under the node', async () => {
	const wrong: string[] = [];
	for (const [i, op] of operations.entries()) {
		const lines = await canvasNodeLines(page(), nodeFor(i));
		if (lines[1] !== op.operationName) wrong.push(`${key(op)}: ${JSON.stringify(lines)} (expected "${op.operationName}")`);
	}
	expect(wrong).toEqual([]);
	await docScreenshot(page(), 'canvas-subtitles');
});

ui('the Resource and Operation dropdowns list the node\'s own options (and n8n\'s Custom API Call)', async () => {
	await openNdv(page(), NODE);
	const resources = [...new Set(operations.map((o) => o.resourceName))];
	expect((await dropdownOptions(page(), 'resource')).filter((n) => n !== 'Custom API Call').sort()).toEqual(resources.sort());
	for (const resourceName of resources) {
		await selectOption(page(), 'resource', resourceName);
		const listed = (await dropdownOptions(page(), 'operation')).filter((n) => n !== 'Custom API Call');
		expect(listed).toEqual(operations.filter((o) => o.resourceName === resourceName).map((o) => o.operationName));
	}
});

ui('the expected-fields table has no row for an operation the node does not have', async () => {
	const known = new Set(operations.map(key));
	expect(Object.keys(EXPECTED_FIELDS).filter((k) => !known.has(k))).toEqual([]);
});

ui('each operation shows exactly its fields with their defaults', async () => {
	const problems: string[] = [];
	if (!(await page().locator('[data-test-id="node-parameters"]').count())) await openNdv(page(), NODE);
	for (const op of operations) {
		await selectOption(page(), 'resource', op.resourceName);
		await selectOption(page(), 'operation', op.operationName);
		const shown = await settled(
			() => readParameters(page()),
			(f) => f.length >= 2 && f[1].name === 'operation' && f[1].value === op.operationName,
		);
		const fields: ExpectedField[] = shown.filter((f) => f.name !== 'resource' && f.name !== 'operation').map((f) => [f.name, f.value]);
		const expected = EXPECTED_FIELDS[key(op)];
		if (!expected) {
			problems.push(`${key(op)} ("${op.operationName}") has no row in test/ui/expectedFields.ts; the panel shows:\n${asTableRow(key(op), fields)}`);
		} else if (JSON.stringify(fields) !== JSON.stringify(expected)) {
			problems.push(`${key(op)}: expected\n${asTableRow(key(op), expected)}\nbut the panel shows\n${asTableRow(key(op), fields)}`);
		}
		if (key(op) === SCREENSHOT_OPERATION) await docScreenshot(page(), 'operation-parameters');
	}
	if (problems.length) throw new Error(`${problems.length} of ${operations.length} operations differ:\n\n${problems.join('\n\n')}`);
});

ui('the subtitle follows the operation picked in the panel', async () => {
	const last = operations[operations.length - 1];
	await closeNdv(page());
	const lines = await settled(() => canvasNodeLines(page(), NODE), (l) => l[1] === last.operationName, 5_000);
	expect(lines).toEqual([NODE, last.operationName]);
});
