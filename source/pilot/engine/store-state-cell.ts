import type {ProcessView} from '../model/pilot-api.js';
import type {ProcessRuntimeState, ProcessStateCell} from '../model/process-runtime.js';
import type {PilotStore} from './pilot-store.js';

/**
A process's runtime state kept in its store row: the seed's `Process` API (`status`, `pid`,
`returnCode`, `runtimeInfo`) reads and writes the row the table and control servers show.
*/
export function storeStateCell(store: PilotStore, name: string): ProcessStateCell {
	return {
		read(): ProcessRuntimeState {
			const row = store.row(name);
			return {
				status: row.state,
				pid: row.pid,
				returnCode: row.returnCode,
				memoryUsageMb: row.memoryMb,
				cpuUsagePercent: row.cpuPercent,
				maxMemoryUsageMb: row.maxMemoryMb,
				maxCpuUsage: row.maxCpuPercent,
			};
		},
		write(patch) {
			store.patchRow(name, toRowPatch(patch));
		},
	};
}

function toRowPatch(patch: Partial<ProcessRuntimeState>): Partial<ProcessView> {
	const row: {-readonly [K in keyof ProcessView]?: ProcessView[K]} = {};
	if (patch.status !== undefined) {
		row.state = patch.status;
	}

	if (patch.pid !== undefined) {
		row.pid = patch.pid;
	}

	if (patch.returnCode !== undefined) {
		row.returnCode = patch.returnCode;
	}

	if (patch.memoryUsageMb !== undefined) {
		row.memoryMb = patch.memoryUsageMb;
	}

	if (patch.cpuUsagePercent !== undefined) {
		row.cpuPercent = patch.cpuUsagePercent;
	}

	if (patch.maxMemoryUsageMb !== undefined) {
		row.maxMemoryMb = patch.maxMemoryUsageMb;
	}

	if (patch.maxCpuUsage !== undefined) {
		row.maxCpuPercent = patch.maxCpuUsage;
	}

	return row;
}
