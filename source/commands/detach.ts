import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {defaultLogDir} from '../pilot/output/log-dir.js';
import {isSocketAlive} from '../pilot/plugins/control/control-socket.js';
import type {ProcessList} from '../pilot/plugins/control/http/http-protocol.js';
import {requestJson} from '../remote/client.js';
import {listLivePilots} from '../remote/live-pilots.js';
import {shortenHome} from '../remote/pilot-list.js';
import {detachedChildEnv, type DetachedChildMessage} from './detached-child.js';
import {formatStartSummary, isUp} from './start-summary.js';

/** Exit code of `--detach` when the manifest already has a live pilot. */
export const alreadyRunningExitCode = 3;

/** The file a detached pilot's own stdout and stderr go to, in its state folder. */
export function detachedOutputFile(manifestPath: string, env: NodeJS.ProcessEnv = process.env): string {
	return path.join(defaultLogDir(manifestPath, env), 'pilot.out');
}

/** The manifest as a user would type it here: relative to the current folder when below it. */
function manifestArgument(manifest: string): string {
	const relative = path.relative(process.cwd(), manifest);
	return relative.startsWith('..') || path.isAbsolute(relative) ? shortenHome(manifest) : relative;
}

function print(text: string): void {
	process.stdout.write(`${text}\n`);
}

/** The last lines of the detached pilot's output, to explain a start that failed. */
function tail(file: string, lines = 15): string {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map(line => `  ${line}`).join('\n');
	} catch {
		return '';
	}
}

/** Says so and returns true when `manifest` (or the socket asked for) already has a live pilot. */
async function reportAlreadyRunning(manifest: string, socketPath: string): Promise<boolean> {
	const live = await listLivePilots();
	const same = live.find(pilot => pilot.list?.manifest === manifest || pilot.socketPath === socketPath);
	if (same) {
		const pid = same.list ? `pilot pid ${same.list.pid}, ` : '';
		const name = manifestArgument(manifest);
		process.stderr.write(`pilot-tui: ${shortenHome(manifest)} is already running (${pid}socket ${same.socketPath}).\n`
			+ `  Attach: pilot-tui attach ${name}    stop: pilot-tui down ${name}\n`);
		return true;
	}

	if (await isSocketAlive(socketPath)) {
		process.stderr.write(`pilot-tui: another pilot is already serving ${socketPath}\n`);
		return true;
	}

	return false;
}

/**
`pilot-tui <manifest> --detach`: start the same command again as a pilot in a new session, with no
terminal, its output in its state folder; wait until its start has settled, print one line per
process and how to attach. Exit 0 when every process is up, 1 when not (the pilot runs on in both
cases), 3 when the manifest already has a live pilot.
*/
export async function runDetach(manifest: string, socketPath: string): Promise<number> {
	if (await reportAlreadyRunning(manifest, socketPath)) {
		return alreadyRunningExitCode;
	}

	const outputFile = detachedOutputFile(manifest);
	fs.mkdirSync(path.dirname(outputFile), {recursive: true, mode: 0o700});
	const output = fs.openSync(outputFile, 'a', 0o600);
	fs.writeSync(output, `---- ${new Date().toISOString()} pilot-tui ${process.argv.slice(2).join(' ')}\n`);
	// The same command line again: the child sees --detach and the marker, and runs the pilot itself.
	const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
		detached: true,
		stdio: ['ignore', output, output, 'ipc'],
		env: {...process.env, ...detachedChildEnv},
	});
	fs.closeSync(output);
	const outcome = await new Promise<DetachedChildMessage | {type: 'exited'; code: number | null}>(resolve => {
		child.once('message', message => {
			resolve(message as DetachedChildMessage);
		});
		child.once('exit', code => {
			resolve({type: 'exited', code});
		});
		child.once('error', () => {
			resolve({type: 'exited', code: null});
		});
	});
	child.removeAllListeners('exit');
	if (child.connected) {
		child.disconnect();
	}

	child.unref();
	if (outcome.type === 'exited') {
		process.stderr.write(`pilot-tui: the pilot did not start (see ${shortenHome(outputFile)}):\n${tail(outputFile)}\n`);
		return 1;
	}

	const list = await requestJson<ProcessList>({kind: 'unix', socketPath: outcome.socketPath}, 'GET', '/processes');
	const upCount = list.processes.filter(entry => isUp(entry)).length;
	print(`${list.title}: started in the background (pilot pid ${list.pid}), ${upCount}/${list.processes.length} up`);
	for (const line of formatStartSummary(list.processes)) {
		print(line);
	}

	const name = manifestArgument(manifest);
	print(`Attach: pilot-tui attach ${name}    stop: pilot-tui down ${name}`);
	print(`Output: ${shortenHome(path.dirname(outputFile))}/`);
	return upCount === list.processes.length ? 0 : 1;
}
