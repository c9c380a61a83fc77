import type {LogLine, PilotApi, PilotSnapshot} from '../pilot/model/pilot-api.js';
import type {ProcessDetail} from '../pilot/model/process-detail.js';
import type {ReloadResult} from '../pilot/model/reload-result.js';
import type {StreamMessage} from '../pilot/plugins/control/http/http-protocol.js';
import {describeTarget, openEventStream, requestJson, type ControlTarget, type EventStreamHandle} from './client.js';
import {LogBuffer} from './log-buffer.js';
import {LogSignal} from '../pilot/model/log-signal.js';
import {applyUpdate, reuseMessages} from './merge-rows.js';

export type RemotePilotOptions = {
	/** First reconnect delay; doubles up to `maxRetryDelayMs`. */
	readonly retryDelayMs?: number;
	readonly maxRetryDelayMs?: number;
	/** Reconnect when the pilot sent nothing (not even its heartbeat) for this long. */
	readonly silenceTimeoutMs?: number;
	readonly logLinesPerProcess?: number;
};

/** Why the remote pilot is gone for good: it stopped (asked by us or on its own). */
export type RemoteEnd = {readonly reason: string};

const emptySnapshot: PilotSnapshot = {processes: [], isRunning: false, startedAt: null, messages: [], connection: 'reconnecting'};

/**
A pilot running elsewhere, seen through its control API: keeps the latest snapshot and recent log
lines from the event stream, acts through HTTP requests, and reconnects with a growing delay while
the pilot is unreachable (the snapshot then says `connection: 'reconnecting'`).
*/
export class RemotePilot implements PilotApi {
	#snapshot: PilotSnapshot = emptySnapshot;
	readonly #logs: LogBuffer;
	readonly #listeners = new Set<() => void>();
	readonly #logSignal = new LogSignal();
	#stream: EventStreamHandle | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	#silenceTimer: NodeJS.Timeout | undefined;
	#retryDelay: number;
	#closed = false;
	#host: string | undefined;
	#stopRequested = false;
	#resolveEnded: (end: RemoteEnd) => void = () => undefined;
	/**
	Resolves when the pilot went away after our `stop()`. A pilot that went away otherwise (crash,
	restart by systemd) is waited for: the snapshot says `reconnecting` until it is back.
	*/
	readonly ended: Promise<RemoteEnd>;

	constructor(
		readonly target: ControlTarget,
		private readonly options: RemotePilotOptions = {},
	) {
		this.#logs = new LogBuffer(options.logLinesPerProcess ?? 1000);
		this.#retryDelay = options.retryDelayMs ?? 250;
		this.ended = new Promise(resolve => {
			this.#resolveEnded = resolve;
		});
	}

	/** Host name of the pilot's machine, once connected. */
	get host(): string | undefined {
		return this.#host;
	}

	/** Open the stream; resolves at the first snapshot, rejects (e.g. `PilotNotRunningError`) when the first attempt fails. */
	async connect(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.#open(resolve, reject);
		});
	}

	/** Stop listening and reconnecting (detach); the pilot keeps running. */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#retryTimer);
		clearTimeout(this.#silenceTimer);
		this.#stream?.close();
		this.#stream = undefined;
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
		return this.#logs.lastSeq;
	}

	getLogs(name?: string, limit?: number): readonly LogLine[] {
		return this.#logs.get(name, limit);
	}

	async startProcess(name: string): Promise<void> {
		await requestJson(this.target, 'POST', `/processes/${encodeURIComponent(name)}/start`);
	}

	async stopProcess(name: string): Promise<void> {
		await requestJson(this.target, 'POST', `/processes/${encodeURIComponent(name)}/stop`);
	}

	async restartProcesses(names: string[] | string): Promise<void> {
		await requestJson(this.target, 'POST', '/restart', {names: typeof names === 'string' ? [names] : names});
	}

	async reload(options: {readonly dryRun?: boolean} = {}): Promise<ReloadResult> {
		return requestJson<ReloadResult>(this.target, 'POST', '/reload', {dry_run: options.dryRun ?? false});
	}

	async scale(group: string, count: number): Promise<ReloadResult> {
		return requestJson<ReloadResult>(this.target, 'POST', '/scale', {name: group, replicas: count});
	}

	async getProcessDetail(name: string): Promise<ProcessDetail> {
		return requestJson<ProcessDetail>(this.target, 'GET', `/processes/${encodeURIComponent(name)}/detail`);
	}

	/** Stop the remote pilot (not just this view). */
	async stop(): Promise<void> {
		this.#stopRequested = true;
		await requestJson(this.target, 'POST', '/shutdown');
	}

	#open(onFirstSnapshot?: () => void, onFirstFailure?: (error: Error) => void): void {
		let gotSnapshot = false;
		this.#stream = openEventStream(this.target, {
			onMessage: message => {
				this.#watchSilence();
				this.#receive(message);
				if (message.type === 'snapshot' && !gotSnapshot) {
					gotSnapshot = true;
					this.#retryDelay = this.options.retryDelayMs ?? 250;
					onFirstSnapshot?.();
				}
			},
			onClose: error => {
				clearTimeout(this.#silenceTimer);
				this.#stream = undefined;
				if (!gotSnapshot && onFirstFailure) {
					this.#closed = true;
					onFirstFailure(error ?? new Error(`The pilot on ${describeTarget(this.target)} closed the connection`));
					return;
				}

				this.#lost();
			},
		});
	}

	#receive(message: StreamMessage): void {
		switch (message.type) {
			case 'hello': {
				this.#host = message.host;
				break;
			}

			case 'snapshot': {
				// The whole snapshot, first on every (re)connection.
				const next = message.snapshot;
				this.#host = next.host ?? this.#host;
				this.#update({...next, messages: reuseMessages(this.#snapshot.messages, next.messages), connection: 'connected'});
				break;
			}

			case 'update': {
				this.#host = message.snapshot.host ?? this.#host;
				this.#update({...applyUpdate(this.#snapshot, message), connection: 'connected'});
				break;
			}

			case 'logs': {
				if (message.reset) {
					this.#logs.clear();
				}

				this.#logs.add(message.lines);
				this.#logSignal.notify();

				break;
			}

			case 'event': {
				if (message.name === 'stopped') {
					this.#update({...this.#snapshot, isRunning: false});
				}

				break;
			}

			case 'ping': {
				break;
			}
		}
	}

	#lost(): void {
		if (this.#closed) {
			return;
		}

		if (this.#stopRequested) {
			this.#update({...this.#snapshot, isRunning: false});
			this.close();
			this.#resolveEnded({reason: 'The pilot stopped'});
			return;
		}

		this.#update({...this.#snapshot, connection: 'reconnecting'});
		const delay = this.#retryDelay;
		this.#retryDelay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5000);
		this.#retryTimer = setTimeout(() => {
			this.#open();
		}, delay);
	}

	#watchSilence(): void {
		clearTimeout(this.#silenceTimer);
		this.#silenceTimer = setTimeout(() => {
			this.#stream?.close();
			this.#stream = undefined;
			this.#lost();
		}, this.options.silenceTimeoutMs ?? 45_000);
	}

	#update(snapshot: PilotSnapshot): void {
		this.#snapshot = snapshot;
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
