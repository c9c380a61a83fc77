import {closeSync, constants, fstatSync, lstatSync, openSync, unlinkSync} from 'node:fs';
import {lstat} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {coalesced, pollIntervalMs, readyTimeoutMs, requireReadyPath, waitForReady, watchFolder} from './wait-for-ready.js';

/**
Opens a FIFO without ever blocking: O_NONBLOCK so the open returns at once, O_RDWR so the reader
sees no EOF while no writer is connected. (A blocking open would park a libuv pool thread.)
Returns undefined when the path is not a FIFO (a regular file left at the path never counts).
*/
function openFifo(fifoPath: string): number | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(fifoPath, constants.O_RDWR | constants.O_NONBLOCK);
		if (fstatSync(fd).isFIFO()) {
			return fd;
		}
	} catch {}

	if (fd !== undefined) {
		closeSync(fd);
	}

	return undefined;
}

function unlinkFifo(fifoPath: string): void {
	try {
		if (lstatSync(fifoPath).isFIFO()) {
			unlinkSync(fifoPath);
		}
	} catch {}
}

/**
Ready once the text `ready` arrives on the FIFO at `ready_params.path` (the child creates it with
`mkfifo` if missing and writes `ready` into it). A FIFO left from an earlier run holds no data, so
it never counts by itself. The FIFO is removed afterwards, as the original does.
*/
export async function pipeReadyStrategy(process: Process, readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const fifoPath = requireReadyPath(process, 'pipe');
	return waitForReady(readyTimeoutMs(process, context), context?.signal, finish => {
		let reader: net.Socket | undefined;
		let received = '';
		let isClosed = false;

		const listen = (fd: number): void => {
			reader = new net.Socket({fd, readable: true, writable: false});
			reader.setEncoding('utf8');
			reader.on('data', (chunk: string) => {
				received += chunk;
				if (received.includes('ready')) {
					finish(true);
				}

				received = received.slice(-8);
			});
			reader.on('error', () => {});
		};

		const check = coalesced(async () => {
			if (reader) {
				return;
			}

			const stats = await lstat(fifoPath).catch(() => undefined);
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- another call may have opened it, or close() run, during the await
			if (stats?.isFIFO() && !reader && !isClosed) {
				const fd = openFifo(fifoPath);
				if (fd !== undefined) {
					listen(fd);
				}
			}
		});
		const stopWatching = watchFolder(path.dirname(fifoPath), check);
		const poll = setInterval(check, pollIntervalMs(readyCheckInterval));
		check();
		return () => {
			isClosed = true;
			stopWatching();
			clearInterval(poll);
			if (reader) {
				reader.destroy();
				unlinkFifo(fifoPath);
			}
		};
	});
}

/** Provides the `pipe` ready strategy. */
export class PipeReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {pipe: pipeReadyStrategy};
	}
}
