import type {LogLine, PilotSnapshot} from '../../pilot/model/pilot-api.js';
import type {StreamMessage} from '../../pilot/plugins/control/http/http-protocol.js';
import {applyUpdate, reuseMessages} from '../merge-rows.js';
import type {HostLink, OpenLink} from './host-link.js';
import {knownItem} from '../../pilot/model/known-entry.js';

export type HostState =
	| {readonly kind: 'connecting'; readonly reason: string}
	| {readonly kind: 'connected'; readonly snapshot: PilotSnapshot}
	| {readonly kind: 'unreachable'; readonly reason: string; readonly nextRetryAt: number};

export type HostConnectionOptions = {
	/** First retry delay after a failed connect; doubles up to `maxRetryDelayMs`. */
	readonly retryDelayMs?: number;
	readonly maxRetryDelayMs?: number;
	/** Hang up and reconnect when nothing (not even the pilot's 15 s heartbeat) came for this long. */
	readonly silenceTimeoutMs?: number;
};

export type HostListener = {
	readonly onState: () => void;
	/** Lines not seen before from this host (a reconnect repeats the pilot's recent ones). */
	readonly onLogs: (lines: readonly LogLine[]) => void;
};

/**
One host of a fleet: keeps a link to its pilot open, reconnecting with a growing delay while it is
unreachable, and holds the pilot's latest snapshot. Hosts never wait for each other.
*/
export class HostConnection {
	#state: HostState = {kind: 'connecting', reason: 'connecting…'};
	#link: HostLink | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	#silenceTimer: NodeJS.Timeout | undefined;
	#retryDelay: number;
	#isClosed = false;
	#pilotPid: number | undefined;
	#lastSeq = 0;

	constructor(
		readonly label: string,
		private readonly openLink: OpenLink,
		private readonly listener: HostListener,
		private readonly options: HostConnectionOptions = {},
	) {
		this.#retryDelay = options.retryDelayMs ?? 500;
	}

	get state(): HostState {
		return this.#state;
	}

	start(): void {
		this.#connect();
	}

	close(): void {
		this.#isClosed = true;
		clearTimeout(this.#retryTimer);
		clearTimeout(this.#silenceTimer);
		this.#link?.close();
		this.#link = undefined;
	}

	async request(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
		if (this.#state.kind !== 'connected' || !this.#link) {
			throw new Error(`${this.label} is ${this.#state.kind === 'unreachable' ? `unreachable: ${this.#state.reason}` : 'not connected yet'}`);
		}

		return this.#link.request(method, route, body);
	}

	#connect(): void {
		if (this.#isClosed) {
			return;
		}

		const link = this.openLink({
			onMessage: message => {
				if (this.#link === link) {
					this.#watchSilence();
					this.#receive(message);
				}
			},
			onClose: reason => {
				if (this.#link === link) {
					this.#lost(reason);
				}
			},
		});
		this.#link = link;
		this.#watchSilence();
	}

	#receive(message: StreamMessage): void {
		switch (message.type) {
			case 'hello': {
				// Another pilot (restarted): its line numbers start again.
				if (message.pid !== this.#pilotPid) {
					this.#pilotPid = message.pid;
					this.#lastSeq = 0;
				}

				break;
			}

			case 'snapshot': {
				const previous = this.#state.kind === 'connected' ? this.#state.snapshot : undefined;
				const next = message.snapshot;
				const snapshot = previous ? {...next, messages: reuseMessages(previous.messages, next.messages)} : next;
				this.#retryDelay = this.options.retryDelayMs ?? 500;
				this.#setState({kind: 'connected', snapshot});
				break;
			}

			case 'update': {
				// Only the changed rows travel; an update comes after the connection's first snapshot.
				if (this.#state.kind === 'connected') {
					this.#setState({kind: 'connected', snapshot: applyUpdate(this.#state.snapshot, message)});
				}

				break;
			}

			case 'logs': {
				const fresh = message.lines.filter(line => line.seq > this.#lastSeq);
				if (fresh.length > 0) {
					this.#lastSeq = knownItem(fresh, -1).seq;
					this.listener.onLogs(fresh);
				}

				break;
			}

			case 'event':
			case 'ping': {
				break;
			}
		}
	}

	#lost(reason: string): void {
		clearTimeout(this.#silenceTimer);
		this.#link?.close();
		this.#link = undefined;
		if (this.#isClosed) {
			return;
		}

		// A live link that dropped is retried at once; a failed connect waits longer each time.
		const wasConnected = this.#state.kind === 'connected';
		const delay = wasConnected ? 0 : this.#retryDelay;
		if (!wasConnected) {
			this.#retryDelay = Math.min(this.#retryDelay * 2, this.options.maxRetryDelayMs ?? 8000);
		}

		this.#setState(wasConnected ? {kind: 'connecting', reason: `reconnecting${reason === 'the pilot went away' ? '' : ` (${reason})`}`} : {kind: 'unreachable', reason, nextRetryAt: Date.now() + delay});
		this.#retryTimer = setTimeout(() => {
			this.#connect();
		}, delay);
	}

	#watchSilence(): void {
		clearTimeout(this.#silenceTimer);
		this.#silenceTimer = setTimeout(() => {
			this.#lost('no heartbeat from the pilot');
		}, this.options.silenceTimeoutMs ?? 45_000);
	}

	#setState(state: HostState): void {
		this.#state = state;
		this.listener.onState();
	}
}
