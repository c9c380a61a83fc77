import {knownItem} from '../pilot/model/known-entry.js';
/**
Search in the log pane: a regular expression, case-insensitive unless the pattern has an
upper-case letter (like smartcase in vim and less). Pure functions; the pane and the keys use them.
*/
export type LogSearch = {
	readonly pattern: string;
	/** True while the prompt is open (typing); false once Enter searched. */
	readonly isEditing: boolean;
	/** `seq` of the current match, null before the first search or when nothing matched. */
	readonly current: number | null;
};

/** The pattern as a RegExp (global, for highlighting), or the reason it is not one. */
export function compileSearch(pattern: string): RegExp | {readonly error: string} {
	if (pattern === '') {
		return {error: 'empty pattern'};
	}

	try {
		return new RegExp(pattern, /\p{Lu}/u.test(pattern) ? 'gu' : 'giu');
	} catch (error) {
		return {error: (error as Error).message.replace(/^Invalid regular expression: /, '')};
	}
}

/** The `seq` of every line that matches, oldest first. */
export function findMatches(lines: ReadonlyArray<{readonly seq: number; readonly text: string}>, regex: RegExp): number[] {
	const matches: number[] = [];
	for (const line of lines) {
		regex.lastIndex = 0;
		if (regex.test(line.text)) {
			matches.push(line.seq);
		}
	}

	regex.lastIndex = 0;
	return matches;
}

/**
The match to go to. The search starts from the newest line and `n` goes on upwards, to older lines
(as `?` in less and vim, since a log is read from its end); `N` goes back down. No wrap-around
past either end: it stays on the last match there.
*/
export function stepMatch(matches: readonly number[], current: number | null, direction: 'first' | 'next' | 'previous'): number | null {
	if (matches.length === 0) {
		return null;
	}

	const index = current === null ? -1 : matches.indexOf(current);
	if (direction === 'first' || index === -1) {
		return knownItem(matches, -1);
	}

	const target = direction === 'next' ? Math.max(0, index - 1) : Math.min(matches.length - 1, index + 1);
	return knownItem(matches, target);
}

/** `match 3 of 7`, `no match`, or why the pattern is bad: for the pane's title. */
export function describeSearch(search: LogSearch, matches: readonly number[] | {readonly error: string}): string {
	if (!Array.isArray(matches)) {
		return `search /${search.pattern}/: ${(matches as {error: string}).error}`;
	}

	if (matches.length === 0) {
		return `/${search.pattern}/ no match`;
	}

	const index = search.current === null ? -1 : matches.indexOf(search.current);
	return index === -1 ? `/${search.pattern}/ ${matches.length} matches` : `/${search.pattern}/ match ${index + 1} of ${matches.length}`;
}

/** The anchor (bottom line's `seq`) that puts the match `seq` in the middle of a pane of `height` lines. */
export function anchorFor(lines: ReadonlyArray<{readonly seq: number}>, seq: number, height: number): number {
	const index = lines.findIndex(line => line.seq === seq);
	if (index === -1) {
		return seq;
	}

	const bottom = Math.min(lines.length - 1, Math.max(index + Math.floor(height / 2), height - 1));
	return knownItem(lines, bottom).seq;
}
