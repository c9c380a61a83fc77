import type {ChildProcess} from 'node:child_process';
import type {HookType, ProcessState, ShutdownStrategy} from './process-state.js';
import type {DependencyCondition, ProcessConfig} from './process-config.js';
import type {KillMode, StopSignal} from './stop-signal.js';
import type {HealthCheckConfig, HealthCheckContext, HealthResult} from './health-check-config.js';
import {
	createLocalStateCell, ProcessRuntimeInfo, ProcessStats, type ProcessStateCell, type ProcessStatus,
} from './process-runtime.js';

export type {ProcessConfig} from './process-config.js';
export {ProcessRuntimeInfo, ProcessStats, type ProcessStatus} from './process-runtime.js';

/** What a ready strategy gets besides the process: the live child and a way to give up early. */
export type ReadyContext = {
	/** PID of the child, which is also its process group id. */
	readonly pid: number;
	/** Aborted when the child exits or is stopped before it became ready. */
	readonly signal: AbortSignal;
	/** Upper bound for any polling the strategy still does, in seconds. */
	readonly readyCheckInterval: number;
	/** How long to wait before answering `false`, in seconds (the process's `ready_timeout_sec`). */
	readonly timeoutSec: number;
	/** Epoch ms just before the child was spawned: ready files older than this are stale. */
	readonly startedAt: number;
	/** Listen to the child's output lines as they are captured (the `log` strategy); returns the unsubscribe. */
	readonly subscribeOutput?: (listener: (stream: 'stdout' | 'stderr', line: string) => void) => () => void;
};

/**
Decides whether a process is ready. Resolves `true` as soon as it is, `false` on timeout.
The seed's signature `(process, ready_check_interval) -> bool` still works: the third argument is extra.
*/
export type ReadyStrategy = (process: Process, readyCheckInterval: number, context?: ReadyContext) => boolean | Promise<boolean>;

export type LifecycleHook = (process: Process, child: ChildProcess | undefined) => void | Promise<void>;

export type StatsHandler = (stats: ProcessStats[]) => void | Promise<void>;

/**
One liveness check of a running, ready process. Resolves `true` or `{ok: true}` when healthy,
`false` or `{ok: false, reason}` when not; a throw counts as a failure with its message, and a
check still running at `timeout_sec` is abandoned (its signal aborted) and counts as a failure.
*/
export type HealthCheck = (process: Process, context: HealthCheckContext) => boolean | HealthResult | Promise<boolean | HealthResult>;

/** One managed process: its manifest entry plus the runtime state the pilot keeps on it. */
export class Process {
	name: string;
	path: string;
	args: string[];
	env: Record<string, string>;
	working_directory: string | null;
	timeout: number | null;
	shutdown_strategy: ShutdownStrategy | null;
	dependencies: string[];
	lifecycle_hooks: string[];
	stat_handlers: string[];
	ready_strategy: string | null;
	ready_timeout_sec: number;
	ready_params: Record<string, unknown>;
	affinity: number[] | null;
	min_uptime_sec: number;
	restart_delay_sec: number;
	max_restart_delay_sec: number;
	max_restarts: number | null;
	/** The signal that asks it to stop, and whether it goes to the group or the main process only. */
	stop_signal: StopSignal;
	kill_mode: KillMode;
	/** What each dependency must reach before this process starts (`ready` unless listed). */
	dependency_conditions: Record<string, DependencyCondition>;
	env_file: string[];
	autostart: boolean;
	success_exit_codes: number[];
	health_check: HealthCheckConfig | null;
	/** Set on the copies `replicas: N` made: the entry's name and this copy's number (1..N). */
	replica: {readonly group: string; readonly index: number} | null = null;

	/** Filled by the pilot from the registered plugins, by the names in `lifecycle_hooks`. */
	lifecycleHookFunctions: Record<HookType, LifecycleHook[]> = {pre_start: [], post_start: [], on_shutdown: [], on_restart: []};
	/** Filled by the pilot from the registered plugins, by `ready_strategy`. */
	readyStrategyFunction: ReadyStrategy | undefined;
	/** Filled by the pilot from the registered plugins, by the names in `stat_handlers`. */
	statsHandlerFunctions: StatsHandler[] = [];
	/** Filled by the pilot from the registered plugins, by `health_check.strategy`. */
	healthCheckFunction: HealthCheck | undefined;

	#state: ProcessStateCell = createLocalStateCell();
	#runtimeInfo = new ProcessRuntimeInfo(this.#state);

	constructor(config: ProcessConfig) {
		this.name = config.name;
		this.path = config.path;
		this.args = config.args ?? [];
		this.env = config.env ?? {};
		this.working_directory = config.working_directory ?? null;
		this.timeout = config.timeout === undefined ? 5 : config.timeout;
		this.shutdown_strategy = config.shutdown_strategy === undefined ? 'restart' : config.shutdown_strategy;
		this.dependencies = config.dependencies ?? [];
		this.lifecycle_hooks = config.lifecycle_hooks ?? [];
		this.stat_handlers = config.stat_handlers ?? [];
		this.ready_strategy = config.ready_strategy ?? null;
		this.ready_timeout_sec = config.ready_timeout_sec ?? 5;
		this.ready_params = config.ready_params ?? {};
		this.affinity = config.affinity ?? null;
		this.min_uptime_sec = config.min_uptime_sec ?? 5;
		this.restart_delay_sec = config.restart_delay_sec ?? 0.5;
		this.max_restart_delay_sec = config.max_restart_delay_sec ?? 30;
		this.max_restarts = config.max_restarts ?? null;
		this.stop_signal = config.stop_signal ?? 'SIGTERM';
		this.kill_mode = config.kill_mode ?? 'group';
		this.dependency_conditions = config.dependency_conditions ?? {};
		this.env_file = config.env_file ?? [];
		this.autostart = config.autostart ?? true;
		this.success_exit_codes = config.success_exit_codes ?? [0];
		this.health_check = config.health_check ?? null;
	}

	/** CPU% and memory, current and maximum. */
	get runtimeInfo(): ProcessRuntimeInfo {
		return this.#runtimeInfo;
	}

	get pid(): number | null {
		return this.#state.read().pid;
	}

	set pid(pid: number | null) {
		this.#state.write({pid});
	}

	get status(): ProcessState {
		return this.#state.read().status;
	}

	set status(status: ProcessState) {
		this.#state.write({status});
	}

	get returnCode(): number | null {
		return this.#state.read().returnCode;
	}

	set returnCode(returnCode: number | null) {
		this.#state.write({returnCode});
	}

	/**
	Keep this process's runtime state in `cell` from now on. The pilot attaches a cell backed by
	its store, so what the seed's API reads and what the table shows are the same state.
	*/
	attachState(cell: ProcessStateCell): void {
		this.#state = cell;
		this.#runtimeInfo = new ProcessRuntimeInfo(cell);
	}

	/** The executable followed by its arguments. */
	get command(): string[] {
		return [this.path, ...this.args];
	}

	/** The manifest entry as plain snake_case data (what `check --json` prints). */
	toConfig(): Required<ProcessConfig> {
		return {
			name: this.name,
			path: this.path,
			args: this.args,
			env: this.env,
			working_directory: this.working_directory,
			timeout: this.timeout,
			shutdown_strategy: this.shutdown_strategy,
			dependencies: this.dependencies,
			lifecycle_hooks: this.lifecycle_hooks,
			stat_handlers: this.stat_handlers,
			ready_strategy: this.ready_strategy,
			ready_timeout_sec: this.ready_timeout_sec,
			ready_params: this.ready_params,
			affinity: this.affinity,
			min_uptime_sec: this.min_uptime_sec,
			restart_delay_sec: this.restart_delay_sec,
			max_restart_delay_sec: this.max_restart_delay_sec,
			max_restarts: this.max_restarts,
			stop_signal: this.stop_signal,
			kill_mode: this.kill_mode,
			dependency_conditions: this.dependency_conditions,
			env_file: this.env_file,
			autostart: this.autostart,
			success_exit_codes: this.success_exit_codes,
			health_check: this.health_check,
		};
	}

	getStats(): ProcessStats {
		const info = this.runtimeInfo;
		return new ProcessStats(this.name, this.path, info.memoryUsageMb, info.cpuUsagePercent, info.maxMemoryUsageMb, info.maxCpuUsage);
	}

	getStatus(): ProcessStatus {
		return {name: this.name, pid: this.pid, status: this.status, returnCode: this.returnCode};
	}

	/**
	The seed's rules: `stopped` clears the pid, `running` clears the return code, a pid is only
	set when none is held, and an explicit return code wins over the `running` reset.
	*/
	updateStatus(status: ProcessState, pid?: number | null, returnCode?: number | null): void {
		const current = this.#state.read();
		let nextPid = status === 'stopped' ? null : current.pid;
		let nextCode = status === 'running' ? null : current.returnCode;
		if (pid !== undefined && pid !== null && nextPid === null) {
			nextPid = pid;
		}

		if (returnCode !== undefined && returnCode !== null) {
			nextCode = returnCode;
		}

		this.#state.write({status, pid: nextPid, returnCode: nextCode});
	}

	/**
	Record memory and CPU of one pid with pidusage (the seed's method). The pilot itself samples
	whole process groups in one batch per tick; this is kept for API compatibility. A pid that no
	longer exists is ignored; other errors propagate.
	*/
	async recordProcessStats(pid: number): Promise<void> {
		try {
			// Loaded on first use: only this compatibility method needs it.
			const {default: pidusage} = await import('pidusage');
			const stat = await pidusage(pid);
			this.runtimeInfo.memoryUsageMb = stat.memory / 1024 / 1024;
			this.runtimeInfo.cpuUsagePercent = stat.cpu;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as Error).message === 'No matching pid found') {
				return;
			}

			throw error;
		}
	}

	/** Wait for the ready strategy; true at once when the process has none. */
	async waitUntilReady(readyCheckInterval = 0.1, context?: ReadyContext): Promise<boolean> {
		if (!this.readyStrategyFunction) {
			return true;
		}

		return this.readyStrategyFunction(this, readyCheckInterval, context);
	}
}
