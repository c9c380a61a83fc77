import net from 'node:net';
import os from 'node:os';
import {afterEach, describe, expect, it} from 'vitest';
import {JsonFrame} from '../source/pilot/plugins/control/json-frame.js';
import {TcpControlPlugin, TcpControlServer, createTcpControlServer, defaultTcpControlPort} from '../source/pilot/plugins/control/tcp/tcp-control.js';
import {controlOptionsFromEnv} from '../source/commands/control-options-from-env.js';
import path from 'node:path';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../source/pilot/pilot.js';
import {controlFixtures} from './fixtures/control/cli.js';
import {FakePilot} from './fixtures/control/fake-pilot.js';

let servers: TcpControlServer[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
	for (const socket of sockets.splice(0)) {
		socket.destroy();
	}

	await Promise.all(servers.map(async server => server.stop()));
	servers = [];
});

async function startServer(pilot = new FakePilot(['web', 'db'])) {
	const server = new TcpControlServer(pilot, {port: 0, idleTimeoutMs: 1000});
	servers.push(server);
	await server.start();
	return {pilot, server};
}

/**
Send `parts` (each flushed, with a pause between two, so that they reach the server as separate
reads: the gap is what the several-reads test is about) the way the original's clients do: write, then wait for
the reply without closing the sending side. `halfClose` ends the sending side after the last part.
*/
async function exchange(port: number, parts: string[], halfClose = false): Promise<unknown> {
	const socket = net.connect(port, '127.0.0.1');
	sockets.push(socket);
	await new Promise(resolve => socket.once('connect', resolve));
	const reply = new Promise<string>((resolve, reject) => {
		let text = '';
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			text += chunk;
		});
		socket.on('end', () => {
			resolve(text);
		});
		socket.on('error', reject);
	});
	for (const [index, part] of parts.entries()) {
		if (index > 0) {
			await new Promise(resolve => setTimeout(resolve, 30));
		}

		await new Promise<void>((resolve, reject) => {
			socket.write(part, error => {
				if (error) {
					reject(error);
				} else {
					resolve();
				}
			});
		});
	}

	if (halfClose) {
		socket.end();
	}

	return JSON.parse(await reply) as unknown;
}

describe('tcp control server (the original protocol)', () => {
	it('restarts a list of processes and answers success', async () => {
		const {pilot, server} = await startServer();
		const before = pilot.getRunningProcess('web')!.pid;
		expect(await exchange(server.port, [JSON.stringify({action: 'restart', processes: ['web', 'db']})])).toEqual({status: 'success'});
		expect(pilot.calls).toEqual(['restart web,db']);
		expect(pilot.getRunningProcess('web')!.pid).not.toBe(before);
	});

	it('restarts a single process given as a string', async () => {
		const {pilot, server} = await startServer();
		expect(await exchange(server.port, [JSON.stringify({action: 'restart', processes: 'db'})])).toEqual({status: 'success'});
		expect(pilot.calls).toEqual(['restart db']);
	});

	it('answers an unknown action with "Unknown command"', async () => {
		const {pilot, server} = await startServer();
		expect(await exchange(server.port, [JSON.stringify({action: 'explode', processes: ['web']})])).toEqual({status: 'error', message: 'Unknown command'});
		expect(pilot.calls).toEqual([]);
	});

	it('answers an unknown process with an error and restarts nothing', async () => {
		const {pilot, server} = await startServer();
		expect(await exchange(server.port, [JSON.stringify({action: 'restart', processes: ['web', 'ghost']})]))
			.toEqual({status: 'error', message: "Process 'ghost' not found"});
		expect(pilot.calls).toEqual([]);
	});

	it('answers bad JSON, a non-object and a missing process list with errors', async () => {
		const {server} = await startServer();
		expect(await exchange(server.port, ['restart web'])).toEqual({status: 'error', message: 'Invalid JSON'});
		expect(await exchange(server.port, ['{"action": "restart", processes: []}'])).toEqual({status: 'error', message: 'Invalid JSON'});
		expect(await exchange(server.port, ['["restart"]'])).toMatchObject({status: 'error'});
		expect(await exchange(server.port, ['{"action": "restart"}'])).toMatchObject({status: 'error', message: expect.stringContaining('processes')});
		expect(await exchange(server.port, ['{"action": "rest'], true)).toEqual({status: 'error', message: 'Invalid JSON: incomplete message'});
	});

	it('puts together a message that arrives over several reads', async () => {
		const {pilot, server} = await startServer();
		const message = JSON.stringify({action: 'restart', processes: ['web', 'db'], note: 'braces } in "strings" {'});
		const parts = [message.slice(0, 5), message.slice(5, 30), message.slice(30)];
		expect(await exchange(server.port, parts)).toEqual({status: 'success'});
		expect(pilot.calls).toEqual(['restart web,db']);
	});

	it('replies to a client that half-closes after sending', async () => {
		const {server} = await startServer();
		expect(await exchange(server.port, [JSON.stringify({action: 'restart', processes: 'web'})], true)).toEqual({status: 'success'});
	});

	it('answers a client that sends nothing after the idle timeout and keeps serving', async () => {
		const {server} = await startServer();
		expect(await exchange(server.port, [])).toEqual({status: 'error', message: 'No message received'});
		expect(await exchange(server.port, [JSON.stringify({action: 'restart', processes: 'web'})])).toEqual({status: 'success'});
	});

	it('serves many clients at once', async () => {
		const {server} = await startServer();
		const replies = await Promise.all(Array.from({length: 50}, async () => exchange(server.port, [JSON.stringify({action: 'restart', processes: 'web'})])));
		expect(replies.every(reply => (reply as {status: string}).status === 'success')).toBe(true);
	});

	it('stop() resolves with a client connected and the port is closed', async () => {
		const {server} = await startServer();
		const {port} = server;
		const idle = net.connect(port, '127.0.0.1');
		sockets.push(idle);
		await new Promise(resolve => idle.once('connect', resolve));
		const idleClosed = new Promise(resolve => idle.once('close', resolve));
		await server.stop();
		await idleClosed;
		const result = await new Promise<string>(resolve => {
			net.connect(port, '127.0.0.1').on('connect', () => {
				resolve('connected');
			}).on('error', (error: NodeJS.ErrnoException) => {
				resolve(error.code ?? 'error');
			});
		});
		expect(result).toBe('ECONNREFUSED');
	});

	it('listens on loopback only', async () => {
		const {server} = await startServer();
		const external = Object.values(os.networkInterfaces()).flat().find(address => address?.family === 'IPv4' && !address.internal);
		if (!external) {
			return;
		}

		const result = await new Promise<string>(resolve => {
			net.connect(server.port, external.address).on('connect', () => {
				resolve('connected');
			}).on('error', (error: NodeJS.ErrnoException) => {
				resolve(error.code ?? 'error');
			});
		});
		expect(result).toBe('ECONNREFUSED');
	});

	it('defaults to port 9999, the factory\'s tcpPort option chooses another, and the environment is not read', () => {
		const previous = process.env['PILOT_TCP_PORT'];
		try {
			process.env['PILOT_TCP_PORT'] = '12345';
			expect(new TcpControlServer(new FakePilot(['web'])).port).toBe(defaultTcpControlPort);
			const server = createTcpControlServer(new FakePilot(['web']), {tcpPort: 12_345});
			expect(server).toBeInstanceOf(TcpControlServer);
			expect(server instanceof TcpControlServer && server.port).toBe(12_345);
			expect(() => controlOptionsFromEnv({PILOT_TCP_PORT: 'many'})).toThrow("PILOT_TCP_PORT must be a port number (0-65535), got 'many'");
		} finally {
			if (previous === undefined) {
				delete process.env['PILOT_TCP_PORT'];
			} else {
				process.env['PILOT_TCP_PORT'] = previous;
			}
		}
	});

	it('reports a port in use in one clear sentence', async () => {
		const {server} = await startServer();
		const second = new TcpControlServer(new FakePilot(['web']), {port: server.port});
		await expect(second.start()).rejects.toThrow(`Control server 'tcp' cannot listen on 127.0.0.1:${server.port} (in use; set PILOT_TCP_PORT to choose another port)`);
	});

	it('is provided by TcpControlPlugin under the name tcp', () => {
		expect(Object.keys(new TcpControlPlugin().getControlServers())).toEqual(['tcp']);
	});
});

describe('tcp control server on a real pilot', () => {
	let pilot: ProcessPilot | undefined;

	afterEach(async () => {
		await pilot?.stop();
		pilot = undefined;
	});

	it('restarts real processes named in a message, chosen by control_server: tcp', async () => {
		const probe = net.createServer();
		await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
		const {port} = probe.address() as net.AddressInfo;
		await new Promise(resolve => probe.close(resolve));
		const manifest = ProcessManifest.fromFile(path.join(controlFixtures, 'ctl.yml'));
		manifest.control_server = 'tcp';
		pilot = new ProcessPilot(manifest, {processPollInterval: 0.5, controlServer: {tcpPort: port}});
		pilot.registerPlugins([new TcpControlPlugin()]);
		await pilot.start();
		// No authentication, as in the original: it says so where the user looks (message line, headless output).
		expect(pilot.getSnapshot().messages.map(message => `${message.level}: ${message.text}`)).toContainEqual(expect.stringMatching(/^warn: .*tcp.*every local user can send it commands/));
		const before = pilot.getRunningProcess().map(status => status.pid);
		expect(await exchange(port, [JSON.stringify({action: 'restart', processes: ['web', 'db']})])).toEqual({status: 'success'});
		const after = Object.fromEntries(pilot.getRunningProcess().map(status => [status.name, status.pid]));
		expect(before).toContain(after['my worker']);
		expect(before).not.toContain(after['web']);
		expect(before).not.toContain(after['db']);
		await pilot.stop();
		const refused = await new Promise<string>(resolve => {
			net.connect(port, '127.0.0.1').on('connect', () => {
				resolve('connected');
			}).on('error', (error: NodeJS.ErrnoException) => {
				resolve(error.code ?? 'error');
			});
		});
		expect(refused).toBe('ECONNREFUSED');
	});
});

describe('JsonFrame', () => {
	it('finds the end of an object across chunks, ignoring brackets in strings', () => {
		const frame = new JsonFrame();
		expect(frame.push('  {"a": "}\\"{"')).toBeUndefined();
		expect(frame.push(', "b": [1, {"c": 2}]')).toBeUndefined();
		expect(frame.push('} trailing')).toBe('  {"a": "}\\"{", "b": [1, {"c": 2}]}');
	});

	it('rejects what cannot start an object or array', () => {
		expect(new JsonFrame().push('hello')).toBe('invalid');
		expect(new JsonFrame().push('   ')).toBeUndefined();
	});
});
