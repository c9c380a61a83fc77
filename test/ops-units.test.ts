import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {planControlSocket} from '../source/commands/control-plan.js';
import {formatStartSummary, isUp} from '../source/commands/start-summary.js';
import {parseHangupMode} from '../source/pilot/manifest/hangup-mode.js';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {defaultSocketPath} from '../source/pilot/plugins/control/control-socket.js';
import type {ProcessEntry, ProcessList} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson} from '../source/remote/client.js';
import {listLivePilots} from '../source/remote/live-pilots.js';
import {formatPilotTable, shortenHome, toListEntry} from '../source/remote/pilot-list.js';
import {controlFixtures, runCli} from './fixtures/control/cli.js';
import {thrown} from './helpers/manifest-error.js';
import {isAlive, waitFor} from './helpers/proc.js';

function entry(name: string, status: string, extra: Partial<ProcessEntry> = {}): ProcessEntry {
	return {
		name, status, pid: status === 'running' ? 100 : null, returnCode: null, ready: status === 'running', cpuPercent: 0, memoryMb: 0,
		maxCpuPercent: 0, maxMemoryMb: 0, restarts: 0, startedAt: null, lastExit: null, reason: null, dependencies: [], ...extra,
	} as unknown as ProcessEntry;
}

let directory: string;
const servers: net.Server[] = [];
const children: ChildProcess[] = [];
const savedRuntime = process.env['XDG_RUNTIME_DIR'];

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-ops-'));
	process.env['XDG_RUNTIME_DIR'] = directory;
});

afterEach(async () => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}

	await Promise.all(servers.splice(0).map(async server => new Promise(resolve => {
		server.close(resolve);
	})));
	if (savedRuntime === undefined) {
		delete process.env['XDG_RUNTIME_DIR'];
	} else {
		process.env['XDG_RUNTIME_DIR'] = savedRuntime;
	}

	fs.rmSync(directory, {recursive: true, force: true});
});

describe('the summary a detached start prints', () => {
	it('counts running and completed processes as up, anything else not', () => {
		expect(['running', 'completed', 'failed', 'backoff', 'stopped', 'starting'].map(state => isUp(entry('x', state)))).toEqual([true, true, false, false, false, false]);
	});

	it('prints one aligned line per process with state, ready, pid and why it is not up', () => {
		expect(formatStartSummary([entry('api', 'running'), entry('never-ready', 'failed', {reason: 'no ready file'})])).toEqual([
			'  api          running  ready      pid 100',
			'  never-ready  failed   -          no ready file',
		]);
	});
});

describe('pilot-tui ls output', () => {
	const list = {host: 'box', pid: 42, title: 'app.yml', isRunning: true, startedAt: 1_000, manifest: `${os.homedir()}/app/app.yml`, processes: [entry('a', 'running'), entry('b', 'failed')]} as unknown as ProcessList;

	it('gives uptime and running/total per pilot, and marks one that did not answer', () => {
		expect(toListEntry({socketPath: '/run/a.sock', list}, 66_000)).toEqual({
			manifest: `${os.homedir()}/app/app.yml`, title: 'app.yml', pid: 42, host: 'box', startedAt: 1000, uptimeSec: 65, running: 1, total: 2, socket: '/run/a.sock', isResponding: true,
		});
		expect(formatPilotTable([{socketPath: '/run/a.sock', list}, {socketPath: '/run/b.sock', list: null}], 66_000)).toBe([
			'MANIFEST          PID  UPTIME  RUNNING  SOCKET',
			'~/app/app.yml      42  1m 05s  1/2      /run/a.sock',
			'(not responding)    -  -       -        /run/b.sock',
		].join('\n'));
	});

	it('shortens the home folder only as a whole path segment', () => {
		expect(shortenHome('/home/ann/app.yml', '/home/ann')).toBe('~/app.yml');
		expect(shortenHome('/home/anna/app.yml', '/home/ann')).toBe('/home/anna/app.yml');
	});

	it('removes a socket nobody accepts on (a SIGKILLed pilot) and skips files that are not sockets', async () => {
		const runtime = path.join(directory, 'pilot-tui');
		fs.mkdirSync(runtime, {mode: 0o700});
		const stale = path.join(runtime, 'stale-1.sock');
		const holder = spawn(process.execPath, [path.join(controlFixtures, 'hold-socket.mjs'), stale], {stdio: ['ignore', 'pipe', 'inherit']});
		children.push(holder);
		await new Promise(resolve => holder.stdout.once('data', resolve));
		holder.kill('SIGKILL');
		await waitFor(() => !isAlive(holder.pid!), 5000);
		fs.writeFileSync(path.join(runtime, 'not-a-socket.sock'), '');
		expect(await listLivePilots()).toEqual([]);
		expect(fs.readdirSync(runtime)).toEqual(['not-a-socket.sock']);
	});
});

describe('the control socket a pilot serves', () => {
	it('is none with --no-control, the one given, else the manifest\'s default', async () => {
		const manifest = path.join(directory, 'app.yml');
		expect(await planControlSocket(manifest, {control: false}, {mayFallBack: true})).toBeNull();
		expect(await planControlSocket(manifest, {socket: 'x.sock'}, {mayFallBack: true})).toBe(path.resolve('x.sock'));
		expect(await planControlSocket(manifest, {}, {mayFallBack: true})).toBe(defaultSocketPath(manifest));
	});

	it('is a socket of its own (named by pid) when another pilot of the manifest serves the default one, unless detached', async () => {
		const manifest = path.join(directory, 'app.yml');
		const taken = defaultSocketPath(manifest);
		fs.mkdirSync(path.dirname(taken), {recursive: true, mode: 0o700});
		const server = net.createServer(socket => socket.end());
		servers.push(server);
		await new Promise<void>(resolve => {
			server.listen(taken, resolve);
		});
		expect(await planControlSocket(manifest, {}, {mayFallBack: true})).toBe(taken.replace(/\.sock$/, `.${process.pid}.sock`));
		expect(await planControlSocket(manifest, {}, {mayFallBack: false})).toBe(taken);
	});
});

describe('on_hangup', () => {
	it('defaults to stop and accepts detach', () => {
		expect(ProcessManifest.fromObject({processes: [{name: 'a', path: 'sleep'}]}).on_hangup).toBe('stop');
		expect(ProcessManifest.fromObject({on_hangup: 'detach', processes: [{name: 'a', path: 'sleep'}]}).on_hangup).toBe('detach');
	});

	it('rejects anything else with the valid choices', () => {
		expect(thrown(() => ProcessManifest.fromObject({on_hangup: 'ignore', processes: [{name: 'a', path: 'sleep'}]})).message).toMatch(/on_hangup.*stop.*detach/);
		expect(() => parseHangupMode('ignore')).toThrow('--on-hangup must be one of stop, detach, got \'ignore\'');
	});

	it('detach keeps a headless pilot on a terminal running through SIGHUP; SIGTERM still stops it', async () => {
		// `script` gives the pilot a terminal: without one, SIGHUP means "reload" (a daemon's convention).
		const socket = path.join(directory, 'hup.sock');
		const command = [process.execPath, '--import', 'tsx', path.join(controlFixtures, '../../../source/cli.tsx'), path.join(controlFixtures, 'attach.yml'), '--no-tui', '--on-hangup', 'detach', '--socket', socket].join(' ');
		const terminal = spawn('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'inherit']});
		children.push(terminal);
		let output = '';
		terminal.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		expect(await waitFor(() => output.includes('running (pid'), 30_000)).toBe(true);
		expect(await waitFor(() => fs.existsSync(socket), 10_000)).toBe(true);
		const {pid} = await requestJson<{pid: number}>({kind: 'unix', socketPath: socket}, 'GET', '/info');
		process.kill(pid, 'SIGHUP');
		expect(await waitFor(() => output.includes('SIGHUP: the terminal is gone; running on'), 10_000)).toBe(true);
		const status = await runCli(['ctl', 'status', '--json', '--socket', socket]);
		expect(status.code).toBe(0);
		expect((JSON.parse(status.stdout) as ProcessEntry[]).map(process => process.status)).toEqual(['running', 'running', 'running']);
		process.kill(pid, 'SIGTERM');
		expect(await waitFor(() => !isAlive(pid), 20_000)).toBe(true);
	}, 60_000);
});
