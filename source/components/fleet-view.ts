import type {HostSummary, ProcessView} from '../pilot/model/pilot-api.js';
import {textWidth} from './format.js';

/**
The rows `R` restarts: every process, or in a fleet view only those on the selected row's host
(a restart of every box at once is never one key away).
*/
export function restartAllScope(processes: readonly ProcessView[], selected: ProcessView | null): readonly ProcessView[] {
	const host = selected?.fleet?.host;
	return host === undefined ? processes : processes.filter(view => view.fleet?.host === host && view.fleet.process !== null);
}

/** Rows that are processes (a fleet's row standing for a host that is not connected is not one). */
export function processRows(processes: readonly ProcessView[]): readonly ProcessView[] {
	return processes.some(view => view.fleet?.process === null) ? processes.filter(view => view.fleet?.process !== null) : processes;
}

/** The HOST column's width, or undefined (no column) unless there are several hosts. */
export function hostColumnWidth(hosts: readonly HostSummary[] | undefined): number | undefined {
	return hosts && hosts.length > 1 ? Math.min(24, Math.max(4, ...hosts.map(host => textWidth(host.host)))) : undefined;
}

/** The header's per-host sums: `alpha 2/3`, `beta unreachable`. */
export function hostSums(hosts: readonly HostSummary[] | undefined): string[] {
	if (!hosts || hosts.length < 2) {
		return [];
	}

	return hosts.map(host => host.connection === 'connected' ? `${host.host} ${host.running}/${host.total}` : `${host.host} ${host.connection}`);
}
