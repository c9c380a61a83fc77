import {readFileSync} from 'node:fs';
import type {GroupMember} from '../../model/process-detail.js';
import {getSystemConstants, readUptimeSeconds} from './proc-clock.js';
import {hasProcFs, readAllProcStats} from './proc-scan.js';

/** The command line of a process as /proc shows it, arguments joined by spaces. */
function readCommand(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean).join(' ');
	} catch {
		return '';
	}
}

/**
Lists the live members of a process group with their CPU% and memory, for the detail view. CPU%
is measured since the previous reading of the same member (keyed by `pid:starttime`, so a reused
pid is a new member), or since the member started on its first reading. Null without /proc.
*/
export class GroupMembersReader {
	#previous = new Map<string, {at: number; ticks: number}>();

	read(pgid: number): GroupMember[] | null {
		if (!hasProcFs) {
			return null;
		}

		const {ticksPerSecond, pageBytes} = getSystemConstants();
		const now = readUptimeSeconds();
		const next = new Map<string, {at: number; ticks: number}>();
		const members: GroupMember[] = [];
		for (const stat of readAllProcStats()) {
			if (stat.pgid !== pgid) {
				continue;
			}

			const key = `${stat.pid}:${stat.starttime}`;
			const ticks = stat.utime + stat.stime;
			const previous = this.#previous.get(key) ?? {at: stat.starttime / ticksPerSecond, ticks: 0};
			const elapsed = now - previous.at;
			const cpuPercent = elapsed > 0 ? Math.max(0, ((ticks - previous.ticks) / ticksPerSecond / elapsed) * 100) : 0;
			next.set(key, {at: now, ticks});
			members.push({pid: stat.pid, ppid: stat.ppid, command: readCommand(stat.pid), cpuPercent, memoryMb: (stat.rssPages * pageBytes) / (1024 * 1024)});
		}

		this.#previous = next;
		return members.sort((a, b) => a.pid - b.pid);
	}
}
