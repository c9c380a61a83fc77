import pidusage from 'pidusage';
import type {HookType, ProcessState, ShutdownStrategy} from './process-state.js';
import type {LifecycleHook, ReadyContext, ReadyStrategy, StatsHandler} from './pilot-api.js';

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

/** Container for one process's statistics, as handed to stat handlers. */
export class ProcessStats {
	constructor(
		readonly name: string,
		readonly path: string,
		readonly memoryUsageMb: number,
		readonly cpuUsagePercent: number,
		readonly maxMemoryUsageMb: number,
		readonly maxCpuUsagePercent: number,
	) {}
}

/** The status of a process: its name, pid (null when none), state and return code. */
export type ProcessStatus = {
	readonly name: string;
	readonly pid: number | null;
	readonly status: ProcessState;
	/** Null while running; the exit code after, minus the signal number when a signal ended it. */
	readonly returnCode: number | null;
};

/** Current and maximum CPU% and memory of a process; the maxima survive restarts. */
export class ProcessRuntimeInfo {
	#memoryUsageMb = 0;
	#cpuUsagePercent = 0;
	#maxMemoryUsageMb = 0;
	#maxCpuUsage = 0;

	get memoryUsageMb(): number {
		return this.#memoryUsageMb;
	}

	set memoryUsageMb(value: number) {
		this.#memoryUsageMb = value;
		this.#maxMemoryUsageMb = Math.max(this.#maxMemoryUsageMb, value);
	}

	get cpuUsagePercent(): number {
		return this.#cpuUsagePercent;
	}

	set cpuUsagePercent(value: number) {
		this.#cpuUsagePercent = value;
		this.#maxCpuUsage = Math.max(this.#maxCpuUsage, value);
	}

	get maxMemoryUsageMb(): number {
		return this.#maxMemoryUsageMb;
	}

	get maxCpuUsage(): number {
		return this.#maxCpuUsage;
	}
}

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

	/** Filled by the pilot from the registered plugins, by the names in `lifecycle_hooks`. */
	lifecycleHookFunctions: Record<HookType, LifecycleHook[]> = {pre_start: [], post_start: [], on_shutdown: [], on_restart: []};
	/** Filled by the pilot from the registered plugins, by `ready_strategy`. */
	readyStrategyFunction: ReadyStrategy | undefined;
	/** Filled by the pilot from the registered plugins, by the names in `stat_handlers`. */
	statsHandlerFunctions: StatsHandler[] = [];

	readonly runtimeInfo = new ProcessRuntimeInfo();
	pid: number | null = null;
	status: ProcessState = 'stopped';
	returnCode: number | null = null;

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
		this.status = status;
		if (status === 'stopped') {
			this.pid = null;
		}

		if (status === 'running') {
			this.returnCode = null;
		}

		if (pid !== undefined && pid !== null && this.pid === null) {
			this.pid = pid;
		}

		if (returnCode !== undefined && returnCode !== null) {
			this.returnCode = returnCode;
		}
	}

	/**
	Record memory and CPU of one pid with pidusage (the seed's method). The pilot itself samples
	whole process groups in one batch per tick; this is kept for API compatibility. A pid that no
	longer exists is ignored; other errors propagate.
	*/
	async recordProcessStats(pid: number): Promise<void> {
		try {
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
