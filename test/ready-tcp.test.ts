import {spawn, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {TCPReadyPlugin, tcpReadyStrategy} from '../source/pilot/plugins/ready/tcp-ready.js';
import {contextFor, killGroups, readyProcess, spawnGroup} from './helpers/ready-context.js';
import {waitFor} from './helpers/proc.js';

const server = path.join(import.meta.dirname, 'fixtures', 'ready-tcp-server.mjs');
const children: ChildProcess[] = [];

afterEach(() => {
	killGroups(children);
});

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const {port} = probe.address() as net.AddressInfo;
			probe.close(() => {
				resolve(port);
			});
		});
	});
}

/** Starts the listening fixture in a group of its own; `viaShell` makes it a member, not the leader. */
function spawnServer(port: number, delayMs: number, viaShell = false): ChildProcess {
	const child = viaShell
		? spawnGroup('"$1" "$2" "$3" "$4"; exit 0', [process.execPath, server, String(port), String(delayMs)])
		: spawn(process.execPath, [server, String(port), String(delayMs)], {detached: true, stdio: ['ignore', 'pipe', 'ignore']});
	children.push(child);
	return child;
}

async function listening(child: ChildProcess): Promise<void> {
	await new Promise<void>(resolve => {
		child.stdout!.once('data', () => {
			resolve();
		});
	});
}

describe('tcp ready strategy', () => {
	it('is registered by TCPReadyPlugin under the name "tcp"', () => {
		expect(new TCPReadyPlugin().getReadyStrategies()).toEqual({tcp: tcpReadyStrategy});
	});

	it('becomes ready when the child starts listening', async () => {
		const port = await freePort();
		const child = spawnServer(port, 300);
		const ready = await tcpReadyStrategy(readyProcess('tcp', {port, host: '127.0.0.1'}), 0.1, contextFor(child.pid!, {timeoutSec: 20}));
		expect(ready).toBe(true);
	});

	it('finds the listener in a grandchild of the group (sh -c) and resolves "localhost"', async () => {
		const port = await freePort();
		const child = spawnServer(port, 200, true);
		const ready = await tcpReadyStrategy(readyProcess('tcp', {port}), 0.1, contextFor(child.pid!, {timeoutSec: 20}));
		expect(ready).toBe(true);
	});

	it('accepts the port as a numeric string', async () => {
		const port = await freePort();
		const child = spawnServer(port, 0);
		expect(await tcpReadyStrategy(readyProcess('tcp', {port: String(port)}), 0.1, contextFor(child.pid!, {timeoutSec: 20}))).toBe(true);
	});

	it('answers false after the timeout when nothing listens', async () => {
		const port = await freePort();
		const child = spawnGroup('sleep 30');
		children.push(child);
		expect(await tcpReadyStrategy(readyProcess('tcp', {port}), 0.1, contextFor(child.pid!, {timeoutSec: 0.5}))).toBe(false);
	});

	it('does not count a port held by a process outside the child\'s group', async () => {
		const port = await freePort();
		const stranger = spawnServer(port, 0);
		await listening(stranger);
		const child = spawnGroup('sleep 30');
		children.push(child);
		expect(await tcpReadyStrategy(readyProcess('tcp', {port}), 0.1, contextFor(child.pid!, {timeoutSec: 1}))).toBe(false);
	});

	it('counts any listener when called the seed way, without a context', async () => {
		const port = await freePort();
		const stranger = spawnServer(port, 0);
		await listening(stranger);
		expect(await tcpReadyStrategy(readyProcess('tcp', {port}, 5), 0.1)).toBe(true);
	});

	it('resolves false promptly when the signal aborts', async () => {
		const port = await freePort();
		const child = spawnGroup('sleep 30');
		children.push(child);
		const controller = new AbortController();
		const waiting = tcpReadyStrategy(readyProcess('tcp', {port}), 0.1, contextFor(child.pid!, {signal: controller.signal, timeoutSec: 60}));
		setTimeout(() => {
			controller.abort();
		}, 100);
		const before = Date.now();
		expect(await waiting).toBe(false);
		expect(Date.now() - before).toBeLessThan(30_000);
	});

	it('leaves no socket or timer behind', async () => {
		const port = await freePort();
		const child = spawnServer(port, 100);
		expect(await tcpReadyStrategy(readyProcess('tcp', {port}), 0.1, contextFor(child.pid!, {timeoutSec: 20}))).toBe(true);
		const noListener = await freePort();
		expect(await tcpReadyStrategy(readyProcess('tcp', {port: noListener}), 0.1, contextFor(child.pid!, {timeoutSec: 0.3}))).toBe(false);
		expect(await waitFor(() => !process.getActiveResourcesInfo().some(type => type === 'TCPSocketWrap' || type === 'TCPConnectWrap'), 2000)).toBe(true);
	});

	it('throws the seed\'s sentence when the port is missing', async () => {
		await expect(tcpReadyStrategy(readyProcess('tcp', {}), 0.1)).rejects.toThrow('Port not specified for TCP ready strategy');
		await expect(tcpReadyStrategy(readyProcess('tcp', {port: 'http'}), 0.1)).rejects.toThrow('integer from 1 to 65535');
	});
});
