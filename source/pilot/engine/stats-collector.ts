import {GroupStatsSampler} from '../os/procfs/group-stats.js';
import {knownItem} from '../model/known-entry.js';
import type {PilotStore} from './pilot-store.js';
import type {ProcessStats} from '../model/process-model.js';
import type {SupervisedProcess} from './supervised-process.js';
import type {StatsHandler} from '../model/pilot-api.js';

const historyLength = 30;

function round(value: number): number {
	return Math.round(value * 10) / 10;
}

function isEvery(history: readonly number[], value: number): boolean {
	for (const item of history) {
		if (item !== value) {
			return false;
		}
	}

	return true;
}

/** Histories of only zeros, by length, shared by every row: idle processes fill theirs without allocating. */
const zeroHistories: ReadonlyArray<readonly number[]> = Array.from({length: historyLength + 1}, (_, length) => Object.freeze(Array.from({length}, () => 0)));

/** The history with `value` appended; a full history of that same value (an idle process) stays as it is, unallocated. */
function appendHistory(history: readonly number[], value: number): readonly number[] {
	if (history.length === historyLength && isEvery(history, value)) {
		return history;
	}

	if (value === 0 && history.length < historyLength && isEvery(history, 0)) {
		return knownItem(zeroHistories, history.length + 1);
	}

	return [...history.slice(-(historyLength - 1)), value];
}

/**
One batched sample per tick for every live process group, then each stat handler called once
with the stats of all the processes that name it. A handler whose previous call has not
finished is skipped, so a hanging handler cannot pile up calls. A handler failing the same way
on every sample is reported once, not once per sample (it would push every other message out).
*/
export class StatsCollector {
	readonly #sampler = new GroupStatsSampler();
	readonly #busyHandlers = new Set<StatsHandler>();
	readonly #lastErrors = new Map<StatsHandler, string>();
	#isSampling = false;
	/** The live units of the current tick and their process groups, reused from tick to tick. */
	readonly #live: SupervisedProcess[] = [];
	readonly #pgids: number[] = [];

	constructor(
		private readonly store: PilotStore,
		private readonly report: (level: 'warn' | 'error', text: string) => void,
		/** The name a handler is registered under (what manifests write in `stat_handlers`). */
		private readonly nameOf: (handler: StatsHandler) => string | undefined = () => undefined,
	) {}

	/** Sampling is over (the pilot stopped): let go of what the sampler holds open. */
	close(): void {
		this.#sampler.close();
	}

	async tick(units: Iterable<SupervisedProcess>): Promise<void> {
		if (this.#isSampling) {
			return;
		}

		this.#isSampling = true;
		try {
			const live = this.#live;
			const pgids = this.#pgids;
			live.length = 0;
			pgids.length = 0;
			for (const unit of units) {
				const pid = unit.child?.pid;
				if (pid !== undefined) {
					live.push(unit);
					pgids.push(pid);
				}
			}

			const usage = await this.#sampler.sample(pgids);
			let byHandler: Map<StatsHandler, ProcessStats[]> | undefined;
			for (let index = 0; index < live.length; index++) {
				const unit = knownItem(live, index);
				const pgid = knownItem(pgids, index);
				// A unit restarted while the sample was taken has a new group: its numbers come next tick.
				const sample = unit.child?.pid === pgid ? usage.get(pgid) : undefined;
				if (!sample) {
					continue;
				}

				// Rounded, so that a row whose numbers did not visibly change keeps its identity, and
				// an idle row (same numbers, a full history of them) is not written at all.
				const cpuPercent = round(sample.cpuPercent);
				const memoryMb = round(sample.memoryMb);
				const {view} = unit;
				const cpuHistory = appendHistory(view.cpuHistory, cpuPercent);
				if (cpuPercent !== view.cpuPercent || memoryMb !== view.memoryMb) {
					// One write of the row that `runtimeInfo` reads (its state cell is this row), maxima included.
					this.store.patchRow(unit.process.name, {
						cpuPercent, memoryMb, maxCpuPercent: Math.max(view.maxCpuPercent, cpuPercent), maxMemoryMb: Math.max(view.maxMemoryMb, memoryMb), cpuHistory,
					});
				} else if (cpuHistory !== view.cpuHistory) {
					this.store.patchRow(unit.process.name, {cpuHistory});
				}

				for (const handler of unit.process.statsHandlerFunctions) {
					byHandler ??= new Map();
					const list = byHandler.get(handler) ?? [];
					list.push(unit.process.getStats());
					byHandler.set(handler, list);
				}
			}

			for (const [handler, stats] of byHandler ?? []) {
				this.#call(handler, stats);
			}
		} catch (error) {
			this.report('warn', `Could not sample process stats: ${(error as Error).message}`);
		} finally {
			// No unit of this tick is held until the next.
			this.#live.length = 0;
			this.#isSampling = false;
		}
	}

	#call(handler: StatsHandler, stats: ProcessStats[]): void {
		if (this.#busyHandlers.has(handler)) {
			return;
		}

		const fail = (error: unknown) => {
			const text = `Stat handler '${this.nameOf(handler) ?? (handler.name || 'anonymous')}' failed: ${error instanceof Error ? error.message : String(error)}`;
			if (this.#lastErrors.get(handler) !== text) {
				this.#lastErrors.set(handler, text);
				this.report('error', text);
			}
		};

		const succeed = () => {
			this.#lastErrors.delete(handler);
		};

		try {
			const result = handler(stats);
			if (result instanceof Promise) {
				this.#busyHandlers.add(handler);
				result.then(succeed, fail).finally(() => this.#busyHandlers.delete(handler));
			} else {
				succeed();
			}
		} catch (error) {
			fail(error);
		}
	}
}
