import os from 'node:os';
import stringWidth from 'string-width';
import type {LivePilot} from './live-pilots.js';
import {formatUptime} from './status-table.js';

/** One pilot as `pilot-tui ls --json` prints it. */
export type PilotListEntry = {
	readonly manifest: string | null;
	readonly title: string | null;
	readonly pid: number | null;
	readonly host: string | null;
	readonly startedAt: number | null;
	readonly uptimeSec: number | null;
	readonly running: number | null;
	readonly total: number | null;
	readonly socket: string;
	/** False when the pilot accepted the connection but did not answer in time. */
	readonly isResponding: boolean;
};

export function toListEntry({socketPath, list}: LivePilot, now = Date.now()): PilotListEntry {
	return {
		manifest: list?.manifest ?? null,
		title: list?.title ?? null,
		pid: list?.pid ?? null,
		host: list?.host ?? null,
		startedAt: list?.startedAt ?? null,
		uptimeSec: list?.startedAt ? Math.max(0, Math.floor((now - list.startedAt) / 1000)) : null,
		running: list ? list.processes.filter(entry => entry.status === 'running').length : null,
		total: list ? list.processes.length : null,
		socket: socketPath,
		isResponding: list !== null,
	};
}

/** `~/app/pilot.yml` rather than the whole home folder. */
export function shortenHome(file: string, home = os.homedir()): string {
	return home.length > 1 && file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file;
}

/** The human table of `pilot-tui ls` (also shown when a command must be told which pilot): padded columns. */
export function formatPilotTable(pilots: readonly LivePilot[], now = Date.now(), indent = ''): string {
	const header = ['MANIFEST', 'PID', 'UPTIME', 'RUNNING', 'SOCKET'];
	const rows = pilots.map(pilot => {
		const entry = toListEntry(pilot, now);
		if (!entry.isResponding) {
			return ['(not responding)', '-', '-', '-', entry.socket];
		}

		return [
			entry.manifest ? shortenHome(entry.manifest) : entry.title ?? '-',
			String(entry.pid),
			entry.uptimeSec === null ? '-' : formatUptime(entry.uptimeSec * 1000),
			`${entry.running}/${entry.total}`,
			entry.socket,
		];
	});
	const all = [header, ...rows];
	const widths = header.map((_, column) => Math.max(...all.map(cells => stringWidth(cells[column] ?? ''))));
	const pad = (cell: string, column: number) => ' '.repeat((widths[column] ?? 0) - stringWidth(cell));
	return all
		.map(cells => indent + cells.map((cell, column) => (column === 1 ? pad(cell, column) + cell : cell + pad(cell, column))).join('  ').trimEnd())
		.join('\n');
}
