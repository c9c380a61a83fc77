import type {ShutdownStrategy} from './process-state.js';

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
};
