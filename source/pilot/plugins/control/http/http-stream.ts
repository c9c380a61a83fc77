import type {ServerResponse} from 'node:http';
import type {PilotSnapshot, ProcessView} from '../../../model/pilot-api.js';
import type {ControlledPilot, PilotInfo, StreamMessage} from './http-protocol.js';

export type StreamFormat = 'sse' | 'ndjson';

export type StreamOptions = {
	/** Lines per process sent when a client connects. */
	readonly initialLogLines?: number;
	readonly heartbeatMs?: number;
	/** A client that lets this much pile up unread is cut off. */
	readonly maxBufferedBytes?: number;
	/** A client that reads nothing for this long is cut off. */
	readonly stallTimeoutMs?: number;
};

/** Pilot events forwarded to stream clients as `{type: 'event'}` (logs and messages travel in other ways). */
const forwardedEvents = ['process-started', 'process-ready', 'process-exited', 'process-restarted', 'state-changed', 'stopped'] as const;

const flushDelayMs = 50;
const logCatchUpSlack = 1000;

/**
One live client of `GET /v1/events`: a snapshot at once and after every change, log lines as they
arrive, pilot events, and a heartbeat. A slow client never queues more than one pending snapshot:
while its socket is full, changes only mark the stream dirty and the latest state is sent on drain.
*/
export class EventStream {
	#lastSnapshot: PilotSnapshot | undefined;
	/** The rows as last sent, by name: only rows whose identity changed are sent again. */
	readonly #sentRows = new Map<string, ProcessView>();
	#unsubscribeLogs: (() => void) | undefined;
	#lastLogSeq = 0;
	#flushTimer: NodeJS.Timeout | undefined;
	#stallTimer: NodeJS.Timeout | undefined;
	#heartbeat: NodeJS.Timeout | undefined;
	#unsubscribe: (() => void) | undefined;
	readonly #eventListeners: Array<[string, (data: unknown) => void]> = [];
	#closed = false;

	constructor(
		private readonly pilot: ControlledPilot,
		private readonly response: ServerResponse,
		private readonly format: StreamFormat,
		private readonly info: PilotInfo,
		private readonly options: StreamOptions = {},
	) {}

	open(): void {
		this.response.writeHead(200, {
			'content-type': this.format === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no',
		});
		this.response.socket?.setTimeout(0);
		this.response.socket?.setNoDelay(true);
		this.response.once('close', () => {
			this.close();
		});

		this.#send({type: 'hello', host: this.info.host, pid: this.info.pid, title: this.info.title});
		this.#sendInitialLogs();
		this.#flush();
		this.#unsubscribe = this.pilot.subscribe(() => {
			this.#scheduleFlush();
		});
		this.#unsubscribeLogs = this.pilot.subscribeLogs(() => {
			this.#scheduleFlush();
		});
		for (const name of forwardedEvents) {
			const listener = (data: unknown) => {
				this.#send({type: 'event', name, data});
			};

			this.pilot.on?.(name, listener);
			this.#eventListeners.push([name, listener]);
		}

		this.#heartbeat = setInterval(() => {
			this.#send({type: 'ping', time: Date.now()});
		}, this.options.heartbeatMs ?? 15_000);
	}

	/** End the stream (server stopping) or clean up after the client left. */
	close(): void {
		if (this.#closed) {
			return;
		}

		this.#closed = true;
		this.#unsubscribe?.();
		this.#unsubscribeLogs?.();
		for (const [name, listener] of this.#eventListeners) {
			this.pilot.off?.(name, listener);
		}

		clearTimeout(this.#flushTimer);
		clearTimeout(this.#stallTimer);
		clearInterval(this.#heartbeat);
		if (!this.response.destroyed) {
			this.response.end();
		}
	}

	#sendInitialLogs(): void {
		const perProcess = this.options.initialLogLines ?? 200;
		const lines = this.pilot.getSnapshot().processes.flatMap(view => [...this.pilot.getLogs(view.name, perProcess)]);
		lines.sort((a, b) => a.seq - b.seq);
		this.#lastLogSeq = Math.max(this.pilot.getLogSeq(), lines.at(-1)?.seq ?? 0);
		this.#send({type: 'logs', lines, reset: true});
	}

	#scheduleFlush(): void {
		this.#flushTimer ??= setTimeout(() => {
			this.#flushTimer = undefined;
			this.#flush();
		}, flushDelayMs);
	}

	#flush(): void {
		if (this.#closed) {
			return;
		}

		if (this.response.writableNeedDrain) {
			this.#waitForDrain();
			return;
		}

		// Lines first: a client that renders on the snapshot then already holds the lines it announces.
		const snapshot = this.pilot.getSnapshot();
		const logSeq = this.pilot.getLogSeq();
		if (logSeq > this.#lastLogSeq) {
			const limit = Math.min(logSeq - this.#lastLogSeq + logCatchUpSlack, 10_000);
			const lines = this.pilot.getLogs(undefined, limit).filter(line => line.seq > this.#lastLogSeq);
			this.#lastLogSeq = Math.max(logSeq, lines.at(-1)?.seq ?? 0);
			if (lines.length > 0) {
				this.#send({type: 'logs', lines});
			}
		}

		if (snapshot !== this.#lastSnapshot) {
			const isFirst = this.#lastSnapshot === undefined;
			this.#lastSnapshot = snapshot;
			const {processes, ...rest} = snapshot;
			const pilot = {...rest, host: this.info.host, title: snapshot.title ?? this.info.title};
			const changed = processes.filter(row => this.#sentRows.get(row.name) !== row);
			this.#sentRows.clear();
			for (const row of processes) {
				this.#sentRows.set(row.name, row);
			}

			this.#send(isFirst
				? {type: 'snapshot', snapshot: {...pilot, processes}}
				: {type: 'update', snapshot: pilot, order: processes.map(row => row.name), rows: changed});
		}
	}

	#waitForDrain(): void {
		if (this.#stallTimer) {
			return;
		}

		this.#stallTimer = setTimeout(() => {
			this.response.destroy();
		}, this.options.stallTimeoutMs ?? 30_000);
		this.response.once('drain', () => {
			clearTimeout(this.#stallTimer);
			this.#stallTimer = undefined;
			this.#flush();
		});
	}

	#send(message: StreamMessage): void {
		if (this.#closed || this.response.destroyed) {
			return;
		}

		const json = JSON.stringify(message);
		this.response.write(this.format === 'sse' ? `event: ${message.type}\ndata: ${json}\n\n` : `${json}\n`);
		if (this.response.writableLength > (this.options.maxBufferedBytes ?? 4 * 1024 * 1024)) {
			this.response.destroy();
		}
	}
}
