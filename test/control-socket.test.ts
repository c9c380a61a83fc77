import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {defaultSocketPath, listenOnSocket, runtimeDirectory} from '../source/pilot/plugins/control/control-socket.js';
import {HttpControlPlugin, HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import type {ProcessList} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson, type ControlTarget} from '../source/remote/client.js';
import {FakePilot} from './fixtures/control/fake-pilot.js';

let directory: string;
let servers: HttpControlServer[] = [];
const children: ChildProcess[] = [];
const fixtures = path.join(import.meta.dirname, 'fixtures', 'control');

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-socket-'));
});

afterEach(async () => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}

	await Promise.all(servers.map(async server => server.stop()));
	servers = [];
	fs.rmSync(directory, {recursive: true, force: true});
});

async function closeServer(server: net.Server): Promise<void> {
	await new Promise(resolve => {
		server.close(resolve);
	});
}

async function startServer(pilot = new FakePilot(['web', 'db'])) {
	const server = new HttpControlServer(pilot, {socketPath: path.join(directory, 'pilot.sock')});
	servers.push(server);
	await server.start();
	const target: ControlTarget = {kind: 'unix', socketPath: server.socketPath};
	return {pilot, server, target};
}

describe('socket location and modes', () => {
	it('defaults to <runtime dir>/<manifest base>-<hash>.sock and hashes the absolute path', () => {
		const env = {XDG_RUNTIME_DIR: '/run/user/1000'};
		const socket = defaultSocketPath('/srv/app/pilot.yml', env);
		expect(socket).toMatch(/^\/run\/user\/1000\/pilot-tui\/pilot-[\da-f]{8}\.sock$/);
		expect(defaultSocketPath('/srv/other/pilot.yml', env)).not.toBe(socket);
		expect(runtimeDirectory({}, 1234)).toBe(path.join(os.tmpdir(), 'pilot-tui-1234'));
	});

	it('creates the folder with mode 0700 and the socket with mode 0600', async () => {
		const runtime = path.join(directory, 'xdg');
		const manifest = path.join(directory, 'demo.yml');
		const previous = process.env['XDG_RUNTIME_DIR'];
		process.env['XDG_RUNTIME_DIR'] = runtime;
		try {
			const server = new HttpControlServer(new FakePilot(['web'], manifest));
			servers.push(server);
			await server.start();
			expect(path.dirname(server.socketPath)).toBe(path.join(runtime, 'pilot-tui'));
			expect(path.basename(server.socketPath)).toMatch(/^demo-[\da-f]{8}\.sock$/);
			expect(fs.statSync(path.join(runtime, 'pilot-tui')).mode & 0o777).toBe(0o700);
			expect(fs.statSync(server.socketPath).mode & 0o777).toBe(0o600);
			expect(fs.statSync(server.socketPath).isSocket()).toBe(true);
		} finally {
			if (previous === undefined) {
				delete process.env['XDG_RUNTIME_DIR'];
			} else {
				process.env['XDG_RUNTIME_DIR'] = previous;
			}
		}
	});

	it('never changes the mode of a folder the user chose (--socket, PILOT_SOCKET)', async () => {
		const folder = path.join(directory, 'project');
		fs.mkdirSync(folder);
		fs.chmodSync(folder, 0o755);
		const server = new HttpControlServer(new FakePilot(['web']), {socketPath: path.join(folder, 'p.sock')});
		servers.push(server);
		await server.start();
		expect(fs.statSync(folder).mode & 0o777).toBe(0o755);
		expect(fs.statSync(server.socketPath).mode & 0o777).toBe(0o600);
	});

	it('tightens the runtime folder it made for itself back to 0700', async () => {
		const runtime = path.join(directory, 'xdg');
		fs.mkdirSync(path.join(runtime, 'pilot-tui'), {recursive: true});
		fs.chmodSync(path.join(runtime, 'pilot-tui'), 0o755);
		const env = {XDG_RUNTIME_DIR: runtime};
		const server = net.createServer();
		await listenOnSocket(server, defaultSocketPath(path.join(directory, 'a.yml'), env), env);
		await closeServer(server);
		expect(fs.statSync(path.join(runtime, 'pilot-tui')).mode & 0o777).toBe(0o700);
	});

	it('creates the socket 0600 from the moment it exists (no window before a chmod)', async () => {
		const socketPath = path.join(directory, 'p.sock');
		const server = net.createServer();
		let modeAtBind: number | undefined;
		const listen = server.listen.bind(server);
		// A Unix socket is bound inside listen(): look at the file before anything else can run.
		server.listen = ((...args: Parameters<typeof listen>) => {
			const result = listen(...args);
			modeAtBind = fs.statSync(socketPath).mode & 0o777;
			return result;
		}) as typeof server.listen;
		await listenOnSocket(server, socketPath);
		await closeServer(server);
		expect(modeAtBind).toBe(0o600);
	});

	it('removes the socket on stop', async () => {
		const {server} = await startServer();
		expect(fs.existsSync(server.socketPath)).toBe(true);
		await server.stop();
		expect(fs.existsSync(server.socketPath)).toBe(false);
	});

	it('refuses the socket of a live pilot with a clear message', async () => {
		const {server} = await startServer();
		const second = new HttpControlServer(new FakePilot(['web']), {socketPath: server.socketPath});
		await expect(second.start()).rejects.toThrow(`Another pilot is already running on ${server.socketPath}`);
		const list = await requestJson<ProcessList>({kind: 'unix', socketPath: server.socketPath}, 'GET', '/processes');
		expect(list.processes.map(entry => entry.name)).toEqual(['web', 'db']);
	});

	it('takes over a stale socket left by a crashed pilot', async () => {
		const socketPath = path.join(directory, 'pilot.sock');
		// A listener killed with SIGKILL leaves its socket file behind, as a crashed pilot does.
		const holder = spawn(process.execPath, [path.join(fixtures, 'hold-socket.mjs'), socketPath], {stdio: ['ignore', 'pipe', 'inherit']});
		children.push(holder);
		await new Promise(resolve => holder.stdout.once('data', resolve));
		holder.kill('SIGKILL');
		await new Promise(resolve => holder.once('exit', resolve));
		expect(fs.existsSync(socketPath)).toBe(true);
		const {target} = await startServer();
		const list = await requestJson<ProcessList>(target, 'GET', '/processes');
		expect(list.processes).toHaveLength(2);
	});

	it('refuses a path that is a regular file instead of deleting it', async () => {
		const file = path.join(directory, 'pilot.sock');
		fs.writeFileSync(file, 'keep me');
		const server = new HttpControlServer(new FakePilot(['web']), {socketPath: file});
		await expect(server.start()).rejects.toThrow('exists and is not a socket');
		expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
	});

	it('is provided by HttpControlPlugin under the name http', () => {
		expect(Object.keys(new HttpControlPlugin().getControlServers())).toEqual(['http']);
	});
});
