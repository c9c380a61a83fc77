import type {ProcessState} from './process-state.js';

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

/** Everything that changes while a process is supervised, as the seed's `Process` API names it. */
export type ProcessRuntimeState = {
	readonly status: ProcessState;
	readonly pid: number | null;
	readonly returnCode: number | null;
	readonly memoryUsageMb: number;
	readonly cpuUsagePercent: number;
	readonly maxMemoryUsageMb: number;
	readonly maxCpuUsage: number;
};

/**
Where a process's runtime state lives. A `Process` made on its own keeps it in a local cell; a
pilot attaches a cell backed by its store, so `Process` and the table rows are one state.
*/
export type ProcessStateCell = {
	read(): ProcessRuntimeState;
	write(patch: Partial<ProcessRuntimeState>): void;
};

export function createLocalStateCell(): ProcessStateCell {
	let state: ProcessRuntimeState = {
		status: 'stopped', pid: null, returnCode: null, memoryUsageMb: 0, cpuUsagePercent: 0, maxMemoryUsageMb: 0, maxCpuUsage: 0,
	};
	return {
		read: () => state,
		write(patch) {
			state = {...state, ...patch};
		},
	};
}

/** Current and maximum CPU% and memory of a process; the maxima survive restarts. */
export class ProcessRuntimeInfo {
	readonly #cell: ProcessStateCell;

	constructor(cell: ProcessStateCell = createLocalStateCell()) {
		this.#cell = cell;
	}

	get memoryUsageMb(): number {
		return this.#cell.read().memoryUsageMb;
	}

	set memoryUsageMb(value: number) {
		this.#cell.write({memoryUsageMb: value, maxMemoryUsageMb: Math.max(this.maxMemoryUsageMb, value)});
	}

	get cpuUsagePercent(): number {
		return this.#cell.read().cpuUsagePercent;
	}

	set cpuUsagePercent(value: number) {
		this.#cell.write({cpuUsagePercent: value, maxCpuUsage: Math.max(this.maxCpuUsage, value)});
	}

	get maxMemoryUsageMb(): number {
		return this.#cell.read().maxMemoryUsageMb;
	}

	get maxCpuUsage(): number {
		return this.#cell.read().maxCpuUsage;
	}
}
