// Text for values that come from outside the types: whatever a plugin, a check or a library threw
// or returned.

/** The `message` of what was thrown (an Error or anything with one), else the value as text. */
export function errorText(error: unknown): string {
	const message = (error as {readonly message?: unknown} | null | undefined)?.message;
	return typeof message === 'string' ? message : String(error);
}

/** The value as JSON, or as text where JSON has none (`undefined`, a function, a symbol). */
export function valueText(value: unknown): string {
	// JSON.stringify returns undefined for those, though its declared type says string.
	const json = JSON.stringify(value) as string | undefined;
	return json ?? String(value);
}
