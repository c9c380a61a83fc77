import {defaultStopHow, type StopHow} from '../model/stop-signal.js';
import {isGroupAlive, signalGroup, waitForGroupExit} from './process-group.js';

/** Send the stop signal: to the whole group, or (kill_mode mixed) to the main process only. */
function sendStopSignal(pgid: number, how: StopHow): void {
	if (how.killMode === 'group') {
		signalGroup(pgid, how.signal);
		return;
	}

	try {
		// The main process is the group's leader: spawned detached, its pid is the pgid.
		process.kill(pgid, how.signal);
	} catch {}
}

/**
Send the stop signal (SIGTERM unless the process asks for another), wait up to `graceMs` for the
group to be gone, then SIGKILL the whole group. Resolves false when SIGKILL was needed. A stop is
done when the whole group is gone, not when its leader exits: a member that ignores the signal
(or, in kill_mode mixed, never got it) outlives its leader.
*/
export async function stopGroup(pgid: number, graceMs: number, how: StopHow = defaultStopHow): Promise<boolean> {
	sendStopSignal(pgid, how);
	if (await waitForGroupExit(pgid, graceMs)) {
		return true;
	}

	signalGroup(pgid, 'SIGKILL');
	await waitForGroupExit(pgid, 5000);
	return false;
}

/**
After a leader exited on its own: end what is left of its group, so a restart finds its ports
free. The main process is gone, so the stop signal goes to the group whatever the kill mode.
*/
export function reapGroup(pgid: number, graceMs: number, onGone: () => void, signal: StopHow['signal'] = 'SIGTERM'): void {
	if (!isGroupAlive(pgid)) {
		onGone();
		return;
	}

	void stopGroup(pgid, graceMs, {signal, killMode: 'group'}).finally(onGone);
}
