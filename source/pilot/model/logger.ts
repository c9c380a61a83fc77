import fs from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The pilot's own log: silent unless asked, so the library never writes to the terminal by itself. */
export type LoggerOptions = {
	readonly level?: LogLevel;
	/** A file path (appended to) or a writable stream. */
	readonly destination?: string | NodeJS.WritableStream;
};

export type Logger = Record<Exclude<LogLevel, 'silent'>, (message: string) => void>;

const rank: Record<LogLevel, number> = {debug: 10, info: 20, warn: 30, error: 40, silent: 100};

export function createLogger(options: LoggerOptions = {}): Logger {
	const level = options.level ?? (options.destination ? 'info' : 'silent');
	let stream: NodeJS.WritableStream | undefined;
	const write = (messageLevel: Exclude<LogLevel, 'silent'>, message: string) => {
		if (rank[messageLevel] < rank[level] || !options.destination) {
			return;
		}

		stream ??= typeof options.destination === 'string' ? fs.createWriteStream(options.destination, {flags: 'a'}) : options.destination;
		stream.write(`${new Date().toISOString()} ${messageLevel.toUpperCase()} ${message}\n`);
	};

	return {
		debug: message => write('debug', message),
		info: message => write('info', message),
		warn: message => write('warn', message),
		error: message => write('error', message),
	};
}
