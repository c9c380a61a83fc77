import type {LogLine} from '../pilot/model/pilot-api.js';
import {joinHistory, readLogHistory, type HistoryLine} from '../pilot/output/read-log-history.js';
import {openEventStream, requestJson, type ControlTarget} from '../remote/client.js';
import type {CliFlags} from './flags.js';

type LogsReply = {lines: LogLine[]; files?: Record<string, string>};

const units: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** `30s`, `10m`, `1.5h`, `2d` as milliseconds; a clear error for anything else. */
export function parseSince(value: string): number {
	const [, amount, unit = ''] = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value) ?? [];
	const factor = units[unit];
	if (amount === undefined || factor === undefined) {
		throw new Error(`--since takes a duration like 30s, 10m, 2h or 1d, got '${value}'`);
	}

	return Number(amount) * factor;
}

function print(line: HistoryLine, isPrefixed: boolean, isJson: boolean): void {
	const text = isJson ? JSON.stringify(line) : isPrefixed ? `${line.process} | ${line.text}` : line.text;
	process.stdout.write(`${text}\n`);
}

/** The lines in memory plus, where the pilot writes log files, the older lines from them. */
async function history(target: ControlTarget, names: readonly string[], limit: number, since: number): Promise<HistoryLine[]> {
	const query = `?lines=${limit}`;
	const replies = names.length === 0
		? [await requestJson<LogsReply>(target, 'GET', `/logs${query}`)]
		: await Promise.all(names.map(async name => requestJson<LogsReply>(target, 'GET', `/processes/${encodeURIComponent(name)}/logs${query}`)));
	const byProcess = new Map<string, HistoryLine[]>();
	for (const line of replies.flatMap(reply => reply.lines).sort((a, b) => a.seq - b.seq)) {
		const lines = byProcess.get(line.process);
		if (lines) {
			lines.push(line);
		} else {
			byProcess.set(line.process, [line]);
		}
	}

	const files = Object.assign({}, ...replies.map(reply => reply.files ?? {})) as Record<string, string>;
	for (const [name, file] of Object.entries(files)) {
		byProcess.set(name, joinHistory(readLogHistory(file, name, since), byProcess.get(name) ?? []));
	}

	// Stable: each process's lines keep their order; processes interleave by time.
	return [...byProcess.values()].flat().filter(line => line.time >= since).sort((a, b) => a.time - b.time || (a.seq ?? 0) - (b.seq ?? 0));
}

/**
`pilot-tui ctl logs [names] [--lines n] [--since 10m] [-f]`: the last lines (or every line since a
time, from the log files when the pilot writes them), then with `--follow` new lines until Ctrl-C.
*/
export async function ctlLogs(target: ControlTarget, names: readonly string[], flags: Pick<CliFlags, 'lines' | 'json' | 'since' | 'follow'>): Promise<void> {
	const since = flags.since === undefined ? Number.NEGATIVE_INFINITY : Date.now() - parseSince(flags.since);
	const lines = await history(target, names, flags.since === undefined ? flags.lines : 10_000, since);
	const shown = flags.since === undefined ? lines.slice(-flags.lines || lines.length) : lines;
	if (flags.lines === 0 && flags.since === undefined) {
		shown.length = 0;
	}

	const isPrefixed = names.length !== 1;
	if (flags.json && !flags.follow) {
		process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
		return;
	}

	for (const line of shown) {
		print(line, isPrefixed, flags.json);
	}

	if (flags.follow) {
		await follow(target, names, isPrefixed, flags.json, Math.max(0, ...lines.map(line => line.seq ?? 0)));
	}
}

/** New lines from the event stream until Ctrl-C (or the pilot goes away: an error). */
async function follow(target: ControlTarget, names: readonly string[], isPrefixed: boolean, isJson: boolean, printedSeq: number): Promise<void> {
	let lastSeq = printedSeq;
	await new Promise<void>((resolve, reject) => {
		const stream = openEventStream(target, {
			onMessage(message) {
				if (message.type !== 'logs') {
					return;
				}

				for (const line of message.lines) {
					if (line.seq > lastSeq && (names.length === 0 || names.includes(line.process))) {
						lastSeq = line.seq;
						print(line, isPrefixed, isJson);
					}
				}
			},
			onClose(error) {
				reject(error ?? new Error('The pilot stopped; no more lines'));
			},
		});
		process.once('SIGINT', () => {
			stream.close();
			resolve();
		});
	});
}
