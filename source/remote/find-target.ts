import type {ControlTarget} from './client.js';
import {choosePilot, type ControlDefaults} from './choose-pilot.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
Which pilot to talk to: `--socket`, else the default socket (`PILOT_SOCKET`, read by the CLI), else
the one live pilot in the per-user runtime folder (`env` locates it). None or several live ones is
an error that says what to do.
*/
export async function findTarget(socketFlag: string | undefined, defaults: ControlDefaults = {}, env: Env = process.env): Promise<ControlTarget> {
	return choosePilot({socket: socketFlag, defaults}, env);
}
