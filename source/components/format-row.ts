import type {ProcessState} from '../pilot/model/process-state.js';
import type {ProcessView} from '../pilot/model/pilot-api.js';
import type {Column, ColumnId} from './columns.js';
import {colors as chalk} from '../terminal/color-mode.js';
import {formatHostRow} from './fleet-view.js';
import {fit, formatCpu, formatExit, formatMemory, sparkline} from './format.js';
import {glyphs} from './glyphs.js';
import {stateStyle} from './state-style.js';
import {formatUptime} from './uptime.js';

export type RowContext = {
	/** Epoch ms used for uptimes and countdowns. */
	readonly now: number;
	/** The state to show, when an action was just requested and the engine has not answered yet. */
	readonly pendingState?: ProcessState;
};

/** What INFO says: why a process is not running, and when it retries. */
export function describeReason(view: ProcessView, now: number): string {
	if (view.state === 'backoff' && view.nextRetryAt !== null) {
		const seconds = Math.max(0, Math.ceil((view.nextRetryAt - now) / 1000));
		return view.reason ? `retry in ${seconds}s ${glyphs.separator} ${view.reason}` : `retry in ${seconds}s`;
	}

	return view.reason ?? describeHealth(view);
}

/** `healthy`, `unhealthy: <why>`, or nothing (no health check, or no answer yet). */
export function describeHealth(view: ProcessView): string {
	const health = view.health ?? null;
	if (health === null || health.state === 'pending') {
		return '';
	}

	return health.state === 'healthy' ? 'healthy' : `unhealthy: ${health.reason}`;
}

function isUnhealthy(view: ProcessView): boolean {
	return view.health?.state === 'unhealthy';
}

function cell(id: ColumnId, view: ProcessView, state: ProcessState, context: RowContext, width: number): string {
	const hasPid = view.pid !== null;
	switch (id) {
		case 'glyph': {
			return stateStyle(state, view.ready).glyph;
		}

		case 'host': {
			return view.fleet?.host ?? '';
		}

		case 'name': {
			return view.fleet ? view.fleet.process ?? '-' : view.name;
		}

		case 'state': {
			return state;
		}

		case 'ready': {
			// Health folds into READY, which stays on narrow terminals longer than INFO.
			return state === 'running' ? (view.ready ? (isUnhealthy(view) ? 'sick' : 'yes') : 'no') : '-';
		}

		case 'pid': {
			return hasPid ? String(view.pid) : '-';
		}

		case 'cpu': {
			return hasPid ? formatCpu(view.cpuPercent) : '-';
		}

		case 'spark': {
			return hasPid ? sparkline(view.cpuHistory, width) : '';
		}

		case 'mem': {
			return hasPid ? formatMemory(view.memoryMb) : '-';
		}

		case 'max': {
			return view.maxMemoryMb > 0 ? formatMemory(view.maxMemoryMb) : '-';
		}

		case 'restarts': {
			return String(view.restarts);
		}

		case 'uptime': {
			return view.startedAt !== null && hasPid ? formatUptime(context.now - view.startedAt) : '-';
		}

		case 'exit': {
			return formatExit(view.lastExit);
		}

		case 'info': {
			return describeReason(view, context.now);
		}
	}
}

/** One table row as a single string of exactly the columns' total width, colours included. */
export function formatRow(view: ProcessView, columns: readonly Column[], context: RowContext): string {
	if (view.fleet?.process === null) {
		return formatHostRow(view, columns, context.now);
	}

	const state = context.pendingState ?? view.state;
	const {color} = stateStyle(state, view.ready);
	return columns.map(column => {
		const text = fit(cell(column.id, view, state, context, column.width), column.width, column.align);
		if (column.id === 'glyph' || column.id === 'state') {
			return color(text);
		}

		const isAlarm = state === 'failed' || (column.id === 'ready' && isUnhealthy(view)) || (column.id === 'info' && isUnhealthy(view) && view.reason === null);
		return (column.id === 'info' || column.id === 'ready') && isAlarm ? chalk.red(text) : text;
	}).join(' ');
}

/** The titles line; the column the table is sorted by ends in `↓` (`v` in ASCII). */
export function formatHeaderRow(columns: readonly Column[], sortedBy: ColumnId | null): string {
	return columns.map(column => {
		const title = column.id === sortedBy ? `${column.title}${glyphs.arrowDown}` : column.title;
		return fit(title, column.width, column.align);
	}).join(' ');
}
