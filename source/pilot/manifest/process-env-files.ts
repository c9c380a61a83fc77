import {readEnvFile} from './env-file.js';
import type {FieldPath} from './read-source.js';
import type {ValidationContext} from './validation-context.js';
import {resolveUserPath} from '../os/resolve-executable.js';

/**
Give each process the top-level env files' values, then its own `env_file`s (relative to the base
folder, later files win), then its `env` on top. A missing file or a bad line is located at the
`env_file` entry that names it.
*/
export function applyEnvFiles(context: ValidationContext, topValues: Readonly<Record<string, string>>): void {
	for (const process of context.processes) {
		const fromFiles: Record<string, string> = {...topValues};
		for (const [index, file] of process.env_file.entries()) {
			const result = readEnvFile(resolveUserPath(context.baseDirectory, file));
			for (const problem of result.problems) {
				context.report(process, process.env_file.length === 1 ? ['env_file'] : ['env_file', index], problem);
			}

			Object.assign(fromFiles, result.values);
		}

		if (Object.keys(fromFiles).length > 0) {
			process.env = {...fromFiles, ...process.env};
		}
	}
}

/** The name of the process a field path points into (`processes[2]...`), for issues found before the shape check. */
export function processNameAt(data: unknown, field: FieldPath): string | null {
	if (field[0] !== 'processes' || typeof field[1] !== 'number' || typeof data !== 'object' || data === null) {
		return null;
	}

	const entry = (data as {processes?: unknown}).processes;
	const item = Array.isArray(entry) ? entry[field[1]] as unknown : undefined;
	const name = typeof item === 'object' && item !== null ? (item as {name?: unknown}).name : undefined;
	return typeof name === 'string' && name !== '' ? name : null;
}
