import {defaultStopHow, type StopHow} from '../model/stop-signal.js';
import {systemProcessGroups, waitForGroupExit, type ProcessGroups} from './process-group.js';

/** Send the stop signal: to the whole group, or (kill_mode mixed) to the main process only. */
function sendStopSignal(pgid: number, how: StopHow, groups: ProcessGroups): void {
	if (how.killMode === 'group') {
		groups.signalGroup(pgid, how.signal);
		return;
	}

	// The main process is the group's leader: spawned detached, its pid is the pgid.
	groups.signalLeader(pgid, how.signal);
}

/**
Send the stop signal (SIGTERM unless the process asks for another), wait up to `graceMs` for the
group to be gone, then SIGKILL the whole group. Resolves false when SIGKILL was needed. A stop is
done when the whole group is gone, not when its leader exits: a member that ignores the signal
(or, in kill_mode mixed, never got it) outlives its leader.
*/
export async function stopGroup(pgid: number, graceMs: number, how: StopHow = defaultStopHow, groups: ProcessGroups = systemProcessGroups): Promise<boolean> {
	sendStopSignal(pgid, how, groups);
	if (await waitForGroupExit(pgid, graceMs, groups.isGroupAlive)) {
		return true;
	}

	groups.signalGroup(pgid, 'SIGKILL');
	await waitForGroupExit(pgid, 5000, groups.isGroupAlive);
	return false;
}

/**
After a leader exited on its own: end what is left of its group, so a restart finds its ports
free. The main process is gone, so the stop signal goes to the group whatever the kill mode.
*/
export function reapGroup(pgid: number, graceMs: number, onGone: () => void, signal: StopHow['signal'] = 'SIGTERM', groups: ProcessGroups = systemProcessGroups): void {
	if (!groups.isGroupAlive(pgid)) {
		onGone();
		return;
	}

	void stopGroup(pgid, graceMs, {signal, killMode: 'group'}, groups).finally(onGone);
}
