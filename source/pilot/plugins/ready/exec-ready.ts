import {dirname} from 'node:path';
import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {probeExec} from '../probes/exec-probe.js';
import {retryProbe} from './retry-probe.js';
import {readyTimeoutMs, waitForReady} from './wait-for-ready.js';

/**
Ready once `ready_params.command` (a list, or a string run by `/bin/sh -c`) exits 0; run again
`interval_sec` (default 0.25) after each failure, in the process's folder and environment. One
attempt never outlasts the wait: it is killed with its whole group when the wait ends.
*/
export async function execReadyStrategy(process: Process, _readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const command = process.ready_params['command'];
	if (!(typeof command === 'string' && command !== '') && !(Array.isArray(command) && command.length > 0)) {
		throw new Error('Exec ready strategy requires \'command\' parameter');
	}

	const interval = process.ready_params['interval_sec'];
	const delayMs = typeof interval === 'number' && interval > 0 ? interval * 1000 : 250;
	const timeoutMs = readyTimeoutMs(process, context);
	return waitForReady(timeoutMs, context?.signal, finish => retryProbe(async signal => probeExec({
		command: command as string | string[],
		timeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 3_600_000,
		cwd: process.working_directory ?? dirname(process.path),
		env: {...globalThis.process.env, ...process.env},
		signal,
	}), delayMs, finish));
}

/** Provides the `exec` ready strategy. */
export class ExecReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {exec: execReadyStrategy};
	}
}
