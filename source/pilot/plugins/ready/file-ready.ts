import {statSync} from 'node:fs';
import path from 'node:path';
import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {coalesced, pollIntervalMs, readyTimeoutMs, requireReadyPath, waitForReady, watchFolder} from './wait-for-ready.js';

/** Slack for coarse file-system clocks: a file stamped up to this long before the spawn still counts. */
const mtimeSlackMs = 50;

/**
Ready once the file at `ready_params.path` exists. With a context, only a file written since the
child was spawned counts, so a file left over from an earlier run does not make it ready.
Event-driven (a watch on the folder) with a poll every `readyCheckInterval` in case the watch misses it.
*/
export async function fileReadyStrategy(process: Process, readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const target = requireReadyPath(process, 'file');
	const oldestMtimeMs = context ? context.startedAt - mtimeSlackMs : Number.NEGATIVE_INFINITY;
	return waitForReady(readyTimeoutMs(process, context), context?.signal, finish => {
		// A stat of one local path takes microseconds: done inline, it spares the round trip through
		// libuv's thread pool (two more wake-ups, a few ms each on a loaded machine) between the
		// file appearing and the dependents starting.
		// eslint-disable-next-line @typescript-eslint/require-await -- async so that a failing stat rejects, as every check does
		const check = coalesced(async () => {
			const stats = statSync(target, {throwIfNoEntry: false});
			if (stats && stats.mtimeMs >= oldestMtimeMs) {
				finish(true);
			}
		});
		const stopWatching = watchFolder(path.dirname(target), check);
		const poll = setInterval(check, pollIntervalMs(readyCheckInterval));
		check();
		return () => {
			stopWatching();
			clearInterval(poll);
		};
	});
}

/** Provides the `file` ready strategy. */
export class FileReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {file: fileReadyStrategy};
	}
}
