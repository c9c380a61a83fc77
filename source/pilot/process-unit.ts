import type {ChildProcess, SpawnOptions} from 'node:child_process';
import {constants} from 'node:os';
import {dirname} from 'node:path';
import {withAffinity} from './affinity.js';
import {deferred} from './deferred.js';
import {newRunId, runMarkerName} from './escapee-sweeper.js';
import {runLifecycleHooks, withTimeout} from './hooks.js';
import {LineSplitter} from './line-splitter.js';
import type {PilotStore} from './pilot-store.js';
import type {Process} from './process.js';
import {isGroupAlive, signalGroup, waitForGroupExit} from './process-group.js';
import type {ExitInfo, HookType, ProcessState} from './process-state.js';
import {nextRestartDelay} from './restart-policy.js';
import type {LogStream, ProcessView} from './types.js';

export type SpawnFunction = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

/** What a unit needs from the pilot that owns it. */
export type UnitContext = {
	readonly store: PilotStore;
	readonly readyCheckInterval: number;
	readonly env: Record<string, string>;
	readonly spawn: SpawnFunction;
	readonly log: (name: string, stream: LogStream, text: string) => void;
	readonly report: (level: 'info' | 'warn' | 'error', text: string, process?: string) => void;
	readonly emit: (event: string, payload: unknown) => void;
	readonly track: (pgid: number) => void;
	readonly untrack: (pgid: number) => void;
	/** A run ended: whatever still carries its id (a setsid escapee) is killed soon. */
	readonly runEnded: (runId: string) => void;
	/** True while the whole pilot is stopping: exits then never restart. */
	readonly isShuttingDown: () => boolean;
	readonly shutdownEverything: (name: string, failed: boolean) => void;
};

type Gate = {promise: Promise<boolean>; resolve: (isReady: boolean) => void; isSettled: boolean};

function createGate(): Gate {
	const {promise, resolve} = deferred<boolean>();
	const gate: Gate = {promise, resolve(isReady) {
		gate.isSettled = true;
		resolve(isReady);
	}, isSettled: false};
	return gate;
}

export function describeExit(exit: ExitInfo): string {
	return 'code' in exit ? `exited with code ${exit.code}` : `killed by ${exit.signal}`;
}

/**
One supervised process: spawns it in its own process group, captures its output, waits for it to
be ready, applies the shutdown strategy when it exits, and stops it (SIGTERM to the group,
`timeout`, SIGKILL). Operations on one unit run one at a time, so a stop, a restart and an exit
arriving together never leave two live children for one name.
*/
export class ProcessUnit {
	child: ChildProcess | undefined;
	#generation = 0;
	#quickExits = 0;
	#runStartedAt = 0;
	#backoffTimer: NodeJS.Timeout | undefined;
	#readyAbort: AbortController | undefined;
	#exitWaiters: Array<() => void> = [];
	#queue: Promise<void> = Promise.resolve();
	/** Stops and restarts queued or under way: while any is, exits and ready results are theirs to handle. */
	#terminations = 0;
	/** Settles once per start cycle: true when ready, false when the process gave up or was stopped. */
	#readyGate = createGate();
	/** Settles when the first start attempt of a cycle is decided (ready, failed, or in backoff). */
	#settledGate = createGate();

	constructor(readonly process: Process, private readonly context: UnitContext) {}

	get view(): ProcessView {
		return this.context.store.row(this.process.name);
	}

	/** True once ready in this cycle; false if it failed or was stopped first. */
	whenReady(): Promise<boolean> {
		return this.#readyGate.promise;
	}

	/** Resolves once the first attempt is decided: ready, failed or waiting in backoff. */
	whenSettled(): Promise<boolean> {
		return this.#settledGate.promise;
	}

	start(): Promise<void> {
		return this.#enqueue(false, async () => {
			if (this.child) {
				return;
			}

			this.#clearBackoff();
			this.#quickExits = 0;
			this.#newCycle();
			await this.#launch('pre_start');
		});
	}

	stop(): Promise<void> {
		this.#clearBackoff();
		this.#readyAbort?.abort();
		return this.#enqueue(true, async () => {
			this.#clearBackoff();
			await this.#terminate();
			this.#setState('stopped', {nextRetryAt: null, ready: false});
			this.#readyGate.resolve(false);
			this.#settledGate.resolve(false);
		});
	}

	restart(): Promise<void> {
		this.#readyAbort?.abort();
		return this.#enqueue(true, async () => {
			this.#clearBackoff();
			await this.#terminate();
			this.#quickExits = 0;
			if (this.#readyGate.isSettled) {
				this.#newCycle();
			}

			this.context.store.patchRow(this.process.name, {restarts: this.view.restarts + 1});
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
			signalGroup(this.child.pid, 'SIGKILL');
		}
	}

	async #enqueue(isTermination: boolean, operation: () => Promise<void>): Promise<void> {
		if (isTermination) {
			this.#terminations++;
		}

		const run = this.#queue.then(operation);
		this.#queue = run.catch(() => undefined);
		try {
			await run;
		} finally {
			if (isTermination) {
				this.#terminations--;
			}
		}
	}

	#newCycle(): void {
		this.#readyGate = createGate();
		this.#settledGate = createGate();
	}

	#clearBackoff(): void {
		clearTimeout(this.#backoffTimer);
		this.#backoffTimer = undefined;
	}

	#setState(state: ProcessState, patch: Partial<ProcessView> = {}): void {
		const {process} = this;
		process.updateStatus(state);
		if (state !== 'stopped' && this.child?.pid) {
			process.pid = this.child.pid;
		}

		this.context.store.patchRow(process.name, {state, ...patch});
		this.context.emit('state-changed', {name: process.name, state, reason: patch.reason ?? this.view.reason});
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
		this.#setState('starting', {reason: null, nextRetryAt: null, ready: false, pid: null});
		await this.#hooks('pre_start', undefined);
		if (generation !== this.#generation || context.isShuttingDown()) {
			return;
		}

		const {file, args, warning} = withAffinity(process.path, process.args, process.affinity, process.name);
		if (warning) {
			context.report('warn', warning, process.name);
		}

		const startedAt = Date.now();
		const runId = newRunId();
		let child: ChildProcess;
		try {
			child = context.spawn(file, args, {
				cwd: process.working_directory ?? dirname(process.path),
				env: {...context.env, ...process.env, [runMarkerName]: runId},
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
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
		this.#capture(child, 'stdout');
		this.#capture(child, 'stderr');
		child.once('exit', (code, signal) => {
			context.runEnded(runId);
			void this.#onExit(generation, child, code, signal);
		});
		process.updateStatus('starting', pid);
		context.store.patchRow(process.name, {pid, startedAt, lastExit: this.view.lastExit});
		context.emit('process-started', {name: process.name, pid});
		if (hook === 'on_restart') {
			context.emit('process-restarted', {name: process.name, pid});
			void this.#hooks('on_restart', child);
		}

		void this.#awaitReady(generation, child, startedAt);
	}

	#capture(child: ChildProcess, stream: LogStream): void {
		const source = child[stream];
		if (!source) {
			return;
		}

		const splitter = new LineSplitter(line => {
			this.context.log(this.process.name, stream, line);
		});
		source.on('data', (chunk: Buffer) => {
			splitter.push(chunk);
		});
		source.on('end', () => {
			splitter.end();
		});
		source.on('error', () => undefined);
	}

	async #awaitReady(generation: number, child: ChildProcess, startedAt: number): Promise<void> {
		const {process, context} = this;
		let isReady = true;
		let isCancelled = false;
		if (process.readyStrategyFunction) {
			const abort = new AbortController();
			this.#readyAbort = abort;
			const strategy = process.readyStrategyFunction;
			const readyContext = {pid: child.pid!, signal: abort.signal, readyCheckInterval: context.readyCheckInterval, timeoutSec: process.ready_timeout_sec, startedAt};
			try {
				const result = await withTimeout(() => strategy(process, context.readyCheckInterval, readyContext), (process.ready_timeout_sec + 1) * 1000, `ready strategy '${process.ready_strategy}'`);
				if (typeof result !== 'boolean') {
					context.report('warn', `Ready strategy '${process.ready_strategy}' of '${process.name}' returned ${JSON.stringify(result) ?? String(result)}, not true or false; treated as not ready`, process.name);
				}

				isReady = result === true;
			} catch (error) {
				context.report('error', `Ready strategy '${process.ready_strategy}' of '${process.name}' failed: ${(error as Error).message}`, process.name);
				isReady = false;
			} finally {
				// Aborted before we got here: a stop, a restart or the child's exit took over.
				isCancelled = abort.signal.aborted;
				abort.abort();
			}
		}

		if (isCancelled || generation !== this.#generation || this.child !== child) {
			return;
		}

		if (!isReady) {
			const reason = `Process '${process.name}' failed to signal ready within ${process.ready_timeout_sec}s`;
			context.report('error', reason, process.name);
			await this.#enqueue(true, async () => {
				if (this.child !== child) {
					return;
				}

				await this.#terminate();
				this.#setState('failed', {reason, ready: false});
				this.#readyGate.resolve(false);
				this.#settledGate.resolve(false);
			});
			return;
		}

		this.#setState('running', {ready: true});
		context.emit('process-ready', {name: process.name});
		await this.#hooks('post_start', child);
		this.#readyGate.resolve(true);
		this.#settledGate.resolve(true);
	}

	#onSpawnError(error: Error): void {
		this.context.report('error', `Could not start '${this.process.name}': ${error.message}`, this.process.name);
		this.#afterExit(`could not start: ${error.message}`, 0, 1);
	}

	async #onExit(generation: number, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
		const {process, context} = this;
		const pid = child.pid!;
		const uptimeSec = (performance.now() - this.#runStartedAt) / 1000;
		const exit: ExitInfo = signal ? {signal} : {code: code ?? 0};
		const returnCode = signal ? -(constants.signals[signal] ?? 0) : (code ?? 0);
		if (this.child === child) {
			this.child = undefined;
			this.#readyAbort?.abort();
		}

		process.pid = null;
		process.returnCode = returnCode;
		context.store.patchRow(process.name, {pid: null, startedAt: null, lastExit: exit, ready: false, cpuPercent: 0, memoryMb: 0});
		context.emit('process-exited', {name: process.name, pid, exit, returnCode});
		this.#reapGroup(pid);
		await this.#hooks('on_shutdown', child);
		const waiters = this.#exitWaiters;
		this.#exitWaiters = [];
		for (const resolve of waiters) {
			resolve();
		}

		if (generation !== this.#generation || this.#terminations > 0) {
			return;
		}

		this.#afterExit(describeExit(exit), uptimeSec, 'code' in exit ? exit.code : 1);
	}

	/** Apply the shutdown strategy to an exit (or a failed spawn) that nobody asked for. */
	#afterExit(what: string, uptimeSec: number, code: number): void {
		const {process, context} = this;
		if (context.isShuttingDown()) {
			this.#setState('stopped', {reason: what});
			return;
		}

		switch (process.shutdown_strategy ?? 'restart') {
			case 'restart': {
				const decision = nextRestartDelay(process, uptimeSec, this.#quickExits);
				this.#quickExits = decision.quickExits;
				if (decision.kind === 'give-up') {
					const reason = `${what}; gave up after ${decision.quickExits} quick exits in a row (max_restarts ${process.max_restarts})`;
					context.report('error', `${process.name}: ${reason}`, process.name);
					this.#setState('failed', {reason, nextRetryAt: null});
					this.#readyGate.resolve(false);
					this.#settledGate.resolve(false);
					return;
				}

				const relaunch = () => {
					this.#backoffTimer = undefined;
					void this.#enqueue(false, async () => {
						if (this.child || context.isShuttingDown()) {
							return;
						}

						this.context.store.patchRow(process.name, {restarts: this.view.restarts + 1});
						await this.#launch('on_restart');
					});
				};

				if (decision.delayMs === 0) {
					relaunch();
					return;
				}

				const nextRetryAt = Date.now() + decision.delayMs;
				this.#setState('backoff', {reason: `${what}; restarting in ${(decision.delayMs / 1000).toFixed(1)}s`, nextRetryAt});
				this.#settledGate.resolve(false);
				this.#backoffTimer = setTimeout(relaunch, decision.delayMs);
				return;
			}

			case 'do_not_restart': {
				this.#setState('stopped', {reason: what});
				this.#readyGate.resolve(false);
				this.#settledGate.resolve(false);
				return;
			}

			case 'shutdown_everything': {
				this.#setState('stopped', {reason: what});
				this.#readyGate.resolve(false);
				this.#settledGate.resolve(false);
				context.shutdownEverything(process.name, code !== 0);
			}
		}
	}

	/** Kill what is left of a group whose leader exited, so a restart finds its ports free. */
	#reapGroup(pgid: number): void {
		if (!isGroupAlive(pgid)) {
			this.context.untrack(pgid);
			return;
		}

		signalGroup(pgid, 'SIGTERM');
		void waitForGroupExit(pgid, (this.process.timeout ?? 5) * 1000).then(isGone => {
			if (!isGone) {
				signalGroup(pgid, 'SIGKILL');
			}

			void waitForGroupExit(pgid, 2000).then(() => {
				this.context.untrack(pgid);
			});
		});
	}

	/** SIGTERM the group, wait `timeout`, SIGKILL; done when the leader is reaped and the group gone. */
	async #terminate(): Promise<void> {
		const child = this.child;
		if (!child?.pid) {
			return;
		}

		const pgid = child.pid;
		this.#setState('stopping', {nextRetryAt: null});
		const exited = new Promise<void>(resolve => {
			this.#exitWaiters.push(resolve);
		});
		signalGroup(pgid, 'SIGTERM');
		const graceMs = this.process.timeout === null ? Number.POSITIVE_INFINITY : this.process.timeout * 1000;
		const isGone = await waitForGroupExit(pgid, graceMs);
		if (!isGone) {
			this.context.report('warn', `${this.process.name} did not stop within ${this.process.timeout}s of SIGTERM; sending SIGKILL`, this.process.name);
			signalGroup(pgid, 'SIGKILL');
			await waitForGroupExit(pgid, 5000);
		}

		await exited;
	}
}
