import type {ChildProcess} from 'node:child_process';
import {valueText} from '../model/error-text.js';
import {withTimeout} from './lifecycle-hooks.js';
import type {Process, ReadyContext} from '../model/process-model.js';

export type ReadyOutcome = {
	readonly isReady: boolean;
	/** The check was aborted (a stop, a restart or the child's exit took over): nobody should act on it. */
	readonly isCancelled: boolean;
};

/**
Run the process's ready strategy for one child, bounded by its `ready_timeout_sec` (plus a
second of grace for strategies that ignore it). A strategy that throws, hangs or answers anything
but `true` counts as not ready, and is reported.
*/
export async function runReadyStrategy(
	process: Process,
	child: ChildProcess,
	options: {readonly startedAt: number; readonly readyCheckInterval: number; readonly abort: AbortController; readonly report: (level: 'warn' | 'error', text: string) => void; readonly subscribeOutput?: ReadyContext['subscribeOutput']},
): Promise<ReadyOutcome> {
	const strategy = process.readyStrategyFunction;
	if (!strategy) {
		return {isReady: true, isCancelled: false};
	}

	const {abort, readyCheckInterval, report} = options;
	const {pid} = child;
	if (pid === undefined) {
		// The spawn failed; its 'error' event reports why.
		return {isReady: false, isCancelled: false};
	}

	const what = `Ready strategy '${process.ready_strategy}' of '${process.name}'`;
	const context: ReadyContext = {pid, signal: abort.signal, readyCheckInterval, timeoutSec: process.ready_timeout_sec, startedAt: options.startedAt, subscribeOutput: options.subscribeOutput};
	let isReady = false;
	try {
		// A plugin's strategy may return anything, whatever its declared type.
		const result: unknown = await withTimeout(() => strategy(process, readyCheckInterval, context), (process.ready_timeout_sec + 1) * 1000, `ready strategy '${process.ready_strategy}'`);
		if (typeof result !== 'boolean') {
			report('warn', `${what} returned ${valueText(result)}, not true or false; treated as not ready`);
		}

		isReady = result === true;
	} catch (error) {
		report('error', `${what} failed: ${(error as Error).message}`);
	}

	const isCancelled = abort.signal.aborted;
	abort.abort();
	return {isReady, isCancelled};
}
