import {closeSync, existsSync, openSync, readSync} from 'node:fs';

/** Whether the kernel has /proc/<pid>/schedstat (CONFIG_SCHED_INFO). */
export const hasSchedstat = existsSync('/proc/self/schedstat');

type HeldFiles = {readonly schedstat: number; readonly statm: number; last?: MemberUsage};

export type MemberUsage = {
	/** CPU time the process used, user and system, in ns (schedstat's sum_exec_runtime). */
	readonly cpuNs: number;
	readonly rssPages: number;
};

const buffer = Buffer.allocUnsafe(256);

function readField(fd: number, index: number): number {
	const length = readSync(fd, buffer, 0, buffer.length, 0);
	return Number(buffer.toString('latin1', 0, length).split(' ', index + 1)[index]);
}

/**
CPU time and RSS of known processes, read from /proc/<pid>/schedstat and statm through file
descriptors held open between samples. Opening a /proc file costs more than reading it, and stat
(52 fields) costs three times what schedstat and statm together do: a sample of 200 groups drops
from ~23 µs to ~7 µs a process, and
to ~3.5 µs for an idle one (schedstat alone). A held descriptor stays bound to its process: once that process
is gone the read fails (ESRCH) and the descriptors are closed, so a reused pid is never misread.
*/
export class MemberUsageReader {
	readonly #held = new Map<number, HeldFiles>();

	/**
	The usage of `pid`, or undefined when it is gone. A process that used no CPU since the previous
	read cannot have changed its memory: its RSS is read again only when `isRssDue`.
	*/
	read(pid: number, isRssDue = true): MemberUsage | undefined {
		try {
			const files = this.#held.get(pid) ?? this.#open(pid);
			const cpuNs = readField(files.schedstat, 0);
			const rssPages = !isRssDue && files.last?.cpuNs === cpuNs ? files.last.rssPages : readField(files.statm, 1);
			files.last = {cpuNs, rssPages};
			return files.last;
		} catch {
			this.#close(pid);
			return undefined;
		}
	}

	/** Close the descriptors of every process not in `pids`. */
	keepOnly(pids: ReadonlySet<number>): void {
		for (const pid of this.#held.keys()) {
			if (!pids.has(pid)) {
				this.#close(pid);
			}
		}
	}

	close(): void {
		this.keepOnly(new Set());
	}

	#open(pid: number): HeldFiles {
		const schedstat = openSync(`/proc/${pid}/schedstat`, 'r');
		let statm: number;
		try {
			statm = openSync(`/proc/${pid}/statm`, 'r');
		} catch (error) {
			closeSync(schedstat);
			throw error;
		}

		const files: HeldFiles = {schedstat, statm};
		this.#held.set(pid, files);
		return files;
	}

	#close(pid: number): void {
		const files = this.#held.get(pid);
		if (files) {
			this.#held.delete(pid);
			closeSync(files.schedstat);
			closeSync(files.statm);
		}
	}
}
