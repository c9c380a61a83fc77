import {spawn, type ChildProcess} from 'node:child_process';
import {Process} from '../../source/pilot/model/process-model.js';
import type {ReadyContext} from '../../source/pilot/model/pilot-api.js';

/** A process entry for a ready strategy test. */
export function readyProcess(strategy: string, readyParams: Record<string, unknown>, timeoutSec = 5): Process {
	return new Process({name: `ready-${strategy}`, path: '/bin/sh', ready_strategy: strategy, ready_params: readyParams, ready_timeout_sec: timeoutSec});
}

/** A context like the pilot's for a child that was just spawned. */
export function contextFor(pid: number, options: {startedAt?: number; timeoutSec?: number; signal?: AbortSignal} = {}): ReadyContext {
	return {
		pid,
		signal: options.signal ?? new AbortController().signal,
		readyCheckInterval: 0.1,
		timeoutSec: options.timeoutSec ?? 5,
		startedAt: options.startedAt ?? Date.now(),
	};
}

/** Spawns a shell command in its own process group, as the pilot spawns children. */
export function spawnGroup(script: string, args: string[] = []): ChildProcess {
	return spawn('/bin/sh', ['-c', script, 'sh', ...args], {detached: true, stdio: 'ignore'});
}

/** Kills the whole group of each child that is still around. */
export function killGroups(children: ChildProcess[]): void {
	for (const child of children.splice(0)) {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {}
	}
}

/** Counts of this process's live handles by type, to prove a strategy left nothing behind. */
export function handleCounts(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const type of process.getActiveResourcesInfo()) {
		counts[type] = (counts[type] ?? 0) + 1;
	}

	return counts;
}
