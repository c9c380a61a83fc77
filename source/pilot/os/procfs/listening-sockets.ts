import {readdirSync, readFileSync, readlinkSync} from 'node:fs';
import {hasProcFs, pidsInGroup, readProcStat} from './proc-scan.js';

/** TCP state code of a listening socket in /proc/net/tcp. */
const listenState = '0A';

/** Socket inodes of the TCP sockets listening on `port` (IPv4 and IPv6) in this network namespace. */
export function listeningInodes(port: number): Set<string> {
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text: string;
		try {
			text = readFileSync(table, 'latin1');
		} catch {
			continue;
		}

		// Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
		for (const line of text.split('\n').slice(1)) {
			const columns = line.trim().split(/\s+/);
			const local = columns[1];
			if (columns[3] !== listenState || !local) {
				continue;
			}

			if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && columns[9] && columns[9] !== '0') {
				inodes.add(columns[9]);
			}
		}
	}

	return inodes;
}

/** Whether any fd of process `pid` is one of the given sockets. */
function holdsSocket(pid: number, inodes: ReadonlySet<string>): boolean {
	let fds: string[];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return false;
	}

	for (const fd of fds) {
		try {
			const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
			if (link.startsWith('socket:[') && inodes.has(link.slice(8, -1))) {
				return true;
			}
		} catch {}
	}

	return false;
}

/**
Who listens on `port`: `'group'` when a process of group `pgid` holds a listening socket on it,
`'other'` when only processes outside the group do, `'unknown'` when nothing local listens on it
(a remote host, another network namespace) or there is no /proc to tell.
*/
export function listenerOwner(port: number, pgid: number): 'group' | 'other' | 'unknown' {
	if (!hasProcFs) {
		return 'unknown';
	}

	const inodes = listeningInodes(port);
	if (inodes.size === 0) {
		return 'unknown';
	}

	// The leader is the usual listener: look there before scanning the whole group.
	if (readProcStat(pgid)?.pgid === pgid && holdsSocket(pgid, inodes)) {
		return 'group';
	}

	for (const pid of pidsInGroup(pgid)) {
		if (pid !== pgid && holdsSocket(pid, inodes)) {
			return 'group';
		}
	}

	return 'other';
}
