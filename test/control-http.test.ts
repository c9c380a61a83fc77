import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createHttpControlServer, HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import {controlOptionsFromEnv} from '../source/commands/control-options-from-env.js';
import type {ProcessEntry, ProcessList, StreamMessage} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson, type ControlTarget} from '../source/remote/client.js';
import {ProcessNotFoundError} from '../source/pilot/model/process-not-found-error.js';
import {FakePilot} from './fixtures/control/fake-pilot.js';
import {waitUntil} from './helpers/engine.js';

let directory: string;
let servers: HttpControlServer[] = [];
const sockets: net.Socket[] = [];

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-http-'));
});

afterEach(async () => {
	for (const socket of sockets.splice(0)) {
		socket.destroy();
	}

	await Promise.all(servers.map(async server => server.stop()));
	servers = [];
	fs.rmSync(directory, {recursive: true, force: true});
});

async function startServer(pilot = new FakePilot(['web', 'db']), options: ConstructorParameters<typeof HttpControlServer>[1] = {}) {
	const server = new HttpControlServer(pilot, {socketPath: path.join(directory, 'pilot.sock'), ...options});
	servers.push(server);
	await server.start();
	const target: ControlTarget = {kind: 'unix', socketPath: server.socketPath};
	return {pilot, server, target};
}

/** A raw request, for status codes and bodies the client would turn into errors. */
async function raw(socketPath: string, method: string, route: string, body?: string | Buffer): Promise<{status: number; text: string}> {
	return new Promise((resolve, reject) => {
		const request = http.request({socketPath, method, path: route, agent: false}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', chunk => {
				text += String(chunk);
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, text});
			});
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** Read NDJSON messages from the event stream until `until` is satisfied. */
async function readStream(socketPath: string, until: (messages: StreamMessage[]) => boolean, act?: () => void): Promise<StreamMessage[]> {
	return new Promise((resolve, reject) => {
		const messages: StreamMessage[] = [];
		let acted = false;
		const request = http.get({socketPath, path: '/v1/events?format=ndjson', agent: false}, response => {
			let pending = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				pending += chunk;
				const lines = pending.split('\n');
				pending = lines.pop()!;
				messages.push(...lines.filter(Boolean).map(line => JSON.parse(line) as StreamMessage));
				if (!acted && messages.some(message => message.type === 'snapshot')) {
					acted = true;
					act?.();
				}

				if (until(messages)) {
					request.destroy();
					resolve(messages);
				}
			});
		});
		request.on('error', reject);
	});
}

describe('routes', () => {
	it('lists processes with state and stats, matching getRunningProcess()', async () => {
		const {pilot, target} = await startServer();
		const list = await requestJson<ProcessList>(target, 'GET', '/processes');
		expect(list.host).toBe(os.hostname());
		expect(list.pid).toBe(process.pid);
		expect(list.title).toBe('pilot.yml');
		expect(list.processes.map(({name, pid, status, returnCode}) => ({name, pid, status, returnCode}))).toEqual(pilot.getRunningProcess());
		expect(list.processes[0]).toMatchObject({cpuPercent: 1.5, memoryMb: 12, ready: true, restarts: 0});
	});

	it('shows one process, and 404 for an unknown one', async () => {
		const {target} = await startServer(new FakePilot(['web', 'my worker']));
		const entry = await requestJson<ProcessEntry>(target, 'GET', `/processes/${encodeURIComponent('my worker')}`);
		expect(entry.name).toBe('my worker');
		const error = await requestJson(target, 'GET', '/processes/nope').catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(ProcessNotFoundError);
		expect(error).toMatchObject({status: 404, message: "Process 'nope' not found", processName: 'nope', known: ['web', 'my worker']});
	});

	it('restarts one process by path and several by body, changing their PIDs', async () => {
		const {pilot, target} = await startServer();
		const before = pilot.getRunningProcess('web')!.pid;
		const reply = await requestJson<{ok: boolean; processes: ProcessEntry[]}>(target, 'POST', '/processes/web/restart');
		expect(reply.ok).toBe(true);
		expect(reply.processes[0]!.pid).not.toBe(before);
		expect(reply.processes[0]!.pid).toBe(pilot.getRunningProcess('web')!.pid);
		await requestJson(target, 'POST', '/restart', {names: ['web', 'db']});
		expect(pilot.calls).toEqual(['restart web', 'restart web,db']);
	});

	it('refuses an action naming an unknown process and runs none of it', async () => {
		const {pilot, target} = await startServer();
		await expect(requestJson(target, 'POST', '/restart', {names: ['web', 'ghost']})).rejects.toMatchObject({status: 404, message: "Process 'ghost' not found"});
		expect(pilot.calls).toEqual([]);
	});

	it('stops and starts processes', async () => {
		const {pilot, target} = await startServer();
		await requestJson(target, 'POST', '/stop', {names: ['db']});
		expect((await requestJson<ProcessEntry>(target, 'GET', '/processes/db')).status).toBe('stopped');
		await requestJson(target, 'POST', '/processes/db/start');
		expect((await requestJson<ProcessEntry>(target, 'GET', '/processes/db')).status).toBe('running');
		expect(pilot.calls).toEqual(['stop db', 'start db']);
	});

	it('returns the last N log lines of a process', async () => {
		const {pilot, target} = await startServer();
		for (let index = 0; index < 10; index++) {
			pilot.addLog(index % 2 === 0 ? 'web' : 'db', `line ${index}`);
		}

		const {lines} = await requestJson<{lines: Array<{text: string}>}>(target, 'GET', '/processes/web/logs?lines=2');
		expect(lines.map(line => line.text)).toEqual(['line 6', 'line 8']);
		const all = await requestJson<{lines: Array<{text: string}>}>(target, 'GET', '/logs?lines=3');
		expect(all.lines.map(line => line.text)).toEqual(['line 7', 'line 8', 'line 9']);
	});

	it('stops the pilot on POST /v1/shutdown after replying', async () => {
		const {pilot, target} = await startServer();
		const reply = await requestJson<{ok: boolean}>(target, 'POST', '/shutdown');
		expect(reply.ok).toBe(true);
		await expect.poll(() => pilot.calls).toContain('stop-pilot');
	});
});

describe('event stream', () => {
	it('sends hello, the recent logs, a snapshot, then changed rows only, and events as NDJSON', async () => {
		const {pilot, server} = await startServer();
		pilot.addLog('web', 'before');
		const messages = await readStream(
			server.socketPath,
			list => list.some(message => message.type === 'logs' && message.lines.some(line => line.text === 'after')) && list.some(message => message.type === 'update'),
			() => {
				void pilot.restartProcesses('web');
				pilot.addLog('web', 'after');
			},
		);
		expect(messages[0]).toMatchObject({type: 'hello', host: os.hostname(), pid: process.pid});
		expect(messages[1]).toMatchObject({type: 'logs', reset: true, lines: [{text: 'before'}]});
		const snapshots = messages.filter(message => message.type === 'snapshot');
		expect(snapshots).toHaveLength(1);
		expect(snapshots[0]!.snapshot.host).toBe(os.hostname());
		const update = messages.find((message): message is Extract<StreamMessage, {type: 'update'}> => message.type === 'update')!;
		expect(update.order).toEqual(['web', 'db']);
		expect(update.rows.map(row => [row.name, row.restarts])).toEqual([['web', 1]]);
		expect(update.snapshot.host).toBe(os.hostname());
		expect(messages).toContainEqual(expect.objectContaining({type: 'event', name: 'process-restarted'}));
	});

	it('speaks Server-Sent Events when asked', async () => {
		const {server} = await startServer();
		const text = await new Promise<string>((resolve, reject) => {
			const request = http.get({socketPath: server.socketPath, path: '/v1/events', headers: {accept: 'text/event-stream'}, agent: false}, response => {
				expect(response.headers['content-type']).toContain('text/event-stream');
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					body += chunk;
					if (body.includes('event: snapshot')) {
						request.destroy();
						resolve(body);
					}
				});
			});
			request.on('error', reject);
		});
		expect(text).toMatch(/^event: hello\ndata: \{.*"type":"hello"/);
		expect(text).toContain('\n\nevent: snapshot\ndata: {');
	});

	it('ends open streams at once when the server stops', async () => {
		const {server} = await startServer();
		let opened: () => void = () => undefined;
		const isOpen = new Promise<void>(resolve => {
			opened = resolve;
		});
		const ended = new Promise<string>(resolve => {
			http.get({socketPath: server.socketPath, path: '/v1/events', agent: false}, response => {
				response.resume();
				response.once('data', () => {
					opened();
				});
				response.on('close', () => {
					resolve('closed');
				});
			});
		});
		await isOpen;
		await server.stop();
		await expect(ended).resolves.toBe('closed');
	});
});

describe('robustness', () => {
	it('answers malformed JSON, unknown routes and wrong methods with errors', async () => {
		const {server} = await startServer();
		const malformed = await raw(server.socketPath, 'POST', '/v1/restart', '{"names": [');
		expect(malformed.status).toBe(400);
		expect((JSON.parse(malformed.text) as {error: string}).error).toMatch(/^Malformed JSON/);
		const badBody = await raw(server.socketPath, 'POST', '/v1/restart', '{"names": 3}');
		expect(badBody.status).toBe(400);
		expect((await raw(server.socketPath, 'GET', '/v1/nothing')).status).toBe(404);
		expect((await raw(server.socketPath, 'GET', '/')).status).toBe(404);
		expect((await raw(server.socketPath, 'DELETE', '/v1/processes')).status).toBe(405);
		expect((await raw(server.socketPath, 'GET', '/v1/processes/%E0%A4%A/logs')).status).toBe(400);
		expect((await raw(server.socketPath, 'GET', '/v1/logs?lines=-4')).status).toBe(400);
	});

	it('answers garbage and oversized headers with an error and keeps serving', async () => {
		const {server, target} = await startServer();
		const answer = async (bytes: string) => new Promise<string>(resolve => {
			const socket = net.connect(server.socketPath);
			sockets.push(socket);
			let text = '';
			socket.setEncoding('utf8');
			socket.on('data', (chunk: string) => {
				text += chunk;
			});
			socket.on('close', () => {
				resolve(text);
			});
			socket.on('error', () => undefined);
			socket.write(bytes);
		});
		expect(await answer('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
		expect(await answer(`GET /v1/processes HTTP/1.1\r\nx-big: ${'a'.repeat(40_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
		expect((await requestJson<ProcessList>(target, 'GET', '/processes')).processes).toHaveLength(2);
	});

	it('refuses a huge body with 413 and keeps serving', async () => {
		const {server, target} = await startServer();
		const huge = await raw(server.socketPath, 'POST', '/v1/restart', Buffer.alloc(5 * 1024 * 1024, 'a'));
		expect(huge.status).toBe(413);
		expect((await requestJson<ProcessList>(target, 'GET', '/processes')).processes).toHaveLength(2);
	});

	/** POST `totalBytes` as fast as the server takes them; resolves with the status and how much it took. */
	async function pump(socketPath: string, route: string, totalBytes: number, isChunked: boolean): Promise<{status: number; sentBytes: number}> {
		const block = Buffer.alloc(64 * 1024, 'a');
		return new Promise(resolve => {
			let sentBytes = 0;
			let status = 0;
			const headers = isChunked ? {'transfer-encoding': 'chunked'} : {'content-length': String(totalBytes)};
			const request = http.request({socketPath, method: 'POST', path: route, agent: false, headers}, response => {
				status = response.statusCode ?? 0;
				response.resume();
			});
			const finish = () => {
				resolve({status, sentBytes});
			};

			request.on('error', finish);
			request.on('close', finish);
			const write = () => {
				while (sentBytes < totalBytes && !request.destroyed) {
					sentBytes += block.length;
					if (!request.write(block)) {
						request.once('drain', write);
						return;
					}
				}

				request.end();
			};

			write();
		});
	}

	it('refuses a 30 MB body to any route with 413 without reading it, chunked bodies included', async () => {
		const {server, target} = await startServer();
		const total = 30 * 1024 * 1024;
		for (const route of ['/v1/processes/web/restart', '/v1/restart', '/v1/nothing']) {
			const declared = await pump(server.socketPath, route, total, false);
			expect(declared.status, route).toBe(413);
			expect(declared.sentBytes, route).toBeLessThan(8 * 1024 * 1024);
		}

		// Without a declared length, a route that takes no body answers and closes instead of reading on.
		const chunked = await pump(server.socketPath, '/v1/processes/web/restart', total, true);
		expect(chunked.sentBytes).toBeLessThan(8 * 1024 * 1024);
		expect((await requestJson<ProcessList>(target, 'GET', '/processes')).processes).toHaveLength(2);
	});

	it('serves many clients at once', async () => {
		const {target} = await startServer();
		const replies = await Promise.all(Array.from({length: 200}, async () => requestJson<ProcessList>(target, 'GET', '/processes')));
		expect(replies.every(reply => reply.processes.length === 2)).toBe(true);
	});

	it('keeps serving while a client dribbles half a request', async () => {
		const {server, target} = await startServer();
		const slow = net.connect(server.socketPath);
		sockets.push(slow);
		slow.write('GET /v1/processes HTTP/1.1\r\nhost: x\r\n');
		const reply = await requestJson<ProcessList>(target, 'GET', '/processes');
		expect(reply.processes).toHaveLength(2);
	});

	it('cuts off a stream client that does not read', async () => {
		const {pilot, server, target} = await startServer(new FakePilot(['web']), {stream: {maxBufferedBytes: 64 * 1024, stallTimeoutMs: 500}});
		const reader = net.connect(server.socketPath);
		sockets.push(reader);
		reader.write('GET /v1/events HTTP/1.1\r\nhost: x\r\n\r\n');
		reader.pause();
		// The stream is open once it listens to the pilot's events; it is cut off once it stops listening.
		const isStreaming = () => pilot.listenerCount('state-changed') > 0;
		await waitUntil(isStreaming, 10_000, 'the stream to open');
		const text = 'x'.repeat(1000);
		// 100 lines per poll until the server gives up on the client that reads nothing.
		await waitUntil(() => {
			for (let index = 0; index < 100; index++) {
				pilot.addLog('web', text);
			}

			return !isStreaming();
		}, 20_000, 'the server to cut the stream off');
		expect((await requestJson<ProcessList>(target, 'GET', '/processes')).processes).toHaveLength(1);
		// Reading now drains what the kernel held, then meets the end of a stream that was cut off.
		const closed = new Promise<void>(resolve => reader.once('close', () => {
			resolve();
		}));
		reader.resume();
		await closed;
		expect(reader.bytesRead).toBeLessThan(4 * 1000 * 1000);
	});
});

describe('TCP listener', () => {
	it('needs a token of at least 20 characters', () => {
		expect(() => new HttpControlServer(new FakePilot(['web']), {socketPath: path.join(directory, 'x.sock'), tcpPort: 0, token: 'short'}))
			.toThrow('PILOT_TOKEN of at least 20 characters');
	});

	it('listens on 127.0.0.1 only and answers only with the token', async () => {
		const token = 'a-token-of-sufficient-length';
		const {server} = await startServer(undefined, {tcpPort: 0, token});
		const port = server.tcpPort!;
		expect(port).toBeGreaterThan(0);
		const get = async (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
			http.get({host: '127.0.0.1', port, path: '/v1/processes', headers, agent: false}, response => {
				response.resume();
				resolve(response.statusCode ?? 0);
			}).on('error', reject);
		});
		expect(await get({})).toBe(401);
		expect(await get({authorization: 'Bearer wrong-token-wrong-token'})).toBe(401);
		expect(await get({authorization: `Bearer ${token}`})).toBe(200);
		const list = await requestJson<ProcessList>({kind: 'tcp', host: '127.0.0.1', port, token}, 'GET', '/processes');
		expect(list.processes).toHaveLength(2);
		const external = Object.values(os.networkInterfaces()).flat().find(address => address?.family === 'IPv4' && !address.internal);
		if (external) {
			const refused = await new Promise<string>(resolve => {
				net.connect(port, external.address).on('connect', () => {
					resolve('connected');
				}).on('error', (error: NodeJS.ErrnoException) => {
					resolve(error.code ?? 'error');
				});
			});
			expect(refused).toBe('ECONNREFUSED');
		}
	});
});

describe('settings from the environment', () => {
	it('adds the TCP listener only with PILOT_HTTP_PORT, and checks the ports', () => {
		expect(controlOptionsFromEnv({})).toEqual({});
		expect(controlOptionsFromEnv({PILOT_HTTP_PORT: '7070', PILOT_TOKEN: 'x'.repeat(24)})).toEqual({httpPort: 7070, token: 'x'.repeat(24)});
		expect(controlOptionsFromEnv({PILOT_SOCKET: '/tmp/p.sock', PILOT_TCP_PORT: '0'})).toEqual({socketPath: '/tmp/p.sock', tcpPort: 0});
		expect(() => controlOptionsFromEnv({PILOT_HTTP_PORT: 'seventy'})).toThrow("PILOT_HTTP_PORT must be a port number (0-65535), got 'seventy'");
	});

	it('reaches the control server as the factory options, not through the environment', async () => {
		const socketPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-options-')), 'given.sock');
		const server = createHttpControlServer(new FakePilot(['web']), {socketPath});
		if (!(server instanceof HttpControlServer)) {
			throw new TypeError('createHttpControlServer did not make an HttpControlServer');
		}

		expect(server.socketPath).toBe(socketPath);
	});
});
