import type {ProcessPilot, StopResult} from '../pilot/pilot.js';

export type StartOutcome = {readonly error: Error} | {readonly stopped: StopResult};

/**
Start the pilot and wait until it has stopped (by a signal, the user, or on its own), or until
`start()` failed. A start that fails after the pilot stopped itself (a control server that could
not start) still counts as a failed start.
*/
export async function startAndWait(pilot: ProcessPilot, stopped: Promise<StopResult>): Promise<StartOutcome> {
	const started = pilot.start().then(() => undefined, (error: unknown) => (error instanceof Error ? error : new Error(String(error))));
	const never = new Promise<never>(() => undefined);
	const first = await Promise.race([stopped.then(result => ({stopped: result})), started.then(error => (error ? {error} : never))]);
	if ('error' in first) {
		return first;
	}

	const late = await Promise.race([started, new Promise<undefined>(resolve => {
		setTimeout(resolve, 50, undefined);
	})]);
	return late ? {error: late} : first;
}
