import {LogSignal} from '../../pilot/model/log-signal.js';
import type {HostSummary, LogLine, PilotApi, PilotMessage, PilotSnapshot, ProcessView} from '../../pilot/model/pilot-api.js';
import type {ProcessDetail} from '../../pilot/model/process-detail.js';
import {LogBuffer} from '../log-buffer.js';
import {HostConnection, type HostConnectionOptions, type HostState} from './host-connection.js';
import type {OpenLink} from './host-link.js';
import {fleetKey, fleetRow, hostRow, splitFleetKey} from './fleet-rows.js';
import {knownItem} from '../../pilot/model/known-entry.js';

export type FleetHost = {readonly label: string; readonly openLink: OpenLink};

export type FleetPilotOptions = HostConnectionOptions & {
	readonly title?: string;
	readonly logLinesPerProcess?: number;
};

const messageLimit = 50;

function summary(label: string, state: HostState): HostSummary {
	if (state.kind !== 'connected') {
		return {host: label, connection: state.kind, running: 0, total: 0};
	}

	const {processes} = state.snapshot;
	return {host: label, connection: 'connected', running: processes.filter(view => view.state === 'running').length, total: processes.length};
}

/**
Several pilots as one: every host's rows under `host/name` keys, one merged log, actions sent to
the row's host. Each host connects, fails and reconnects on its own (`HostConnection`).
*/
export class FleetPilot implements PilotApi {
	readonly #hosts: HostConnection[];
	readonly #listeners = new Set<() => void>();
	readonly #logSignal = new LogSignal();
	readonly #logs: LogBuffer;
	#logSeq = 0;
	#messages: PilotMessage[] = [];
	#messageSeq = 0;
	readonly #seenMessages = new Map<string, number>();
	readonly #lastTransition = new Map<string, string>();
	#snapshot: PilotSnapshot;

	constructor(hosts: readonly FleetHost[], private readonly options: FleetPilotOptions = {}) {
		this.#logs = new LogBuffer(options.logLinesPerProcess ?? 1000);
		this.#hosts = hosts.map(host => new HostConnection(host.label, host.openLink, {
			onState: () => {
				this.#hostChanged(host.label);
			},
			onLogs: lines => {
				this.#addLogs(host.label, lines);
			},
		}, options));
		this.#snapshot = this.#build();
	}

	start(): void {
		for (const host of this.#hosts) {
			host.start();
		}
	}

	/** Detach from every host; their pilots keep running. */
	close(): void {
		for (const host of this.#hosts) {
			host.close();
		}
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	getSnapshot(): PilotSnapshot {
		return this.#snapshot;
	}

	subscribeLogs(listener: () => void): () => void {
		return this.#logSignal.subscribe(listener);
	}

	getLogSeq(): number {
		return this.#logSeq;
	}

	getLogs(name?: string, limit?: number): readonly LogLine[] {
		return this.#logs.get(name, limit);
	}

	/** The detail view (`i`) of a row, asked of its host. */
	async getProcessDetail(name: string): Promise<ProcessDetail> {
		const {host, process} = this.#route(name);
		return await host.request('GET', `/processes/${encodeURIComponent(process)}/detail`) as ProcessDetail;
	}

	async startProcess(name: string): Promise<void> {
		const {host, process} = this.#route(name);
		await host.request('POST', `/processes/${encodeURIComponent(process)}/start`);
	}

	async stopProcess(name: string): Promise<void> {
		const {host, process} = this.#route(name);
		await host.request('POST', `/processes/${encodeURIComponent(process)}/stop`);
	}

	/** Rows of several hosts: one request per host, all at once. */
	async restartProcesses(names: string[] | string): Promise<void> {
		const byHost = new Map<HostConnection, string[]>();
		for (const name of typeof names === 'string' ? [names] : names) {
			const {host, process} = this.#route(name);
			byHost.set(host, [...byHost.get(host) ?? [], process]);
		}

		await Promise.all([...byHost].map(async ([host, list]) => host.request('POST', '/restart', {names: list})));
	}

	stop(): Promise<void> {
		return Promise.reject(new Error('A fleet view does not stop pilots; use pilot-tui ctl --host HOST ... on the one to stop'));
	}

	#route(name: string): {host: HostConnection; process: string} {
		const key = splitFleetKey(name);
		const host = this.#hosts.find(candidate => candidate.label === key?.host);
		if (!key || !host) {
			throw new Error(`No process '${name}' in this fleet`);
		}

		if (key.process === '') {
			const {state} = host;
			throw new Error(`${host.label} has no processes to act on${state.kind === 'unreachable' ? ` (unreachable: ${state.reason})` : ''}`);
		}

		return {host, process: key.process};
	}

	#addLogs(label: string, lines: readonly LogLine[]): void {
		this.#logs.add(lines.map(line => ({...line, seq: ++this.#logSeq, process: fleetKey(label, line.process)})));
		this.#logSignal.notify();
	}

	#hostChanged(label: string): void {
		const host = this.#hosts.find(candidate => candidate.label === label);
		if (!host) {
			return;
		}

		const {state} = host;
		if (state.kind === 'connected') {
			this.#takeMessages(label, state.snapshot.messages);
		}

		this.#noteTransition(label, state);

		this.#snapshot = this.#build();
		this.#notify();
	}

	/** A host that connects, drops or fails says so on the message line, once per change (not on every retry). */
	#noteTransition(label: string, state: HostState): void {
		const what = state.kind === 'connected' ? 'connected' : state.reason;
		const last = this.#lastTransition.get(label);
		this.#lastTransition.set(label, what);
		// The first connect of each host is no news; its first failure, and every change after, are.
		if (last === what || (last === undefined && state.kind !== 'unreachable')) {
			return;
		}

		const text = state.kind === 'unreachable' ? `${label}: unreachable: ${state.reason}` : `${label}: ${what}`;
		this.#addMessage({seq: 0, time: Date.now(), level: state.kind === 'connected' ? 'info' : 'warn', text});
	}

	#addMessage(message: PilotMessage): void {
		this.#messages = [...this.#messages, {...message, seq: ++this.#messageSeq}].slice(-messageLimit);
	}

	/** The pilot's own messages, once each, prefixed with the host. */
	#takeMessages(label: string, messages: readonly PilotMessage[]): void {
		const seen = this.#seenMessages.get(label) ?? 0;
		const fresh = messages.filter(message => message.seq > seen);
		if (fresh.length === 0) {
			return;
		}

		this.#seenMessages.set(label, knownItem(fresh, -1).seq);
		for (const message of fresh) {
			this.#addMessage({...message, text: `${label}: ${message.text}`});
		}
	}

	#build(): PilotSnapshot {
		const processes: ProcessView[] = [];
		let startedAt: number | null = null;
		for (const host of this.#hosts) {
			const {state} = host;
			if (state.kind === 'connected') {
				processes.push(...state.snapshot.processes.map(view => fleetRow(host.label, view)));
				const started = state.snapshot.startedAt;
				startedAt = started !== null && (startedAt === null || started < startedAt) ? started : startedAt;
			} else {
				processes.push(hostRow(host.label, state));
			}
		}

		return {
			processes: this.#sameRows(processes),
			isRunning: this.#hosts.some(host => host.state.kind === 'connected' && host.state.snapshot.isRunning),
			startedAt,
			messages: this.#messages,
			title: this.options.title ?? 'fleet',
			hosts: this.#hosts.map(host => summary(host.label, host.state)),
		};
	}

	#sameRows(rows: ProcessView[]): readonly ProcessView[] {
		// #build runs once from the constructor, before #snapshot is first set.
		const previous = (this.#snapshot as PilotSnapshot | undefined)?.processes;
		return previous?.length === rows.length && rows.every((row, index) => row === previous[index]) ? previous : rows;
	}

	#notify(): void {
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
