import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {readyTimeoutMs, waitForReady} from './wait-for-ready.js';

/**
Ready when a line of the process's output matches `ready_params.pattern` (a regular expression),
on `stream` `stdout`, `stderr` or `both` (default). It listens to the lines as they are captured,
so readiness follows the line at once; it needs the pilot's context (the output subscription).
*/
export async function logReadyStrategy(process: Process, _readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const pattern = process.ready_params['pattern'];
	if (typeof pattern !== 'string' || pattern === '') {
		throw new Error('Log ready strategy requires \'pattern\' parameter');
	}

	if (!context?.subscribeOutput) {
		throw new Error('Log ready strategy needs the output of the process (run it under a ProcessPilot)');
	}

	const expression = new RegExp(pattern);
	const stream = process.ready_params['stream'] ?? 'both';
	const {subscribeOutput} = context;
	return waitForReady(readyTimeoutMs(process, context), context.signal, finish => subscribeOutput((lineStream, line) => {
		if ((stream === 'both' || stream === lineStream) && expression.test(line)) {
			finish(true);
		}
	}));
}

/** Provides the `log` ready strategy. */
export class LogReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {log: logReadyStrategy};
	}
}
