/** What a process does when its health check keeps failing. */
export type OnUnhealthy = 'restart' | 'none';

/** A process's `health_check`, with every default filled in (plain data: no function types here). */
export type HealthCheckConfig = {
	readonly strategy: string;
	readonly params: Record<string, unknown>;
	readonly interval_sec: number;
	readonly timeout_sec: number;
	readonly retries: number;
	readonly start_period_sec: number;
	readonly on_unhealthy: OnUnhealthy;
};

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
