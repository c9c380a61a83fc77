import type {ProcessPilot, StopResult} from '../pilot/pilot.js';

export type StartOutcome = {readonly error: Error} | {readonly stopped: StopResult};

/**
Start the pilot and wait until it has stopped (by a signal, the user, or on its own), or until
`start()` failed; `onStarted` is called when `start()` has resolved (every process up and ready, or
failed). A start that fails after the pilot stopped itself (a control server that could
not start) still counts as a failed start: the pilot's `StopResult` carries that error.
*/
export async function startAndWait(pilot: ProcessPilot, stopped: Promise<StopResult>, onStarted?: () => void): Promise<StartOutcome> {
	const started = pilot.start().then(() => {
		onStarted?.();
		return undefined;
	}, (error: unknown) => (error instanceof Error ? error : new Error(String(error))));
	const never = new Promise<never>(() => undefined);
	const first = await Promise.race([stopped.then(result => ({stopped: result})), started.then(error => (error ? {error} : never))]);
	if ('stopped' in first && first.stopped.startError) {
		return {error: first.stopped.startError};
	}

	return first;
}
