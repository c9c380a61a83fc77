import type {ChalkInstance} from 'chalk';
import {assertNever, type ProcessState} from '../pilot/model/process-state.js';
import {colors as chalk} from '../terminal/color-mode.js';
import {glyphs} from './glyphs.js';
import {nameColor as pickNameColor} from '../terminal/name-color.js';

export type StateStyle = {
	readonly glyph: string;
	readonly color: ChalkInstance;
};

/** The glyph and colour of a state; `running` but not yet ready looks like `starting`. */
export function stateStyle(state: ProcessState, isReady = true): StateStyle {
	switch (state) {
		case 'running': {
			return isReady ? {glyph: glyphs.running, color: chalk.green} : {glyph: glyphs.starting, color: chalk.yellow};
		}

		case 'starting': {
			return {glyph: glyphs.starting, color: chalk.yellow};
		}

		case 'stopping': {
			return {glyph: glyphs.stopping, color: chalk.yellow};
		}

		case 'stopped': {
			return {glyph: glyphs.stopped, color: chalk.gray};
		}

		case 'backoff': {
			return {glyph: glyphs.backoff, color: chalk.magenta};
		}

		case 'failed': {
			return {glyph: glyphs.failed, color: chalk.red};
		}

		case 'completed': {
			return {glyph: glyphs.completed, color: chalk.green};
		}

		default: {
			return assertNever(state);
		}
	}
}

/** A stable colour per process name, for `name |` prefixes (the same as the headless output's). */
export function nameColor(name: string): ChalkInstance {
	return pickNameColor(name, chalk);
}
