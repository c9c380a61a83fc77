import type {ControlTarget} from './client.js';
import {choosePilot} from './choose-pilot.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
Which pilot to talk to: `--socket`, else `PILOT_SOCKET`, else the one live pilot in the per-user
runtime folder. None or several live ones is an error that says what to do.
*/
export async function findTarget(socketFlag: string | undefined, env: Env = process.env): Promise<ControlTarget> {
	return choosePilot({socket: socketFlag}, env);
}
