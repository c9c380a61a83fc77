import type {EventEmitter} from 'node:events';
import type {ExitRecord} from '../model/process-detail.js';
import type {ExitInfo} from '../model/process-state.js';

export const exitHistoryLength = 10;


type Started = {readonly name: string; readonly pid: number};
type Exited = {readonly name: string; readonly pid: number; readonly exit: ExitInfo};

/**
The last exits of every process, newest first, kept from the pilot's own `process-started` and
`process-exited` events (so the engine needs no extra bookkeeping). `isStopping(name)` tells
whether the pilot was stopping the process when it exited.
*/
export class ExitHistory {
	readonly #exits = new Map<string, ExitRecord[]>();
	/** Spawn time per running pid. */
	readonly #startedAt = new Map<number, number>();

	constructor(emitter: Pick<EventEmitter, 'on'>, private readonly isStopping: (name: string) => boolean, private readonly now: () => number = Date.now) {
		emitter.on('process-started', (started: Started) => {
			this.#startedAt.set(started.pid, this.now());
		});
		emitter.on('process-exited', (exited: Exited) => {
			this.record(exited);
		});
	}

	record({name, pid, exit}: Exited): void {
		const endedAt = this.now();
		const startedAt = this.#startedAt.get(pid) ?? endedAt;
		this.#startedAt.delete(pid);
		const record: ExitRecord = {pid, startedAt, endedAt, exit, wasStopped: this.isStopping(name)};
		this.#exits.set(name, [record, ...this.#exits.get(name) ?? []].slice(0, exitHistoryLength));
	}

	/** Newest first, at most 10. */
	of(name: string): readonly ExitRecord[] {
		return this.#exits.get(name) ?? [];
	}
}
