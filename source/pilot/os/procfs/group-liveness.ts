import {listPids, readProcStat, type ProcStat} from './proc-scan.js';

function isLiving(stat: ProcStat | undefined): stat is ProcStat {
	return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/**
Whether a process group has a member that is not a zombie. The leader is looked at first: while
a stop waits, it is usually the one still running, and then one stat read answers. Only when the
leader is gone or a zombie does it take a scan of /proc (a few ms for a few hundred processes).
*/
export function hasLivingMember(pgid: number): boolean {
	const leader = readProcStat(pgid);
	if (isLiving(leader) && leader.pgid === pgid) {
		return true;
	}

	for (const pid of listPids()) {
		const stat = pid === pgid ? leader : readProcStat(pid);
		if (isLiving(stat) && stat.pgid === pgid) {
			return true;
		}
	}

	return false;
}
