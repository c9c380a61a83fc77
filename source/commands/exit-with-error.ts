import {wantsStackTraces} from './control-options-from-env.js';

/**
Print an error for a person and set a failing exit code: the message only, never a stack, unless
PILOT_DEBUG is set.
*/
export function fail(error: unknown): void {
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`pilot-tui: ${message}\n`);
	if (wantsStackTraces(process.env) && error instanceof Error && error.stack) {
		process.stderr.write(`${error.stack}\n`);
	}

	process.exitCode = 1;
}
