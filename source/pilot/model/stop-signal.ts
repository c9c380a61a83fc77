/**
How a process is stopped. `stop_signal` is what many services expect instead of SIGTERM
(Postgres: SIGINT = fast shutdown; nginx: SIGQUIT = graceful). `kill_mode` is systemd's
`KillMode`: `group` signals the whole process group, `mixed` only the main process, with the
SIGKILL after `timeout` going to the whole group (as the Postgres and nginx units use).
*/
export const stopSignals = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as const;

export type StopSignal = typeof stopSignals[number];

export const killModes = ['group', 'mixed'] as const;

export type KillMode = typeof killModes[number];

/** How one stop is done: the signal and who gets it. */
export type StopHow = {
	readonly signal: StopSignal;
	readonly killMode: KillMode;
};

export const defaultStopHow: StopHow = {signal: 'SIGTERM', killMode: 'group'};
