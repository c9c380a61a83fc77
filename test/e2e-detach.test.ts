import {execFile, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {PilotListEntry} from '../source/remote/pilot-list.js';
import {buildCli, interactiveEnv, root} from './helpers/build-cli.js';
import {isAlive, killQuietly, waitFor} from './helpers/proc.js';

const service = path.join(root, 'test/fixtures/control/service.mjs');
let build: ReturnType<typeof buildCli>;
let directory: string;
let env: NodeJS.ProcessEnv;
/** Every pilot and child pid a test saw, killed after it whatever happened. */
const seen = new Set<number>();
const tmuxServers: string[] = [];

beforeAll(() => {
	build = buildCli('e2e-detach');
}, 120_000);

afterAll(() => {
	build.remove();
});

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'pilot-detach-'));
	// A runtime and a state folder of this test's own: `ls` sees only this test's pilots.
	env = {...interactiveEnv(), XDG_RUNTIME_DIR: path.join(directory, 'run'), XDG_STATE_HOME: path.join(directory, 'state'), PILOT_SOCKET: undefined};
	fs.mkdirSync(env['XDG_RUNTIME_DIR']!, {mode: 0o700});
});

afterEach(async () => {
	// Pilots this test started that it never got to look at (an assertion failed first).
	await list().catch(() => undefined);
	for (const server of tmuxServers.splice(0)) {
		spawnSync('tmux', ['-L', server, 'kill-server']);
	}

	const pids = [...seen];
	seen.clear();
	killQuietly(pids, 'SIGTERM');
	await waitFor(() => pids.every(pid => !isAlive(pid)), 10_000);
	killQuietly(pids);
	fs.rmSync(directory, {recursive: true, force: true});
});

type Result = {code: number; stdout: string; stderr: string};

async function cli(...args: string[]): Promise<Result> {
	return new Promise(resolve => {
		execFile(process.execPath, [build.cli, ...args], {cwd: directory, env, timeout: 60_000}, (error, stdout, stderr) => {
			// Every pilot a command names is cleaned up after the test, even when an assertion fails first.
			for (const match of `${stdout}${stderr}`.matchAll(/pilot pid (\d+)/g)) {
				seen.add(Number(match[1]));
			}

			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
		});
	});
}

/** A manifest in the test's folder: `name: args` services, plus top-level keys. */
function manifest(file: string, services: string[], top = ''): string {
	const processes = services.map(name => `  - name: ${name}\n    path: ${process.execPath}\n    args: [${service}, ${name}]`).join('\n');
	const full = path.join(directory, file);
	fs.writeFileSync(full, `${top}kill_timeout: 5\nprocesses:\n${processes}\n`);
	return full;
}

async function list(): Promise<PilotListEntry[]> {
	const result = await cli('ls', '--json');
	expect(result.stderr).toBe('');
	const entries = JSON.parse(result.stdout) as PilotListEntry[];
	for (const entry of entries) {
		seen.add(entry.pid!);
	}

	return entries;
}

async function childPids(socket: string): Promise<number[]> {
	const result = await cli('ctl', 'status', '--json', '--socket', socket);
	expect(result.code).toBe(0);
	const pids = (JSON.parse(result.stdout) as Array<{pid: number | null}>).map(entry => entry.pid!);
	for (const pid of pids) {
		seen.add(pid);
	}

	return pids;
}

function tmux(server: string, ...args: string[]): string {
	return spawnSync('tmux', ['-L', server, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()}).stdout;
}

/** A tmux server running `command` in a 120x30 pane, with this test's environment. */
function openTmux(command: string): string {
	const server = `pilot-detach-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	tmuxServers.push(server);
	const exports = `XDG_RUNTIME_DIR=${env['XDG_RUNTIME_DIR']} XDG_STATE_HOME=${env['XDG_STATE_HOME']}`;
	tmux(server, 'new-session', '-d', '-s', 'main', '-x', '120', '-y', '30', `cd ${directory} && ${exports} ${command}; echo "EXIT:$?"; sleep 600`);
	return server;
}

async function waitForScreen(server: string, predicate: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
	let screen = '';
	if (!await waitFor(() => predicate(screen = tmux(server, 'capture-pane', '-p', '-t', 'main')), timeoutMs)) {
		throw new Error(`Screen never matched. Last screen:\n${screen}`);
	}

	return screen;
}

describe('pilot-tui --detach, ls, attach, down', () => {
	it('detaches, is listed by ls, answers ctl, shows in attach, and down leaves nothing running', async () => {
		const file = manifest('shop.yml', ['api', 'worker']);
		const started = await cli('shop.yml', '-d');
		expect(started.stderr).toBe('');
		expect(started.code).toBe(0);
		expect(started.stdout).toMatch(/^shop\.yml: started in the background \(pilot pid \d+\), 2\/2 up\n/);
		expect(started.stdout).toMatch(/ {2}api +running +ready +pid \d+\n/);
		expect(started.stdout).toContain('Attach: pilot-tui attach shop.yml    stop: pilot-tui down shop.yml');

		const [entry] = await list();
		expect(entry).toMatchObject({manifest: file, running: 2, total: 2, isResponding: true});
		expect(isAlive(entry!.pid!)).toBe(true);
		const human = await cli('ls');
		expect(human.stdout).toMatch(new RegExp(`^MANIFEST +PID +UPTIME +RUNNING +SOCKET\\n${file.replaceAll('.', '\\.')} +${entry!.pid} +\\S+ +2/2 +${entry!.socket}`));
		const children = await childPids(entry!.socket);
		expect(children.every(pid => isAlive(pid))).toBe(true);
		// Its own events went to pilot.log in its state folder, next to the processes' log files.
		const state = path.join(env['XDG_STATE_HOME']!, 'pilot-tui');
		const [folder] = fs.readdirSync(state);
		expect(folder).toMatch(/^shop-[\da-f]{8}$/);
		expect(fs.readFileSync(path.join(state, folder!, 'pilot.log'), 'utf8')).toMatch(/api +\* running \(pid \d+\)/);
		expect(fs.readdirSync(path.join(state, folder!)).sort()).toEqual(expect.arrayContaining(['api.log', 'pilot.log', 'pilot.out', 'worker.log']));

		// A second --detach of the same manifest says where it runs.
		const again = await cli('shop.yml', '--detach');
		expect(again.code).toBe(3);
		expect(again.stderr).toContain(`is already running (pilot pid ${entry!.pid}, socket ${entry!.socket})`);

		const server = openTmux(`${process.execPath} ${build.cli} attach`);
		const screen = await waitForScreen(server, text => text.includes('running 2/2') && text.includes(String(children[0])));
		expect(screen.split('\n')[0]).toMatch(/^shop\.yml · attached to /);
		tmux(server, 'send-keys', '-t', 'main', 'q');
		await waitForScreen(server, text => text.includes('EXIT:0'));

		const down = await cli('down');
		expect(down.stderr).toBe('');
		expect(down.code).toBe(0);
		expect(down.stdout).toBe(`Stopped ${file} (pilot pid ${entry!.pid}) and every process it ran.\n`);
		expect([entry!.pid!, ...children].filter(pid => isAlive(pid))).toEqual([]);
		expect(await list()).toEqual([]);
		expect(fs.readdirSync(path.join(env['XDG_RUNTIME_DIR']!, 'pilot-tui'))).toEqual([]);
	}, 120_000);

	it('runs two manifests side by side; down without a manifest lists them, down <manifest> stops one', async () => {
		const shop = manifest('shop.yml', ['api']);
		const blog = manifest('blog.yml', ['web', 'db']);
		expect((await cli('shop.yml', '-d')).code).toBe(0);
		expect((await cli('blog.yml', '-d')).code).toBe(0);
		const entries = await list();
		expect(entries.map(entry => [entry.manifest, entry.running, entry.total]).sort()).toEqual([[blog, 2, 2], [shop, 1, 1]]);

		const ambiguous = await cli('down');
		expect(ambiguous.code).toBe(1);
		expect(ambiguous.stderr).toContain('Several pilots are running; choose one with `pilot-tui down <manifest>` or --socket <path>:');
		expect(ambiguous.stderr).toContain(shop);
		expect(ambiguous.stderr).toContain(blog);

		const shopPilot = entries.find(entry => entry.manifest === shop)!;
		const shopChildren = await childPids(shopPilot.socket);
		expect((await cli('down', 'shop.yml')).code).toBe(0);
		expect([shopPilot.pid!, ...shopChildren].filter(pid => isAlive(pid))).toEqual([]);
		expect((await list()).map(entry => entry.manifest)).toEqual([blog]);
		expect((await cli('down', 'blog.yml')).code).toBe(0);
		expect(await list()).toEqual([]);
	}, 120_000);

	it('exits 1 when a process does not come up, and the pilot runs on', async () => {
		const file = path.join(directory, 'broken.yml');
		fs.writeFileSync(file, [
			'processes:',
			`  - name: api\n    path: ${process.execPath}\n    args: [${service}, api]`,
			`  - name: never-ready\n    path: ${process.execPath}\n    args: [${service}, never-ready]\n    ready_strategy: file\n    ready_params: {path: never.ready}\n    ready_timeout_sec: 1`,
			'',
		].join('\n'));
		const started = await cli('broken.yml', '-d');
		expect(started.code).toBe(1);
		expect(started.stdout).toMatch(/1\/2 up/);
		expect(started.stdout).toMatch(/ {2}never-ready +failed +- +Process 'never-ready' failed to signal ready within 1s/);
		const [entry] = await list();
		expect(entry).toMatchObject({manifest: file, running: 1, total: 2});
		expect(isAlive(entry!.pid!)).toBe(true);
		expect((await cli('down', '--socket', entry!.socket)).code).toBe(0);
	}, 120_000);

	it('ls removes a socket left by a killed pilot instead of listing it', async () => {
		manifest('shop.yml', ['api']);
		expect((await cli('shop.yml', '-d')).code).toBe(0);
		const [entry] = await list();
		process.kill(entry!.pid!, 'SIGKILL');
		await waitFor(() => !isAlive(entry!.pid!), 10_000);
		expect(fs.existsSync(entry!.socket)).toBe(true);
		expect(await list()).toEqual([]);
		expect(fs.existsSync(entry!.socket)).toBe(false);
		const down = await cli('down');
		expect(down.code).toBe(1);
		expect(down.stderr).toContain('No pilot is running');
	}, 120_000);
});

describe('on_hangup in a real terminal (tmux)', () => {
	it.each(['the tmux server killed (EIO)', 'SIGHUP'])('detach: %s leaves the pilot and its processes running, and attach shows them', async how => {
		const file = manifest('hangup.yml', ['api', 'worker'], `on_hangup: detach\nlog_dir: ${path.join(directory, 'logs')}\n`);
		const server = openTmux(`${process.execPath} ${build.cli} hangup.yml`);
		await waitForScreen(server, text => text.includes('running 2/2') && text.includes('hangup: detach'));
		const [entry] = await list();
		const children = await childPids(entry!.socket);
		if (how === 'SIGHUP') {
			process.kill(entry!.pid!, 'SIGHUP');
		} else {
			// Closing the terminal signals only the pane's shell; the pilot finds out from EIO.
			tmux(server, 'kill-server');
		}

		// The pilot says in pilot.log that it runs on.
		const pilotLog = path.join(directory, 'logs', 'pilot.log');
		expect(await waitFor(() => fs.existsSync(pilotLog) && fs.readFileSync(pilotLog, 'utf8').includes('The terminal went away'), 15_000)).toBe(true);
		expect([entry!.pid!, ...children].filter(pid => !isAlive(pid))).toEqual([]);
		expect(await list()).toMatchObject([{manifest: file, pid: entry!.pid, running: 2, total: 2}]);

		const attached = openTmux(`${process.execPath} ${build.cli} attach hangup.yml`);
		await waitForScreen(attached, text => text.includes('attached to') && text.includes('running 2/2') && text.includes(String(children[1])));
		expect((await cli('down')).code).toBe(0);
		expect([entry!.pid!, ...children].filter(pid => isAlive(pid))).toEqual([]);
	}, 120_000);

	it('stop (the default): killing the tmux server stops the pilot and every process', async () => {
		manifest('plain.yml', ['api', 'worker']);
		const server = openTmux(`${process.execPath} ${build.cli} plain.yml`);
		await waitForScreen(server, text => text.includes('running 2/2') && text.includes('hangup: stop'));
		const [entry] = await list();
		const children = await childPids(entry!.socket);
		tmux(server, 'kill-server');
		expect(await waitFor(() => [entry!.pid!, ...children].every(pid => !isAlive(pid)), 20_000)).toBe(true);
		expect(await list()).toEqual([]);
	}, 120_000);
});
