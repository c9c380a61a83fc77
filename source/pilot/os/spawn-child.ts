import type {ChildProcess} from 'node:child_process';
import {dirname} from 'node:path';
import {withAffinity} from './affinity.js';
import {runMarkerName} from './procfs/escapee-sweeper.js';
import type {Process} from '../model/process-model.js';
import type {SpawnFunction} from './spawn-function.js';

/** What spawning needs from the supervisor: its spawn, the environment, and a way to warn. */
export type SpawnContext = {
	readonly spawn: SpawnFunction;
	readonly env: Record<string, string>;
	readonly report: (level: 'warn', text: string, process?: string) => void;
};

/**
Spawn one run of a process: in its own session and process group (`detached`), pinned with
taskset when it has an affinity, stdin closed (a child must never read the terminal), stdout and
stderr piped, and its environment carrying the pilot's marker and this run's id. Throws what
`spawn` throws synchronously; an asynchronous failure (ENOENT, EACCES) arrives as the child's
`error` event with no pid.
*/
export function spawnChild(process: Process, context: SpawnContext, runId: string): ChildProcess {
	const {file, args, warning} = withAffinity(process.path, process.args, process.affinity, process.name);
	if (warning) {
		context.report('warn', warning, process.name);
	}

	return context.spawn(file, args, {
		cwd: process.working_directory ?? dirname(process.path),
		env: {...context.env, ...process.env, [runMarkerName]: runId},
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}
