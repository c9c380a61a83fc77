import {isGroupAlive, signalGroup, waitForGroupExit} from './process-group.js';

/**
SIGTERM a process group, wait up to `graceMs` for it to be gone, then SIGKILL it. Resolves false
when SIGKILL was needed. A stop is done when the whole group is gone, not when its leader exits:
a member that ignores SIGTERM outlives its leader.
*/
export async function stopGroup(pgid: number, graceMs: number): Promise<boolean> {
	signalGroup(pgid, 'SIGTERM');
	if (await waitForGroupExit(pgid, graceMs)) {
		return true;
	}

	signalGroup(pgid, 'SIGKILL');
	await waitForGroupExit(pgid, 5000);
	return false;
}

/** After a leader exited on its own: end what is left of its group, so a restart finds its ports free. */
export function reapGroup(pgid: number, graceMs: number, onGone: () => void): void {
	if (!isGroupAlive(pgid)) {
		onGone();
		return;
	}

	void stopGroup(pgid, graceMs).finally(onGone);
}
