import type {LoggerOptions} from '../model/logger.js';
import type {LogFs} from '../output/log-rotation.js';
import type {Process} from '../model/process-model.js';
import type {ControlServerOptions, ProcessView} from '../model/pilot-api.js';
import type {ProcessGroups} from '../os/process-group.js';
import type {SpawnFunction} from './supervisor-context.js';

export type PilotOptions = {
	/** Load plugins from this folder before the first start. */
	readonly pluginDirectory?: string;
	/** Seconds between CPU/memory samples (default 1; exits and readiness are event-driven). */
	readonly processPollInterval?: number;
	/**
	Sample CPU and memory at all (default true). Off, stat handlers are not called and the stats
	stay 0: for a headless run where nobody reads them, it saves the pilot's only periodic work.
	*/
	readonly sampleStats?: boolean;
	/** Upper bound in seconds for any polling a ready strategy still does (default 0.1). */
	readonly readyCheckInterval?: number;
	/** The pilot's own log; silent by default. */
	readonly logger?: LoggerOptions;
	/** Output lines kept per process (default 1000). */
	readonly logLines?: number;
	/** Socket path, ports and token for the control server the manifest names (`control_server`). */
	readonly controlServer?: ControlServerOptions;
	/** Injected for tests. */
	readonly spawn?: SpawnFunction;
	/** How the children's groups are signalled and seen gone; injected with a fake `spawn`, whose children are no real processes. */
	readonly processGroups?: ProcessGroups;
	/**
	The log folder when the manifest sets no `log_dir` (a detached pilot passes `defaultLogDir(manifest)`):
	one file per process plus `pilot.log`. Without either, nothing is written.
	*/
	readonly logDir?: string;
	/** File operations of the log files; injected in tests to fake a full disk. */
	readonly logFs?: LogFs;
};

export function checkSeconds(name: string, value: number | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new TypeError(`Expected \`${name}\` to be a positive number of seconds, got ${String(value)}`);
	}

	return value;
}

export function checkLogLines(value: number | undefined): number {
	if (value === undefined) {
		return 1000;
	}

	if (!Number.isInteger(value) || value < 1) {
		throw new TypeError(`Expected \`logLines\` to be a positive integer, got ${String(value)}`);
	}

	return value;
}

/** The table row of a process that has not run yet. */
export function initialRow(process: Process): ProcessView {
	return {
		name: process.name, state: 'stopped', ready: false, pid: null, returnCode: null, cpuPercent: 0, memoryMb: 0, maxCpuPercent: 0, maxMemoryMb: 0,
		cpuHistory: [], restarts: 0, startedAt: null, lastExit: null, reason: null, nextRetryAt: null, retryDelayMs: null, dependencies: process.dependencies, health: null,
		...(process.replica ? {replica: process.replica} : {}),
	};
}
