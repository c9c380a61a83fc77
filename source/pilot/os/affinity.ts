import {execFile} from 'node:child_process';
import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';

/**
CPU pinning through util-linux's `taskset`. Spawning `taskset -c LIST file args...` pins every
thread from the first instruction; `taskset -p` after the spawn misses threads already started
(measured: 1 of 7), so the pilot wraps the command and keeps `setAffinityOfPid` for the seed's API.
*/

let tasksetPath: string | null | undefined;

/** The path of `taskset` on PATH, looked up once; null when missing or not on Linux. */
export function findTaskset(): string | null {
	if (tasksetPath !== undefined) {
		return tasksetPath;
	}

	tasksetPath = null;
	if (process.platform !== 'linux') {
		return tasksetPath;
	}

	for (const folder of (process.env['PATH'] ?? '/usr/bin:/bin').split(path.delimiter)) {
		const candidate = path.join(folder || '.', 'taskset');
		try {
			accessSync(candidate, constants.X_OK);
			if (statSync(candidate).isFile()) {
				tasksetPath = candidate;
				break;
			}
		} catch {}
	}

	return tasksetPath;
}

/** `[0, 2, 3]` → `'0,2,3'`, taskset's list format. */
export function formatCpuList(affinity: readonly number[]): string {
	return affinity.join(',');
}

/**
The command to spawn so that the process runs on the given cores: wrapped in `taskset -c` on
Linux; unchanged elsewhere (or without taskset), with a warning for the user. `null` or an empty
list means no pinning and no warning.
*/
export function withAffinity(file: string, args: string[], affinity: readonly number[] | null, name = file): {file: string; args: string[]; warning?: string} {
	if (!affinity || affinity.length === 0) {
		return {file, args};
	}

	if (process.platform !== 'linux') {
		return {file, args, warning: `CPU affinity is not supported on ${process.platform}; ${name} runs unpinned`};
	}

	const taskset = findTaskset();
	if (!taskset) {
		return {file, args, warning: `CPU affinity needs taskset (util-linux), which is not on PATH; ${name} runs unpinned`};
	}

	// taskset has no `--`: a program name starting with '-' would be read as an option.
	const program = file.startsWith('-') ? `./${file}` : file;
	return {file: taskset, args: ['-c', formatCpuList(affinity), program, ...args]};
}

/** Pins every thread of a running process; false where that is not possible or taskset failed. */
export async function setAffinityOfPid(pid: number, affinity: readonly number[]): Promise<boolean> {
	const taskset = findTaskset();
	if (!taskset || affinity.length === 0) {
		return false;
	}

	return new Promise(resolve => {
		// With -a, taskset exits 0 for a pid that does not exist (no threads to change): check its report.
		const options = {timeout: 5000, env: {...process.env, LC_ALL: 'C'}};
		execFile(taskset, ['-a', '-p', '-c', formatCpuList(affinity), String(pid)], options, (error, stdout) => {
			resolve(!error && stdout.includes('new affinity'));
		});
	});
}
