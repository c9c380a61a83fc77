import fs from 'node:fs';
import path from 'node:path';
import {parseLogLine} from './log-line-format.js';
import {knownItem} from '../model/known-entry.js';

export type HistoryLine = {
	readonly process: string;
	readonly stream: 'stdout' | 'stderr';
	readonly text: string;
	readonly time: number;
	/** Set for lines from the pilot's memory; file lines have none. */
	readonly seq?: number;
};

const longStream: Record<string, 'stdout' | 'stderr'> = {out: 'stdout', err: 'stderr'};

/** Every line of a log file and its rotated backups, oldest first (`file.N` … `file.1`, `file`); unreadable parts are skipped. */
export function readLogHistory(file: string, process: string, since = Number.NEGATIVE_INFINITY): HistoryLine[] {
	const base = path.basename(file);
	let names: string[];
	try {
		names = fs.readdirSync(path.dirname(file));
	} catch {
		return [];
	}

	const backups = names.map(name => (name.startsWith(`${base}.`) ? Number(name.slice(base.length + 1)) : Number.NaN)).filter(index => Number.isInteger(index) && index > 0).sort((a, b) => b - a);
	const lines: HistoryLine[] = [];
	for (const part of [...backups.map(index => `${file}.${index}`), file]) {
		let text: string;
		try {
			text = fs.readFileSync(part, 'utf8');
		} catch {
			continue;
		}

		for (const raw of text.split('\n')) {
			const parsed = raw === '' ? null : parseLogLine(raw);
			if (parsed && parsed.time >= since) {
				lines.push({process, stream: longStream[parsed.stream] ?? 'stdout', text: parsed.text, time: parsed.time});
			}
		}
	}

	return lines;
}

/**
A process's history: the file lines older than what the pilot still holds in memory, then the
memory's lines (every line of which is also in the file). Lines of the same millisecond as the
oldest in memory are matched by count, so none is shown twice or left out.
*/
export function joinHistory(fromFile: readonly HistoryLine[], inMemory: readonly HistoryLine[]): HistoryLine[] {
	if (inMemory.length === 0) {
		return [...fromFile];
	}

	const oldest = knownItem(inMemory, 0).time;
	const sameInMemory = inMemory.filter(line => line.time === oldest).length;
	const before = fromFile.filter(line => line.time < oldest);
	const same = fromFile.filter(line => line.time === oldest);
	return [...before, ...same.slice(0, Math.max(0, same.length - sameInMemory)), ...inMemory];
}
