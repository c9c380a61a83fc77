import net from 'node:net';
import {Plugin} from '../../plugin.js';
import type {ControlServer, ControlServerFactory, PilotApi} from '../../../model/pilot-api.js';
import {JsonFrame} from '../json-frame.js';

export type TcpControlOptions = {
	/** Default 9999 (the original's port). 0 picks a free port. */
	readonly port?: number;
	/** A client that sends no complete message within this time gets an error reply. */
	readonly idleTimeoutMs?: number;
	readonly maxMessageBytes?: number;
};

type Reply = {status: 'success'} | {status: 'error'; message: string};

export const defaultTcpControlPort = 9999;

/**
The original library's control protocol: one JSON message per connection on localhost:9999,
`{"action": "restart", "processes": [...]}` → `{"status": "success"}`. Unlike the original, every
request gets a reply, a message split over several reads is reassembled, and `stop()` closes at once.
*/
export class TcpControlServer implements ControlServer {
	readonly #server: net.Server;
	readonly #sockets = new Set<net.Socket>();
	readonly #port: number;

	constructor(
		private readonly pilot: PilotApi,
		private readonly options: TcpControlOptions = {},
	) {
		this.#port = options.port ?? defaultTcpControlPort;
		this.#server = net.createServer({allowHalfOpen: true}, socket => {
			this.#serve(socket);
		});
		this.#server.maxConnections = 256;
	}

	/** Like the original, the protocol has no authentication: anyone who can connect is obeyed. */
	get warning(): string {
		return `Control server 'tcp' listens on 127.0.0.1:${this.port} without authentication: every local user can send it commands (use control_server: http for a private socket)`;
	}

	/** The port listened on (the real one when 0 was asked for). */
	get port(): number {
		const address = this.#server.address();
		return typeof address === 'object' && address ? address.port : this.#port;
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve, reject) => {
			this.#server.once('error', reject);
			this.#server.listen({host: '127.0.0.1', port: this.#port}, () => {
				this.#server.off('error', reject);
				resolve();
			});
		}).catch((error: unknown) => {
			const hint = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (in use; set PILOT_TCP_PORT to choose another port)' : '';
			throw new Error(`Control server 'tcp' cannot listen on 127.0.0.1:${this.#port}${hint}`, {cause: error});
		});
	}

	/** Close the listener and every open connection at once. */
	async stop(): Promise<void> {
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		this.#sockets.clear();
		if (!this.#server.listening) {
			return;
		}

		await new Promise<void>(resolve => {
			this.#server.close(() => {
				resolve();
			});
		});
	}

	#serve(socket: net.Socket): void {
		this.#sockets.add(socket);
		socket.once('close', () => this.#sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.setEncoding('utf8');
		const frame = new JsonFrame();
		let answered = false;
		const answer = (reply: Reply | Promise<Reply>) => {
			answered = true;
			socket.removeAllListeners('data');
			void Promise.resolve(reply).then(result => {
				if (!socket.destroyed) {
					socket.end(`${JSON.stringify(result)}\n`);
				}
			});
		};

		const limit = this.options.maxMessageBytes ?? 64 * 1024;
		socket.setTimeout(this.options.idleTimeoutMs ?? 5000, () => {
			if (!answered) {
				answer(errorReply(frame.isEmpty ? 'No message received' : 'Invalid JSON: incomplete message'));
			}
		});
		socket.on('data', (chunk: string) => {
			const result = frame.push(chunk);
			if (result === 'invalid') {
				answer(errorReply('Invalid JSON'));
			} else if (result !== undefined) {
				socket.setTimeout(0);
				answer(this.#handle(result));
			} else if (frame.length > limit) {
				answer(errorReply(`Message too large (limit ${limit} bytes)`));
			}
		});
		socket.once('end', () => {
			if (!answered) {
				if (frame.isEmpty) {
					socket.end();
				} else {
					answer(errorReply('Invalid JSON: incomplete message'));
				}
			}
		});
	}

	async #handle(text: string): Promise<Reply> {
		let message: unknown;
		try {
			message = JSON.parse(text);
		} catch {
			return errorReply('Invalid JSON');
		}

		if (typeof message !== 'object' || message === null || Array.isArray(message)) {
			return errorReply('Invalid message: expected a JSON object with "action"');
		}

		const {action, processes} = message as {action?: unknown; processes?: unknown};
		if (action !== 'restart') {
			return errorReply('Unknown command');
		}

		const names = typeof processes === 'string' ? [processes] : processes;
		if (!Array.isArray(names) || names.length === 0 || !names.every(name => typeof name === 'string')) {
			return errorReply('Missing "processes": a process name or a list of names');
		}

		const known = new Set(this.pilot.getSnapshot().processes.map(view => view.name));
		const unknown = names.filter(name => !known.has(name));
		if (unknown.length > 0) {
			return errorReply(unknown.map(name => `Process '${name}' not found`).join('; '));
		}

		try {
			await this.pilot.restartProcesses(typeof processes === 'string' ? processes : names);
			return {status: 'success'};
		} catch (error) {
			return errorReply(error instanceof Error ? error.message : String(error));
		}
	}
}

function errorReply(message: string): Reply {
	return {status: 'error', message};
}

export const createTcpControlServer: ControlServerFactory = (pilot, options) => new TcpControlServer(pilot, options.tcpPort === undefined ? {} : {port: options.tcpPort});

/** Built-in plugin providing the control server `tcp`, compatible with the original library's clients. */
export class TcpControlPlugin extends Plugin {
	override getControlServers(): Record<string, ControlServerFactory> {
		return {tcp: createTcpControlServer};
	}
}
