import {createHash, timingSafeEqual} from 'node:crypto';
import fs from 'node:fs';
import http, {type IncomingMessage, type ServerResponse} from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {Plugin} from '../../plugin.js';
import type {ControlServer, ControlServerFactory, ControlServerOptions, PilotApi} from '../../../model/pilot-api.js';
import {defaultSocketPath, listenOnSocket, removeSocketFile} from '../control-socket.js';
import {guardRequestBody, HttpError, sendError} from './http-io.js';
import type {ControlledPilot, PilotInfo} from './http-protocol.js';
import {dispatch} from './http-routes.js';
import {EventStream, type StreamFormat, type StreamOptions} from './http-stream.js';

export type HttpControlOptions = {
	/** Default: the manifest's socket in the per-user runtime folder. */
	readonly socketPath?: string;
	/** Also listen on 127.0.0.1 at this port (0: any free port). Requires `token`. */
	readonly tcpPort?: number;
	/** Bearer token the TCP listener requires, at least 20 characters. */
	readonly token?: string;
	/** Shown by clients; default the manifest's file name. */
	readonly title?: string;
	readonly stream?: StreamOptions;
};

export const minTokenLength = 20;
const maxConnections = 512;

/** The control API over HTTP/JSON on a Unix socket (mode 0600), optionally on loopback TCP with a token. */
export class HttpControlServer implements ControlServer {
	readonly socketPath: string;
	readonly #servers: Array<{server: http.Server; requireToken: boolean}> = [];
	readonly #streams = new Set<EventStream>();
	#socketInode: number | undefined;
	#tcpPort: number | undefined;
	readonly #onExit = () => {
		this.#removeSocket();
	};

	constructor(
		private readonly pilot: ControlledPilot,
		private readonly options: HttpControlOptions = {},
	) {
		this.socketPath = path.resolve(options.socketPath ?? defaultSocketPath(pilot.manifest?.filePath ?? undefined));
		if (options.tcpPort !== undefined && (options.token ?? '').length < minTokenLength) {
			throw new Error(`The control server's TCP listener needs PILOT_TOKEN of at least ${minTokenLength} characters`);
		}
	}

	/** The TCP port actually bound, when a TCP listener was asked for. */
	get tcpPort(): number | undefined {
		return this.#tcpPort;
	}

	async start(): Promise<void> {
		const unix = this.#createServer(false);
		this.#socketInode = await listenOnSocket(unix, this.socketPath);
		process.on('exit', this.#onExit);
		if (this.options.tcpPort !== undefined) {
			const tcp = this.#createServer(true);
			await new Promise<void>((resolve, reject) => {
				tcp.once('error', reject);
				tcp.listen({host: '127.0.0.1', port: this.options.tcpPort}, () => {
					tcp.off('error', reject);
					resolve();
				});
			}).catch(async (error: unknown) => {
				await this.stop();
				throw new Error(`Cannot listen on 127.0.0.1:${this.options.tcpPort}: ${(error as Error).message}`, {cause: error});
			});
			this.#tcpPort = (tcp.address() as {port: number}).port;
		}
	}

	/** Closes every connection (streams included) at once and removes the socket file. */
	async stop(): Promise<void> {
		for (const stream of this.#streams) {
			stream.close();
		}

		this.#streams.clear();
		const servers = this.#servers.splice(0);
		await Promise.all(servers.map(async ({server}) => new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
			server.closeAllConnections();
		})));
		this.#removeSocket();
	}

	info(): PilotInfo {
		const snapshot = this.pilot.getSnapshot();
		return {host: os.hostname(), pid: process.pid, title: this.#title(), isRunning: snapshot.isRunning, startedAt: snapshot.startedAt, manifest: this.pilot.manifest?.filePath ?? null};
	}

	#createServer(requireToken: boolean): http.Server {
		const server = http.createServer({requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024}, (request, response) => {
			void this.#handle(request, response, requireToken);
		});
		server.maxConnections = maxConnections;
		server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
			const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
			if (socket.writable) {
				socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
			}

			socket.destroy();
		});
		this.#servers.push({server, requireToken});
		return server;
	}

	async #handle(request: IncomingMessage, response: ServerResponse, requireToken: boolean): Promise<void> {
		try {
			guardRequestBody(request, response);
			if (requireToken && !this.#hasToken(request)) {
				throw new HttpError(401, 'Missing or wrong token: send "authorization: Bearer <PILOT_TOKEN>"');
			}

			const url = new URL(request.url ?? '/', 'http://pilot');
			await dispatch({
				request,
				response,
				url,
				pilot: this.pilot,
				info: () => this.info(),
				openStream: () => {
					this.#openStream(request, response, url);
				},
			});
		} catch (error) {
			sendError(response, error);
		}
	}

	#openStream(request: IncomingMessage, response: ServerResponse, url: URL): void {
		const requested = url.searchParams.get('format');
		const format: StreamFormat = requested === 'sse' || requested === 'ndjson'
			? requested
			: (request.headers.accept ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';
		const stream = new EventStream(this.pilot, response, format, this.info(), this.options.stream);
		this.#streams.add(stream);
		response.once('close', () => this.#streams.delete(stream));
		stream.open();
	}

	#hasToken(request: IncomingMessage): boolean {
		const header = request.headers.authorization ?? '';
		const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
		const digest = (value: string) => createHash('sha256').update(value).digest();
		return given !== '' && timingSafeEqual(digest(given), digest(this.options.token ?? ''));
	}

	#title(): string {
		const file = this.pilot.manifest?.filePath;
		return this.options.title ?? this.pilot.getSnapshot().title ?? (file ? path.basename(file) : 'pilot');
	}

	#removeSocket(): void {
		process.off('exit', this.#onExit);
		if (this.#socketInode !== undefined && fs.existsSync(this.socketPath)) {
			removeSocketFile(this.socketPath, this.#socketInode);
		}

		this.#socketInode = undefined;
	}
}

export const createHttpControlServer: ControlServerFactory = (pilot: PilotApi, options: ControlServerOptions) => new HttpControlServer(pilot, {
	...(options.socketPath === undefined ? {} : {socketPath: options.socketPath}),
	...(options.httpPort === undefined ? {} : {tcpPort: options.httpPort}),
	...(options.token === undefined ? {} : {token: options.token}),
});

/** Built-in plugin providing the control server `http` (`control_server: http` or `--control http`). */
export class HttpControlPlugin extends Plugin {
	override getControlServers(): Record<string, ControlServerFactory> {
		return {http: createHttpControlServer};
	}
}
