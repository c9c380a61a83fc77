import {GroupStatsSampler} from '../os/procfs/group-stats.js';
import type {PilotStore} from './pilot-store.js';
import type {ProcessStats} from '../model/process-model.js';
import type {SupervisedProcess} from './supervised-process.js';
import type {StatsHandler} from '../model/pilot-api.js';

const historyLength = 30;

function round(value: number): number {
	return Math.round(value * 10) / 10;
}

/** The history with `value` appended; a full history of that same value (an idle process) stays as it is, unallocated. */
function appendHistory(history: readonly number[], value: number): readonly number[] {
	if (history.length === historyLength && history.every(item => item === value)) {
		return history;
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
			const live = [...units].filter(unit => unit.child?.pid !== undefined);
			const usage = await this.#sampler.sample(live.flatMap(unit => (unit.child?.pid === undefined ? [] : [unit.child.pid])));
			const byHandler = new Map<StatsHandler, ProcessStats[]>();
			for (const unit of live) {
				const sample = unit.child?.pid === undefined ? undefined : usage.get(unit.child.pid);
				if (!sample) {
					continue;
				}

				// Rounded, so that a row whose numbers did not visibly change keeps its identity.
				const info = unit.process.runtimeInfo;
				info.cpuUsagePercent = round(sample.cpuPercent);
				info.memoryUsageMb = round(sample.memoryMb);
				this.store.patchRow(unit.process.name, {cpuHistory: appendHistory(unit.view.cpuHistory, round(sample.cpuPercent))});
				for (const handler of unit.process.statsHandlerFunctions) {
					const list = byHandler.get(handler) ?? [];
					list.push(unit.process.getStats());
					byHandler.set(handler, list);
				}
			}

			for (const [handler, stats] of byHandler) {
				this.#call(handler, stats);
			}
		} catch (error) {
			this.report('warn', `Could not sample process stats: ${(error as Error).message}`);
		} finally {
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
