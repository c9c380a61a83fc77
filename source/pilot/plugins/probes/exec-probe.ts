import {spawn} from 'node:child_process';
import {signalGroup} from '../../os/process-group.js';
import {probeFailed, probeOk, type ProbeResult} from './probe-result.js';
import {knownItem} from '../../model/known-entry.js';

export type ExecProbeOptions = {
	/** A list (run as is) or a string (run by `/bin/sh -c`). */
	readonly command: string | readonly string[];
	readonly timeoutMs: number;
	readonly cwd?: string;
	readonly env?: NodeJS.ProcessEnv;
	readonly signal?: AbortSignal;
};

/** The file and arguments of a check command. */
export function commandLine(command: string | readonly string[]): [string, string[]] {
	return typeof command === 'string' ? ['/bin/sh', ['-c', command]] : [knownItem(command, 0), command.slice(1)];
}

/**
Run a check command once: success when it exits 0. It runs in its own process group, and the
whole group is SIGKILLed at `timeoutMs` (or on abort), so a hanging check, and whatever it
started, never outlives its turn.
*/
export async function probeExec({command, timeoutMs, cwd, env, signal}: ExecProbeOptions): Promise<ProbeResult> {
	const [file, args] = commandLine(command);
	return new Promise(resolve => {
		let isDone = false;
		let isTimedOut = false;
		const child = spawn(file, args, {cwd, env, detached: true, stdio: 'ignore'});
		const kill = (): void => {
			if (child.pid !== undefined) {
				signalGroup(child.pid, 'SIGKILL');
			}
		};

		const onAbort = (): void => {
			kill();
		};

		const done = (result: ProbeResult): void => {
			if (!isDone) {
				isDone = true;
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
				resolve(result);
			}
		};

		const timer = setTimeout(() => {
			isTimedOut = true;
			kill();
		}, timeoutMs);
		signal?.addEventListener('abort', onAbort, {once: true});
		child.once('error', error => {
			done(probeFailed(`could not run: ${error.message}`));
		});
		child.once('exit', (code, exitSignal) => {
			// The leader is gone; members it left behind go with it.
			kill();
			if (isTimedOut) {
				done(probeFailed(`timed out after ${timeoutMs / 1000}s`));
			} else if (code === 0) {
				done(probeOk);
			} else {
				done(probeFailed(exitSignal ? `killed by ${exitSignal}` : `exit ${code}`));
			}
		});
	});
}
