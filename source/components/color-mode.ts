import chalk, {Chalk} from 'chalk';

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
