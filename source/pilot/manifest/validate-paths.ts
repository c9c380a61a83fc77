import fs from 'node:fs';
import path from 'node:path';
import type {ValidationContext} from './validation-context.js';
import {expandWildcard, findOnPath, isBareCommand, isExecutableFile, resolveUserPath} from '../os/resolve-executable.js';
import {knownItem} from '../model/known-entry.js';

/** Processes whose `path` was a bare command found on PATH: their default working directory differs. */
const foundOnPath = new WeakSet<object>();

/** Resolve each `path` to an absolute executable: PATH lookup, `*` wildcard, or relative to the base folder. */
export function resolveProcessPaths(context: ValidationContext): void {
	const lookups = new Map<string, string | null>();
	for (const process of context.processes) {
		// Checked as found: a library user's object may hold anything here, whatever its type says.
		const given: unknown = process.path;
		if (typeof given !== 'string' || given === '') {
			context.report(process, ['path'], `Executable not found: ${String(given)}`);
			continue;
		}

		if (isBareCommand(given)) {
			const found = lookups.get(given) ?? findOnPath(given);
			lookups.set(given, found);
			if (found) {
				process.path = found;
				foundOnPath.add(process);
			} else {
				context.report(process, ['path'], `Executable not found: ${given} (no executable file of that name on PATH)`);
			}

			continue;
		}

		let candidate = resolveUserPath(context.baseDirectory, given);
		if (given.includes('*') || given.includes('?')) {
			const matches = expandWildcard(candidate);
			if (matches.length === 0) {
				context.report(process, ['path'], `No matches found for wildcard path: ${given}`);
				continue;
			}

			if (matches.length > 1) {
				context.report(process, ['path'], `Wildcard path ${given} matched ${matches.length} files; using the first in sorted order: ${matches[0]}`, {severity: 'warning'});
			}

			candidate = knownItem(matches, 0);
		}

		if (!fs.existsSync(candidate) || !fs.statSync(candidate).isFile()) {
			context.report(process, ['path'], `Executable not found: ${candidate}`);
		} else if (isExecutableFile(candidate)) {
			process.path = candidate;
		} else {
			context.report(process, ['path'], `Executable not found: ${candidate} (the file exists but is not executable: chmod +x it, or run it through its interpreter)`);
		}
	}
}

/**
Default and check each working directory: a given one is resolved against the base folder and
must be a folder; otherwise the executable's folder, or the base folder for a command found on PATH.
*/
export function setWorkingDirectories(context: ValidationContext): void {
	for (const process of context.processes) {
		// A library user's object may lack the key, whatever its type says.
		const given = process.working_directory as string | null | undefined;
		if (given === null || given === undefined) {
			const isPathCommand = foundOnPath.has(process) || (typeof process.path === 'string' && isBareCommand(process.path));
			process.working_directory = isPathCommand || typeof process.path !== 'string'
				? context.baseDirectory
				: path.dirname(resolveUserPath(context.baseDirectory, process.path));
			continue;
		}

		const resolved = resolveUserPath(context.baseDirectory, given);
		if (isDirectory(resolved)) {
			process.working_directory = resolved;
		} else {
			context.report(process, ['working_directory'], `Working directory does not exist: ${resolved}`);
		}
	}
}

function isDirectory(folder: string): boolean {
	try {
		return fs.statSync(folder).isDirectory();
	} catch {
		return false;
	}
}
