/** The value at `keys` inside parsed JSON (a JSON Schema, an answer), or undefined where the path leads nowhere. */
export function jsonAt(value: unknown, ...keys: Array<string | number>): unknown {
	let current = value;
	for (const key of keys) {
		if (typeof current !== 'object' || current === null) {
			return undefined;
		}

		current = (current as Record<string | number, unknown>)[key];
	}

	return current;
}
