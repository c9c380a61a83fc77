import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {probeHttp} from '../probes/http-probe.js';
import {expectedStatuses} from '../probes/probe-params.js';
import {retryProbe} from './retry-probe.js';
import {pollIntervalMs, readyTimeoutMs, waitForReady} from './wait-for-ready.js';

/** Between attempts: short, so a server that starts listening is noticed quickly on loopback. */
const retryMs = 25;

/**
Ready once a GET of `ready_params.url` answers 2xx or 3xx (or one of `expect_status`). Retried
every ~25 ms (at most `readyCheckInterval`); each attempt waits at most a second.
*/
export async function httpReadyStrategy(process: Process, readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const url = process.ready_params['url'];
	if (typeof url !== 'string' || url === '') {
		throw new Error('HTTP ready strategy requires \'url\' parameter');
	}

	const expectStatus = expectedStatuses(process.ready_params['expect_status']);
	const delayMs = pollIntervalMs(readyCheckInterval, retryMs);
	return waitForReady(readyTimeoutMs(process, context), context?.signal, finish => retryProbe(async signal => probeHttp({url, expectStatus, timeoutMs: 1000, signal}), delayMs, finish));
}

/** Provides the `http` ready strategy. */
export class HttpReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {http: httpReadyStrategy};
	}
}
