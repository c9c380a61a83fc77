import os from 'node:os';
import {processWatcher} from '../pilot/os/process-watcher.js';
import type {PilotInfo} from '../pilot/plugins/control/http/http-protocol.js';
import {describeTarget, PilotNotRunningError, requestJson, type ControlTarget} from '../remote/client.js';
import {choosePilot} from '../remote/choose-pilot.js';
import {shortenHome} from '../remote/pilot-list.js';
import type {CliFlags} from './flags.js';

const usage = 'Usage: pilot-tui down [manifest] [--socket path]';
/** The pilot bounds its own stop by kill_timeout; this only keeps `down` from waiting forever on a wedged one. */
const giveUpAfterMs = 5 * 60_000;
const sayStillStoppingAfterMs = 10_000;

async function isServing(target: ControlTarget): Promise<boolean> {
	try {
		await requestJson(target, 'GET', '/info', undefined, 2000);
		return true;
	} catch (error) {
		return !(error instanceof PilotNotRunningError);
	}
}

/**
`pilot-tui down [manifest]`: stop a running pilot and every process it runs, and wait until the
pilot process is gone (it exits only once every process group it started is gone). Without a
manifest or --socket: the only live pilot; several are listed and it exits 1.
*/
export async function runDown(input: string[], flags: Pick<CliFlags, 'socket' | 'controlDefaults'>): Promise<number> {
	if (input.length > 1) {
		throw new Error(`down takes at most one manifest. ${usage}`);
	}

	const target = await choosePilot({socket: flags.socket, manifest: input[0], defaults: flags.controlDefaults, hint: '`pilot-tui down <manifest>` or --socket <path>'});
	const info = await requestJson<PilotInfo>(target, 'GET', '/info');
	const name = info.manifest ? shortenHome(info.manifest) : info.title;
	// The pid is ours to watch only on this machine (a TCP target is loopback, a socket is local).
	const isPilotAlive = info.host === os.hostname() ? processWatcher(info.pid) : async () => isServing(target);
	await requestJson(target, 'POST', '/shutdown');
	const note = setTimeout(() => {
		process.stderr.write(`Still stopping ${name} (pilot pid ${info.pid})...\n`);
	}, sayStillStoppingAfterMs);
	try {
		const isGone = await waitUntilGone(isPilotAlive);
		if (!isGone) {
			throw new Error(`${name} (pilot pid ${info.pid}, ${describeTarget(target)}) is still running ${giveUpAfterMs / 60_000} minutes after it was asked to stop`);
		}
	} finally {
		clearTimeout(note);
	}

	process.stdout.write(`Stopped ${name} (pilot pid ${info.pid}) and every process it ran.\n`);
	return 0;
}

async function waitUntilGone(isAlive: () => boolean | Promise<boolean>): Promise<boolean> {
	const deadline = Date.now() + giveUpAfterMs;
	for (;;) {
		if (!await isAlive()) {
			return true;
		}

		if (Date.now() >= deadline) {
			return false;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}
}
