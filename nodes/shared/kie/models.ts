/**
 * Suno models as Kie lists them (family §2). Since September 2026 Kie lists the V6 family as
 * current and marks every older value "Discontinued"; older values stay selectable (labelled so)
 * for extending or covering tracks made with them. The model is always sent.
 */

export const V6_FAMILY = ['V6', 'V6_MINI', 'V6_WILD'] as const;
export const DEFAULT_MODEL = 'V6';

const LABELS: Record<string, string> = {
	V6: 'V6',
	V6_MINI: 'V6 Mini',
	V6_WILD: 'V6 Wild',
	V5_5: 'V5.5 (Discontinued)',
	V5: 'V5 (Discontinued)',
	V4_5PLUS: 'V4.5 Plus (Discontinued)',
	V4_5ALL: 'V4.5 All (Discontinued)',
	V4_5: 'V4.5 (Discontinued)',
	V4: 'V4 (Discontinued)',
};

const GENERATION_MODELS = [...V6_FAMILY, 'V5_5', 'V5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4'];
const ADD_MODELS = [...V6_FAMILY, 'V5_5', 'V5', 'V4_5PLUS'];

/** The values each model-taking operation offers, current first. */
export const MODELS_BY_OPERATION: Readonly<Record<string, readonly string[]>> = {
	generate: GENERATION_MODELS,
	extend: GENERATION_MODELS,
	uploadAndCover: GENERATION_MODELS,
	uploadAndExtend: GENERATION_MODELS,
	mashup: GENERATION_MODELS,
	addVocals: ADD_MODELS,
	addInstrumental: ADD_MODELS,
};

export function isV6Family(model: unknown): boolean {
	return typeof model === 'string' && (V6_FAMILY as readonly string[]).includes(model);
}

export function modelOptions(operation: string): Array<{ name: string; value: string }> {
	return (MODELS_BY_OPERATION[operation] ?? []).map((value) => ({ name: LABELS[value] ?? value, value }));
}

/**
 * Text limits per operation and model (family §4.1-4.6; V6 is validated like V5_5, as Kie
 * documents no V6 limits). `prompt` is the custom-mode limit (lyrics); `ideaPrompt` the
 * description-mode limit.
 */
type Limit = Readonly<Record<string, number>> & { default: number };
interface TextLimits {
	prompt?: Limit;
	ideaPrompt?: number;
	style?: Limit;
	title?: Limit;
}

const PROMPT: Limit = { V4: 3000, default: 5000 };
const STYLE: Limit = { V4: 200, default: 1000 };
const TITLE_80: Limit = { default: 80 };
const TITLE_BY_MODEL: Limit = { V4: 80, V4_5ALL: 80, default: 100 };

const LIMITS: Readonly<Record<string, TextLimits>> = {
	generate: { prompt: PROMPT, ideaPrompt: 3000, style: STYLE, title: TITLE_80 },
	extend: { prompt: PROMPT, style: STYLE, title: TITLE_BY_MODEL },
	uploadAndCover: { prompt: PROMPT, ideaPrompt: 500, style: STYLE, title: TITLE_BY_MODEL },
	uploadAndExtend: { prompt: PROMPT, style: STYLE, title: TITLE_BY_MODEL },
	mashup: { prompt: PROMPT, ideaPrompt: 500, style: STYLE, title: TITLE_80 },
};

/** Kie's maximum length of `field` for this operation and model, or undefined when Kie states none. */
export function textLimit(
	operation: string,
	field: 'prompt' | 'ideaPrompt' | 'style' | 'title',
	model: string,
): number | undefined {
	const limits = LIMITS[operation];
	if (!limits) return undefined;
	if (field === 'ideaPrompt') return limits.ideaPrompt;
	const limit = limits[field];
	return limit ? (limit[model] ?? limit.default) : undefined;
}
