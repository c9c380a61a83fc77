import fs from 'node:fs';
import {findSelectedPilot} from '../remote/fleet/selector.js';
import {runRelay} from '../remote/fleet/relay.js';
import type {CliFlags} from './flags.js';

/** Requests come on stdin only when it is a pipe or socket (ssh without a terminal), never a TTY. */
function isRequestInput(): boolean {
	try {
		const stat = fs.fstatSync(0);
		return stat.isFIFO() || stat.isSocket();
	} catch {
		return false;
	}
}

/**
`pilot-tui ctl stream`: the pilot's event stream as NDJSON on stdout, and control requests (one JSON
object a line) on stdin answered in the same output. What `attach HOST` runs over ssh.
*/
export async function runCtlStream(flags: Pick<CliFlags, 'socket' | 'controlDefaults'>): Promise<number> {
	const target = await findSelectedPilot(flags.socket, flags.controlDefaults);
	try {
		await runRelay(target, {input: isRequestInput() ? process.stdin : undefined, output: process.stdout});
	} finally {
		// Nothing more to read: an open stdin would keep the process alive after the pilot went away.
		process.stdin.destroy();
	}

	return 0;
}
