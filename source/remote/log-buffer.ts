import type {LogLine} from '../pilot/model/pilot-api.js';

/** Log lines received from a pilot: bounded per process and merged, oldest first, as `getLogs` returns them. */
export class LogBuffer {
	readonly #byProcess = new Map<string, LogLine[]>();
	#merged: LogLine[] = [];
	#lastSeq = 0;

	constructor(private readonly linesPerProcess = 1000) {}

	/** The `seq` of the newest line held. */
	get lastSeq(): number {
		return this.#lastSeq;
	}

	clear(): void {
		this.#byProcess.clear();
		this.#merged = [];
		this.#lastSeq = 0;
	}

	/** Add lines in `seq` order; lines already held (a repeat after reconnecting) are skipped. */
	add(lines: readonly LogLine[]): void {
		for (const line of lines) {
			if (line.seq <= this.#lastSeq) {
				continue;
			}

			this.#lastSeq = line.seq;
			const list = this.#byProcess.get(line.process) ?? [];
			list.push(line);
			if (list.length > this.linesPerProcess * 1.25) {
				list.splice(0, list.length - this.linesPerProcess);
			}

			this.#byProcess.set(line.process, list);
			this.#merged.push(line);
		}

		const mergedLimit = this.linesPerProcess * 5;
		if (this.#merged.length > mergedLimit * 1.25) {
			this.#merged = this.#merged.slice(-mergedLimit);
		}
	}

	get(name?: string, limit = this.linesPerProcess): readonly LogLine[] {
		const list = name === undefined ? this.#merged : this.#byProcess.get(name) ?? [];
		return limit <= 0 ? [] : list.slice(-limit);
	}
}
