import {execFile} from 'node:child_process';
import os from 'node:os';
import {promisify} from 'node:util';
import {hasSchedstat, MemberUsageReader} from './member-usage.js';
import {getSystemConstants, readUptimeSeconds} from './proc-clock.js';
import {hasProcFs, readAllProcStats, readProcStat, type ProcStat} from './proc-scan.js';

/** CPU and memory of one process group, summed over all its live members. */
export type GroupStats = {
	/** 100 = one full core. */
	readonly cpuPercent: number;
	readonly memoryMb: number;
};

/** What a member had used at the group's previous sample. */
type MemberTicks = {
	/** With the pid, who the member is: a reused pid is a new member. */
	readonly starttime: number;
	ticks: number;
	/** The sample that last saw it, to drop members that left. */
	seenIn: number;
};

/** A group's previous sample, updated in place: an idle group costs no allocation. */
type GroupSample = {
	/** When the sample was taken, in seconds since boot. */
	at: number;
	/** CPU ticks per member pid. */
	readonly members: Map<number, MemberTicks>;
	/** What the sample answered, given again while the numbers stay the same. */
	stats: GroupStats;
};

const execFileAsync = promisify(execFile);

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
samples; a member that left or joined brings it back to `fullScanEvery`. Only a member that ran
can have forked a new one, so while no member of any group used CPU since the last pass (sleeping
services), the next pass waits the longest gap (with schedstat's nanoseconds only: a stat tick of
10 ms is too coarse to see a fork).
*/
export class GroupStatsSampler {
	readonly #previous = new Map<number, GroupSample>();
	readonly #maxPercent = os.availableParallelism() * 100;
	/** Members per group found by the last full pass. */
	#members = new Map<number, ProcStat[]>();
	#samplesSinceFullScan = Number.POSITIVE_INFINITY;
	#isFullScan = false;
	#scanEvery: number;
	#sampleCount = 0;
	#hasRunSinceFullScan = true;
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
		const members = this.#readMembers(pgids);
		const sampleNumber = ++this.#sampleCount;
		const now = readUptimeSeconds();
		const result = new Map<number, GroupStats>();
		for (const pgid of pgids) {
			const list = members.get(pgid);
			const previous = this.#previous.get(pgid);
			const sample = previous ?? {at: Number.POSITIVE_INFINITY, members: new Map<number, MemberTicks>(), stats: {cpuPercent: 0, memoryMb: 0}};
			let usedTicks = 0;
			let rssPages = 0;
			let oldestStart = Number.POSITIVE_INFINITY;
			let found = 0;
			for (const stat of list ?? []) {
				const usage = this.#usage ? this.#usage.read(stat.pid, this.#isFullScan) : {cpuNs: (stat.utime + stat.stime) * (1e9 / ticksPerSecond), rssPages: stat.rssPages};
				if (!usage) {
					// A member left: the next sample looks for who is in the group now.
					this.#samplesSinceFullScan = Number.POSITIVE_INFINITY;
					this.#scanEvery = this.fullScanEvery;
					continue;
				}

				found++;
				const total = usage.cpuNs * (ticksPerSecond / 1e9);
				const member = sample.members.get(stat.pid);
				if (member?.starttime === stat.starttime) {
					usedTicks += Math.max(0, total - member.ticks);
					member.ticks = total;
					member.seenIn = sampleNumber;
				} else {
					// New since the group's previous sample (or the group's first): counts from its start.
					usedTicks += total;
					sample.members.set(stat.pid, {starttime: stat.starttime, ticks: total, seenIn: sampleNumber});
				}

				rssPages += usage.rssPages;
				oldestStart = Math.min(oldestStart, stat.starttime / ticksPerSecond);
			}

			if (found === 0) {
				this.#previous.delete(pgid);
				continue;
			}

			if (usedTicks > 0) {
				this.#hasRunSinceFullScan = true;
			}

			if (sample.members.size > found) {
				for (const [pid, member] of sample.members) {
					if (member.seenIn !== sampleNumber) {
						sample.members.delete(pid);
					}
				}
			}

			const since = previous ? previous.at : oldestStart;
			const elapsed = Math.max(now - since, 1 / ticksPerSecond);
			const cpuPercent = Math.min(this.#maxPercent, (usedTicks / ticksPerSecond / elapsed) * 100);
			const memoryMb = (rssPages * pageBytes) / 1024 / 1024;
			if (sample.stats.cpuPercent !== cpuPercent || sample.stats.memoryMb !== memoryMb) {
				sample.stats = {cpuPercent, memoryMb};
			}

			sample.at = now;
			this.#previous.set(pgid, sample);
			result.set(pgid, sample.stats);
		}

		if (this.#previous.size > result.size) {
			for (const pgid of this.#previous.keys()) {
				if (!result.has(pgid)) {
					this.#previous.delete(pgid);
				}
			}
		}

		return result;
	}

	#readMembers(pgids: readonly number[]): ReadonlyMap<number, readonly ProcStat[]> {
		this.#samplesSinceFullScan++;
		const scanEvery = this.#usage && !this.#hasRunSinceFullScan ? this.maxFullScanEvery : this.#scanEvery;
		let isFullScanDue = this.#samplesSinceFullScan >= scanEvery;
		for (const pgid of pgids) {
			isFullScanDue ||= !this.#members.has(pgid);
		}

		this.#isFullScan = isFullScanDue;
		if (!isFullScanDue && this.#usage) {
			// The held descriptors read CPU and RSS, and notice members that are gone.
			return this.#members;
		}

		const wanted = new Set(pgids);
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

		if (isFullScanDue) {
			this.#samplesSinceFullScan = 0;
			this.#hasRunSinceFullScan = false;
			const found = new Map([...wanted].map(pgid => [pgid, members.get(pgid) ?? []]));
			this.#scanEvery = isSameMembership(this.#members, found) ? Math.min(this.#scanEvery * 2, this.maxFullScanEvery) : this.fullScanEvery;
			this.#members = found;
			this.#usage?.keepOnly(new Set([...this.#members.values()].flat().map(stat => stat.pid)));
		}

		return members;
	}

	/** Without schedstat: the stat of each member the last full pass found that is still in its group. */
	#readKnownMembers(wanted: ReadonlySet<number>): ProcStat[] {
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
