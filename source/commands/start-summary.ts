import stringWidth from 'string-width';
import type {ProcessEntry} from '../pilot/plugins/control/http/http-protocol.js';

/** States a detached start may end in for a process that is fine: up (and ready), or a job that completed. */
const fineStates: ReadonlySet<string> = new Set(['running', 'completed']);

/** Whether a process came up as it should: running and ready (a process is `running` once ready), or completed. */
export function isUp(entry: ProcessEntry): boolean {
	return fineStates.has(entry.status);
}

/** One line per process: name, state, ready, and why it is not up when it is not. */
export function formatStartSummary(entries: readonly ProcessEntry[]): string[] {
	const width = Math.max(...entries.map(entry => stringWidth(entry.name)));
	const stateWidth = Math.max(...entries.map(entry => entry.status.length));
	return entries.map(entry => {
		const name = entry.name + ' '.repeat(width - stringWidth(entry.name));
		const ready = entry.status === 'running' ? (entry.ready ? 'ready' : 'not ready') : '-';
		const pid = entry.pid === null ? '' : `  pid ${entry.pid}`;
		const why = isUp(entry) || !entry.reason ? '' : `  ${entry.reason}`;
		return `  ${name}  ${entry.status.padEnd(stateWidth)}  ${ready.padEnd(9)}${pid}${why}`.trimEnd();
	});
}
