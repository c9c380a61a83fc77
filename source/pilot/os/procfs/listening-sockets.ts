import {closeSync, openSync, readdirSync, readlinkSync, readSync} from 'node:fs';
import {hasProcFs, pidsInGroup, readProcStat} from './proc-scan.js';

/** TCP state code of a listening socket in /proc/net/tcp. */
const listenState = '0A';

/** IPv6 first: a dual-stack listener on `::` (the default of Node, Go and Java) is listed only there. */
const tables = ['/proc/net/tcp6', '/proc/net/tcp'];

/**
The kernel hands these tables out a page (4 KB or more) at a time, in whole lines of 150-180
bytes: a read shorter than this was the last one.
*/
const lastReadBelow = 4096 - 512;

/** One buffer for the table reads, made at the first; it grows for a machine with thousands of sockets. */
let tableBuffer: Buffer | undefined;

/**
The text of one table, or undefined when it cannot be read. Every read() of these files walks
the kernel's whole socket hash (262144 buckets on a 2 GB VM: ~1 ms), the read that only finds
the end as much as the others, so reading stops at the first short read instead of reading on
to an empty one (readFileSync's way), which halves the cost of a ready check's first success.
*/
function readTable(file: string): string | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		tableBuffer ??= Buffer.allocUnsafe(64 * 1024);
		let length = 0;
		for (;;) {
			if (tableBuffer.length - length < 2 * lastReadBelow) {
				const larger = Buffer.allocUnsafe(tableBuffer.length * 2);
				tableBuffer.copy(larger, 0, 0, length);
				tableBuffer = larger;
			}

			const read = readSync(fd, tableBuffer, length, tableBuffer.length - length, null);
			length += read;
			if (read < lastReadBelow) {
				return tableBuffer.toString('latin1', 0, length);
			}
		}
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/** Socket inodes of the TCP sockets listening on `port` in one table (IPv4 or IPv6) of this network namespace. */
function listeningInodesIn(table: string, port: number): Set<string> {
	const inodes = new Set<string>();
	// Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
	for (const line of (readTable(table) ?? '').split('\n').slice(1)) {
		const columns = line.trim().split(/\s+/);
		const local = columns[1];
		if (columns[3] !== listenState || !local) {
			continue;
		}

		if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && columns[9] && columns[9] !== '0') {
			inodes.add(columns[9]);
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
(a remote host, another network namespace) or there is no /proc to tell. The IPv4 table is read
only when the IPv6 one shows no listener of the group.
*/
export function listenerOwner(port: number, pgid: number): 'group' | 'other' | 'unknown' {
	if (!hasProcFs) {
		return 'unknown';
	}

	let members: number[] | undefined;
	let isListenedTo = false;
	for (const table of tables) {
		const inodes = listeningInodesIn(table, port);
		if (inodes.size === 0) {
			continue;
		}

		isListenedTo = true;
		// The leader is the usual listener: look there before scanning the whole group.
		if (readProcStat(pgid)?.pgid === pgid && holdsSocket(pgid, inodes)) {
			return 'group';
		}

		members ??= pidsInGroup(pgid).filter(pid => pid !== pgid);
		if (members.some(pid => holdsSocket(pid, inodes))) {
			return 'group';
		}
	}

	return isListenedTo ? 'other' : 'unknown';
}
