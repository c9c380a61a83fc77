import type {Key} from 'ink';
import {textWidth} from './format.js';
import {glyphs} from './glyphs.js';

/** `fleet`: `attach HOST...`, several pilots in one table (q detaches from all; no `X`). */
export type AppMode = 'local' | 'attached' | 'fleet';

export type Action =
	| 'select-up'
	| 'select-down'
	| 'restart'
	| 'stop'
	| 'start'
	| 'restart-all'
	| 'cycle-logs'
	| 'scroll-up'
	| 'scroll-down'
	| 'follow'
	| 'filter'
	| 'search'
	| 'search-next'
	| 'search-previous'
	| 'sort'
	| 'detail'
	| 'graph'
	| 'reload'
	| 'scale-up'
	| 'scale-down'
	| 'help'
	| 'quit'
	| 'detach'
	| 'stop-pilot';

export type Binding = {
	/** Normalised key names, as `keyName` returns them. */
	readonly keys: readonly string[];
	/** How the keys are written in the footer and the help. */
	readonly display: string;
	readonly action: Action;
	/** Short, for the footer. */
	readonly label: string;
	/** Longer, for the help screen. */
	readonly description: string;
	/** Whether the footer lists it (the help screen lists every binding). */
	readonly isHint: boolean;
	/** What the footer shows instead of `display label`. */
	readonly hint?: string;
	readonly modes: readonly AppMode[];
};

/** Every mode (the name predates `fleet`). */
const both: readonly AppMode[] = ['local', 'attached', 'fleet'];

/** The one table of keys: input handling, the footer and the help screen are all generated from it. */
export const keymap: readonly Binding[] = [
	{keys: ['up', 'k'], display: `${glyphs.arrowUp}/k`, action: 'select-up', label: 'up', description: 'select the previous process', isHint: false, modes: both},
	{keys: ['down', 'j'], display: `${glyphs.arrowDown}/j`, action: 'select-down', label: 'select', description: 'select the next process', isHint: true, hint: `${glyphs.arrowUp}${glyphs.arrowDown} select`, modes: both},
	{keys: ['r'], display: 'r', action: 'restart', label: 'restart', description: 'restart the selected process', isHint: true, modes: both},
	{keys: ['s'], display: 's', action: 'stop', label: 'stop', description: 'stop the selected process', isHint: true, modes: both},
	{keys: ['t'], display: 't', action: 'start', label: 'start', description: 'start the selected process', isHint: true, modes: both},
	{keys: ['R'], display: 'R', action: 'restart-all', label: 'restart all', description: 'restart every process (asks first); in a fleet, every process of the selected row\'s host', isHint: true, modes: both},
	{keys: ['l', 'enter'], display: 'l/Enter', action: 'cycle-logs', label: 'logs', description: 'log pane: selected process / all processes / hidden', isHint: true, modes: both},
	{keys: ['pageup'], display: 'PgUp', action: 'scroll-up', label: 'scroll', description: 'scroll the log pane back', isHint: false, modes: both},
	{keys: ['pagedown'], display: 'PgDn', action: 'scroll-down', label: 'scroll', description: 'scroll the log pane forward (follows again at the end)', isHint: false, modes: both},
	{keys: ['end', 'f'], display: 'End/f', action: 'follow', label: 'follow', description: 'follow the newest log lines again', isHint: false, modes: both},
	{keys: ['ctrl+f'], display: 'Ctrl-F', action: 'search', label: 'search', description: 'search the log pane (regex; case-insensitive unless it has a capital; Esc ends)', isHint: true, modes: both},
	{keys: ['n'], display: 'n', action: 'search-next', label: 'next match', description: 'next log search match, going up to older lines', isHint: false, modes: both},
	{keys: ['N'], display: 'N', action: 'search-previous', label: 'previous match', description: 'previous log search match, going down to newer lines', isHint: false, modes: both},
	{keys: ['/'], display: '/', action: 'filter', label: 'filter', description: 'filter processes by name (Enter keeps, Esc clears)', isHint: true, modes: both},
	{keys: ['o'], display: 'o', action: 'sort', label: 'sort', description: 'sort by the next column (start order, name, state, CPU, memory, restarts)', isHint: true, modes: both},
	{keys: ['i'], display: 'i', action: 'detail', label: 'details', description: 'details: command, environment, exits, group members (Enter too while logs are hidden; Esc closes)', isHint: true, modes: both},
	{keys: ['g'], display: 'g', action: 'graph', label: 'graph', description: 'dependency graph: what waits for what, coloured by state (Esc closes)', isHint: true, modes: ['local', 'attached']},
	{keys: ['L'], display: 'L', action: 'reload', label: 'reload', description: 'read the manifest again: shows the plan (+ start, - stop, ~ restart and why), y applies it', isHint: false, modes: ['local', 'attached']},
	{keys: ['+'], display: '+', action: 'scale-up', label: 'scale up', description: 'one copy more of the selected replica\'s group (replicas: N)', isHint: false, modes: ['local', 'attached']},
	{keys: ['-'], display: '-', action: 'scale-down', label: 'scale down', description: 'one copy less of the selected replica\'s group (the highest number stops)', isHint: false, modes: ['local', 'attached']},
	{keys: ['?'], display: '?', action: 'help', label: 'help', description: 'show or hide this help', isHint: true, modes: both},
	{keys: ['q', 'ctrl+c'], display: 'q', action: 'quit', label: 'quit', description: 'stop every process, then quit (Ctrl-C twice: force)', isHint: true, modes: ['local']},
	{keys: ['q', 'ctrl+c'], display: 'q', action: 'detach', label: 'detach', description: 'detach, leaving the pilot running', isHint: true, modes: ['attached', 'fleet']},
	{keys: ['X'], display: 'X', action: 'stop-pilot', label: 'stop pilot', description: 'stop the remote pilot and every process (asks first)', isHint: false, modes: ['attached']},
];

/** One name per key press: `up`, `enter`, `ctrl+c`, or the character typed. */
export function keyName(input: string, key: Key): string {
	if (key.ctrl && (input === 'c' || input === 'f')) {
		return `ctrl+${input}`;
	}

	const named: Array<[boolean, string]> = [
		[key.upArrow, 'up'],
		[key.downArrow, 'down'],
		[key.pageUp, 'pageup'],
		[key.pageDown, 'pagedown'],
		[key.home, 'home'],
		[key.end, 'end'],
		[key.return, 'enter'],
		[key.escape, 'escape'],
		[key.backspace || key.delete, 'backspace'],
		[key.tab, 'tab'],
	];
	return named.find(([isPressed]) => isPressed)?.[1] ?? input;
}

const pastedKeys: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\u007F': 'backspace', '\b': 'backspace', '\u0003': 'ctrl+c'};

/**
The key names in one read from the terminal. Ink hands over several characters at once when they
arrive together (fast typing, `tmux send-keys j j r`, a paste); each is a key press of its own.
*/
export function keyNames(input: string, key: Key): string[] {
	const chars = [...input];
	if (chars.length <= 1 || input.includes('\u001B') || key.ctrl || key.meta) {
		return [keyName(input, key)];
	}

	return chars.map(char => pastedKeys[char] ?? char);
}

export function bindingsFor(mode: AppMode): readonly Binding[] {
	return keymap.filter(binding => binding.modes.includes(mode));
}

export function findBinding(name: string, mode: AppMode): Binding | undefined {
	return bindingsFor(mode).find(binding => binding.keys.includes(name));
}

function hintOf(binding: Binding): string {
	return binding.hint ?? `${binding.display} ${binding.label}`;
}

const pinnedActions: readonly Action[] = ['help', 'quit', 'detach'];

/** The footer: the hints that fit in `width`, in table order, always ending with help and quit when they fit. */
export function footerHints(mode: AppMode, width: number): string {
	const hints = bindingsFor(mode).filter(binding => binding.isHint);
	const pinned = hints.filter(binding => pinnedActions.includes(binding.action)).map(hintOf);
	const tail = pinned.join('  ');
	const fits = (text: string) => textWidth(text) <= width;
	let line = '';
	for (const binding of hints.filter(binding => !pinnedActions.includes(binding.action))) {
		const next = line ? `${line}  ${hintOf(binding)}` : hintOf(binding);
		if (!fits(`${next}  ${tail}`)) {
			break;
		}

		line = next;
	}

	const full = line ? `${line}  ${tail}` : tail;
	return fits(full) ? full : line;
}
