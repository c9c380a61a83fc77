import {listLivePilots} from '../remote/live-pilots.js';
import {formatPilotTable, toListEntry} from '../remote/pilot-list.js';
import type {CliFlags} from './flags.js';

/**
`pilot-tui ls`: every live pilot of this user on this machine (manifest, pilot pid, uptime,
running/total, socket), found in the runtime folder; stale sockets are removed on the way.
*/
export async function runLs(input: string[], flags: Pick<CliFlags, 'json'>): Promise<number> {
	if (input.length > 0) {
		throw new Error(`ls takes no arguments (got '${input.join(' ')}')`);
	}

	const pilots = await listLivePilots();
	if (flags.json) {
		process.stdout.write(`${JSON.stringify(pilots.map(pilot => toListEntry(pilot)), null, 2)}\n`);
		return 0;
	}

	process.stdout.write(pilots.length === 0 ? 'No pilot is running.\n' : `${formatPilotTable(pilots)}\n`);
	return 0;
}
