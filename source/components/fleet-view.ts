import type {HostSummary, ProcessView} from '../pilot/model/pilot-api.js';
import type {Column} from './columns.js';
import {fit, textWidth} from './format.js';
import {glyphs} from './glyphs.js';
import {stateStyle} from './state-style.js';

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

/**
The row of a host that is not connected: glyph, host, then its reason across the rest of the row
(`unreachable: no pilot · retry in 3s`), since no process column means anything there.
*/
export function formatHostRow(view: ProcessView, columns: readonly Column[], now: number): string {
	const {glyph, color} = stateStyle(view.state, false);
	const lead = columns.filter(column => column.id === 'glyph' || column.id === 'host');
	const rest = columns.filter(column => column.id !== 'glyph' && column.id !== 'host');
	const restWidth = rest.reduce((sum, column) => sum + column.width, 0) + Math.max(0, rest.length - 1);
	const retry = view.nextRetryAt === null ? '' : ` ${glyphs.separator} retry in ${Math.max(0, Math.ceil((view.nextRetryAt - now) / 1000))}s`;
	const cells = lead.map(column => column.id === 'glyph' ? color(fit(glyph, column.width)) : fit(view.fleet?.host ?? '', column.width));
	return [...cells, color(fit(`${view.reason ?? ''}${retry}`, restWidth))].join(' ');
}
