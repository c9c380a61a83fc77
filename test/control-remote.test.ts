import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import {PilotNotRunningError} from '../source/remote/client.js';
import {findTarget} from '../source/remote/find-target.js';
import {RemotePilot} from '../source/remote/remote-pilot.js';
import {FakePilot} from './fixtures/control/fake-pilot.js';

let directory: string;
let socketPath: string;
const servers: HttpControlServer[] = [];
const remotes: RemotePilot[] = [];

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-remote-'));
	socketPath = path.join(directory, 'pilot.sock');
});

afterEach(async () => {
	for (const remote of remotes.splice(0)) {
		remote.close();
	}

	await Promise.all(servers.splice(0).map(async server => server.stop()));
	fs.rmSync(directory, {recursive: true, force: true});
});

async function serve(pilot: FakePilot): Promise<HttpControlServer> {
	const server = new HttpControlServer(pilot, {socketPath});
	servers.push(server);
	await server.start();
	return server;
}

async function attach(): Promise<RemotePilot> {
	const remote = new RemotePilot({kind: 'unix', socketPath}, {retryDelayMs: 50, maxRetryDelayMs: 200});
	remotes.push(remote);
	await remote.connect();
	return remote;
}

describe('RemotePilot', () => {
	it('mirrors the snapshot, host and logs of the pilot', async () => {
		const pilot = new FakePilot(['web', 'db']);
		pilot.addLog('web', 'hello');
		await serve(pilot);
		const remote = await attach();
		expect(remote.host).toBe(os.hostname());
		const snapshot = remote.getSnapshot();
		expect(snapshot.connection).toBe('connected');
		expect(snapshot.host).toBe(os.hostname());
		expect(snapshot.processes.map(row => row.pid)).toEqual(pilot.getSnapshot().processes.map(row => row.pid));
		expect(remote.getLogs('web').map(line => line.text)).toEqual(['hello']);
		pilot.addLog('db', 'second');
		await expect.poll(() => remote.getLogs().map(line => line.text)).toEqual(['hello', 'second']);
		expect(remote.getLogSeq()).toBe(2);
	});

	it('acts through the API and sees the result in the stream, keeping unchanged rows', async () => {
		const pilot = new FakePilot(['web', 'db']);
		await serve(pilot);
		const remote = await attach();
		const [webBefore, dbBefore] = remote.getSnapshot().processes;
		let notified = 0;
		remote.subscribe(() => notified++);
		await remote.restartProcesses('web');
		await expect.poll(() => remote.getSnapshot().processes[0]!.pid).toBe(pilot.getRunningProcess('web')!.pid);
		expect(remote.getSnapshot().processes[0]).not.toBe(webBefore);
		expect(remote.getSnapshot().processes[1]).toBe(dbBefore);
		expect(notified).toBeGreaterThan(0);
		await remote.stopProcess('db');
		await expect.poll(() => remote.getSnapshot().processes[1]!.state).toBe('stopped');
		await remote.startProcess('db');
		await expect.poll(() => remote.getSnapshot().processes[1]!.state).toBe('running');
		await expect(remote.restartProcesses(['ghost'])).rejects.toThrow("Process 'ghost' not found");
	});

	it('says reconnecting while the pilot is gone and resumes when it is back', async () => {
		const first = await serve(new FakePilot(['web']));
		const remote = await attach();
		await first.stop();
		await expect.poll(() => remote.getSnapshot().connection).toBe('reconnecting');
		const second = new FakePilot(['web', 'api']);
		second.addLog('api', 'fresh start');
		await serve(second);
		await expect.poll(() => remote.getSnapshot().connection, {timeout: 5000}).toBe('connected');
		expect(remote.getSnapshot().processes.map(row => row.name)).toEqual(['web', 'api']);
		expect(remote.getLogs().map(line => line.text)).toEqual(['fresh start']);
	});

	it('stops the remote pilot and ends once it is gone', async () => {
		const pilot = new FakePilot(['web']);
		const server = await serve(pilot);
		const remote = await attach();
		await remote.stop();
		await expect.poll(() => pilot.calls).toContain('stop-pilot');
		await server.stop();
		await expect(remote.ended).resolves.toEqual({reason: 'The pilot stopped'});
	});

	it('fails to connect with a clear error when no pilot is there', async () => {
		const remote = new RemotePilot({kind: 'unix', socketPath});
		await expect(remote.connect()).rejects.toThrow(new PilotNotRunningError({kind: 'unix', socketPath}));
		await expect(remote.connect()).rejects.toThrow(`No pilot is running on ${socketPath}`);
	});
});

describe('findTarget', () => {
	it('prefers --socket, then the default socket (PILOT_SOCKET, as the CLI passes it)', async () => {
		expect(await findTarget('/x/a.sock', {socket: '/y/b.sock'})).toEqual({kind: 'unix', socketPath: '/x/a.sock'});
		expect(await findTarget(undefined, {socket: '/y/b.sock'})).toEqual({kind: 'unix', socketPath: '/y/b.sock'});
		expect(await findTarget('127.0.0.1:4567', {token: 't'})).toEqual({kind: 'tcp', host: '127.0.0.1', port: 4567, token: 't'});
	});

	it('reads no PILOT_* variable itself: the CLI passes them', async () => {
		const env = {XDG_RUNTIME_DIR: directory, PILOT_SOCKET: '/y/b.sock', PILOT_TOKEN: 't'};
		await expect(findTarget(undefined, {}, env)).rejects.toThrow('No pilot is running: no live control socket in');
		expect(await findTarget('127.0.0.1:4567', {}, env)).toEqual({kind: 'tcp', host: '127.0.0.1', port: 4567, token: ''});
	});

	it('picks the one live socket of the runtime folder, ignoring stale files', async () => {
		const env = {XDG_RUNTIME_DIR: directory};
		await expect(findTarget(undefined, {}, env)).rejects.toThrow('No pilot is running: no live control socket in');
		socketPath = path.join(directory, 'pilot-tui', 'a-1.sock');
		await serve(new FakePilot(['web']));
		fs.writeFileSync(path.join(directory, 'pilot-tui', 'stale-2.sock'), '');
		expect(await findTarget(undefined, {}, env)).toEqual({kind: 'unix', socketPath});
		socketPath = path.join(directory, 'pilot-tui', 'b-3.sock');
		await serve(new FakePilot(['web']));
		await expect(findTarget(undefined, {}, env)).rejects.toThrow(/Several pilots are running; choose one with --socket <path>:\n {2}MANIFEST.*SOCKET\n {2}.*a-1\.sock\n {2}.*b-3\.sock/);
		// A file that is not a socket is skipped, never removed.
		expect(fs.existsSync(path.join(directory, 'pilot-tui', 'stale-2.sock'))).toBe(true);
	});
});
