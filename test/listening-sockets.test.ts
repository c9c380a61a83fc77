import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {listenerOwner} from '../source/pilot/os/procfs/listening-sockets.js';
import {readProcStat} from '../source/pilot/os/procfs/proc-scan.js';

const servers: net.Server[] = [];

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => new Promise(resolve => {
		server.close(resolve);
	})));
});

async function listen(host: string): Promise<number> {
	const server = net.createServer();
	servers.push(server);
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, host, () => {
			resolve((server.address() as net.AddressInfo).port);
		});
	});
}

describe.runIf(process.platform === 'linux')('who listens on a port (/proc/net/tcp and tcp6)', () => {
	it('finds listeners on any page of tables that take many reads, in both tables', async () => {
		// 300 listeners make each table some 45 KB, handed out a page per read.
		const ports = await Promise.all(Array.from({length: 300}, async (_, index) => listen(index % 2 === 0 ? '127.0.0.1' : '::1')));
		const group = readProcStat(process.pid)!.pgid;
		const sample = ports.filter((_, index) => index % 15 === 0 || index === ports.length - 1);
		expect(sample.map(port => listenerOwner(port, group))).toEqual(sample.map(() => 'group'));
	});

	it('tells a port nobody listens on from one held outside the group', async () => {
		const port = await listen('127.0.0.1');
		expect(listenerOwner(port, 4_000_000)).toBe('other');
		const free = await listen('127.0.0.1');
		await new Promise(resolve => {
			servers.pop()!.close(resolve);
		});
		expect(listenerOwner(free, readProcStat(process.pid)!.pgid)).toBe('unknown');
	});
});
