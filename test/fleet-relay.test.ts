import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {HttpControlServer} from '../source/pilot/plugins/control/http/http-control.js';
import {PilotNotRunningError} from '../source/remote/client.js';
import {FleetPilot} from '../source/remote/fleet/fleet-pilot.js';
import {localLink} from '../source/remote/fleet/local-link.js';
import {runRelay} from '../source/remote/fleet/relay.js';
import type {RelayMessage} from '../source/remote/fleet/relay-protocol.js';
import {FakePilot} from './fixtures/control/fake-pilot.js';

let directory: string;
let socketPath: string;
const servers: HttpControlServer[] = [];

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-relay-'));
	socketPath = path.join(directory, 'pilot.sock');
});

afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.stop()));
	fs.rmSync(directory, {recursive: true, force: true});
});

async function serve(pilot: FakePilot): Promise<HttpControlServer> {
	const server = new HttpControlServer(pilot, {socketPath});
	servers.push(server);
	await server.start();
	return server;
}

/** The relay's output as parsed messages, as they arrive. */
function collect(output: PassThrough): RelayMessage[] {
	const messages: RelayMessage[] = [];
	let pending = '';
	output.setEncoding('utf8').on('data', (chunk: string) => {
		pending += chunk;
		const lines = pending.split('\n');
		pending = lines.pop()!;
		messages.push(...lines.map(line => JSON.parse(line) as RelayMessage));
	});
	return messages;
}

describe('ctl stream (the relay)', () => {
	it('relays the event stream and answers requests in the same output, until its input ends', async () => {
		const pilot = new FakePilot(['web', 'db']);
		await serve(pilot);
		const input = new PassThrough();
		const output = new PassThrough();
		const messages = collect(output);
		const relay = runRelay({kind: 'unix', socketPath}, {input, output});
		await expect.poll(() => messages.map(message => message.type), {timeout: 10_000}).toEqual(expect.arrayContaining(['hello', 'logs', 'snapshot']));
		input.write('{"id":7,"method":"POST","route":"/restart","body":{"names":["web"]}}\n');
		input.write('{"id":8,"method":"POST","route":"/restart","body":{"names":["nope"]}}\nnot json\n');
		await expect.poll(() => messages.filter(message => message.type === 'reply').length, {timeout: 10_000}).toBe(3);
		const replies = Object.fromEntries(messages.flatMap(message => message.type === 'reply' ? [[message.id, message]] : []));
		expect(replies[7]).toMatchObject({status: 200});
		expect(replies[8]).toMatchObject({status: 404});
		expect(replies[-1]).toMatchObject({status: 400, error: expect.stringContaining('Unreadable request')});
		expect(pilot.calls).toEqual(['restart web']);
		input.end();
		await expect(relay).resolves.toBeUndefined();
	});

	it('fails at once when no pilot is there, and says the pilot went away when it stops', async () => {
		await expect(runRelay({kind: 'unix', socketPath}, {output: new PassThrough()})).rejects.toBeInstanceOf(PilotNotRunningError);
		const server = await serve(new FakePilot(['web']));
		const output = new PassThrough();
		const messages = collect(output);
		const relay = runRelay({kind: 'unix', socketPath}, {output});
		await expect.poll(() => messages.some(message => message.type === 'snapshot'), {timeout: 10_000}).toBe(true);
		const ended = expect(relay).rejects.toThrow('the pilot went away');
		await server.stop();
		await ended;
	});
});

describe('a local pilot in a fleet', () => {
	it('connects through its socket, acts on it, and shows no pilot when it is gone', async () => {
		const pilot = new FakePilot(['web']);
		const server = await serve(pilot);
		const fleet = new FleetPilot([{label: 'local', openLink: localLink(socketPath)}], {retryDelayMs: 50, maxRetryDelayMs: 100});
		fleet.start();
		try {
			await expect.poll(() => fleet.getSnapshot().processes.map(row => row.name), {timeout: 10_000}).toEqual(['local/web']);
			await fleet.restartProcesses('local/web');
			expect(pilot.calls).toEqual(['restart web']);
			await server.stop();
			await expect.poll(() => fleet.getSnapshot().processes[0]?.reason, {timeout: 10_000}).toBe('unreachable: no pilot');
			await serve(pilot);
			await expect.poll(() => fleet.getSnapshot().processes.map(row => row.name), {timeout: 10_000}).toEqual(['local/web']);
		} finally {
			fleet.close();
		}
	});
});
