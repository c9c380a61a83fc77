import type {ChalkInstance} from 'chalk';
import {knownItem} from '../pilot/model/known-entry.js';

const nameColorKeys = ['cyan', 'magenta', 'blue', 'yellow', 'green', 'redBright', 'cyanBright', 'magentaBright'] as const;

/** A stable colour per process name, for `name |` prefixes, taken from the given chalk instance. */
export function nameColor(name: string, chalk: ChalkInstance): ChalkInstance {
	let hash = 0;
	for (const char of name) {
		hash = ((hash * 31) + (char.codePointAt(0) ?? 0)) >>> 0;
	}

	return chalk[knownItem(nameColorKeys, hash % nameColorKeys.length)];
}
