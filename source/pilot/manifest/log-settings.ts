import {z} from 'zod';

/** Where and how output goes to files; `dir` null and no `files` means nothing is written. */
export type LogSettings = {
	/** Absolute folder for one file per process plus `pilot.log`; null when not set. */
	readonly dir: string | null;
	readonly format: 'text' | 'json';
	/** A file is rotated before it would grow past this many bytes. */
	readonly maxBytes: number;
	/** Rotated files kept (`name.log.1` newest .. `name.log.N`); 0 keeps none. */
	readonly backups: number;
	/** Absolute `log_file` per process name, where one was given. */
	readonly files: Readonly<Record<string, string>>;
};

export const defaultLogSettings: LogSettings = {dir: null, format: 'text', maxBytes: 10 * 1024 * 1024, backups: 5, files: {}};

const units: Record<string, number> = {'': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3};

/** `1048576`, `"512KB"`, `"10 MB"`, `"1g"` as bytes (binary units); null when it is none of these. */
export function parseByteSize(value: unknown): number | null {
	if (typeof value === 'number') {
		return Number.isInteger(value) && value > 0 ? value : null;
	}

	const [, amount, unit = ''] = (typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null) ?? [];
	const factor = units[unit.toLowerCase()];
	if (amount === undefined || factor === undefined) {
		return null;
	}

	const bytes = Math.floor(Number(amount) * factor);
	return bytes > 0 ? bytes : null;
}

const byteSize = z.union([z.number(), z.string()]).refine(value => parseByteSize(value) !== null, {
	error: 'Expected a size in bytes: a positive integer or a string like "512KB", "10MB", "1GB"',
});

/** The top-level log keys of the manifest schema. */
export const logTopShape = {
	log_dir: z.string().min(1).nullable().optional().describe('Folder for log files: one per process (<name>.log) plus pilot.log. Relative to base_directory, else the manifest\'s folder. Default: none in the foreground (nothing written); $XDG_STATE_HOME/pilot-tui/<manifest>-<hash>/ for detached pilots.'),
	log_format: z.enum(['text', 'json']).optional().describe('Log file lines: text (ISO time, out/err, the line) or json (one object per line). Default text.'),
	log_max_bytes: byteSize.optional().describe('A log file is rotated before it grows past this size: bytes, or a string like "1MB" (binary units). Default 10MB.'),
	log_backups: z.int().nonnegative().optional().describe('Rotated log files kept per file (<file>.1 is the newest). Default 5.'),
};

/** The per-process log key. */
export const logProcessShape = {
	log_file: z.string().min(1).nullable().optional().describe('This process\'s log file (relative to log_dir, else to base_directory or the manifest\'s folder); overrides log_dir/<name>.log.'),
};

/** A file name from a process name: what is not safe in a file name becomes `_`. */
export function logFileName(processName: string): string {
	return `${processName.replaceAll(/[^\w.-]+/g, '_').replace(/^\.+/, '_')}.log`;
}

/** The log keys as the manifest gives them, before paths are resolved. */
export type RawLogSettings = {
	dir: string | null;
	format: 'text' | 'json';
	maxBytes: number | null;
	backups: number | null;
	files: Record<string, string>;
};

/** `log_dir` against the base folder; each `log_file` against `log_dir`, else the base folder. */
export function resolveLogSettings(raw: RawLogSettings, baseDirectory: string, resolve: (base: string, file: string) => string): LogSettings {
	const dir = raw.dir === null ? null : resolve(baseDirectory, raw.dir);
	const files = Object.fromEntries(Object.entries(raw.files).map(([name, file]) => [name, resolve(dir ?? baseDirectory, file)]));
	return {
		dir,
		format: raw.format,
		maxBytes: raw.maxBytes ?? defaultLogSettings.maxBytes,
		backups: raw.backups ?? defaultLogSettings.backups,
		files,
	};
}
