import fs from 'node:fs';
import path from 'node:path';
import {isSocketAlive, runtimeDirectory} from '../pilot/plugins/control/control-socket.js';
import {parseTarget, type ControlTarget} from './client.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
Which pilot to talk to: `--socket`, else `PILOT_SOCKET`, else the one live socket in the per-user
runtime folder. None or several live ones is an error that says what to do.
*/
export async function findTarget(socketFlag: string | undefined, env: Env = process.env): Promise<ControlTarget> {
	const explicit = socketFlag ?? env['PILOT_SOCKET'];
	if (explicit) {
		return parseTarget(explicit, env);
	}

	const directory = runtimeDirectory(env);
	const candidates = listSockets(directory);
	const alive = (await Promise.all(candidates.map(async candidate => (await isSocketAlive(candidate)) ? candidate : undefined)))
		.filter((candidate): candidate is string => candidate !== undefined);
	if (alive.length === 1) {
		return {kind: 'unix', socketPath: alive[0]};
	}

	if (alive.length === 0) {
		throw new Error(`No pilot is running: no live control socket in ${directory}. Start one with \`pilot-tui <manifest> --control http\`, or pass --socket <path>`);
	}

	throw new Error(`Several pilots are running; choose one with --socket <path>:\n${alive.map(candidate => `  ${candidate}`).join('\n')}`);
}

function listSockets(directory: string): string[] {
	try {
		return fs.readdirSync(directory)
			.filter(name => name.endsWith('.sock'))
			.map(name => path.join(directory, name))
			.sort();
	} catch {
		return [];
	}
}
