// Reads that the caller's own bookkeeping guarantees (a map filled from the same list, an index
// inside the bounds just checked). A miss is a bug in pilot-tui: it throws and says so, instead of
// flowing on as `undefined`.

/** `map.get(key)` for a key the caller put in the map itself. */
export function knownEntry<K, V>(map: ReadonlyMap<K, V>, key: K): V {
	const value = map.get(key);
	if (value === undefined) {
		throw new Error(`Internal error: no entry for ${String(key)}`);
	}

	return value;
}

/** `list.at(index)` for an index the caller knows is inside the list (negative counts from the end). */
export function knownItem<T>(list: readonly T[], index: number): T {
	const item = list.at(index);
	if (item === undefined) {
		throw new Error(`Internal error: no item ${index} in a list of ${list.length}`);
	}

	return item;
}
