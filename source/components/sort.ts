import type {ProcessView} from '../pilot/model/pilot-api.js';
import type {ColumnId} from './columns.js';

export type SortKey = 'start' | 'name' | 'state' | 'cpu' | 'mem' | 'restarts';

/** `o` walks through these in order. */
export const sortKeys: readonly SortKey[] = ['start', 'name', 'state', 'cpu', 'mem', 'restarts'];

/** The column marked `↓` in the titles line (start order marks none). */
export const sortColumn: Record<SortKey, ColumnId | null> = {
	start: null,
	name: 'name',
	state: 'state',
	cpu: 'cpu',
	mem: 'mem',
	restarts: 'restarts',
};

const stateRank: Record<ProcessView['state'], number> = {failed: 0, backoff: 1, starting: 2, stopping: 3, running: 4, completed: 5, stopped: 6};

function compare(key: Exclude<SortKey, 'start'>, a: ProcessView, b: ProcessView): number {
	switch (key) {
		case 'name': {
			return a.name.localeCompare(b.name);
		}

		case 'state': {
			return stateRank[a.state] - stateRank[b.state];
		}

		case 'cpu': {
			return b.cpuPercent - a.cpuPercent;
		}

		case 'mem': {
			return b.memoryMb - a.memoryMb;
		}

		case 'restarts': {
			return b.restarts - a.restarts;
		}
	}
}

/** The rows to show: names containing `filter` (any case), ordered by `key` (stable, ties in start order). */
export function visibleProcesses(processes: readonly ProcessView[], filter: string, key: SortKey): readonly ProcessView[] {
	const needle = filter.trim().toLowerCase();
	const matching = needle ? processes.filter(view => view.name.toLowerCase().includes(needle)) : processes;
	if (key === 'start') {
		return matching;
	}

	return [...matching].sort((a, b) => compare(key, a, b));
}
