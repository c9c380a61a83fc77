import chalk, {Chalk} from 'chalk';
import {knownItem} from '../pilot/model/known-entry.js';

/**
The user's explicit choice, if any: `FORCE_COLOR` (not empty, `0` or `false`) turns colour on,
`NO_COLOR` (not empty, https://no-color.org) turns it off; `FORCE_COLOR` wins when both are set, as
the more specific request. `undefined` leaves it to the terminal.
*/
export function colorPreference(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
	const force = env['FORCE_COLOR'];
	if (force !== undefined && force !== '') {
		return force !== '0' && force !== 'false';
	}

	const noColor = env['NO_COLOR'];
	return noColor !== undefined && noColor !== '' ? false : undefined;
}

/** Whether output to this stream gets colours: the user's choice, else whether it is a terminal. */
export function shouldUseColor(isTerminal: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
	return colorPreference(env) ?? isTerminal;
}

/**
Every colour the TUI draws goes through this instance. `NO_COLOR` switches colours off here only:
bold, dim and the selected row's reverse video are not colours and stay (they are Ink's, through the
default chalk), so the selection still shows.
*/
export const colors = new Chalk({level: colorPreference() === false ? 0 : chalk.level});

const sgr = /\u001B\[([\d;]*)m/g;

/** The SGR parameters that are attributes (bold, dim, reverse...), without those that set a colour. */
function attributesOnly(parameters: string): string[] {
	const codes = parameters.split(';');
	const kept: string[] = [];
	for (let index = 0; index < codes.length; index++) {
		const text = knownItem(codes, index);
		const code = Number(text);
		if (code === 38 || code === 48) {
			index += codes[index + 1] === '5' ? 2 : 4; // 38;5;n or 38;2;r;g;b
		} else if (!((code >= 30 && code <= 49) || (code >= 90 && code <= 107))) {
			kept.push(text);
		}
	}

	return kept;
}

/**
The last step before a terminal when colours are off: colour codes that any component (or Ink) still
wrote are removed, attributes kept. One choke point, so a new component cannot break `NO_COLOR`.
*/
export function withoutColors(text: string): string {
	return text.replaceAll(sgr, (sequence, parameters: string) => {
		if (parameters === '') {
			return sequence; // `\e[m` is a reset.
		}

		const kept = attributesOnly(parameters);
		return kept.length > 0 ? `\u001B[${kept.join(';')}m` : '';
	});
}
