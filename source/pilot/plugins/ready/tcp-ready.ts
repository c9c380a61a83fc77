import net from 'node:net';
import os from 'node:os';
import {Plugin} from '../plugin.js';
import type {Process} from '../../model/process-model.js';
import {listenerOwner} from '../../os/procfs/listening-sockets.js';
import type {ReadyContext, ReadyStrategy} from '../../model/pilot-api.js';
import {pollIntervalMs, readyTimeoutMs, waitForReady} from './wait-for-ready.js';

/** Longest pause between connect rounds: a listen() is noticed within a few ms on loopback. */
const retryMs = 15;
/** Shortest pause between connect rounds. */
const minRetryMs = 5;

/**
The pause after a refused round: a twentieth of the time the child has been starting, from 5 ms
up to `longestMs`. A service that listens within 100 ms is noticed within 5 ms (not 15), and one
that takes seconds gets no more rounds than before.
*/
function retryDelayMs(startingMs: number, longestMs: number): number {
	return Math.min(longestMs, Math.max(minRetryMs, startingMs / 20));
}
/** Longest a single connect may take (a remote host that drops packets). */
const connectTimeoutMs = 1000;

type ProbeResult = 'ready' | 'refused' | 'foreign';

function requirePort(process: Process): number {
	const value = process.ready_params['port'];
	if (value === undefined || value === null || value === '') {
		throw new Error('Port not specified for TCP ready strategy');
	}

	const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
		throw new Error(`Port for TCP ready strategy must be an integer from 1 to 65535, got ${JSON.stringify(value)}`);
	}

	return port;
}

/** Addresses of this machine: a listener on them shows up in its /proc/net/tcp. */
function localAddresses(): Set<string> {
	const addresses = new Set(['::1', '0.0.0.0', '::']);
	for (const list of Object.values(os.networkInterfaces())) {
		for (const info of list ?? []) {
			addresses.add(info.address);
		}
	}

	return addresses;
}

function isLocal(address: string, local: ReadonlySet<string>): boolean {
	const plain = address.replace(/^::ffff:/, '');
	return plain.startsWith('127.') || local.has(plain) || local.has(address);
}

/**
Ready once a TCP connect to `ready_params.host` (default `localhost`, every address it resolves
to) and `ready_params.port` succeeds, retried every 5-15 ms (at most `readyCheckInterval`). On
Linux, with a context, the listener must belong to the child's process group: a port held by a
leftover of an earlier run or by an unrelated program does not make the child ready.
*/
export async function tcpReadyStrategy(process: Process, readyCheckInterval: number, context?: ReadyContext): Promise<boolean> {
	const port = requirePort(process);
	const hostParameter = process.ready_params['host'];
	const host = typeof hostParameter === 'string' && hostParameter !== '' ? hostParameter : 'localhost';
	const fastRetryMs = pollIntervalMs(readyCheckInterval, retryMs);
	const slowRetryMs = pollIntervalMs(readyCheckInterval);
	const startedAt = context?.startedAt ?? Date.now();
	const local = localAddresses();

	return waitForReady(readyTimeoutMs(process, context), context?.signal, finish => {
		const sockets = new Set<net.Socket>();
		let addresses: string[] | undefined;
		let timer: NodeJS.Timeout | undefined;
		let isClosed = false;

		const probe = async (address: string): Promise<ProbeResult> =>
			new Promise(resolve => {
				const socket = net.connect({host: address, port});
				sockets.add(socket);
				const done = (result: ProbeResult): void => {
					sockets.delete(socket);
					socket.destroy();
					resolve(result);
				};

				socket.setTimeout(connectTimeoutMs, () => {
					done('refused');
				});
				socket.on('error', () => {
					done('refused');
				});
				socket.on('close', () => {
					done('refused');
				});
				socket.on('connect', () => {
					const isForeign = context !== undefined && isLocal(address, local) && listenerOwner(port, context.pid) === 'other';
					done(isForeign ? 'foreign' : 'ready');
				});
			});

		const round = async (): Promise<void> => {
			if (!addresses) {
				// node:dns only once a tcp check runs: a pilot without one never loads it.
				const {lookup} = await import('node:dns/promises');
				addresses = await lookup(host, {all: true})
					.then(found => found.map(entry => entry.address))
					.catch(() => undefined);
			}

			const results = await Promise.all((addresses ?? []).map(async address => probe(address)));
			if (isClosed) {
				return;
			}

			if (results.includes('ready')) {
				finish(true);
				return;
			}

			// Someone else holds the port, or the name does not resolve: no need to hammer.
			const delay = !addresses || results.includes('foreign') ? slowRetryMs : retryDelayMs(Date.now() - startedAt, fastRetryMs);
			timer = setTimeout(() => void round(), delay);
		};

		void round();
		return () => {
			isClosed = true;
			clearTimeout(timer);
			for (const socket of sockets) {
				socket.destroy();
			}
		};
	});
}

/** Provides the `tcp` ready strategy. */
export class TCPReadyPlugin extends Plugin {
	override getReadyStrategies(): Record<string, ReadyStrategy> {
		return {tcp: tcpReadyStrategy};
	}
}
