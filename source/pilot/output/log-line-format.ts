import type {LogStream} from '../model/pilot-api.js';
import {blockLines, prefixLines, type LineBlock} from './line-block.js';

export type LogFormat = 'text' | 'json';

// Keyed by any stream name: a plugin's own streams keep their names.
const shortStream: Readonly<Record<string, string>> = {stdout: 'out', stderr: 'err'} satisfies Record<LogStream, string>;

/**
Formats lines for log files. The ISO time of the last millisecond is kept: a child writing fast
puts many lines in one millisecond, and `toISOString` is the costliest part of a line.
*/
export class LogLineFormatter {
	#lastTime = Number.NaN;
	#lastIso = '';

	constructor(readonly format: LogFormat) {}

	/** One line with its newline: `2026-01-01T10:00:00.000Z out text` or `{"time":…,"stream":"out","text":…}`. */
	line(time: number, stream: string, text: string): string {
		if (time !== this.#lastTime) {
			this.#lastTime = time;
			this.#lastIso = new Date(time).toISOString();
		}

		const name = shortStream[stream] ?? stream;
		if (this.format === 'json') {
			return `{"time":"${this.#lastIso}","stream":"${name}","text":${JSON.stringify(text)}}\n`;
		}

		return `${this.#lastIso} ${name} ${text}\n`;
	}

	/** Lines of one time, as one string: the same as each `line` in turn, joined. */
	lines(time: number, stream: string, texts: readonly string[]): string {
		if (this.format === 'json' || texts.length < 2) {
			return texts.map(text => this.line(time, stream, text)).join('');
		}

		const prefix = this.line(time, stream, '').slice(0, -1);
		return `${prefix}${texts.join(`\n${prefix}`)}\n`;
	}

	/** The lines of a block, as `lines` would format them (text: without splitting the block). */
	block(time: number, stream: string, block: LineBlock): string {
		return this.format === 'json' ? this.lines(time, stream, blockLines(block)) : prefixLines(block, this.line(time, stream, '').slice(0, -1));
	}
}

export type ParsedLogLine = {readonly time: number; readonly stream: string; readonly text: string};

/** Reads back a line of either format; null for anything else (a torn last line, a foreign file). */
export function parseLogLine(line: string): ParsedLogLine | null {
	if (line.startsWith('{')) {
		try {
			const data = JSON.parse(line) as Record<string, unknown>;
			const time = Date.parse(String(data['time']));
			return Number.isNaN(time) || typeof data['text'] !== 'string' ? null : {time, stream: String(data['stream']), text: data['text']};
		} catch {
			return null;
		}
	}

	const [, iso, stream, text = ''] = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (\S+) ?(.*)$/.exec(line) ?? [];
	const time = iso === undefined ? Number.NaN : Date.parse(iso);
	return stream !== undefined && !Number.isNaN(time) ? {time, stream, text} : null;
}
