import {LogSignal} from '../model/log-signal.js';
import type {PilotMessage, PilotSnapshot, ProcessView} from '../model/pilot-api.js';
import {knownEntry} from '../model/known-entry.js';

const maxMessages = 100;
const logNotifyIntervalMs = 50;

/**
The UI's view of the pilot: an immutable snapshot that changes identity only when something
changed (rows, messages, running); row changes made in one tick are coalesced into one
notification. New log lines have their own signal (`logs`), at most every 50 ms.
*/
export class PilotStore {
	readonly #listeners = new Set<() => void>();
	readonly #rows = new Map<string, ProcessView>();
	#snapshot: PilotSnapshot;
	#isDirty = false;
	#isScheduled = false;
	#messageSeq = 0;

	constructor(rows: readonly ProcessView[], title: string, host: string) {
		for (const row of rows) {
			this.#rows.set(row.name, row);
		}

		this.#snapshot = {processes: rows, isRunning: false, startedAt: null, messages: [], title, host};
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	getSnapshot = (): PilotSnapshot => this.#snapshot;

	row(name: string): ProcessView {
		return knownEntry(this.#rows, name);
	}

	/**
	Rows for exactly these processes, in this order (a reload added, removed or reordered some):
	existing rows are kept as they are, `initial` gives a new process its first row.
	*/
	setRows<T extends {readonly name: string}>(processes: readonly T[], initial: (process: T) => ProcessView): void {
		const rows = new Map(processes.map(process => [process.name, this.#rows.get(process.name) ?? initial(process)]));
		this.#rows.clear();
		for (const [name, row] of rows) {
			this.#rows.set(name, row);
		}

		this.#isDirty = true;
		this.#schedule();
	}

	/** Change one row; a patch that changes nothing keeps the row's identity. */
	patchRow(name: string, patch: Partial<ProcessView>): void {
		const row = this.#rows.get(name);
		if (!row) {
			return;
		}

		const keys = Object.keys(patch) as Array<keyof ProcessView>;
		if (keys.every(key => Object.is(row[key], patch[key]))) {
			return;
		}

		this.#rows.set(name, {...row, ...patch});
		this.#isDirty = true;
		this.#schedule();
	}

	patchPilot(patch: Partial<Pick<PilotSnapshot, 'isRunning' | 'startedAt'>>): void {
		this.#snapshot = {...this.#snapshot, ...patch};
		this.#schedule();
	}

	addMessage(level: PilotMessage['level'], text: string, process?: string): PilotMessage {
		const message: PilotMessage = {seq: ++this.#messageSeq, time: Date.now(), level, text, ...(process === undefined ? {} : {process})};
		const messages = [...this.#snapshot.messages, message].slice(-maxMessages);
		this.#snapshot = {...this.#snapshot, messages};
		this.#schedule();
		return message;
	}

	/** Log listeners hear of new lines within 50 ms; the snapshot does not change for them. */
	readonly logs = new LogSignal(logNotifyIntervalMs);

	/** Note that log lines arrived. */
	noteLog(): void {
		this.logs.notify();
	}

	#schedule(): void {
		if (this.#isScheduled) {
			return;
		}

		this.#isScheduled = true;
		queueMicrotask(() => {
			this.#isScheduled = false;
			if (this.#isDirty) {
				this.#isDirty = false;
				this.#snapshot = {...this.#snapshot, processes: [...this.#rows.values()]};
			}

			this.#emit();
		});
	}

	#emit(): void {
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
