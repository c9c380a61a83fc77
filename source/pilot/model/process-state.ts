/**
The state of one supervised process.

The seed's four states (`starting`, `running`, `stopping`, `stopped`) plus `backoff` (waiting to
restart after a quick exit) and `failed` (gave up: ready timeout, spawn error or too many
restarts, or a job that exited with a code outside its `success_exit_codes`; the reason is kept
on the process) and `completed` (a `do_not_restart` job that exited with a success code).
*/
export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'backoff' | 'failed' | 'completed';

export const processStates: readonly ProcessState[] = ['starting', 'running', 'stopping', 'stopped', 'backoff', 'failed', 'completed'];

/** How a run ended: an exit code, or the signal that ended it. */
export type ExitInfo = {readonly code: number} | {readonly signal: string};

export type HookType = 'pre_start' | 'post_start' | 'on_shutdown' | 'on_restart';

export const hookTypes: readonly HookType[] = ['pre_start', 'post_start', 'on_shutdown', 'on_restart'];

export type ShutdownStrategy = 'restart' | 'do_not_restart' | 'shutdown_everything';

/** Fail the build when a `switch` over a union misses a case. */
export function assertNever(value: never): never {
	throw new Error(`Unexpected value: ${String(value)}`);
}
