import {chmodSync, copyFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {isAlive, waitFor} from '../helpers/proc.js';
import {cleanupPilots, faultChild, faultFixtures, launchPilot, type PilotProgram, temporaryDirectory} from './harness.js';

const servers: net.Server[] = [];

afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.close();
	}

	await cleanupPilots();
});

/** A listener in this (test) process, so in no group of the pilot's; resolves with its port. */
async function foreignListener(): Promise<number> {
	const server = net.createServer(socket => socket.destroy());
	servers.push(server);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return (server.address() as net.AddressInfo).port;
}

function started(pilot: PilotProgram, name: string): number[] {
	return pilot.events('process-started').filter(event => event['name'] === name).map(event => event['pid'] as number);
}

describe('a child fails around its start; the pilot stays up and the table tells the truth', () => {
	it('a child that exits before its ready check starts is never ready, and ends failed after its restarts', async () => {
		const port = await foreignListener();
		servers.pop()!.close(); // A port nobody listens on.
		const pilot = await launchPilot([faultChild('early', 'exit', {ready_strategy: 'tcp', ready_params: {port}, ready_timeout_sec: 20, restart_delay_sec: 0.05, max_restarts: 2})]);
		expect(await waitFor(async () => (await pilot.row('early')).state === 'failed', 15_000)).toBe(true);
		const row = await pilot.row('early');
		expect(row).toMatchObject({ready: false, pid: null});
		expect(row.reason).toMatch(/exited with code 1; gave up after 3 quick exits/);
		expect(pilot.events('process-ready')).toEqual([]);
		expect(started(pilot, 'early')).toHaveLength(3);
		expect(started(pilot, 'early').every(pid => !isAlive(pid))).toBe(true);
		// The start did not hang on the ready check of a child that was already gone.
		expect(pilot.messages.some(message => message.type === 'started')).toBe(true);
		expect((await pilot.snapshot()).isRunning).toBe(true);
	});

	for (const fault of ['deleted', 'made not executable'] as const) {
		it(`a child's executable is ${fault} between restarts: shown as failing to start, recovers once it is back`, async () => {
			const directory = temporaryDirectory();
			const script = path.join(directory, 'fault-script.sh');
			copyFileSync(path.join(faultFixtures, 'fault-script.sh'), script);
			chmodSync(script, 0o755);
			const pilot = await launchPilot([{name: 'script', path: script, args: ['0.3'], restart_delay_sec: 0.1, max_restart_delay_sec: 0.4}]);
			const [first] = started(pilot, 'script');
			expect(first).toBeGreaterThan(0);
			if (fault === 'deleted') {
				rmSync(script);
			} else {
				chmodSync(script, 0o644);
			}

			const error = fault === 'deleted' ? 'ENOENT' : 'EACCES';
			expect(await waitFor(async () => (await pilot.snapshot()).messages.some(text => text.includes(`Could not start 'script'`) && text.includes(error)), 10_000)).toBe(true);
			const row = await pilot.row('script');
			expect(['backoff', 'starting']).toContain(row.state);
			expect(row.ready).toBe(false);
			expect((await pilot.snapshot()).running).toEqual([]);

			const count = started(pilot, 'script').length;
			copyFileSync(path.join(faultFixtures, 'fault-script.sh'), script);
			chmodSync(script, 0o755);
			expect(await waitFor(() => started(pilot, 'script').length > count, 10_000)).toBe(true);
			expect((await pilot.snapshot()).isRunning).toBe(true);
			rmSync(directory, {recursive: true, force: true});
		});
	}

	it('a ready port already taken by another program does not count as ready', async () => {
		const port = await foreignListener();
		const pilot = await launchPilot([faultChild('web', 'sleep', {ready_strategy: 'tcp', ready_params: {port, host: '127.0.0.1'}, ready_timeout_sec: 1.5, shutdown_strategy: 'do_not_restart'}), faultChild('calm', 'sleep')]);
		const rows = (await pilot.snapshot()).rows;
		expect(rows.find(row => row.name === 'web')).toMatchObject({state: 'failed', ready: false, pid: null});
		expect(rows.find(row => row.name === 'web')!.reason).toMatch(/failed to signal ready within 1.5s/);
		expect(rows.find(row => row.name === 'calm')).toMatchObject({state: 'running', ready: true});
		expect(pilot.events('process-ready').map(event => event['name'])).toEqual(['calm']);
		expect(started(pilot, 'web').every(pid => !isAlive(pid))).toBe(true);
	});
});
