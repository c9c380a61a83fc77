import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {isSocketAlive} from '../source/pilot/plugins/control/control-socket.js';
import type {ProcessList} from '../source/pilot/plugins/control/http/http-protocol.js';
import {requestJson, type ControlTarget} from '../source/remote/client.js';
import {controlFixtures} from './fixtures/control/cli.js';
import {buildCli, interactiveEnv} from './helpers/build-cli.js';
import {isAlive, killQuietly, waitFor} from './helpers/proc.js';

const manifest = path.join(controlFixtures, 'attach.yml');
const host = os.hostname();
let build: ReturnType<typeof buildCli>;
let directory: string;
let socketPath: string;
let target: ControlTarget;
let tmuxSocket: string;
const pilots: ChildProcess[] = [];

beforeAll(() => {
	build = buildCli('e2e-attach');
}, 120_000);

afterAll(() => {
	build.remove();
});

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-attach-'));
	socketPath = path.join(directory, 'pilot.sock');
	target = {kind: 'unix', socketPath};
	tmuxSocket = `pilot-attach-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
});

afterEach(async () => {
	tmux('kill-server');
	const children = pilots.splice(0);
	const pids = children.flatMap(child => child.exitCode === null && child.signalCode === null ? [child.pid!] : []);
	killQuietly(pids, 'SIGTERM');
	await waitFor(() => pids.every(pid => !isAlive(pid)), 10_000);
	killQuietly(pids);
	fs.rmSync(directory, {recursive: true, force: true});
});

function tmux(...args: string[]): string {
	return spawnSync('tmux', ['-L', tmuxSocket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()}).stdout;
}

async function waitForScreen(predicate: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
	let screen = '';
	if (!await waitFor(() => predicate(screen = tmux('capture-pane', '-p', '-t', 'main')), timeoutMs)) {
		throw new Error(`Screen never matched. Last screen:\n${screen}`);
	}

	return screen;
}

/** The pilot, headless in the background, as under systemd. Its output goes to a file. */
async function startPilot(): Promise<ChildProcess> {
	const log = fs.openSync(path.join(directory, `pilot-${pilots.length}.log`), 'a');
	const child = spawn(process.execPath, [build.cli, manifest, '--no-tui', '--control', 'http', '--socket', socketPath], {
		stdio: ['ignore', log, log],
		env: {...interactiveEnv(), PILOT_SOCKET: undefined},
	});
	fs.closeSync(log);
	pilots.push(child);
	const isUp = await waitFor(async () => {
		if (child.exitCode !== null) {
			return true;
		}

		if (!await isSocketAlive(socketPath)) {
			return false;
		}

		const list = await requestJson<ProcessList>(target, 'GET', '/processes');
		return list.processes.every(entry => entry.status === 'running');
	}, 20_000);
	if (!isUp || child.exitCode !== null) {
		throw new Error(`The pilot did not come up:\n${fs.readFileSync(path.join(directory, `pilot-${pilots.length - 1}.log`), 'utf8')}`);
	}

	return child;
}

/** Send one key (or literal text) and wait until the screen shows it was handled: Ink reads a burst of keys as one input. */
async function press(key: string, handled: (screen: string) => boolean): Promise<string> {
	tmux('send-keys', '-t', 'main', key);
	return waitForScreen(handled);
}

async function pids(): Promise<Record<string, number | null>> {
	const list = await requestJson<ProcessList>(target, 'GET', '/processes');
	return Object.fromEntries(list.processes.map(entry => [entry.name, entry.pid]));
}

function attach(): void {
	const command = `${process.execPath} ${build.cli} attach --socket ${socketPath}; echo "ATTACH-EXIT:$?"; sleep 600`;
	tmux('new-session', '-d', '-s', 'main', '-x', '120', '-y', '30', command);
}

describe('pilot-tui attach in a real terminal (tmux)', () => {
	it('restarts through the attached view, then q detaches and the pilot and its children keep running', async () => {
		const pilot = await startPilot();
		const before = await pids();
		attach();
		let screen = await waitForScreen(text => text.includes(`attached to ${host}`) && text.includes('running 3/3') && text.includes(String(before['web'])));
		expect(screen.split('\n')[0]).toMatch(/^attach\.yml · attached to \S+/);

		// Filter down to web (it is then the selected row) and restart it.
		await press('/', text => text.includes('Enter keep'));
		await press('web', text => text.includes('/web█'));
		await press('Enter', text => text.includes('filter "web"') && !text.includes('my worker'));
		tmux('send-keys', '-t', 'main', 'r');
		await expect.poll(async () => (await pids())['web'], {timeout: 15_000}).not.toBe(before['web']);
		const after = await pids();
		expect(after['web']).not.toBeNull();
		await waitForScreen(text => text.includes(String(after['web'])));
		expect(isAlive(before['web']!)).toBe(false);

		tmux('send-keys', '-t', 'main', 'q');
		screen = await waitForScreen(text => text.includes('ATTACH-EXIT:'));
		expect(screen).toContain(`Detached from ${host}; the pilot keeps running.`);
		expect(screen).toContain('ATTACH-EXIT:0');

		// Nothing stopped: same pilot, same children, all running.
		await new Promise(resolve => setTimeout(resolve, 500));
		expect(pilot.exitCode).toBeNull();
		expect(isAlive(pilot.pid!)).toBe(true);
		expect(await pids()).toEqual(after);
		for (const pid of Object.values(after)) {
			expect(isAlive(pid!)).toBe(true);
		}
	}, 90_000);

	it('shows reconnecting while the pilot is gone and resumes when it is back', async () => {
		const first = await startPilot();
		attach();
		await waitForScreen(text => text.includes('running 3/3'));
		first.kill('SIGKILL');
		await waitForScreen(text => text.includes('reconnecting'));
		await startPilot();
		const fresh = await pids();
		const screen = await waitForScreen(text => !text.includes('reconnecting') && text.includes(String(fresh['web'])), 20_000);
		expect(screen).toContain(`attached to ${host}`);
		expect(screen).toContain('running 3/3');
	}, 90_000);

	it('stops the pilot only with X and a confirmation', async () => {
		const pilot = await startPilot();
		const children = await pids();
		attach();
		await waitForScreen(text => text.includes('running 3/3'));
		const question = 'Stop the remote pilot and every process? y/N';
		await press('X', text => text.includes(question));
		await press('n', text => !text.includes(question));
		await new Promise(resolve => setTimeout(resolve, 500));
		expect(pilot.exitCode).toBeNull();

		await press('X', text => text.includes(question));
		tmux('send-keys', '-t', 'main', 'y');
		expect(await waitFor(() => pilot.exitCode !== null, 20_000)).toBe(true);
		expect(pilot.exitCode).toBe(0);
		const screen = await waitForScreen(text => text.includes('ATTACH-EXIT:'));
		expect(screen).toContain('ATTACH-EXIT:0');
		expect(Object.values(children).filter(pid => isAlive(pid!))).toEqual([]);
	}, 90_000);
});
