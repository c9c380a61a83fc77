import net from 'node:net';
import {probeFailed, probeOk, type ProbeResult} from './probe-result.js';

/** One TCP connect to `host:port`, closed at once. */
export async function probeTcp(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
	return new Promise(resolve => {
		const socket = net.connect({host, port});
		const done = (result: ProbeResult): void => {
			socket.destroy();
			resolve(result);
		};

		socket.setTimeout(timeoutMs, () => {
			done(probeFailed(`no connection within ${timeoutMs / 1000}s`));
		});
		socket.once('error', (error: NodeJS.ErrnoException) => {
			done(probeFailed(error.code ?? error.message));
		});
		socket.once('connect', () => {
			done(probeOk);
		});
	});
}
