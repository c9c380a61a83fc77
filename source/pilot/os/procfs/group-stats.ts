import {execFile, execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import {promisify} from 'node:util';
import {hasSchedstat, MemberUsageReader} from './member-usage.js';
import {hasProcFs, readAllProcStats, readProcStat, type ProcStat} from './proc-scan.js';

/** CPU and memory of one process group, summed over all its live members. */
export type GroupStats = {
	/** 100 = one full core. */
	readonly cpuPercent: number;
	readonly memoryMb: number;
};

type GroupSample = {
	/** When the sample was taken, in seconds since boot. */
	readonly at: number;
	/** CPU ticks per member, keyed by `pid:starttime` so a reused pid is a new member. */
	readonly ticks: ReadonlyMap<string, number>;
};

const execFileAsync = promisify(execFile);

function getconf(name: string, fallback: number): number {
	try {
		const value = Number(execFileSync('getconf', [name], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim());
		return Number.isFinite(value) && value > 0 ? value : fallback;
	} catch {
		return fallback;
	}
}

let systemConstants: {ticksPerSecond: number; pageBytes: number} | undefined;

export function getSystemConstants(): {ticksPerSecond: number; pageBytes: number} {
	systemConstants ??= {ticksPerSecond: getconf('CLK_TCK', 100), pageBytes: getconf('PAGESIZE', 4096)};
	return systemConstants;
}

export function readUptimeSeconds(): number {
	return Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
}

/**
Samples CPU% and RSS of whole process groups, so `sh -c 'node busy.js'` shows the worker's
numbers, not the shell's. One pass over /proc per call, whatever the number of groups.

CPU% is the ticks a group used since its previous sample over the time elapsed; a member that
appeared since counts from its start. The first sample of a group measures from the start of its
oldest member, so the first value is already real (pidusage's first is always 0). Without /proc
(macOS) it falls back to one `ps` call per sample and the `%cpu` that `ps` reports.

Reading every process's stat costs ~15 µs a process, which on a busy machine is most of an idle
pilot's CPU. So the full pass over /proc runs only every `fullScanEvery` samples, or when a
group appears that the last pass did not see; in between only the members found then are read.
A process that joins a group between passes is counted from the next pass on. While the passes
find the same members (idle services), the gap between them doubles up to `maxFullScanEvery`
samples; a member that left or joined brings it back to `fullScanEvery`.
*/
export class GroupStatsSampler {
	readonly #previous = new Map<number, GroupSample>();
	readonly #maxPercent = os.availableParallelism() * 100;
	/** Members per group found by the last full pass. */
	#members = new Map<number, ProcStat[]>();
	#samplesSinceFullScan = Number.POSITIVE_INFINITY;
	#isFullScan = false;
	#scanEvery: number;
	/** With schedstat, members' CPU and RSS come from held descriptors (`MemberUsageReader`). */
	readonly #usage = hasSchedstat ? new MemberUsageReader() : undefined;

	constructor(private readonly fullScanEvery = 5, private readonly maxFullScanEvery = 40) {
		this.#scanEvery = fullScanEvery;
	}

	async sample(pgids: readonly number[]): Promise<Map<number, GroupStats>> {
		return hasProcFs ? this.#sampleProc(pgids) : sampleWithPs(pgids);
	}

	/** Let go of the descriptors held between samples. */
	close(): void {
		this.#usage?.close();
	}

	#sampleProc(pgids: readonly number[]): Map<number, GroupStats> {
		const {ticksPerSecond, pageBytes} = getSystemConstants();
		const wanted = new Set(pgids);
		const members = this.#readMembers(wanted);

		const now = readUptimeSeconds();
		const result = new Map<number, GroupStats>();
		for (const pgid of wanted) {
			const list = members.get(pgid);
			if (!list) {
				this.#previous.delete(pgid);
				continue;
			}

			const previous = this.#previous.get(pgid);
			const ticks = new Map<string, number>();
			let usedTicks = 0;
			let rssPages = 0;
			let oldestStart = Number.POSITIVE_INFINITY;
			let found = 0;
			for (const stat of list) {
				const usage = this.#usage ? this.#usage.read(stat.pid, this.#isFullScan) : {cpuNs: (stat.utime + stat.stime) * (1e9 / ticksPerSecond), rssPages: stat.rssPages};
				if (!usage) {
					// A member left: the next sample looks for who is in the group now.
					this.#samplesSinceFullScan = Number.POSITIVE_INFINITY;
					this.#scanEvery = this.fullScanEvery;
					continue;
				}

				found++;
				const key = `${stat.pid}:${stat.starttime}`;
				const total = usage.cpuNs * (ticksPerSecond / 1e9);
				ticks.set(key, total);
				usedTicks += Math.max(0, total - (previous?.ticks.get(key) ?? 0));
				rssPages += usage.rssPages;
				oldestStart = Math.min(oldestStart, stat.starttime / ticksPerSecond);
			}

			if (found === 0) {
				this.#previous.delete(pgid);
				continue;
			}

			const since = previous ? previous.at : oldestStart;
			const elapsed = Math.max(now - since, 1 / ticksPerSecond);
			const cpuPercent = Math.min(this.#maxPercent, (usedTicks / ticksPerSecond / elapsed) * 100);
			result.set(pgid, {cpuPercent, memoryMb: (rssPages * pageBytes) / 1024 / 1024});
			this.#previous.set(pgid, {at: now, ticks});
		}

		for (const pgid of this.#previous.keys()) {
			if (!wanted.has(pgid)) {
				this.#previous.delete(pgid);
			}
		}

		return result;
	}

	#readMembers(wanted: ReadonlySet<number>): Map<number, ProcStat[]> {
		this.#samplesSinceFullScan++;
		const isFullScanDue = this.#samplesSinceFullScan >= this.#scanEvery || [...wanted].some(pgid => !this.#members.has(pgid));
		const stats = isFullScanDue ? readAllProcStats() : this.#readKnownMembers(wanted);
		const members = new Map<number, ProcStat[]>();
		for (const stat of stats) {
			if (wanted.has(stat.pgid)) {
				const list = members.get(stat.pgid);
				if (list) {
					list.push(stat);
				} else {
					members.set(stat.pgid, [stat]);
				}
			}
		}

		this.#isFullScan = isFullScanDue;
		if (isFullScanDue) {
			this.#samplesSinceFullScan = 0;
			const found = new Map([...wanted].map(pgid => [pgid, members.get(pgid) ?? []]));
			this.#scanEvery = isSameMembership(this.#members, found) ? Math.min(this.#scanEvery * 2, this.maxFullScanEvery) : this.fullScanEvery;
			this.#members = found;
			this.#usage?.keepOnly(new Set([...this.#members.values()].flat().map(stat => stat.pid)));
		}

		return members;
	}

	#readKnownMembers(wanted: ReadonlySet<number>): ProcStat[] {
		if (this.#usage) {
			// The held descriptors read CPU and RSS, and notice members that are gone.
			return [...wanted].flatMap(pgid => this.#members.get(pgid) ?? []);
		}

		const stats: ProcStat[] = [];
		for (const pgid of wanted) {
			for (const {pid} of this.#members.get(pgid) ?? []) {
				const stat = readProcStat(pid);
				if (stat?.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') {
					stats.push(stat);
				}
			}
		}

		return stats;
	}
}

const memberKeys = (stats: readonly ProcStat[]) => stats.map(stat => `${stat.pid}:${stat.starttime}`).sort().join(' ');

/** Whether two passes found the same members in every group. */
function isSameMembership(before: ReadonlyMap<number, readonly ProcStat[]>, after: ReadonlyMap<number, readonly ProcStat[]>): boolean {
	return before.size === after.size && [...after].every(([pgid, stats]) => {
		const previous = before.get(pgid);
		return previous !== undefined && memberKeys(previous) === memberKeys(stats);
	});
}

/** The fallback without /proc: one `ps` for all processes, summed per group. */
async function sampleWithPs(pgids: readonly number[]): Promise<Map<number, GroupStats>> {
	const result = new Map<number, GroupStats>();
	if (pgids.length === 0) {
		return result;
	}

	const wanted = new Set(pgids);
	let output: string;
	try {
		({stdout: output} = await execFileAsync('ps', ['-A', '-o', 'pid=,pgid=,rss=,%cpu='], {maxBuffer: 16 * 1024 * 1024}));
	} catch {
		return result;
	}

	for (const line of output.split('\n')) {
		const [, pgidText, rssKb, cpu] = line.trim().split(/\s+/);
		const pgid = Number(pgidText);
		if (!wanted.has(pgid)) {
			continue;
		}

		const sum = result.get(pgid) ?? {cpuPercent: 0, memoryMb: 0};
		result.set(pgid, {cpuPercent: sum.cpuPercent + Number(cpu ?? 0), memoryMb: sum.memoryMb + Number(rssKb ?? 0) / 1024});
	}

	return result;
}
