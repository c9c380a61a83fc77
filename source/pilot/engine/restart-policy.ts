import type {Process} from '../model/process-model.js';

export type RestartPolicy = Pick<Process, 'min_uptime_sec' | 'restart_delay_sec' | 'max_restart_delay_sec' | 'max_restarts'>;

export type RestartDecision =
	| {readonly kind: 'restart'; readonly delayMs: number; readonly quickExits: number}
	| {readonly kind: 'give-up'; readonly quickExits: number};

/**
Decide what follows an exit under the `restart` strategy.

A run that lasted at least `min_uptime_sec` restarts at once and resets the count of quick exits.
A quick exit waits `restart_delay_sec`, doubling with each further quick exit in a row, capped at
`max_restart_delay_sec`. With `max_restarts` set, the process is restarted at most that many
times in a row after quick exits; the next quick exit gives up.
*/
export function nextRestartDelay(policy: RestartPolicy, uptimeSec: number, previousQuickExits: number): RestartDecision {
	if (uptimeSec >= policy.min_uptime_sec) {
		return {kind: 'restart', delayMs: 0, quickExits: 0};
	}

	const quickExits = previousQuickExits + 1;
	if (policy.max_restarts !== null && quickExits > policy.max_restarts) {
		return {kind: 'give-up', quickExits};
	}

	const delaySec = Math.min(policy.restart_delay_sec * (2 ** (quickExits - 1)), policy.max_restart_delay_sec);
	return {kind: 'restart', delayMs: Math.round(delaySec * 1000), quickExits};
}
