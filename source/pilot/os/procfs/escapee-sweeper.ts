import {randomBytes} from 'node:crypto';
import {closeSync, openSync, readSync} from 'node:fs';
import {hasProcFs, listPids, readProcStat} from './proc-scan.js';

export const runMarkerName = 'PILOT_TUI_RUN';
const needle = Buffer.from(`\0${runMarkerName}=`);
const graceMs = 1000;
const minimumIntervalMs = 1000;

/** Random per pilot process, so run ids never repeat across pilots (an outer pilot sweeps by them). */
const runIdPrefix = randomBytes(6).toString('hex');
let runCount = 0;

/**
A fresh id for one run of one process, carried in its environment as PILOT_TUI_RUN: a counter
after the process's random prefix (randomBytes on every spawn cost ~0.08 ms on the restart path).
*/
export function newRunId(): string {
	runCount++;
	return `${runIdPrefix}-${runCount.toString(36)}`;
}

/** One buffer for every environ read: a sweep reads hundreds, and fresh buffers would churn memory. */
const environBuffer = Buffer.allocUnsafe(256 * 1024);

/** The environment block of a process (a view of the shared buffer), or undefined when unreadable. */
function readEnviron(pid: number): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(`/proc/${pid}/environ`, 'r');
		let length = 0;
		while (length < environBuffer.length) {
			const read = readSync(fd, environBuffer, length, environBuffer.length - length, null);
			if (read === 0) {
				break;
			}

			length += read;
		}

		return environBuffer.subarray(0, length);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

function runIdIn(environ: Buffer): string | undefined {
	const start = environ.subarray(0, needle.length - 1).equals(needle.subarray(1)) ? needle.length - 1 : environ.indexOf(needle);
	if (start < 0) {
		return undefined;
	}

	const from = start === needle.length - 1 ? start : start + needle.length;
	const end = environ.indexOf(0, from);
	return environ.toString('latin1', from, end < 0 ? environ.length : end);
}

/**
Kills what a finished run left outside its process group: a daemon that called `setsid` escapes
the group kill of a stop or restart. Each run carries its own id in PILOT_TUI_RUN; after runs
end, one batched /proc scan (at most one a second, so a crash loop stays cheap) finds processes
still carrying an ended run's id, SIGTERMs them and SIGKILLs what is left a second later.
Linux only; elsewhere the pilot-wide marker sweep at exit still catches them.
*/
export class EscapeeSweeper {
	/** Ended runs: their id and the process group of their main process. */
	readonly #ended = new Map<string, number>();
	#timer: NodeJS.Timeout | undefined;
	#lastSweep = 0;

	/** A run ended; what carries its id outside the group `pgid` is swept (the group's own stop ends the rest). */
	runEnded(runId: string, pgid: number): void {
		if (!hasProcFs) {
			return;
		}

		this.#ended.set(runId, pgid);
		if (this.#timer) {
			return;
		}

		const wait = Math.max(50, minimumIntervalMs - (Date.now() - this.#lastSweep));
		this.#timer = setTimeout(() => {
			this.sweep();
		}, wait);
		this.#timer.unref();
	}

	/** Scan now; returns the pids that were signalled. */
	sweep(): number[] {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#lastSweep = Date.now();
		const ended = new Map(this.#ended);
		this.#ended.clear();
		const found = this.#find(ended);
		for (const pid of found) {
			signal(pid, 'SIGTERM');
		}

		if (found.length > 0) {
			setTimeout(() => {
				for (const pid of this.#find(ended)) {
					signal(pid, 'SIGKILL');
				}
			}, graceMs).unref();
		}

		return found;
	}

	#find(runIds: ReadonlyMap<string, number>): number[] {
		const found: number[] = [];
		if (runIds.size === 0) {
			return found;
		}

		for (const pid of listPids()) {
			const environ = pid === process.pid ? undefined : readEnviron(pid);
			const runId = environ && runIdIn(environ);
			// A member of the run's group is left to the group's stop: with kill_mode mixed it must not
			// get a signal before the stop's timeout.
			if (runId !== undefined && runIds.has(runId) && readProcStat(pid)?.pgid !== runIds.get(runId)) {
				found.push(pid);
			}
		}

		return found;
	}
}

function signal(pid: number, name: NodeJS.Signals): void {
	try {
		process.kill(pid, name);
	} catch {}
}
