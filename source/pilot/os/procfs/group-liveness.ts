import {listPids, readProcStat, type ProcStat} from './proc-scan.js';

function isLiving(stat: ProcStat | undefined): stat is ProcStat {
	return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Per group being waited for: the living members the last full scan found. */
const knownMembers = new Map<number, number[]>();

/**
Whether a process group has a member that is not a zombie. While a stop waits, this is asked
every few ms, so the cheap answers come first: the leader (usually the one still running), then
the members the last full scan found; only when all of those are gone or zombies does it scan
/proc (a few ms for a few hundred processes) for members that joined since.
*/
export function hasLivingMember(pgid: number): boolean {
	for (const pid of [pgid, ...(knownMembers.get(pgid) ?? [])]) {
		const stat = readProcStat(pid);
		if (isLiving(stat) && stat.pgid === pgid) {
			return true;
		}
	}

	const members: number[] = [];
	for (const pid of listPids()) {
		const stat = readProcStat(pid);
		if (isLiving(stat) && stat.pgid === pgid) {
			members.push(pid);
		}
	}

	if (members.length === 0) {
		knownMembers.delete(pgid);
		return false;
	}

	knownMembers.set(pgid, members);
	return true;
}
