import {LogSignal} from '../../source/pilot/model/log-signal.js';
import type {LogLine, PilotApi, PilotMessage, PilotSnapshot, ProcessView} from '../../source/pilot/model/pilot-api.js';
import type {ProcessDetail} from '../../source/pilot/model/process-detail.js';

export type Call = {readonly method: 'startProcess' | 'stopProcess' | 'restartProcesses' | 'stop'; readonly args: unknown[]};

let nextPid = 4000;

/** A process row with plausible defaults: running, ready, with a pid. */
export function makeView(name: string, patch: Partial<ProcessView> = {}): ProcessView {
	return {
		name,
		state: 'running',
		ready: true,
		pid: nextPid++,
		returnCode: null,
		cpuPercent: 1.5,
		memoryMb: 20,
		maxCpuPercent: 3,
		maxMemoryMb: 25,
		cpuHistory: [1, 2, 3, 2, 1.5],
		restarts: 0,
		startedAt: Date.now() - 65_000,
		lastExit: null,
		reason: null,
		nextRetryAt: null,
		retryDelayMs: null,
		dependencies: [],
		health: null,
		...patch,
	};
}

/** The detail of a row with plausible defaults: `node server.js`, no exits, the leader as the only member. */
export function makeDetail(view: ProcessView, views: readonly ProcessView[], patch: Partial<ProcessDetail> = {}): ProcessDetail {
	const link = (row: ProcessView) => ({name: row.name, state: row.state, ready: row.ready});
	return {
		name: view.name, state: view.state, ready: view.ready, pid: view.pid, startedAt: view.startedAt, reason: view.reason,
		command: ['/usr/bin/node', 'server.js', '--name', view.name], workingDirectory: '/srv/demo',
		env: [{name: 'PORT', value: '8080', isMasked: false, source: 'env'}, {name: 'API_TOKEN', value: '********', isMasked: true, source: 'env'}],
		readiness: {strategy: null, params: {}, timeoutSec: 5, state: 'none'}, health: null,
		dependencies: views.filter(row => view.dependencies.includes(row.name)).map(row => link(row)),
		dependents: views.filter(row => row.dependencies.includes(view.name)).map(row => link(row)),
		affinity: null,
		restart: {strategy: 'restart', minUptimeSec: 5, delaySec: 0.5, maxDelaySec: 30, maxRestarts: null, restarts: view.restarts, nextRetryAt: view.nextRetryAt},
		exits: [], members: view.pid === null ? [] : [{pid: view.pid, ppid: 1, command: `node server.js --name ${view.name}`, cpuPercent: 1.5, memoryMb: 20}],
		...patch,
	};
}

/**
A `PilotApi` over plain data: tests set rows, add log lines and messages, and read back which
engine calls the UI made. Actions change nothing unless `isEngineLike` (then they move states
like the engine would); `stop()` resolves when the test calls `finishStop()`.
*/
export class FakePilot implements PilotApi {
	readonly calls: Call[] = [];
	/** What `getProcessDetail` answers per name (else `makeDetail` of the row). */
	readonly details = new Map<string, Partial<ProcessDetail>>();
	isEngineLike = false;
	#snapshot: PilotSnapshot;
	#logs: LogLine[] = [];
	#listeners = new Set<() => void>();
	readonly #logSignal = new LogSignal();
	#stopWaiters: Array<() => void> = [];

	constructor(views: ProcessView[], extra: Partial<PilotSnapshot> = {}) {
		this.#snapshot = {processes: views, isRunning: true, startedAt: Date.now() - 125_000, messages: [], ...extra};
	}

	get listenerCount(): number {
		return this.#listeners.size;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	subscribeLogs(listener: () => void): () => void {
		return this.#logSignal.subscribe(listener);
	}

	getLogSeq(): number {
		return this.#logs.at(-1)?.seq ?? 0;
	};

	getSnapshot = (): PilotSnapshot => this.#snapshot;

	getLogs = (name?: string, limit = 1000): readonly LogLine[] => {
		const lines = name === undefined ? this.#logs : this.#logs.filter(line => line.process === name);
		return lines.slice(-limit);
	};

	async startProcess(name: string): Promise<void> {
		this.calls.push({method: 'startProcess', args: [name]});
		this.#requireKnown(name);
		if (this.isEngineLike) {
			this.update(name, {state: 'running', pid: nextPid++, startedAt: Date.now()});
		}
	}

	async stopProcess(name: string): Promise<void> {
		this.calls.push({method: 'stopProcess', args: [name]});
		this.#requireKnown(name);
		if (this.isEngineLike) {
			this.update(name, {state: 'stopped', pid: null, lastExit: {signal: 'SIGTERM'}});
		}
	}

	async restartProcesses(names: string[] | string): Promise<void> {
		this.calls.push({method: 'restartProcesses', args: [names]});
		for (const name of [names].flat()) {
			this.#requireKnown(name);
		}

		if (this.isEngineLike) {
			for (const name of [names].flat()) {
				const view = this.view(name)!;
				this.update(name, {pid: nextPid++, restarts: view.restarts + 1, startedAt: Date.now()});
			}
		}
	}

	async getProcessDetail(name: string): Promise<ProcessDetail> {
		this.#requireKnown(name);
		return makeDetail(this.view(name)!, this.#snapshot.processes, this.details.get(name));
	}

	async stop(): Promise<void> {
		this.calls.push({method: 'stop', args: []});
		for (const view of this.#snapshot.processes) {
			this.update(view.name, {state: 'stopping'});
		}

		await new Promise<void>(resolve => {
			this.#stopWaiters.push(resolve);
		});
	}

	/** Let a pending `stop()` finish: every row becomes `stopped`. */
	finishStop(): void {
		for (const view of this.#snapshot.processes) {
			this.update(view.name, {state: 'stopped', pid: null});
		}

		this.#snapshot = {...this.#snapshot, isRunning: false};
		this.#emit();
		for (const resolve of this.#stopWaiters.splice(0)) {
			resolve();
		}
	}

	view(name: string): ProcessView | undefined {
		return this.#snapshot.processes.find(view => view.name === name);
	}

	/** Replace one row (a new object; the others keep their identity) and notify. */
	update(name: string, patch: Partial<ProcessView>): void {
		const processes = this.#snapshot.processes.map(view => view.name === name ? {...view, ...patch} : view);
		this.#snapshot = {...this.#snapshot, processes};
		this.#emit();
	}

	setSnapshot(patch: Partial<PilotSnapshot>): void {
		this.#snapshot = {...this.#snapshot, ...patch};
		this.#emit();
	}

	addLog(process: string, text: string, stream: LogLine['stream'] = 'stdout'): void {
		const seq = this.getLogSeq() + 1;
		this.#logs.push({seq, process, stream, text, time: Date.now()});
		this.#logSignal.notify();
	}

	addMessage(level: PilotMessage['level'], text: string, process?: string): void {
		const messages = [...this.#snapshot.messages, {seq: this.#snapshot.messages.length + 1, time: Date.now(), level, text, process}];
		this.#snapshot = {...this.#snapshot, messages};
		this.#emit();
	}

	#requireKnown(name: string): void {
		if (!this.view(name)) {
			throw new Error(`Process '${name}' not found`);
		}
	}

	#emit(): void {
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
