/** Lines the pane asks for while scrolled back (the engine keeps 1000 per process). */
export const scrollbackLimit = 5000;

/**
Where the log pane's bottom line is after PgUp (`-1`) or PgDn (`+1`): the `seq` of that line, or
null to follow the newest lines again. `anchor` is the current bottom line's `seq`, null while following.
*/
export function scrollLogs(lines: ReadonlyArray<{readonly seq: number}>, anchor: number | null, height: number, direction: -1 | 1): number | null {
	if (lines.length <= height || height <= 0) {
		return null;
	}

	const last = lines.length - 1;
	let bottom = last;
	if (anchor !== null) {
		const after = lines.findIndex(line => line.seq > anchor);
		bottom = after === -1 ? last : Math.max(0, after - 1);
	}

	const page = Math.max(1, height - 1);
	const target = Math.max(height - 1, bottom + (direction * page));
	return target >= last ? null : lines[target]?.seq ?? null;
}

/** The lines in view: the newest `height`, or the `height` ending at `anchor`. */
export function linesInView<T extends {readonly seq: number}>(lines: readonly T[], anchor: number | null, height: number): readonly T[] {
	if (height <= 0) {
		return [];
	}

	if (anchor === null) {
		return lines.slice(-height);
	}

	const after = lines.findIndex(line => line.seq > anchor);
	const end = after === -1 ? lines.length : Math.max(height, after);
	return lines.slice(Math.max(0, end - height), end);
}
