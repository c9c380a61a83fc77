import type {HealthCheck, HealthCheckConfig, HealthResult, HealthStatus} from '../model/health.js';
import type {Process} from '../model/process-model.js';
import {errorText, valueText} from '../model/error-text.js';

export type HealthMonitorOptions = {
	readonly process: Process;
	readonly config: HealthCheckConfig;
	readonly check: HealthCheck;
	/** The child's pid (its process group id). */
	readonly pid: number;
	/** Every change of the health status (not every check). */
	readonly onStatus: (status: HealthStatus) => void;
	/** Called once when the process turns unhealthy (after `retries` failures in a row). */
	readonly onUnhealthy: (reason: string) => void;
	/** Injected for tests; `performance.now()` by default. */
	readonly now?: () => number;
};

/**
Runs the liveness checks of one run of a process, from the moment it is ready until `stop()`.
The first check runs at once, each next one `interval_sec` after the previous one ended, so
checks never overlap. A check is given `timeout_sec`: then its signal is aborted and it counts
as a failure, without waiting for it (a check that ignores the signal cannot stall the monitor;
the next round counts as failed while it is still running). `retries` failures in a row make the
process unhealthy; failures within `start_period_sec` of the start do not count. A success
makes it healthy again. Nothing here blocks: every check is a promise raced against a timer.
*/
export class HealthMonitor {
	#status: HealthStatus = {state: 'pending'};
	#failures = 0;
	#timer: NodeJS.Timeout | undefined;
	#abort: AbortController | undefined;
	#isStopped = false;
	#isCheckRunning = false;
	readonly #startedAt: number;
	readonly #now: () => number;

	constructor(private readonly options: HealthMonitorOptions) {
		this.#now = options.now ?? (() => performance.now());
		this.#startedAt = this.#now();
	}

	get status(): HealthStatus {
		return this.#status;
	}

	start(): void {
		this.options.onStatus(this.#status);
		this.#schedule(0);
	}

	stop(): void {
		this.#isStopped = true;
		clearTimeout(this.#timer);
		this.#abort?.abort();
	}

	#schedule(delayMs: number): void {
		if (this.#isStopped) {
			return;
		}

		this.#timer = setTimeout(() => void this.#round(), delayMs);
		this.#timer.unref();
	}

	async #round(): Promise<void> {
		const {config} = this.options;
		const result = this.#isCheckRunning
			? {ok: false as const, reason: 'the previous check is still running'}
			: await this.#runOne();
		if (this.#isStopped) {
			return;
		}

		this.#record(result);
		this.#schedule(config.interval_sec * 1000);
	}

	/** One check, raced against `timeout_sec`; a throw or a wrong answer is a failure with a reason. */
	async #runOne(): Promise<HealthResult> {
		const {process, config, check, pid} = this.options;
		const abort = new AbortController();
		this.#abort = abort;
		this.#isCheckRunning = true;
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<HealthResult>(resolve => {
			timer = setTimeout(() => {
				abort.abort();
				resolve({ok: false, reason: `check timed out after ${config.timeout_sec}s`});
			}, config.timeout_sec * 1000);
		});
		const checked = (async (): Promise<HealthResult> => {
			try {
				return toResult(await check(process, {pid, signal: abort.signal, timeoutSec: config.timeout_sec, params: config.params}));
			} catch (error) {
				return {ok: false, reason: errorText(error)};
			} finally {
				this.#isCheckRunning = false;
			}
		})();
		try {
			return await Promise.race([checked, timedOut]);
		} finally {
			clearTimeout(timer);
		}
	}

	#record(result: HealthResult): void {
		const {config} = this.options;
		if (result.ok) {
			this.#failures = 0;
			this.#setStatus({state: 'healthy'});
			return;
		}

		const isInStartPeriod = this.#now() - this.#startedAt < config.start_period_sec * 1000;
		if (isInStartPeriod) {
			return;
		}

		this.#failures++;
		if (this.#failures < config.retries) {
			return;
		}

		const wasUnhealthy = this.#status.state === 'unhealthy';
		this.#setStatus({state: 'unhealthy', reason: result.reason});
		if (!wasUnhealthy) {
			this.options.onUnhealthy(result.reason);
		}
	}

	#setStatus(status: HealthStatus): void {
		const current = this.#status;
		const isSame = current.state === status.state && (current.state !== 'unhealthy' || (status.state === 'unhealthy' && current.reason === status.reason));
		if (!isSame) {
			this.#status = status;
			this.options.onStatus(status);
		}
	}
}

function toResult(value: unknown): HealthResult {
	if (value === true) {
		return {ok: true};
	}

	if (value === false) {
		return {ok: false, reason: 'check failed'};
	}

	if (typeof value === 'object' && value !== null && 'ok' in value) {
		const {ok, reason} = value as {ok: unknown; reason?: unknown};
		return ok === true ? {ok: true} : {ok: false, reason: typeof reason === 'string' && reason !== '' ? reason : 'check failed'};
	}

	return {ok: false, reason: `check answered ${valueText(value)}, not true or false`};
}
