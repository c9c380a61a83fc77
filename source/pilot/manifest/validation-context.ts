import type {Process} from '../model/process-model.js';
import type {FieldPath} from './read-source.js';

/** What each validation stage gets: the processes and a way to report a problem on one of them. */
export type ValidationContext = {
	readonly processes: readonly Process[];
	/** Absolute folder for relative paths: base_directory, else the manifest's folder, else the cwd. */
	readonly baseDirectory: string;
	/** Names of entries that failed the shape check: they exist, so depending on them is no error. */
	readonly invalidNames: ReadonlySet<string>;
	/** Unknown keys are errors rather than warnings. */
	readonly strict: boolean;
	/** `field` is relative to the process (`['dependencies', 0]`); `key` points at the key instead of the value. */
	report(process: Process, field: FieldPath, message: string, options?: {severity?: 'error' | 'warning'; key?: boolean}): void;
};
