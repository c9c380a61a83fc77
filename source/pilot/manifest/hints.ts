import type {z} from 'zod';
import {knownItem} from '../model/known-entry.js';

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(knownItem(previous, j) + 1, knownItem(current, j - 1) + 1, knownItem(previous, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return knownItem(previous, b.length);
}

/** The known key a mistyped one most likely meant (`processor_affinity` → `affinity`), or null. */
export function suggestKey(unknown: string, known: readonly string[]): string | null {
	const normal = (key: string) => key.toLowerCase().replaceAll(/[-_\s]/g, '');
	const wanted = normal(unknown);
	let best: {key: string; score: number} | null = null;
	for (const key of known) {
		const candidate = normal(key);
		const distance = editDistance(wanted, candidate);
		const contains = candidate.length >= 4 && (wanted.includes(candidate) || candidate.includes(wanted));
		const limit = Math.max(2, Math.floor(Math.max(wanted.length, candidate.length) / 3));
		const score = contains ? distance / 100 : distance;
		if ((contains || distance <= limit) && (!best || score < best.score)) {
			best = {key, score};
		}
	}

	return best?.key ?? null;
}

/** A short description of a value for messages: `a number (5)`, `a list`, `null`. */
export function describeValue(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	switch (typeof value) {
		case 'string': {
			return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
		}

		case 'number': {
			return `a number (${value})`;
		}

		case 'boolean': {
			return `a boolean (${value})`;
		}

		case 'object': {
			return value instanceof Uint8Array ? 'binary data' : 'a mapping';
		}

		default: {
			return typeof value;
		}
	}
}

const expectedNames: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'an integer',
	boolean: 'true or false',
	array: 'a list',
	object: 'a mapping',
	record: 'a mapping',
	null: 'null',
};

/** One human sentence for a zod issue; `value` is the offending value (undefined when the key is missing). */
export function describeZodIssue(issue: z.core.$ZodIssue, value: unknown, isKeyPresent: boolean): string {
	const last = issue.path.at(-1);
	switch (issue.code) {
		case 'invalid_type': {
			if (!isKeyPresent) {
				return `Missing required key '${String(last)}'`;
			}

			if (typeof value === 'number' && !Number.isFinite(value)) {
				return `Expected a finite number, got ${value}`;
			}

			const expected = expectedNames[issue.expected] ?? issue.expected;
			const hint = typeof value === 'number' && issue.expected === 'string' && issue.path.some(segment => segment === 'args' || segment === 'env') ? ` (quote it: "${value}")` : '';
			return `Expected ${expected}, got ${describeValue(value)}${hint}`;
		}

		case 'invalid_union': {
			// A union with its own message (`{error: ...}`) says what it expects; the env values' union does not.
			const expected = issue.message.startsWith('Expected') ? issue.message.replace(/^Expected /, '') : 'a string, number or boolean';
			return `Expected ${expected}, got ${describeValue(value)}`;
		}

		case 'invalid_value': {
			return `Must be one of ${issue.values.map(option => JSON.stringify(option)).join(', ')}, got ${describeValue(value)}`;
		}

		case 'too_small': {
			if (issue.origin === 'string') {
				return 'Must not be empty';
			}

			if (issue.origin === 'array') {
				return 'Must not be an empty list';
			}

			return `Must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${describeValue(value)}`;
		}

		case 'too_big': {
			if (issue.origin === 'number' || issue.origin === 'int') {
				return `Must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue(value)}`;
			}

			return issue.message;
		}

		default: {
			return issue.message;
		}
	}
}
