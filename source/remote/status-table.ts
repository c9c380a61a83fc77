import {manualReason} from '../pilot/engine/start-in-order.js';
import stringWidth from 'string-width';
import type {ProcessEntry} from '../pilot/plugins/control/http/http-protocol.js';

/** `45s`, `5m 02s`, `2h 03m`, `3d 04h`. */
export function formatUptime(ms: number): string {
	const seconds = Math.max(0, Math.floor(ms / 1000));
	const pad = (value: number) => String(value).padStart(2, '0');
	if (seconds < 60) {
		return `${seconds}s`;
	}

	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
	}

	if (seconds < 86_400) {
		return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
	}

	return `${Math.floor(seconds / 86_400)}d ${pad(Math.floor(seconds / 3600) % 24)}h`;
}

function row(entry: ProcessEntry, now: number): string[] {
	const isUp = entry.pid !== null && entry.startedAt !== null;
	const exit = entry.returnCode === null ? '' : `exit ${entry.returnCode}`;
	return [
		entry.name,
		entry.status + stateNote(entry),
		entry.pid === null ? '-' : String(entry.pid),
		isUp ? entry.cpuPercent.toFixed(1) : '-',
		isUp ? `${entry.memoryMb.toFixed(1)} MB` : '-',
		isUp ? formatUptime(now - entry.startedAt) : '-',
		String(entry.restarts),
		entry.reason ?? (entry.health?.state === 'unhealthy' ? `unhealthy: ${entry.health.reason}` : exit),
	];
}

/** ` (not ready)`, ` (unhealthy)`, ` (healthy)`, ` (manual)` or nothing. */
function stateNote(entry: ProcessEntry): string {
	if (entry.status === 'stopped' && entry.reason === manualReason) {
		return ' (manual)';
	}

	if (entry.status !== 'running') {
		return '';
	}

	if (!entry.ready) {
		return ' (not ready)';
	}

	const health = entry.health?.state;
	return health === 'healthy' || health === 'unhealthy' ? ` (${health})` : '';
}

/** The human table of `ctl status`: one line per process, columns padded to fit. */
export function formatStatusTable(entries: readonly ProcessEntry[], now = Date.now()): string {
	const header = ['NAME', 'STATE', 'PID', 'CPU%', 'MEM', 'UPTIME', 'RESTARTS', 'INFO'];
	const rows = [header, ...entries.map(entry => row(entry, now))];
	const widths = header.map((_, column) => Math.max(...rows.map(cells => stringWidth(cells[column] ?? ''))));
	const rightAligned = new Set([2, 3, 4, 6]);
	return rows
		.map(cells => cells.map((cell, column) => {
			const padding = ' '.repeat((widths[column] ?? 0) - stringWidth(cell));
			return rightAligned.has(column) ? padding + cell : cell + padding;
		}).join('  ').trimEnd())
		.join('\n');
}
