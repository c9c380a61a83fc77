import stringWidth from 'string-width';
import {isUnicodeLocale} from '../terminal/locale.js';

/** Every non-ASCII character the UI draws itself, in one table, so that a non-UTF-8 terminal gets ASCII. */
export type Glyphs = {
	readonly running: string;
	readonly starting: string;
	readonly stopping: string;
	readonly stopped: string;
	readonly backoff: string;
	readonly failed: string;
	readonly completed: string;
	/** Sparkline bars, lowest first. */
	readonly sparkBars: readonly string[];
	/** The horizontal line of the log pane's title. */
	readonly rule: string;
	/** Ends a cut cell; one column wide in both sets. */
	readonly ellipsis: string;
	/** Between parts of one line (`retry in 3s · exited 1`). */
	readonly separator: string;
	readonly arrowUp: string;
	readonly arrowDown: string;
	/** The cursor after the filter text. */
	readonly cursor: string;
	readonly info: string;
	readonly warn: string;
	readonly error: string;
};

export const unicodeGlyphs: Glyphs = {
	running: '●',
	starting: '◐',
	stopping: '◑',
	stopped: '○',
	backoff: '↻',
	failed: '✖',
	completed: '✔',
	sparkBars: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
	rule: '─',
	ellipsis: '…',
	separator: '·',
	arrowUp: '↑',
	arrowDown: '↓',
	cursor: '█',
	info: '·',
	warn: '⚠',
	error: '✖',
};

export const asciiGlyphs: Glyphs = {
	running: '*',
	starting: '^',
	stopping: 'v',
	stopped: 'o',
	backoff: '@',
	failed: 'x',
	completed: '+',
	sparkBars: ['_', '.', '-', ':', '=', '+', '*', '#'],
	rule: '-',
	ellipsis: '~',
	separator: '-',
	arrowUp: '^',
	arrowDown: 'v',
	cursor: '_',
	info: '-',
	warn: '!',
	error: 'x',
};

export {isUnicodeLocale} from '../terminal/locale.js';

export function glyphsFor(env: NodeJS.ProcessEnv = process.env): Glyphs {
	return isUnicodeLocale(env) ? unicodeGlyphs : asciiGlyphs;
}

/** The glyphs of this terminal, chosen once at start. */
export const glyphs: Glyphs = glyphsFor();

// Any character outside ASCII (escape sequences are ASCII, so they pass).
const nonAscii = /[^\u0000-\u007F]/gu;

const asciiOf = new Map<string, string>();
for (const key of Object.keys(unicodeGlyphs) as Array<keyof Glyphs>) {
	const unicode = [unicodeGlyphs[key]].flat();
	const ascii = [asciiGlyphs[key]].flat();
	for (const [index, char] of unicode.entries()) {
		asciiOf.set(char, ascii[index] ?? '?');
	}
}

/**
What a non-UTF-8 terminal is sent, as the last step before it: a glyph of the table that slipped
through (Ink's own `…` when it cuts a line) becomes its ASCII twin; any other character (a child's
output, a CJK process name) becomes `?`, as many as the columns it was measured to take, so rows
stay aligned.
*/
export function toAscii(text: string): string {
	return text.replaceAll(nonAscii, char => asciiOf.get(char) ?? '?'.repeat(Math.max(1, stringWidth(char))));
}
