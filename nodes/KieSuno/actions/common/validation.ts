import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MODELS } from './generation.description';

/**
 * Reads and checks one item's parameters before anything is sent, so bad input never costs
 * credits. Every message names the field, the rule and the item (n8n's `[item N]`, 0-based).
 */
export class ItemReader {
	constructor(
		private readonly context: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	fail(message: string, description?: string): never {
		throw new NodeOperationError(this.context.getNode(), `${message} [item ${this.itemIndex}]`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	private raw(name: string, fallback?: unknown): unknown {
		return this.context.getNodeParameter(name, this.itemIndex, fallback);
	}

	/** A text parameter; numbers from expressions are accepted as text. */
	text(name: string, displayName: string, rules: { required?: boolean; maxLength?: number } = {}): string {
		const value = this.raw(name, '');
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
		const text = this.text(name, displayName, { required: rules.required }).trim();
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

	/** A number from 0 to 1 with at most two decimals (Kie's multipleOf 0.01). */
	weight(options: Record<string, unknown>, name: string, displayName: string): number | undefined {
		const value = options[name];
		if (value === undefined || value === null || value === '') return undefined;
		const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
		if (!Number.isFinite(number) || number < 0 || number > 1) {
			this.fail(`"${displayName}" must be a number from 0 to 1, got ${JSON.stringify(value)}`);
		}
		if (Math.abs(number * 100 - Math.round(number * 100)) > 1e-9) {
			this.fail(`"${displayName}" may have at most two decimals, got ${number}`);
		}
		return number;
	}

	oneOf<T extends string>(options: Record<string, unknown>, name: string, displayName: string, allowed: readonly T[]): T | undefined {
		const value = options[name];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'string' || !allowed.includes(value as T)) {
			this.fail(`"${displayName}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
		}
		return value as T;
	}

	model(options: Record<string, unknown>): (typeof MODELS)[number] | undefined {
		return this.oneOf(options, 'model', 'Model', MODELS);
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
