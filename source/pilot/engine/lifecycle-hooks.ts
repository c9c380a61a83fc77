import type {ChildProcess} from 'node:child_process';
import type {Process} from '../model/process-model.js';
import type {HookType} from '../model/process-state.js';

/** A hook taking longer than this is reported and no longer awaited. */
export const hookTimeoutMs = 10_000;

/** Run `task`, giving up with an error after `timeoutMs`; the timer never keeps the process alive. */
export async function withTimeout<T>(task: () => T | Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new Error(`${what} timed out after ${timeoutMs / 1000}s`));
		}, timeoutMs);
		timer.unref();
	});
	try {
		return await Promise.race([Promise.resolve().then(task), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
Run the process's hooks of one type in order, awaiting each. A hook that throws, rejects or
hangs does not stop the others: its error is collected and returned for the caller to report.
*/
export async function runLifecycleHooks(process: Process, child: ChildProcess | undefined, hookType: HookType): Promise<Error[]> {
	const errors: Error[] = [];
	for (const hook of process.lifecycleHookFunctions[hookType]) {
		try {
			await withTimeout(() => hook(process, child), hookTimeoutMs, `${hookType} hook '${hook.name || 'anonymous'}'`);
		} catch (error) {
			const cause = error instanceof Error ? error : new Error(String(error));
			errors.push(new Error(`${hookType} hook of '${process.name}' failed: ${cause.message}`, {cause}));
		}
	}

	return errors;
}
