import type {ShutdownStrategy} from './process-state.js';
import type {HealthCheckConfig} from './health-check-config.js';
import type {KillMode, StopSignal} from './stop-signal.js';

/** What a dependent waits for: `ready` (running and ready) or `completed` (exited with a success code). */
export type DependencyCondition = 'ready' | 'completed';

/** The manifest entry of one process, with the seed's snake_case keys. */
export type ProcessConfig = {
	name: string;
	path: string;
	args?: string[];
	env?: Record<string, string>;
	working_directory?: string | null;
	timeout?: number | null;
	shutdown_strategy?: ShutdownStrategy | null;
	dependencies?: string[];
	lifecycle_hooks?: string[];
	stat_handlers?: string[];
	ready_strategy?: string | null;
	ready_timeout_sec?: number;
	ready_params?: Record<string, unknown>;
	affinity?: number[] | null;
	min_uptime_sec?: number;
	restart_delay_sec?: number;
	max_restart_delay_sec?: number;
	max_restarts?: number | null;
	/** Default SIGTERM. */
	stop_signal?: StopSignal;
	/** Default group. */
	kill_mode?: KillMode;
	/** Per dependency name; a name not listed waits for `ready`. */
	dependency_conditions?: Record<string, DependencyCondition>;
	/** Env files as written; the manifest loader reads them into `env`. */
	env_file?: string[];
	/** False: not started with the pilot, only by `startProcess` (default true). */
	autostart?: boolean;
	/** Exit codes that count as success (default [0]). */
	success_exit_codes?: number[];
	health_check?: HealthCheckConfig | null;
};
