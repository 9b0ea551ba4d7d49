/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** nodes/shared/kie/models.ts: V6 first and default; discontinued values labelled. */
import { DEFAULT_MODEL, isV6Family, modelOptions, textLimit, V6_FAMILY } from '../../../../nodes/shared/kie/models';

describe('models', () => {
	it('V6 is the default; the V6 family is V6, V6_MINI, V6_WILD', () => {
		expect(DEFAULT_MODEL).toBe('V6');
		expect(V6_FAMILY).toEqual(['V6', 'V6_MINI', 'V6_WILD']);
		expect(['V6', 'V6_MINI', 'V6_WILD', 'V5_5', 'v6', '', undefined].map(isV6Family)).toEqual([true, true, true, false, false, false, false]);
	});

	it.each(['addVocals', 'addInstrumental'])('%s offers the V6 family, then V5_5, V5, V4_5PLUS labelled discontinued', (operation) => {
		expect(modelOptions(operation)).toEqual([
			{ name: 'V6', value: 'V6' },
			{ name: 'V6 Mini', value: 'V6_MINI' },
			{ name: 'V6 Wild', value: 'V6_WILD' },
			{ name: 'V5.5 (Discontinued)', value: 'V5_5' },
			{ name: 'V5 (Discontinued)', value: 'V5' },
			{ name: 'V4.5 Plus (Discontinued)', value: 'V4_5PLUS' },
		]);
	});

	it('an operation without models offers none', () => {
		expect(modelOptions('getTaskDetails')).toEqual([]);
	});

	it('text limits: per operation and model, V6 validated like the newest documented model', () => {
		expect(textLimit('generate', 'prompt', 'V4')).toBe(3000);
		expect(textLimit('generate', 'prompt', 'V6')).toBe(5000);
		expect(textLimit('generate', 'ideaPrompt', 'V6')).toBe(3000);
		expect(textLimit('extend', 'title', 'V4_5ALL')).toBe(80);
		expect(textLimit('extend', 'title', 'V6')).toBe(100);
		expect(textLimit('addVocals', 'title', 'V6')).toBeUndefined();
	});
});
