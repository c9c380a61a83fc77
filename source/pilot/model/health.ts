import type {Process} from './process-model.js';

/** What one health check found; `reason` is short (it is shown in the table as `unhealthy: <reason>`). */
export type HealthResult = {readonly ok: true} | {readonly ok: false; readonly reason: string};

/** What a health check gets besides the process. */
export type HealthCheckContext = {
	/** PID of the child, which is also its process group id. */
	readonly pid: number;
	/** Aborted when the check's `timeout_sec` passes or the process stops: stop the work then. */
	readonly signal: AbortSignal;
	/** The check's `timeout_sec`. */
	readonly timeoutSec: number;
	/** The check's `params`, from the manifest. */
	readonly params: Readonly<Record<string, unknown>>;
};

/**
One liveness check of a running, ready process. Resolves `true` or `{ok: true}` when healthy,
`false` or `{ok: false, reason}` when not; a throw counts as a failure with its message, and a
check still running at `timeout_sec` is abandoned (its signal aborted) and counts as a failure.
*/
export type HealthCheck = (process: Process, context: HealthCheckContext) => boolean | HealthResult | Promise<boolean | HealthResult>;

/** The health of a process with a `health_check`, as the table shows it. */
export type HealthStatus =
	/** Ready, but no check has decided yet (or failures still fall within `start_period_sec`). */
	| {readonly state: 'pending'}
	| {readonly state: 'healthy'}
	| {readonly state: 'unhealthy'; readonly reason: string};

export type OnUnhealthy = 'restart' | 'none';

/** A process's `health_check`, with every default filled in. */
export type HealthCheckConfig = {
	readonly strategy: string;
	readonly params: Record<string, unknown>;
	readonly interval_sec: number;
	readonly timeout_sec: number;
	readonly retries: number;
	readonly start_period_sec: number;
	readonly on_unhealthy: OnUnhealthy;
};
