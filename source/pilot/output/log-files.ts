import fs from 'node:fs/promises';
import path from 'node:path';
import {LogFileWriter, type LogFileTrouble} from './log-file-writer.js';
import {LogLineFormatter} from './log-line-format.js';
import type {LogFs} from './log-rotation.js';
import {logFileName, type LogSettings} from '../manifest/log-settings.js';
import type {LogStream} from '../model/pilot-api.js';
import type {LineBlock} from './line-block.js';

export type LogFilesOptions = {
	readonly settings: LogSettings;
	readonly processNames: readonly string[];
	readonly report: (level: 'info' | 'warn' | 'error', text: string) => void;
	readonly logFs?: LogFs;
	readonly retryMs?: number;
	readonly maxQueuedChars?: number;
};

/** The pilot's own events, next to the processes' files. */
export const pilotLogName = 'pilot.log';

/** The log file of each process (where one is configured), by name, plus `pilot.log` when there is a log_dir. */
export function logFilePaths(settings: LogSettings, processNames: readonly string[]): {files: Map<string, string>; pilot: string | null} {
	const files = new Map<string, string>();
	for (const name of processNames) {
		const file = settings.files[name] ?? (settings.dir === null ? undefined : path.join(settings.dir, logFileName(name)));
		if (file !== undefined) {
			files.set(name, file);
		}
	}

	return {files, pilot: settings.dir === null ? null : path.join(settings.dir, pilotLogName)};
}

/** Every log file of one pilot run. Nothing is opened, and nothing written, when none is configured. */
export class LogFiles {
	readonly #writers = new Map<string, LogFileWriter>();
	#pilot: LogFileWriter | undefined;
	readonly #formatter: LogLineFormatter;

	private constructor(settings: LogSettings) {
		this.#formatter = new LogLineFormatter(settings.format);
	}

	/** Creates folders and opens every file; throws one clear Error when a file cannot be written. */
	static async open(options: LogFilesOptions): Promise<LogFiles> {
		const logFiles = new LogFiles(options.settings);
		const {files, pilot} = logFilePaths(options.settings, options.processNames);
		const writerOptions = {
			maxBytes: options.settings.maxBytes,
			backups: options.settings.backups,
			logFs: options.logFs,
			retryMs: options.retryMs,
			maxQueuedChars: options.maxQueuedChars,
			onTrouble(trouble: LogFileTrouble) {
				options.report(trouble.kind === 'recovered' ? 'info' : 'warn', describeTrouble(trouble));
			},
		};
		const openOne = async (file: string): Promise<LogFileWriter> => {
			try {
				await makeFolder(path.dirname(file));
				return await LogFileWriter.open(file, writerOptions);
			} catch (error) {
				await logFiles.close();
				const folder = path.dirname(file);
				throw new Error(`Cannot write log files in ${folder}: ${(error as Error).message}. Choose a writable log_dir (or log_file), or remove it`, {cause: error});
			}
		};

		for (const [name, file] of files) {
			logFiles.#writers.set(name, await openOne(file));
		}

		logFiles.#openMore = async names => {
			for (const [name, file] of logFilePaths(options.settings, names).files) {
				if (logFiles.#writers.has(name)) {
					continue;
				}

				try {
					await fs.mkdir(path.dirname(file), {recursive: true});
					logFiles.#writers.set(name, await LogFileWriter.open(file, writerOptions));
				} catch (error) {
					options.report('warn', `Cannot open the log file ${file}: ${(error as Error).message}`);
				}
			}
		};

		if (pilot !== null) {
			logFiles.#pilot = await openOne(pilot);
		}

		return logFiles;
	}

	#openMore: (names: readonly string[]) => Promise<void> = () => Promise.resolve();

	/** Open the files of processes a reload added (those that have none yet); a file that cannot be opened is reported, not thrown. */
	async add(names: readonly string[]): Promise<void> {
		await this.#openMore(names);
	}

	/** One captured line; ignored for a process without a file. */
	write(name: string, stream: LogStream, time: number, text: string): void {
		this.#writers.get(name)?.push(this.#formatter.line(time, stream, text));
	}

	/** Captured lines of one time, queued as one block (one string for a chunk of hundreds of lines). */
	writeBlock(name: string, stream: LogStream, time: number, block: LineBlock): void {
		this.#writers.get(name)?.push(this.#formatter.block(time, stream, block), block.count);
	}

	/** One of the pilot's own events, to `pilot.log` (when there is a log_dir). */
	writePilot(level: string, text: string, time = Date.now()): void {
		this.#pilot?.push(this.#formatter.line(time, level, text));
	}

	/** Resolves once everything queued so far is on disk (or the disk is failing). */
	async flush(): Promise<void> {
		await Promise.all([...this.#writers.values(), this.#pilot].map(async writer => writer?.flush()));
	}

	async close(): Promise<void> {
		const writers = [...this.#writers.values(), this.#pilot];
		this.#writers.clear();
		this.#pilot = undefined;
		await Promise.all(writers.map(async writer => writer?.close()));
	}
}

/**
`mkdir -p`, bounded. Node's own `{recursive: true}` never returns for a folder that cannot be made
in /proc (it retries the ENOENT forever, Node 20), so a bad log_dir would hang the start.
*/
async function makeFolder(folder: string, depth = 0): Promise<void> {
	try {
		await fs.mkdir(folder);
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EEXIST') {
			return;
		}

		const parent = path.dirname(folder);
		if (code !== 'ENOENT' || parent === folder || depth > 64) {
			throw error;
		}

		await makeFolder(parent, depth + 1);
		await fs.mkdir(folder).catch((retryError: unknown) => {
			if ((retryError as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw retryError;
			}
		});
	}
}

function describeTrouble(trouble: LogFileTrouble): string {
	switch (trouble.kind) {
		case 'failing': {
			return `Log file ${trouble.file} cannot be written (${trouble.error.message}); its lines wait in memory and are written when it works again`;
		}

		case 'dropping': {
			return `Log file ${trouble.file} cannot keep up; lines beyond the memory limit are dropped and counted`;
		}

		case 'recovered': {
			return `Log file ${trouble.file} is written again${trouble.dropped > 0 ? `; ${trouble.dropped} lines could not be kept` : ''}`;
		}

		default: {
			const exhaustive: never = trouble;
			return exhaustive;
		}
	}
}
