import {hasLivingMember} from './procfs/group-liveness.js';
import {hasProcFs} from './procfs/proc-scan.js';

/** Send a signal to a whole process group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

/**
Whether any member of the group is still alive. `kill(-pgid, 0)` also succeeds while a member is
a zombie, and a zombie that is not our child waits for init to reap it: every 1-2 s on a desktop,
never in a container without an init. So on Linux a group whose only members are zombies is gone.
*/
export function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}

	return hasProcFs ? hasLivingMember(pgid) : true;
}

/**
Wait until the group is gone, checking every few ms. There is no event for the death of a group
member that is not our child, so this polls, but only while a stop is under way.
*/
export async function waitForGroupExit(pgid: number, timeoutMs: number, isAlive: (pgid: number) => boolean = isGroupAlive): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	let pause = 2;
	while (isAlive(pgid)) {
		if (performance.now() >= deadline) {
			return false;
		}

		// The global setTimeout (not timers/promises): a test's fake clock drives it.
		await new Promise<void>(resolve => {
			setTimeout(resolve, Math.min(pause, Math.max(deadline - performance.now(), 1)));
		});
		pause = Math.min(pause * 2, 25);
	}

	return true;
}

/**
How the supervisor signals a process group and sees that it is gone: the system's calls, or a
test's stand-in (`PilotOptions.processGroups`, next to `spawn`) for children that are not real.
*/
export type ProcessGroups = {
	readonly signalGroup: (pgid: number, signal: NodeJS.Signals) => boolean;
	/** The group's leader only (kill_mode mixed); nothing when it is gone. */
	readonly signalLeader: (pid: number, signal: NodeJS.Signals) => void;
	readonly isGroupAlive: (pgid: number) => boolean;
};

export const systemProcessGroups: ProcessGroups = {
	signalGroup,
	signalLeader(pid, signal) {
		try {
			process.kill(pid, signal);
		} catch {}
	},
	isGroupAlive,
};
