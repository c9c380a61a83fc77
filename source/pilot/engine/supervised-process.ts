import type {ChildProcess} from 'node:child_process';
import {constants} from 'node:os';
import {captureOutput} from '../output/capture-output.js';
import {blockLines} from '../output/line-block.js';
import {runReadyStrategy} from './run-ready-strategy.js';
import {newRunId} from '../os/procfs/escapee-sweeper.js';
import {runLifecycleHooks} from './lifecycle-hooks.js';
import type {Process} from '../model/process-model.js';
import type {ExitInfo, HookType, ProcessState} from '../model/process-state.js';
import {createReadyAnswer} from './ready-answer.js';
import {nextRestartDelay} from './restart-policy.js';
import {SerialQueue} from './serial-queue.js';
import {spawnChild} from '../os/spawn-child.js';
import {reapGroup, stopGroup} from '../os/stop-group.js';
import type {LogStream, ProcessView} from '../model/pilot-api.js';
import type {SupervisorContext} from './supervisor-context.js';
import {watchHealth} from './unit-health.js';

export type {SpawnFunction, SupervisorContext} from './supervisor-context.js';

export function describeExit(exit: ExitInfo): string {
	return 'code' in exit ? `exited with code ${exit.code}` : `killed by ${exit.signal}`;
}

/**
One supervised process: spawns it in its own process group, captures its output, waits for it to
be ready, applies the shutdown strategy when it exits, and stops it (SIGTERM to the group,
`timeout`, SIGKILL). Operations on one unit run one at a time, so a stop, a restart and an exit
arriving together never leave two live children for one name.
*/
export class SupervisedProcess {
	child: ChildProcess | undefined;
	#generation = 0;
	/** The group #terminate is stopping, while it does. */
	#terminatingPgid: number | undefined;
	#quickExits = 0;
	#runStartedAt = 0;
	#backoffTimer: NodeJS.Timeout | undefined;
	#readyAbort: AbortController | undefined;
	#exitWaiters: Array<() => void> = [];
	readonly #queue = new SerialQueue();
	/** Settles once per start cycle: true when ready, false when the process gave up or was stopped. */
	#readyGate = createReadyAnswer();
	/** Settles when the first start attempt of a cycle is decided (ready, failed, or in backoff). */
	#settledGate = createReadyAnswer();
	/** Settles per cycle: true when the run exits with a success code under do_not_restart (`completed`). */
	#completedGate = createReadyAnswer();
	readonly #outputListeners = new Set<(stream: LogStream, line: string) => void>();
	#stopHealth: (keepStatus?: boolean) => void = () => {};

	constructor(public process: Process, private readonly context: SupervisorContext) {}

	/** Take the definition a reload read; a running child is not touched (the next start uses it). */
	adopt(process: Process): void {
		this.process = process;
	}

	get view(): ProcessView {
		return this.context.store.row(this.process.name);
	}

	/** True once ready in this cycle; false if it failed or was stopped first. */
	whenReady(): Promise<boolean> {
		return this.#readyGate.promise;
	}

	/** True once a run exits with a success code (state `completed`); false if it failed or was stopped first. */
	whenCompleted(): Promise<boolean> {
		return this.#completedGate.promise;
	}

	/** Resolves once the first attempt is decided: ready, failed or waiting in backoff. */
	whenSettled(): Promise<boolean> {
		return this.#settledGate.promise;
	}

	start(): Promise<void> {
		return this.#queue.run(false, async () => {
			if (this.child) {
				return;
			}

			this.#clearBackoff();
			this.#quickExits = 0;
			// A gate nobody has answered yet (a manual process its dependents wait for) stays: this start answers it.
			if (this.#readyGate.isSettled) {
				this.#newCycle();
			}

			await this.#launch('pre_start');
		});
	}

	stop(): Promise<void> {
		this.#clearBackoff();
		this.#readyAbort?.abort();
		return this.#queue.run(true, async () => {
			this.#clearBackoff();
			// A process that gave up (or a job that ended) has no run to stop: it keeps its state and reason until started again.
			const hasEnded = this.child === undefined && (this.view.state === 'failed' || this.view.state === 'completed');
			await this.#terminate();
			if (!hasEnded) {
				this.#setState('stopped', {ready: false});
			}

			this.#settle(false);
		});
	}

	restart(): Promise<void> {
		this.#readyAbort?.abort();
		return this.#queue.run(true, async () => {
			this.#clearBackoff();
			await this.#terminate();
			this.#quickExits = 0;
			if (this.#readyGate.isSettled) {
				this.#newCycle();
			}

			this.#countRestart();
			await this.#launch('on_restart');
		});
	}

	/** Mark the process as not started because of a dependency. */
	hold(reason: string): void {
		this.#setState('stopped', {reason});
	}

	/** Last resort at the end of a bounded stop: SIGKILL whatever is left of the group. */
	forceKill(): void {
		if (this.child?.pid) {
			this.context.processGroups.signalGroup(this.child.pid, 'SIGKILL');
		}
	}

	#newCycle(): void {
		this.#readyGate = createReadyAnswer();
		this.#settledGate = createReadyAnswer();
		this.#completedGate = createReadyAnswer();
	}

	#settle(isReady: boolean): void {
		this.#readyGate.resolve(isReady);
		this.#settledGate.resolve(isReady);
		if (!isReady) {
			this.#completedGate.resolve(false);
		}
	}

	#clearBackoff(): void {
		clearTimeout(this.#backoffTimer);
		this.#backoffTimer = undefined;
	}

	#countRestart(): void {
		this.context.store.patchRow(this.process.name, {restarts: this.view.restarts + 1});
	}

	#setState(state: ProcessState, patch: Partial<ProcessView> = {}): void {
		const {process} = this;
		// The process's state lives in its store row: both are written here at once.
		process.updateStatus(state);
		// Only `backoff` has a retry planned; leaving it (to any state) clears it.
		this.context.store.patchRow(process.name, state === 'backoff' ? patch : {...patch, nextRetryAt: null, retryDelayMs: null});
		const {view} = this;
		const backoff = state === 'backoff' && view.nextRetryAt !== null && view.retryDelayMs !== null ? {nextRetryAt: view.nextRetryAt, delayMs: view.retryDelayMs} : null;
		this.context.emit('state-changed', {name: process.name, state, reason: view.reason, backoff});
	}

	/** Whether hooks of this type are bound: without any, the paths to a spawn do not wait a turn for them. */
	#hasHooks(type: HookType): boolean {
		return this.process.lifecycleHookFunctions[type].length > 0;
	}

	async #hooks(type: HookType, child: ChildProcess | undefined): Promise<void> {
		for (const error of await runLifecycleHooks(this.process, child, type)) {
			this.context.report('error', error.message, this.process.name);
		}
	}

	/** Spawn the child; `hook` is run before (pre_start) or after (on_restart) the spawn. */
	async #launch(hook: 'pre_start' | 'on_restart'): Promise<void> {
		const {process, context} = this;
		const generation = ++this.#generation;
		this.#setState('starting', {reason: null, ready: false, pid: null});
		if (this.#hasHooks('pre_start')) {
			await this.#hooks('pre_start', undefined);
		}

		if (generation !== this.#generation || context.isShuttingDown()) {
			return;
		}

		const startedAt = Date.now();
		const runId = newRunId();
		let child: ChildProcess;
		try {
			child = spawnChild(process, context, runId);
		} catch (error) {
			this.#onSpawnError(error as Error);
			return;
		}

		if (child.pid === undefined) {
			await new Promise<void>(resolve => {
				child.once('error', error => {
					this.#onSpawnError(error);
					resolve();
				});
			});
			return;
		}

		const {pid} = child;
		this.child = child;
		this.#runStartedAt = performance.now();
		context.track(pid);
		child.on('error', error => {
			context.report('error', `${process.name}: ${error.message}`, process.name);
		});
		captureOutput(child, (stream, blocks) => {
			context.logLines(process.name, stream, blocks);
			// A ready strategy waiting for a line (log): the only reader that needs each line now.
			const lines = this.#outputListeners.size > 0 ? blocks.flatMap(block => blockLines(block)) : [];
			for (const listener of this.#outputListeners) {
				for (const line of lines) {
					listener(stream, line);
				}
			}
		});
		child.once('exit', (code, signal) => {
			// The restart first; the escapee sweep it schedules comes 50 ms or more later anyway.
			this.#onExit(generation, child, pid, code, signal);
			context.runEnded(runId, pid);
		});
		process.updateStatus('starting', pid);
		context.store.patchRow(process.name, {startedAt});
		context.emit('process-started', {name: process.name, pid});
		if (hook === 'on_restart') {
			context.emit('process-restarted', {name: process.name, pid});
			void this.#hooks('on_restart', child);
		}

		void this.#awaitReady(generation, child, pid, startedAt);
	}

	async #awaitReady(generation: number, child: ChildProcess, pid: number, startedAt: number): Promise<void> {
		const {process, context} = this;
		const abort = new AbortController();
		this.#readyAbort = abort;
		const {isReady, isCancelled} = await runReadyStrategy(process, child, {
			startedAt,
			readyCheckInterval: context.readyCheckInterval,
			abort,
			report(level, text) {
				context.report(level, text, process.name);
			},
			subscribeOutput: listener => {
				this.#outputListeners.add(listener);
				return () => this.#outputListeners.delete(listener);
			},
		});
		// The check is over (and aborted by runReadyStrategy): an exit or a stop has nothing to cancel.
		if (this.#readyAbort === abort) {
			this.#readyAbort = undefined;
		}

		if (isCancelled || generation !== this.#generation || this.child !== child) {
			return;
		}

		if (!isReady) {
			const reason = `Process '${process.name}' failed to signal ready within ${process.ready_timeout_sec}s`;
			context.report('error', reason, process.name);
			await this.#queue.run(true, async () => {
				if (this.child !== child) {
					return;
				}

				await this.#terminate();
				this.#setState('failed', {reason, ready: false});
				this.#settle(false);
			});
			return;
		}

		this.#setState('running', {ready: true});
		context.emit('process-ready', {name: process.name});
		this.#stopHealth = watchHealth(process, pid, {
			show: health => {
				context.store.patchRow(process.name, {health});
				context.emit('health-changed', {name: process.name, health});
			},
			report: (level, text) => {
				context.report(level, text, process.name);
			},
			restart: reason => void this.#restartUnhealthy(child, reason),
		});
		if (this.#hasHooks('post_start')) {
			await this.#hooks('post_start', child);
		}

		this.#settle(true);
	}

	#onSpawnError(error: Error): void {
		this.context.report('error', `Could not start '${this.process.name}': ${error.message}`, this.process.name);
		this.#afterExit(`could not start: ${error.message}`, 0, 1);
	}

	#onExit(generation: number, child: ChildProcess, pid: number, code: number | null, signal: NodeJS.Signals | null): void {
		const {process, context} = this;
		const uptimeSec = (performance.now() - this.#runStartedAt) / 1000;
		const exit: ExitInfo = signal ? {signal} : {code: code ?? 0};
		const returnCode = signal ? -constants.signals[signal] : (code ?? 0);
		if (this.child === child) {
			this.child = undefined;
			this.#readyAbort?.abort();
			this.#stopHealth(this.view.health?.state === 'unhealthy');
		}

		context.store.patchRow(process.name, {pid: null, returnCode, startedAt: null, lastExit: exit, ready: false, cpuPercent: 0, memoryMb: 0});
		context.emit('process-exited', {name: process.name, pid, exit, returnCode});
		// A group being stopped is #terminate's: in kill_mode mixed, what outlives the main process gets no signal before the timeout.
		const isLeftToReap = this.#terminatingPgid !== pid;
		const reap = () => {
			if (isLeftToReap) {
				reapGroup(pid, (process.timeout ?? 5) * 1000, () => {
					context.untrack(pid);
				}, process.stop_signal, context.processGroups);
			}
		};

		if (this.#hasHooks('on_shutdown')) {
			reap();
			void this.#hooks('on_shutdown', child).then(() => {
				this.#decideAfterExit(generation, exit, uptimeSec);
			});
			return;
		}

		// Nothing to wait for: the restart (its spawn) comes first, then the look at what is left of
		// the old group (a liveness check, signals, /proc reads); the restart never waited for that.
		this.#decideAfterExit(generation, exit, uptimeSec);
		reap();
	}

	#decideAfterExit(generation: number, exit: ExitInfo, uptimeSec: number): void {
		const waiters = this.#exitWaiters;
		this.#exitWaiters = [];
		for (const resolve of waiters) {
			resolve();
		}

		if (generation !== this.#generation || this.#queue.hasPendingTermination) {
			return;
		}

		this.#afterExit(describeExit(exit), uptimeSec, 'code' in exit ? exit.code : -1);
	}

	/** Apply the shutdown strategy to an exit (or a failed spawn) that nobody asked for. */
	#afterExit(what: string, uptimeSec: number, code: number): void {
		const {process, context} = this;
		const strategy = process.shutdown_strategy ?? 'restart';
		if (strategy === 'do_not_restart' && !context.isShuttingDown()) {
			// A job: a success code is `completed`, anything else `failed`.
			const isSuccess = process.success_exit_codes.includes(code);
			this.#completedGate.resolve(isSuccess);
			this.#setState(isSuccess ? 'completed' : 'failed', {reason: what});
			this.#settle(false);
			return;
		}

		if (context.isShuttingDown() || strategy !== 'restart') {
			this.#setState('stopped', {reason: what});
			this.#settle(false);
			if (strategy === 'shutdown_everything' && !context.isShuttingDown()) {
				context.shutdownEverything(process.name, code !== 0);
			}

			return;
		}

		const decision = nextRestartDelay(process, uptimeSec, this.#quickExits);
		this.#quickExits = decision.quickExits;
		if (decision.kind === 'give-up') {
			const reason = `${what}; gave up after ${decision.quickExits} quick exits in a row (max_restarts ${process.max_restarts})`;
			context.report('error', `${process.name}: ${reason}`, process.name);
			this.#setState('failed', {reason});
			this.#settle(false);
			return;
		}

		const relaunch = () => {
			this.#backoffTimer = undefined;
			void this.#queue.startOrQueue(async () => {
				if (this.child || context.isShuttingDown()) {
					return;
				}

				this.#countRestart();
				await this.#launch('on_restart');
			});
		};

		if (decision.delayMs === 0) {
			relaunch();
			return;
		}

		this.#setState('backoff', {reason: what, nextRetryAt: Date.now() + decision.delayMs, retryDelayMs: decision.delayMs});
		this.#settledGate.resolve(false);
		this.#backoffTimer = setTimeout(relaunch, decision.delayMs);
	}

	/** SIGTERM the group, wait `timeout`, SIGKILL; done when the leader is reaped and the group gone. */
	/** A failed liveness check: stop the run and treat it as an exit, so the restart policy and its backoff apply. */
	async #restartUnhealthy(child: ChildProcess, reason: string): Promise<void> {
		const generation = this.#generation;
		await this.#queue.run(true, async () => {
			if (this.context.isShuttingDown()) {
				return;
			}

			const uptimeSec = (performance.now() - this.#runStartedAt) / 1000;
			if (this.child !== child) {
				// It exited on its own meanwhile and that exit left the decision to this restart (a stop that came first has decided already).
				const {state} = this.view;
				if (this.child === undefined && this.#generation === generation && (state === 'running' || state === 'starting')) {
					this.#afterExit(`unhealthy: ${reason}`, uptimeSec, 1);
				}

				return;
			}

			// The row keeps `unhealthy: <why>` until a check of the next run answers.
			this.#stopHealth(true);
			await this.#terminate();
			this.#afterExit(`unhealthy: ${reason}`, uptimeSec, 1);
		});
	}

	async #terminate(): Promise<void> {
		const pgid = this.child?.pid;
		if (pgid === undefined) {
			return;
		}

		this.#stopHealth();

		this.#setState('stopping');
		const exited = new Promise<void>(resolve => {
			this.#exitWaiters.push(resolve);
		});
		const graceMs = this.process.timeout === null ? Number.POSITIVE_INFINITY : this.process.timeout * 1000;
		const {stop_signal: signal, kill_mode: killMode} = this.process;
		this.#terminatingPgid = pgid;
		try {
			if (!await stopGroup(pgid, graceMs, {signal, killMode}, this.context.processGroups)) {
				this.context.report('warn', `${this.process.name} did not stop within ${this.process.timeout}s of ${signal}; sent SIGKILL`, this.process.name);
			}
		} finally {
			this.#terminatingPgid = undefined;
			this.context.untrack(pgid);
		}

		await exited;
	}
}
