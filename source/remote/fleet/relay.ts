import readline from 'node:readline';
import type {Readable, Writable} from 'node:stream';
import {ProcessNotFoundError} from '../../pilot/model/process-not-found-error.js';
import {ControlRequestError, openEventStream, requestJson, type ControlTarget} from '../client.js';
import {isRelayRequest, type RelayMessage, type RelayReply, type RelayRequest} from './relay-protocol.js';

export type RelayOptions = {
	/** Requests, one JSON object a line; the relay ends when it ends (the ssh connection closed). */
	readonly input?: Readable;
	readonly output: Writable;
};

async function answer(target: ControlTarget, request: RelayRequest): Promise<RelayReply> {
	try {
		const body = await requestJson<unknown>(target, request.method, request.route, request.body);
		return {type: 'reply', id: request.id, status: 200, body};
	} catch (error) {
		const status = error instanceof ControlRequestError ? error.status : error instanceof ProcessNotFoundError ? 404 : 0;
		return {type: 'reply', id: request.id, status, error: error instanceof Error ? error.message : String(error)};
	}
}

/**
Relay one pilot's event stream to `output` and answer requests read from `input`, until the pilot
goes away (rejects with why), the input ends or the output breaks (resolves). The first failure
to connect rejects with the client's error (`PilotNotRunningError`).
*/
export async function runRelay(target: ControlTarget, options: RelayOptions): Promise<void> {
	const {input, output} = options;
	return new Promise<void>((resolve, reject) => {
		let isDone = false;
		const write = (message: RelayMessage) => {
			if (!isDone) {
				output.write(`${JSON.stringify(message)}\n`);
			}
		};

		const lines = input ? readline.createInterface({input, crlfDelay: Number.POSITIVE_INFINITY}) : undefined;
		const finish = (error?: Error) => {
			if (isDone) {
				return;
			}

			isDone = true;
			stream.close();
			lines?.close();
			output.off('error', onOutputError);
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		};

		const onOutputError = () => {
			finish();
		};

		const stream = openEventStream(target, {
			onMessage: write,
			onClose: error => {
				finish(error ?? new Error('the pilot went away'));
			},
		});
		output.on('error', onOutputError);
		lines?.on('line', line => {
			if (line.trim() === '') {
				return;
			}

			let request: unknown;
			try {
				request = JSON.parse(line);
			} catch {
				request = undefined;
			}

			if (!isRelayRequest(request)) {
				write({type: 'reply', id: (request as {id?: number} | undefined)?.id ?? -1, status: 400, error: 'Unreadable request: expected {"id", "method", "route", "body"}'});
				return;
			}

			void answer(target, request).then(write);
		});
		lines?.on('close', () => {
			finish();
		});
	});
}
