import path from 'node:path';
import {runtimeDirectory} from '../pilot/plugins/control/control-socket.js';
import {parseTarget, type ControlTarget} from './client.js';
import {listLivePilots, type LivePilot} from './live-pilots.js';
import {formatPilotTable} from './pilot-list.js';

type Env = Readonly<Record<string, string | undefined>>;

export type PilotChoice = {
	/** `--socket` (a path, or `127.0.0.1:<port>`). */
	readonly socket?: string;
	/** A manifest path: the live pilot running it. */
	readonly manifest?: string;
	/** What to tell the user to add when several pilots match, e.g. `pilot-tui down <manifest>`. */
	readonly hint?: string;
	/** What the CLI read from `PILOT_SOCKET` and `PILOT_TOKEN`. */
	readonly defaults?: ControlDefaults;
};

/** The pilot to talk to when no `--socket` is given, and the token for a TCP one: the CLI fills them from `PILOT_SOCKET` and `PILOT_TOKEN`. */
export type ControlDefaults = {
	readonly socket?: string;
	readonly token?: string;
};

/**
Which pilot a command talks to: `--socket`, else the default socket (`PILOT_SOCKET`), else the live pilot of the given
manifest, else the only live pilot of this user. None, or several, is an Error that says what to do
(several are listed as `pilot-tui ls` shows them).
*/
export async function choosePilot(choice: PilotChoice, env: Env = process.env): Promise<ControlTarget> {
	const explicit = choice.socket ?? choice.defaults?.socket;
	if (explicit) {
		return parseTarget(explicit, choice.defaults?.token);
	}

	const directory = runtimeDirectory(env);
	const live = await listLivePilots(env);
	const manifest = choice.manifest === undefined ? undefined : path.resolve(choice.manifest);
	const matching = manifest === undefined ? live : live.filter(pilot => pilot.list?.manifest === manifest);
	const [only, ...others] = matching;
	if (only !== undefined && others.length === 0) {
		return {kind: 'unix', socketPath: only.socketPath};
	}

	if (matching.length === 0) {
		throw new Error(manifest === undefined
			? `No pilot is running: no live control socket in ${directory}. Start one with \`pilot-tui <manifest> -d\`, or pass --socket <path>`
			: `No pilot is running ${manifest}${live.length > 0 ? `; running:\n${formatPilotTable(live, Date.now(), '  ')}` : ''}`);
	}

	throw new Error(`Several pilots are running; choose one with ${choice.hint ?? '--socket <path>'}:\n${formatPilotTable(matching, Date.now(), '  ')}`);
}

/** The live pilots running `manifest` (an absolute path). */
export function runningManifest(live: readonly LivePilot[], manifest: string): LivePilot[] {
	return live.filter(pilot => pilot.list?.manifest === manifest);
}
