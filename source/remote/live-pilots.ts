import fs from 'node:fs';
import path from 'node:path';
import {removeSocketFile, runtimeDirectory} from '../pilot/plugins/control/control-socket.js';
import type {ProcessList} from '../pilot/plugins/control/http/http-protocol.js';
import {PilotNotRunningError, requestJson} from './client.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A pilot found in the runtime folder: its socket and what it said about itself (null: it did not answer in time). */
export type LivePilot = {
	readonly socketPath: string;
	readonly list: ProcessList | null;
};

/** How long one pilot may take to answer `ls`: a busy pilot is still listed, as not responding. */
const answerTimeoutMs = 2000;

/**
Every live pilot of this user on this machine: one per socket in the runtime folder, asked for its
processes. A socket nobody accepts on (a pilot that was SIGKILLed) is removed and not listed.
*/
export async function listLivePilots(env: Env = process.env): Promise<LivePilot[]> {
	const directory = runtimeDirectory(env);
	const found = await Promise.all(socketsIn(directory).map(async socketPath => ask(socketPath)));
	return found.filter((pilot): pilot is LivePilot => pilot !== undefined);
}

async function ask(socketPath: string): Promise<LivePilot | undefined> {
	let inode: number;
	try {
		const stat = fs.lstatSync(socketPath);
		if (!stat.isSocket()) {
			return undefined;
		}

		inode = stat.ino;
	} catch {
		return undefined;
	}

	try {
		const list = await requestJson<ProcessList>({kind: 'unix', socketPath}, 'GET', '/processes', undefined, answerTimeoutMs);
		return {socketPath, list};
	} catch (error) {
		if (error instanceof PilotNotRunningError) {
			// Refused: the pilot is gone. The inode check spares a socket a new pilot bound meanwhile.
			if ((error.cause as NodeJS.ErrnoException | undefined)?.code === 'ECONNREFUSED') {
				removeSocketFile(socketPath, inode);
			}

			return undefined;
		}

		return {socketPath, list: null};
	}
}

function socketsIn(directory: string): string[] {
	try {
		return fs.readdirSync(directory)
			.filter(name => name.endsWith('.sock'))
			.map(name => path.join(directory, name))
			.sort();
	} catch {
		return [];
	}
}
