import http from 'node:http';
import {probeFailed, probeOk, type ProbeResult} from './probe-result.js';

export type HttpProbeOptions = {
	readonly url: string;
	/** Status codes that count as success; default any 2xx or 3xx. */
	readonly expectStatus?: readonly number[];
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
};

/**
One GET of `url`. A fresh connection each time (no agent), so a probe never holds a socket open
between checks and a server that stopped accepting is noticed at once. The body is discarded.
*/
export async function probeHttp({url, expectStatus, timeoutMs, signal}: HttpProbeOptions): Promise<ProbeResult> {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return probeFailed(`invalid url ${url}`);
	}

	// https (and tls under it) only when a probe asks for it: ~1 MB the pilot otherwise never holds.
	const client = target.protocol === 'https:' ? (await import('node:https')).default : http;
	return new Promise(resolve => {
		let isDone = false;
		const done = (result: ProbeResult): void => {
			if (!isDone) {
				isDone = true;
				clearTimeout(timer);
				request.destroy();
				resolve(result);
			}
		};

		const request = client.get(target, {agent: false, signal}, response => {
			const status = response.statusCode ?? 0;
			response.resume();
			const isExpected = expectStatus ? expectStatus.includes(status) : status >= 200 && status < 400;
			done(isExpected ? probeOk : probeFailed(`http ${status}`));
		});
		const timer = setTimeout(() => {
			done(probeFailed(`no answer within ${timeoutMs / 1000}s`));
		}, timeoutMs);
		request.on('error', (error: NodeJS.ErrnoException) => {
			done(probeFailed(error.code ?? error.message));
		});
	});
}
