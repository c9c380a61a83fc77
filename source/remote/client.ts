import http from 'node:http';
import path from 'node:path';
import {ProcessNotFoundError} from '../pilot/model/process-not-found-error.js';
import {apiPrefix, type StreamMessage} from '../pilot/plugins/control/http/http-protocol.js';

/** Where a pilot's control API is: its Unix socket, or a loopback TCP port with a token. */
export type ControlTarget =
	| {readonly kind: 'unix'; readonly socketPath: string}
	| {readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly token: string};

/** The pilot is not there (no socket, or nobody accepts on it). */
export class PilotNotRunningError extends Error {
	constructor(target: ControlTarget, options?: ErrorOptions) {
		super(`No pilot is running on ${describeTarget(target)}`, options);
		this.name = 'PilotNotRunningError';
	}
}

/** The pilot answered with an error; `message` is its sentence. */
export class ControlRequestError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
		this.name = 'ControlRequestError';
	}
}

/** `--socket` value: a socket path, or `127.0.0.1:<port>` / `http://localhost:<port>` with `token` (the CLI reads it from `PILOT_TOKEN`). */
export function parseTarget(value: string, token = ''): ControlTarget {
	const tcp = /^(?:http:\/\/)?(127\.0\.0\.1|localhost):(\d{1,5})\/?$/.exec(value);
	if (tcp) {
		return {kind: 'tcp', host: '127.0.0.1', port: Number(tcp[2]), token};
	}

	return {kind: 'unix', socketPath: path.resolve(value)};
}

export function describeTarget(target: ControlTarget): string {
	return target.kind === 'unix' ? target.socketPath : `${target.host}:${target.port}`;
}

function requestOptions(target: ControlTarget, method: string, route: string): http.RequestOptions {
	const base = {method, path: `${apiPrefix}${route}`, agent: false as const};
	return target.kind === 'unix'
		? {...base, socketPath: target.socketPath}
		: {...base, host: target.host, port: target.port, headers: {authorization: `Bearer ${target.token}`}};
}

function connectionError(target: ControlTarget, error: NodeJS.ErrnoException): Error {
	if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') {
		return new PilotNotRunningError(target, {cause: error});
	}

	if (error.code === 'EACCES') {
		return new Error(`Permission denied on ${describeTarget(target)} (the pilot runs as another user?)`, {cause: error});
	}

	return new Error(`Cannot reach the pilot on ${describeTarget(target)}: ${error.message}`, {cause: error});
}

/** The pilot accepted the connection but did not answer within the time given. */
type ErrorBody = {readonly error?: string; readonly process?: unknown; readonly known?: unknown};

/** The error of an error reply; a 404 for a process is a `ProcessNotFoundError`, as in the pilot itself. */
function replyError(status: number, body: ErrorBody): Error {
	const message = body.error ?? `HTTP ${status}`;
	if (status === 404 && typeof body.process === 'string' && Array.isArray(body.known)) {
		const error = new ProcessNotFoundError(body.process, body.known.map(String));
		error.message = message;
		return Object.assign(error, {status});
	}

	return new ControlRequestError(status, message);
}

export class PilotTimeoutError extends Error {
	constructor(target: ControlTarget, timeoutMs: number) {
		super(`The pilot on ${describeTarget(target)} did not answer within ${timeoutMs} ms`);
		this.name = 'PilotTimeoutError';
	}
}

/**
One request; resolves the parsed JSON reply, rejects with `ControlRequestError` on an error status.
With `timeoutMs`, a pilot that does not answer in time rejects with `PilotTimeoutError`.
*/
export async function requestJson<T>(target: ControlTarget, method: 'GET' | 'POST', route: string, body?: unknown, timeoutMs?: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const text = body === undefined ? '' : JSON.stringify(body);
		const request = http.request(requestOptions(target, method, route), response => {
			const chunks: Uint8Array[] = [];
			response.on('data', (chunk: Uint8Array) => chunks.push(chunk));
			response.on('error', error => {
				reject(connectionError(target, error));
			});
			response.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				let parsed: unknown;
				try {
					parsed = JSON.parse(raw);
				} catch {
					reject(new Error(`The pilot sent an unreadable reply (HTTP ${response.statusCode})`));
					return;
				}

				const status = response.statusCode ?? 0;
				if (status >= 400) {
					reject(replyError(status, parsed as ErrorBody));
				} else {
					resolve(parsed as T);
				}
			});
		});
		request.on('error', error => {
			reject(connectionError(target, error));
		});
		if (timeoutMs !== undefined) {
			request.setTimeout(timeoutMs, () => {
				reject(new PilotTimeoutError(target, timeoutMs));
				request.destroy();
			});
		}

		if (text) {
			request.setHeader('content-type', 'application/json');
		}

		request.end(text);
	});
}

export type EventStreamHandle = {close(): void};

/**
Open `GET /v1/events` as NDJSON. `onMessage` gets every message; `onClose` is called once when the
stream ends for any reason (with the error when it never opened), unless `close()` was called.
*/
export function openEventStream(
	target: ControlTarget,
	handlers: {onMessage: (message: StreamMessage) => void; onClose: (error?: Error) => void},
): EventStreamHandle {
	let closedByUs = false;
	let ended = false;
	const finish = (error?: Error) => {
		if (!ended && !closedByUs) {
			ended = true;
			handlers.onClose(error);
		}
	};

	const request = http.request(requestOptions(target, 'GET', '/events?format=ndjson'), response => {
		if (response.statusCode !== 200) {
			response.resume();
			finish(new ControlRequestError(response.statusCode ?? 0, `The pilot refused the event stream (HTTP ${response.statusCode})`));
			return;
		}

		response.setEncoding('utf8');
		let pending = '';
		response.on('data', (chunk: string) => {
			pending += chunk;
			let newline = pending.indexOf('\n');
			while (newline !== -1) {
				const line = pending.slice(0, newline);
				pending = pending.slice(newline + 1);
				if (line.trim() !== '') {
					let message: StreamMessage;
					try {
						message = JSON.parse(line) as StreamMessage;
					} catch {
						request.destroy();
						finish(new Error(`The pilot on ${describeTarget(target)} sent an unreadable event`));
						return;
					}

					handlers.onMessage(message);
				}

				newline = pending.indexOf('\n');
			}
		});
		response.on('end', () => {
			finish();
		});
		response.on('close', () => {
			finish();
		});
		response.on('error', () => {
			finish();
		});
	});
	request.on('error', error => {
		finish(connectionError(target, error));
	});
	request.end();
	return {
		close() {
			closedByUs = true;
			request.destroy();
		},
	};
}
