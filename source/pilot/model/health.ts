// The function type lives with `Process` (it takes one), the data shapes in health-check-config.ts:
// that way the model has no import cycle.
export type {HealthCheck} from './process-model.js';
export type {HealthCheckContext, HealthResult} from './health-check-config.js';

/** The health of a process with a `health_check`, as the table shows it. */
export type HealthStatus =
	/** Ready, but no check has decided yet (or failures still fall within `start_period_sec`). */
	| {readonly state: 'pending'}
	| {readonly state: 'healthy'}
	| {readonly state: 'unhealthy'; readonly reason: string};

// In their own module: the process config needs them, and this one imports the process model.
export type {HealthCheckConfig, OnUnhealthy} from './health-check-config.js';
