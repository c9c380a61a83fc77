/**
A name that is not a process of the manifest (the seed raises `ValueError`). `processName` is the
name asked for and `known` every name there is, so callers can answer 404 or suggest one.
(The process name is not called `name`: that is the error's class name, as on every `Error`.)
*/
export class ProcessNotFoundError extends Error {
	override readonly name = 'ProcessNotFoundError';

	constructor(
		readonly processName: string,
		readonly known: readonly string[],
	) {
		super(`Process '${processName}' not found`);
	}
}
