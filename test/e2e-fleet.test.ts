import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {isSocketAlive} from '../source/pilot/plugins/control/control-socket.js';
import type {ProcessEntry, ProcessList} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson} from '../source/remote/client.js';
import {controlFixtures} from './fixtures/control/cli.js';
import {buildCli, interactiveEnv} from './helpers/build-cli.js';
import {isAlive, killQuietly, waitFor} from './helpers/proc.js';
import {startSshd, type TestSshd} from './helpers/sshd.js';

// Two pilots behind a real sshd on 127.0.0.1 (reached as the ssh config aliases alpha and beta) and
// one local pilot, in one table. sshd runs as root and logs in as root, so the "remote" pilots are
// pilots of this machine on sockets of their own, reached through ssh all the same.
const hasSshd = fs.existsSync('/usr/sbin/sshd') && process.getuid?.() === 0;
let build: ReturnType<typeof buildCli> | undefined;
let sshd: TestSshd | undefined;
let directory: string;
const pilots = new Map<string, ChildProcess>();
const tmuxSocket = `pilot-fleet-${process.pid}`;

const socketOf = (name: string) => path.join(directory, `${name}.sock`);

function env(): NodeJS.ProcessEnv {
	return {...interactiveEnv(), PATH: `${sshd!.binDirectory}:${process.env['PATH']}`, PILOT_SOCKET: undefined};
}

const remoteCommand = () => `${process.execPath} ${build!.cli}`;

async function list(name: string): Promise<ProcessList> {
	return requestJson<ProcessList>({kind: 'unix', socketPath: socketOf(name)}, 'GET', '/processes');
}

async function startPilot(name: string, manifest: string): Promise<void> {
	const log = fs.openSync(path.join(directory, `${name}.log`), 'a');
	const child = spawn(process.execPath, [build!.cli, path.join(controlFixtures, manifest), '--no-tui', '--socket', socketOf(name)], {stdio: ['ignore', log, log], env: env()});
	fs.closeSync(log);
	pilots.set(name, child);
	const isUp = await waitFor(async () => child.exitCode !== null
		|| (await isSocketAlive(socketOf(name)) && (await list(name)).processes.every(entry => entry.status === 'running')), 20_000);
	if (!isUp || child.exitCode !== null) {
		throw new Error(`Pilot ${name} did not come up:\n${fs.readFileSync(path.join(directory, `${name}.log`), 'utf8')}`);
	}
}

async function stopPilot(name: string): Promise<void> {
	const child = pilots.get(name)!;
	child.kill('SIGTERM');
	await waitFor(() => child.exitCode !== null || child.signalCode !== null, 20_000);
}

function tmux(...args: string[]): string {
	return spawnSync('tmux', ['-L', tmuxSocket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: env()}).stdout;
}

async function waitForScreen(predicate: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
	let screen = '';
	if (!await waitFor(() => predicate(screen = tmux('capture-pane', '-p', '-t', 'main')), timeoutMs)) {
		throw new Error(`Screen never matched. Last screen:\n${screen}`);
	}

	return screen;
}

/** The screen line of one row: HOST then NAME. */
function rowOf(screen: string, host: string, name: string): string | undefined {
	return screen.split('\n').find(line => new RegExp(`^\\S\\s+${host}\\s+${name}\\s`).test(line));
}

function ctl(...args: string[]): {status: number | null; stdout: string; stderr: string} {
	return spawnSync(process.execPath, [build!.cli, 'ctl', ...args], {encoding: 'utf8', env: env(), timeout: 60_000});
}

beforeAll(async () => {
	if (!hasSshd) {
		return;
	}

	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-fleet-'));
	build = buildCli('e2e-fleet');
	sshd = await startSshd(directory, ['alpha', 'beta']);
	await Promise.all([startPilot('alpha', 'attach.yml'), startPilot('beta', 'ctl.yml'), startPilot('local', 'attach.yml')]);
}, 180_000);

afterAll(async () => {
	if (!hasSshd) {
		return;
	}

	tmux('kill-server');
	const pids = [...pilots.values()].flatMap(child => child.exitCode === null && child.signalCode === null ? [child.pid!] : []);
	killQuietly(pids, 'SIGTERM');
	await waitFor(() => pids.every(pid => !isAlive(pid)), 10_000);
	await sshd?.stop();
	build?.remove();
	fs.rmSync(directory, {recursive: true, force: true});
});

describe.skipIf(!hasSshd)('a fleet over a real sshd', () => {
	it('shows three pilots in one table; r restarts on the row\'s host; a stopped pilot is one unreachable row and comes back', async () => {
		const fleetFile = path.join(directory, 'pilot-fleet.yml');
		fs.writeFileSync(fleetFile, `title: prod\nremote_command: ${remoteCommand()}\nhosts:\n  - alpha#${socketOf('alpha')}\n  - target: beta#${socketOf('beta')}\n`);
		tmux('new-session', '-d', '-s', 'main', '-x', '150', '-y', '32', `${process.execPath} ${build!.cli} attach -f ${fleetFile} --socket ${socketOf('local')}; echo "ATTACH-EXIT:$?"; sleep 600`);
		const alphaBefore = await list('alpha');
		let screen = await waitForScreen(text => text.includes('running 9/9') && text.includes('alpha 3/3') && text.includes('beta 3/3') && text.includes('local 3/3'));
		expect(screen.split('\n')[0]).toMatch(/^prod · attached to 3 hosts/);
		for (const [host, name] of [['alpha', 'web'], ['beta', 'db'], ['local', 'my worker']] as const) {
			expect(rowOf(screen, host, name)).toContain('running');
		}

		// Filter to alpha's web (then the selected row) and restart it: only alpha's web changes.
		const webBefore = alphaBefore.processes.find(entry => entry.name === 'web')!.pid!;
		const localBefore = await list('local');
		tmux('send-keys', '-t', 'main', '/');
		await waitForScreen(text => text.includes('Enter keep'));
		tmux('send-keys', '-t', 'main', '-l', 'alpha/web');
		tmux('send-keys', '-t', 'main', 'Enter');
		await waitForScreen(text => text.includes('filter "alpha/web"') && rowOf(text, 'local', 'web') === undefined);
		tmux('send-keys', '-t', 'main', 'r');
		await expect.poll(async () => (await list('alpha')).processes.find(entry => entry.name === 'web')!.pid, {timeout: 20_000}).not.toBe(webBefore);
		expect((await list('local')).processes.map(entry => entry.pid)).toEqual(localBefore.processes.map(entry => entry.pid));
		const webAfter = (await list('alpha')).processes.find(entry => entry.name === 'web')!.pid!;
		await waitForScreen(text => rowOf(text, 'alpha', 'web')?.includes(String(webAfter)) === true);
		tmux('send-keys', '-t', 'main', '/');
		tmux('send-keys', '-t', 'main', 'Escape');
		await waitForScreen(text => rowOf(text, 'local', 'web') !== undefined);

		// beta's pilot stops: its rows become one unreachable row; the others keep updating.
		await stopPilot('beta');
		screen = await waitForScreen(text => /^\S\s+beta\s+(unreachable|reconnecting)/m.test(text) && text.includes('running 6/6'));
		expect(rowOf(screen, 'beta', 'db')).toBeUndefined();
		await requestJson({kind: 'unix', socketPath: socketOf('local')}, 'POST', '/restart', {names: ['db']});
		const localDb = (await list('local')).processes.find(entry => entry.name === 'db')!.pid!;
		await waitForScreen(text => rowOf(text, 'local', 'db')?.includes(String(localDb)) === true);
		await waitForScreen(text => text.includes('unreachable: no pilot'));

		// beta's pilot is back: its rows return without restarting attach.
		await startPilot('beta', 'ctl.yml');
		const betaWeb = (await list('beta')).processes.find(entry => entry.name === 'web')!.pid!;
		await waitForScreen(text => rowOf(text, 'beta', 'web')?.includes(String(betaWeb)) === true && text.includes('running 9/9'), 45_000);

		// q detaches from all: the pilots keep running, no ssh or relay is left behind.
		tmux('send-keys', '-t', 'main', 'q');
		screen = await waitForScreen(text => text.includes('ATTACH-EXIT:'));
		expect(screen).toContain('Detached from 3 hosts; the pilots keep running.');
		expect(screen).toContain('ATTACH-EXIT:0');
		expect([...pilots.values()].every(child => child.exitCode === null)).toBe(true);
		expect(await waitFor(() => spawnSync('pgrep', ['-f', `${build!.cli} ctl stream`]).status === 1, 10_000)).toBe(true);
	}, 240_000);

	it('ctl --host answers as local ctl, plus host; several hosts make one array', () => {
		const local = JSON.parse(ctl('status', '--json', '--socket', socketOf('alpha')).stdout) as ProcessEntry[];
		const result = ctl('--host', `alpha#${socketOf('alpha')}`, '--host', `beta#${socketOf('beta')}`, '--remote-command', remoteCommand(), 'status', '--json');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const merged = JSON.parse(result.stdout) as Array<ProcessEntry & {host: string}>;
		expect(merged.map(entry => `${entry.host}/${entry.name}`).sort()).toEqual(['alpha/db', 'alpha/my worker', 'alpha/web', 'beta/db', 'beta/my worker', 'beta/web']);
		const alpha = merged.filter(entry => entry.host === 'alpha').map(({host: _host, startedAt: _started, ...rest}) => ({...rest}));
		expect(alpha.map(entry => [entry.name, entry.pid, entry.status])).toEqual(local.map(entry => [entry.name, entry.pid, entry.status]));
		expect(Object.keys(merged[0]!).sort()).toEqual([...Object.keys(local[0]!), 'host'].sort());

		const restarted = ctl('--host', `alpha#${socketOf('alpha')}`, '--remote-command', remoteCommand(), 'restart', 'my worker');
		expect(restarted.status).toBe(0);
		expect(restarted.stdout).toMatch(/Restarted my worker: running \(pid \d+\)/);
	}, 120_000);

	it('refuses a bad target or fleet file with one line', () => {
		const attach = (...args: string[]) => spawnSync(process.execPath, [build!.cli, 'attach', ...args], {encoding: 'utf8', env: env(), timeout: 60_000});
		const badTarget = attach('web1', 'deploy@bad host');
		expect(badTarget.status).toBe(1);
		expect(badTarget.stderr).toBe('pilot-tui: Bad target \'deploy@bad host\': host \'bad host\' has characters ssh does not take\n');
		const missing = attach('-f', path.join(directory, 'nope.yml'));
		expect(missing.status).toBe(1);
		expect(missing.stderr).toMatch(/^pilot-tui: Cannot read fleet file .*nope\.yml: ENOENT[^\n]*\n$/);
	}, 120_000);

	it('says why a host cannot be reached, per host, and fails', () => {
		const result = ctl('--host', 'alpha:1', '--host', `beta#${path.join(directory, 'none.sock')}`, '--remote-command', remoteCommand(), 'status');
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/pilot-tui: alpha: connect to host 127\.0\.0\.1 port 1: Connection refused/);
		expect(result.stderr).toContain('pilot-tui: beta: no pilot');
	}, 120_000);
});
