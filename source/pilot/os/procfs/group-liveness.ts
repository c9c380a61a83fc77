import {listPids, readProcStat, type ProcStat} from './proc-scan.js';

function isLiving(stat: ProcStat | undefined): stat is ProcStat {
	return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Per group being waited for: the living members the last full scan found. */
const knownMembers = new Map<number, number[]>();

/** The living members of every group, from one pass over /proc, shared until the event loop turns. */
let sharedScan: Map<number, number[]> | undefined;
/** Groups that read the shared pass: a group asking twice gets a fresh one. */
const askedOfScan = new Set<number>();

/**
A stop of 50 groups polls 50 groups at the same moments; after their SIGKILL each needed a /proc
pass of its own (50 passes of a few ms, one after another, took a stop of 50 TERM-ignoring groups
with grandchildren from 1.0 s to 2.5 s). The polls that run in one timer phase share one pass;
it is dropped at the next check phase, or when a group asks again, so no poll sees an older pass
than its own last one.
*/
function scanLivingGroups(pgid: number): Map<number, number[]> {
	if (sharedScan && !askedOfScan.has(pgid)) {
		askedOfScan.add(pgid);
		return sharedScan;
	}

	const groups = new Map<number, number[]>();
	for (const pid of listPids()) {
		const stat = readProcStat(pid);
		if (isLiving(stat)) {
			const members = groups.get(stat.pgid);
			if (members) {
				members.push(pid);
			} else {
				groups.set(stat.pgid, [pid]);
			}
		}
	}

	sharedScan = groups;
	askedOfScan.clear();
	askedOfScan.add(pgid);
	setImmediate(() => {
		if (sharedScan === groups) {
			sharedScan = undefined;
		}
	}).unref();
	return groups;
}

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

	const members = scanLivingGroups(pgid).get(pgid) ?? [];
	if (members.length === 0) {
		knownMembers.delete(pgid);
		return false;
	}

	knownMembers.set(pgid, members);
	return true;
}
