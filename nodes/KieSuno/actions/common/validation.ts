import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MODEL, MODELS_BY_OPERATION } from '../../../shared/kie/models';
import type { RouteChoice } from '../../../shared/tasks/read';

/**
 * Reads and checks one item's parameters before anything is sent, so bad input never costs
 * credits. Every message names the field, the rule and the item (n8n's `[item N]`, 0-based).
 */
export class ItemReader {
	constructor(
		private readonly context: IExecuteFunctions,
		readonly itemIndex: number,
	) {}

	fail(message: string, description?: string): never {
		throw new NodeOperationError(this.context.getNode(), `${message} [item ${this.itemIndex}]`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	raw(name: string, fallback?: unknown): unknown {
		return this.context.getNodeParameter(name, this.itemIndex, fallback);
	}

	/** A text parameter; numbers from expressions are accepted as text. */
	text(name: string, displayName: string, rules: { required?: boolean; maxLength?: number } = {}): string {
		return this.checkText(this.raw(name, ''), name, displayName, rules);
	}

	/** A text option of the Options collection ('' when unset). */
	optionText(options: Record<string, unknown>, name: string, displayName: string, maxLength?: number): string {
		return this.checkText(options[name], name, displayName, { maxLength });
	}

	private checkText(value: unknown, name: string, displayName: string, rules: { required?: boolean; maxLength?: number }): string {
		if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
			this.fail(`"${displayName}" must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`);
		}
		const text = value === null || value === undefined ? '' : String(value);
		if (rules.required && text.trim() === '') {
			this.fail(`"${displayName}" is required`, `Enter a value for "${displayName}" (${name}).`);
		}
		if (rules.maxLength !== undefined && text.length > rules.maxLength) {
			this.fail(
				`"${displayName}" has ${text.length} characters; Kie allows at most ${rules.maxLength}`,
				`Shorten "${displayName}" (${name}) to ${rules.maxLength} characters or fewer.`,
			);
		}
		return text;
	}

	/** An absolute http(s) URL. */
	url(name: string, displayName: string, rules: { required: boolean }): string | undefined {
		return this.checkUrl(this.text(name, displayName, { required: rules.required }).trim(), name, displayName);
	}

	checkUrl(text: string, name: string, displayName: string): string | undefined {
		if (text === '') return undefined;
		let parsed: URL | undefined;
		try {
			parsed = new URL(text);
		} catch {
			parsed = undefined;
		}
		if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
			this.fail(
				`"${displayName}" must be an http:// or https:// URL, got "${text.slice(0, 100)}"`,
				`Kie needs a full URL such as https://example.com/audio.mp3 in "${displayName}" (${name}).`,
			);
		}
		return text;
	}

	/** A boolean parameter; "true"/"false" from expressions are accepted. */
	boolean(name: string, displayName: string, fallback: boolean): boolean {
		const value = this.raw(name, fallback);
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		return this.fail(`"${displayName}" must be true or false, got ${JSON.stringify(value)}`);
	}

	/** A number within bounds, with at most `decimals` decimals; undefined when empty and optional. */
	number(
		value: unknown,
		displayName: string,
		rules: { min?: number; max?: number; decimals?: number; required?: boolean } = {},
	): number | undefined {
		if (value === undefined || value === null || value === '') {
			if (rules.required) this.fail(`"${displayName}" is required`);
			return undefined;
		}
		const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
		const range = `${rules.min ?? '-∞'} to ${rules.max ?? '∞'}`;
		if (!Number.isFinite(number) || (rules.min !== undefined && number < rules.min) || (rules.max !== undefined && number > rules.max)) {
			this.fail(`"${displayName}" must be a number from ${range}, got ${JSON.stringify(value)}`);
		}
		if (rules.decimals !== undefined) {
			const scale = 10 ** rules.decimals;
			if (Math.abs(number * scale - Math.round(number * scale)) > 1e-9) {
				this.fail(`"${displayName}" may have at most ${rules.decimals} decimals, got ${number}`);
			}
		}
		return number;
	}

	/** A number from 0 to 1 with at most two decimals (Kie's multipleOf 0.01). */
	weight(options: Record<string, unknown>, name: string, displayName: string): number | undefined {
		return this.number(options[name], displayName, { min: 0, max: 1, decimals: 2 });
	}

	oneOf<T extends string>(options: Record<string, unknown>, name: string, displayName: string, allowed: readonly T[]): T | undefined {
		const value = options[name];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'string' || !allowed.includes(value as T)) {
			this.fail(`"${displayName}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
		}
		return value as T;
	}

	/** The model is always sent, so what Kie renders never depends on Kie's own default. */
	model(options: Record<string, unknown>, operation: string): string {
		return this.oneOf(options, 'model', 'Model', MODELS_BY_OPERATION[operation] ?? []) ?? DEFAULT_MODEL;
	}

	apiRoute(options: Record<string, unknown>): RouteChoice {
		return this.oneOf(options, 'apiRoute', 'API Route', ['auto', 'perOperation', 'jobs'] as const) ?? 'auto';
	}

	positiveNumber(options: Record<string, unknown>, name: string, displayName: string, fallback: number, min: number): number {
		const value = options[name];
		if (value === undefined || value === null || value === '') return fallback;
		const number = typeof value === 'number' ? value : Number(value);
		if (!Number.isFinite(number) || number < min) {
			this.fail(`"${displayName}" must be a number of at least ${min}, got ${JSON.stringify(value)}`);
		}
		return number;
	}

	options(): Record<string, unknown> {
		const value = this.raw('options', {});
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	}
}
