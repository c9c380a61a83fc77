import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ProcessManifest} from '../source/pilot/manifest/process-manifest.js';
import {ProcessPilot} from '../source/pilot/pilot.js';
import {HttpControlPlugin} from '../source/pilot/plugins/control/http/http-control.js';
import {controlFixtures, runCli} from './fixtures/control/cli.js';

const manifestPath = path.join(controlFixtures, 'ctl.yml');
let directory: string;
let socketPath: string;
const pilots: ProcessPilot[] = [];
const children: ChildProcess[] = [];

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-ctl-'));
	socketPath = path.join(directory, 'ctl.sock');
	process.env['PILOT_SOCKET'] = socketPath;
});

afterEach(async () => {
	for (const child of children.splice(0)) {
		child.kill('SIGKILL');
	}

	await Promise.all(pilots.splice(0).map(async pilot => pilot.stop()));
	delete process.env['PILOT_SOCKET'];
	fs.rmSync(directory, {recursive: true, force: true});
});

async function startPilot(): Promise<ProcessPilot> {
	const pilot = new ProcessPilot(ProcessManifest.fromFile(manifestPath), {processPollInterval: 0.2, controlServer: {socketPath}});
	pilot.registerPlugins([new HttpControlPlugin()]);
	pilots.push(pilot);
	await pilot.start();
	return pilot;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function ctl(...args: string[]) {
	return runCli(['ctl', ...args, '--socket', socketPath]);
}

describe('pilot-tui ctl', () => {
	it('restart web changes its PID', async () => {
		const pilot = await startPilot();
		const before = pilot.getRunningProcess('web')!.pid!;
		const result = await ctl('restart', 'web');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const after = pilot.getRunningProcess('web')!.pid!;
		expect(after).not.toBe(before);
		expect(result.stdout).toBe(`Restarted web: running (pid ${after})\n`);
		expect(isAlive(after)).toBe(true);
		expect(isAlive(before)).toBe(false);
	});

	it('status --json matches getRunningProcess()', async () => {
		const pilot = await startPilot();
		const result = await ctl('status', '--json');
		expect(result.code).toBe(0);
		const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
		const statuses = entries.map(({name, pid, status, returnCode}) => ({name, pid, status, returnCode}));
		expect(statuses).toEqual(pilot.getRunningProcess());
		expect(entries.map(entry => entry['name'])).toEqual(pilot.getSnapshot().processes.map(row => row.name));
		expect(entries[0]).toHaveProperty('cpuPercent');
		expect(entries[0]).toHaveProperty('memoryMb');
	});

	it('status prints a table a person can read', async () => {
		const pilot = await startPilot();
		const result = await ctl('status');
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe(`ctl.yml on ${os.hostname()} (pilot pid ${process.pid}): 3/3 running`);
		expect(lines[1]).toMatch(/^NAME\s+STATE\s+PID\s+CPU%\s+MEM\s+UPTIME\s+RESTARTS/);
		const web = lines.find(line => line.startsWith('web '))!;
		expect(web).toMatch(new RegExp(`^web\\s+running\\s+${pilot.getRunningProcess('web')!.pid}\\s+\\d+\\.\\d\\s+\\d+\\.\\d MB\\s+\\d+s\\s+0$`));
		expect(lines.some(line => line.startsWith('my worker '))).toBe(true);
	});

	it('stops and starts a process whose name has a space', async () => {
		const pilot = await startPilot();
		const pid = pilot.getRunningProcess('my worker')!.pid!;
		const stopped = await ctl('stop', 'my worker');
		expect(stopped.code).toBe(0);
		expect(stopped.stdout).toBe('Stopped my worker: stopped\n');
		expect(pilot.getRunningProcess('my worker')).toBeUndefined();
		expect(isAlive(pid)).toBe(false);
		const started = await ctl('start', 'my worker');
		expect(started.code).toBe(0);
		expect(pilot.getRunningProcess('my worker')!.status).toBe('running');
	});

	it('logs prints the last N lines of a process', async () => {
		const pilot = await startPilot();
		await expect.poll(() => pilot.getLogs('web').length, {timeout: 5000}).toBeGreaterThanOrEqual(3);
		const result = await ctl('logs', 'web', '--lines', '2');
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines.every(line => line.startsWith('web '))).toBe(true);
		const all = await ctl('logs', '--lines', '5', '--json');
		expect((JSON.parse(all.stdout) as unknown[]).length).toBe(5);
	});

	it('exits 1 with a clear message for an unknown name, and touches nothing', async () => {
		const pilot = await startPilot();
		const before = pilot.getRunningProcess().map(status => status.pid);
		for (const args of [['restart', 'web', 'ghost'], ['status', 'ghost'], ['logs', 'ghost']]) {
			const result = await ctl(...args);
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/^pilot-tui: Process 'ghost' not found \(known: (db|web|my worker), (db|web|my worker), (db|web|my worker)\)\n$/);
			expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
		}

		expect(pilot.getRunningProcess().map(status => status.pid)).toEqual(before);
	});

	it('exits 1 with a clear message when no pilot is running', async () => {
		const result = await ctl('status');
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`pilot-tui: No pilot is running on ${socketPath}\n`);
		const usage = await ctl('frobnicate');
		expect(usage.code).toBe(1);
		expect(usage.stderr).toContain("Unknown ctl command 'frobnicate'");
	});

	it('finds the pilot through PILOT_SOCKET without --socket', async () => {
		await startPilot();
		const result = await runCli(['ctl', 'status', '--json'], {PILOT_SOCKET: socketPath});
		expect(result.code).toBe(0);
		expect((JSON.parse(result.stdout) as unknown[]).length).toBe(3);
	});
});

describe('a second pilot on the same manifest', () => {
	it('refuses the socket of a live pilot with a clear message', async () => {
		await startPilot();
		const second = new ProcessPilot(ProcessManifest.fromFile(manifestPath), {controlServer: {socketPath}});
		second.registerPlugins([new HttpControlPlugin()]);
		pilots.push(second);
		await expect(second.start()).rejects.toThrow(`Another pilot is already running on ${socketPath}`);
		expect((await ctl('status', '--json')).code).toBe(0);
	});

	it('takes over the stale socket of a crashed pilot', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', path.join(controlFixtures, 'pilot-child.ts'), manifestPath, socketPath], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		children.push(child);
		await new Promise(resolve => child.stdout.once('data', resolve));
		expect(fs.statSync(socketPath).isSocket()).toBe(true);
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('exit', resolve));
		expect(fs.existsSync(socketPath)).toBe(true);
		const pilot = await startPilot();
		const result = await ctl('status', '--json');
		expect(result.code).toBe(0);
		expect((JSON.parse(result.stdout) as Array<{pid: number}>).map(entry => entry.pid)).toEqual(pilot.getRunningProcess().map(status => status.pid));
	});
});
