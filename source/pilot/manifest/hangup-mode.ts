/**
What a pilot does when its terminal goes away (SIGHUP, EIO on the terminal): `stop` every process
and exit, or `detach`: keep supervising headless, reachable through its control socket.
*/
export type HangupMode = 'stop' | 'detach';

export const hangupModes: readonly HangupMode[] = ['stop', 'detach'];

/** Checks a `--on-hangup` value; throws an Error for people naming the valid choices. */
export function parseHangupMode(value: string): HangupMode {
	if ((hangupModes as readonly string[]).includes(value)) {
		return value as HangupMode;
	}

	throw new Error(`--on-hangup must be one of ${hangupModes.join(', ')}, got '${value}'`);
}
