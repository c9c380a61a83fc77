import {watch} from 'node:fs';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext} from '../../model/pilot-api.js';

/** Ends a wait: `true` when the process is ready, `false` to give up. */
export type FinishWait = (ready: boolean) => void;

/** Starts the watchers of one wait and returns the function that removes all of them. */
export type StartWatching = (finish: FinishWait) => () => void;

/** How long a strategy waits: the context's timeout, else the process's `ready_timeout_sec`. */
export function readyTimeoutMs(process: Process, context?: ReadyContext): number {
	const seconds = context?.timeoutSec ?? process.ready_timeout_sec;
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : Number.POSITIVE_INFINITY;
}

/** The longest a fallback poll may sleep, in ms: `readyCheckInterval` seconds, at least 5 ms. */
export function pollIntervalMs(readyCheckInterval: number, preferredMs = Number.POSITIVE_INFINITY): number {
	const boundMs = Number.isFinite(readyCheckInterval) && readyCheckInterval > 0 ? readyCheckInterval * 1000 : 100;
	return Math.max(5, Math.min(preferredMs, boundMs));
}

/**
Runs one wait to its end: resolves with what `start`'s watchers report, `false` after `timeoutMs`,
or `false` at once when `signal` aborts. Whatever ends it, the watchers' cleanup runs exactly once,
so no timer, watcher, fd or socket outlives the wait.
*/
export async function waitForReady(timeoutMs: number, signal: AbortSignal | undefined, start: StartWatching): Promise<boolean> {
	if (signal?.aborted) {
		return false;
	}

	return new Promise<boolean>((resolve, reject) => {
		let isDone = false;
		let cleanup: (() => void) | undefined;
		let timer: NodeJS.Timeout | undefined;

		const onAbort = (): void => {
			finish(false);
		};

		function finish(ready: boolean): void {
			if (isDone) {
				return;
			}

			isDone = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			cleanup?.();
			resolve(ready);
		}

		signal?.addEventListener('abort', onAbort, {once: true});
		if (Number.isFinite(timeoutMs)) {
			timer = setTimeout(onAbort, timeoutMs);
		}

		try {
			const stop = start(finish);
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `finish` may have run inside `start`
			if (isDone) {
				// The watchers reported before `start` returned: remove them now.
				stop();
			} else {
				cleanup = stop;
			}
		} catch (error) {
			isDone = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			reject(error);
		}
	});
}

/** Calls `onChange` whenever something in `folder` changes; a folder that cannot be watched is left to the caller's poll. */
export function watchFolder(folder: string, onChange: () => void): () => void {
	try {
		const watcher = watch(folder, onChange);
		watcher.on('error', () => {
			watcher.close();
		});
		return () => {
			watcher.close();
		};
	} catch {
		return () => {};
	}
}

/** The non-empty string `ready_params.path`, or the seed's error for the strategy. */
export function requireReadyPath(process: Process, strategy: 'file' | 'pipe'): string {
	const value = process.ready_params['path'];
	if (typeof value !== 'string' || value === '') {
		throw new Error(`Path not specified for ${strategy} ready strategy`);
	}

	return value;
}

/**
Wraps an async check so that it never runs twice at once: calls that arrive while it runs collapse
into one more run afterwards (a burst of watch events costs two checks, not twenty).
*/
export function coalesced(check: () => Promise<void>): () => void {
	let isRunning = false;
	let isPending = false;
	const run = (): void => {
		if (isRunning) {
			isPending = true;
			return;
		}

		isRunning = true;
		void check()
			.catch(() => {})
			.finally(() => {
				isRunning = false;
				if (isPending) {
					isPending = false;
					run();
				}
			});
	};

	return run;
}
