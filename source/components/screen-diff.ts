import stringWidth from 'string-width';
import {knownItem} from '../pilot/model/known-entry.js';

const sgrCodes = /\u001B\[[\d;]*m/g;
const reset = '\u001B[0m';

/** Where two versions of a line differ: `after.slice(start, end)` replaces `before.slice(start, end + before.length - after.length)`. */
type Span = {readonly start: number; readonly end: number};

/**
The part of a line that changed, cut at spaces so that no escape sequence, wide character or
grapheme is split (table cells are separated by spaces). `end` is `after.length` when the rest of
the line has to be drawn again (the changed parts differ in width).
*/
export function changedSpan(before: string, after: string): Span {
	const shorter = Math.min(before.length, after.length);
	let start = 0;
	while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}

	while (start > 0 && after[start - 1] !== ' ') {
		start--;
	}

	let same = 0;
	while (same < shorter - start && before.charCodeAt(before.length - 1 - same) === after.charCodeAt(after.length - 1 - same)) {
		same++;
	}

	let end = after.length - same;
	while (end < after.length && after[end] !== ' ') {
		end++;
	}

	if (end < after.length) {
		const beforeEnd = end + before.length - after.length;
		if (stringWidth(after.slice(start, end)) !== stringWidth(before.slice(start, beforeEnd))) {
			end = after.length;
		}
	}

	return {start, end};
}

/** What redraws one changed line (row `row`, counted from 0) in place: a cursor move, the colours in force there, the new text. */
export function redrawLine(row: number, before: string, after: string): string {
	const {start, end} = changedSpan(before, after);
	const head = after.slice(0, start);
	const column = stringWidth(head) + 1;
	const text = after.slice(start, end);
	const clear = end === after.length ? '\u001B[K' : '';
	const move = `\u001B[${row + 1};${column}H`;
	if (!after.includes('\u001B')) {
		return move + text + clear;
	}

	const colours = coloursInForce(head);
	return `${move}${reset}${colours}${text}${text.includes('\u001B') || colours ? reset : ''}${clear}`;
}

// What ends each attribute (SGR parameter -> the parameters it closes).
const closers: Record<string, RegExp> = {0: /.*/, 22: /^[12]$/, 23: /^3$/, 24: /^4$/, 27: /^7$/, 29: /^9$/, 39: /^(?:3\d|9\d)(?:;|$)/, 49: /^(?:4\d|10\d)(?:;|$)/};

/** The colour codes still open at the end of `head` (chalk closes each it opens, so often none). */
export function coloursInForce(head: string): string {
	const open: string[] = [];
	for (const code of head.match(sgrCodes) ?? []) {
		const parameters = code.slice(2, -1) || '0';
		const closer = closers[parameters];
		if (closer) {
			for (let index = open.length - 1; index >= 0; index--) {
				if (closer.test(knownItem(open, index))) {
					open.splice(index, 1);
				}
			}
		} else {
			open.push(parameters);
		}
	}

	return open.map(parameters => `\u001B[${parameters}m`).join('');
}

/**
Draws Ink's frames on the terminal, each one as the difference to the one before: unchanged lines
are not sent, a changed line sends only its changed cells. An idle table whose uptimes tick sends a
few bytes per row instead of the whole screen. `reset()` (after a resize, or when the screen may
have been changed behind its back) makes the next frame a full one.
*/
export class ScreenDiff {
	#previous: readonly string[] | undefined;

	reset(): void {
		this.#previous = undefined;
	}

	/** The bytes that turn the screen from the previous frame into `frame` (lines separated by `\n`). */
	draw(frame: string): string {
		const lines = frame.split('\n');
		const previous = this.#previous;
		this.#previous = lines;
		if (!previous) {
			return `\u001B[H${lines.join('\u001B[K\n')}\u001B[K\u001B[J`;
		}

		let output = '';
		for (const [row, line] of lines.entries()) {
			const before = previous[row];
			if (before === undefined) {
				output += `\u001B[${row + 1};1H${line}\u001B[K`;
			} else if (before !== line) {
				output += redrawLine(row, before, line);
			}
		}

		if (previous.length > lines.length) {
			output += `\u001B[${lines.length + 1};1H\u001B[J`;
		}

		return output;
	}
}
