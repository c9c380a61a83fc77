import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {buildCli, interactiveEnv, root} from './helpers/build-cli.js';
import {descendantsOf, isAlive, killQuietly, waitFor} from './helpers/proc.js';

const manifest = path.join(root, 'test/fixtures/tui/tui.yml');
const names = ['tui-alpha', 'tui-beta', 'tui-gamma'];
let build: ReturnType<typeof buildCli>;

beforeAll(() => {
	build = buildCli('e2e-tui');
}, 120_000);

afterAll(() => {
	build.remove();
});

/** One tmux server per test, on a socket of its own. */
class Tmux {
	readonly socket = `pilot-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	readonly seen = new Set<number>();

	run(...args: string[]): string {
		const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()});
		return result.stdout;
	}

	/** A tmux format of the pane, e.g. `#{alternate_on}`. */
	paneFormat(format: string): string {
		return this.run('display-message', '-p', '-t', 'main', format).trim();
	}

	start(manifestFile: string, columns = 120, rows = 40, env = '', flags = ''): void {
		const command = `${env} ${process.execPath} ${build.cli} ${manifestFile} ${flags}; echo "PILOT-EXIT:$?"; sleep 600`;
		this.run('new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), command);
	}

	/** Every process seen below the pane is gone (the pilot's watchdog takes a moment to finish). */
	async expectNothingLeft(): Promise<void> {
		const survivors = () => [...this.seen].filter(pid => isAlive(pid) && !readCmdline(pid).startsWith('sleep'));
		await waitFor(() => survivors().length === 0, 10_000);
		expect(survivors().map(pid => `${pid} ${readCmdline(pid)}`)).toEqual([]);
	}

	capture(): string {
		return this.run('capture-pane', '-p', '-t', 'main');
	}

	/** The pid of the command running in the pane's shell: our pilot. */
	pilotPid(): number | undefined {
		const shell = Number(this.run('list-panes', '-t', 'main', '-F', '#{pane_pid}').trim());
		return shell ? descendantsOf(shell).find(pid => /cli\.js|pilot-tui/.test(readCmdline(pid))) : undefined;
	}

	/** Remember every process below the pane, to check afterwards that none survived. */
	noteDescendants(): void {
		const shell = Number(this.run('list-panes', '-t', 'main', '-F', '#{pane_pid}').trim());
		for (const pid of shell ? descendantsOf(shell) : []) {
			this.seen.add(pid);
		}
	}

	async waitForScreen(predicate: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
		let screen = '';
		const isMatched = await waitFor(() => {
			screen = this.capture();
			return predicate(screen);
		}, timeoutMs);
		if (!isMatched) {
			throw new Error(`Screen never matched. Last screen:\n${screen}`);
		}

		return screen;
	}
}

function readCmdline(pid: number): string {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}

function restartsOf(screen: string, name: string): number {
	const header = screen.split('\n').find(text => text.includes('RESTARTS'))!;
	const line = screen.split('\n').find(text => text.slice(2).startsWith(name))!;
	const end = header.indexOf('RESTARTS') + 'RESTARTS'.length;
	return Number(line.slice(end - 8, end).trim());
}

function pidOf(screen: string, name: string): number | null {
	const header = screen.split('\n').find(text => text.includes('RESTARTS'))!;
	const line = screen.split('\n').find(text => text.slice(2).startsWith(name))!;
	const end = header.indexOf('PID') + 3;
	const text = line.slice(end - 7, end).trim();
	return text === '-' ? null : Number(text);
}

function stateOf(screen: string, name: string): string | undefined {
	const line = screen.split('\n').find(text => text.slice(2).startsWith(name));
	return line?.split(/\s+/).find(word => ['starting', 'running', 'stopping', 'stopped', 'backoff', 'failed'].includes(word));
}

let tmux: Tmux | undefined;

afterEach(() => {
	if (tmux) {
		tmux.noteDescendants();
		tmux.run('kill-server');
		killQuietly([...tmux.seen]);
		// tmux leaves its socket file behind.
		rmSync(path.join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${process.getuid!()}`, tmux.socket), {force: true});
		tmux = undefined;
	}
});

describe('pilot-tui in a real terminal (tmux, 120x40)', () => {
	it('runs, restarts, stops and starts a process, survives a resize, and leaves nothing behind on q', async () => {
		tmux = new Tmux();
		tmux.start(manifest);
		let screen = await tmux.waitForScreen(text => names.every(name => stateOf(text, name) === 'running'));
		tmux.noteDescendants();
		expect(screen).toMatch(/^tui\.yml @ \S+ +running 3\/3/);
		expect(screen).toMatch(/NAME +STATE +READY +PID +CPU%/);

		// ↓ then r: tui-beta gets a new pid and one more restart.
		const beta = {pid: pidOf(screen, 'tui-beta'), restarts: restartsOf(screen, 'tui-beta')};
		expect(beta.pid).toBeGreaterThan(0);
		tmux.run('send-keys', '-t', 'main', 'Down');
		await tmux.waitForScreen(text => text.includes('logs: tui-beta'));
		tmux.run('send-keys', '-t', 'main', 'r');
		screen = await tmux.waitForScreen(text => stateOf(text, 'tui-beta') === 'running' && pidOf(text, 'tui-beta') !== beta.pid);
		expect(restartsOf(screen, 'tui-beta')).toBe(beta.restarts + 1);
		expect(isAlive(beta.pid!)).toBe(false);
		tmux.noteDescendants();

		// s stops it, t brings it back.
		tmux.run('send-keys', '-t', 'main', 's');
		screen = await tmux.waitForScreen(text => stateOf(text, 'tui-beta') === 'stopped');
		expect(pidOf(screen, 'tui-beta')).toBeNull();
		tmux.run('send-keys', '-t', 'main', 't');
		await tmux.waitForScreen(text => stateOf(text, 'tui-beta') === 'running' && pidOf(text, 'tui-beta') !== null);
		tmux.noteDescendants();

		// Narrow the window: header, NAME and STATE stay, nothing wraps.
		tmux.run('resize-window', '-t', 'main', '-x', '60');
		screen = await tmux.waitForScreen(text => !text.includes('UPTIME') && text.includes('NAME') && /q quit *$/m.test(text));
		const lines = screen.split('\n');
		expect(lines[0]).toMatch(/^tui\.yml @ /);
		expect(screen).toMatch(/NAME +STATE/);
		for (const name of names) {
			// One line per process, starting with its glyph: a wrapped row would leave a line without one.
			expect(lines.filter(line => line.slice(2).startsWith(name.slice(0, 8)))).toHaveLength(1);
			expect(stateOf(screen, name)).toBe('running');
		}

		// The frame is one line shorter than the terminal (Ink would clear the screen on every frame otherwise), footer last.
		const drawn = lines.slice(0, lines.findLastIndex(line => line.trim() !== '') + 1);
		expect(drawn.length).toBe(39);
		expect(drawn.at(-1)?.trimEnd()).toMatch(/select.*help {2}q quit$/);

		// Shorter, then taller again: every frame is drawn from the top, so no stale rows are left over.
		tmux.run('resize-window', '-t', 'main', '-x', '100', '-y', '15');
		await tmux.waitForScreen(text => text.split('\n').length <= 16 && /q quit *$/m.test(text));
		tmux.run('resize-window', '-t', 'main', '-x', '120', '-y', '40');
		screen = await tmux.waitForScreen(text => text.includes('RESTARTS') && /q quit *$/m.test(text));
		for (const name of names) {
			expect(screen.split('\n').filter(line => line.slice(2).startsWith(name.slice(0, 8)))).toHaveLength(1);
		}

		expect(screen.split('\n').filter(line => line.startsWith('tui.yml @'))).toHaveLength(1);

		// q stops every process in order, then exits 0; no child survives.
		const pilot = tmux.pilotPid();
		expect(pilot).toBeDefined();
		tmux.run('send-keys', '-t', 'main', 'q');
		screen = await tmux.waitForScreen(text => text.includes('PILOT-EXIT:'));
		expect(screen).toContain('PILOT-EXIT:0');
		expect(tmux.seen.size).toBeGreaterThanOrEqual(6); // The pilot, three children and two replaced by restart and stop/start.
		const children = [...tmux.seen].filter(pid => isAlive(pid) && readCmdline(pid).includes('tui-ticker'));
		expect(children).toEqual([]);
		await tmux.expectNothingLeft();
		expect(tmux.paneFormat('#{alternate_on} #{cursor_flag}')).toBe('0 1');
		expect(isAlive(pilot!)).toBe(false);
	}, 90_000);

	it('stops everything on SIGTERM and gives the terminal back', async () => {
		tmux = new Tmux();
		tmux.start(manifest);
		await tmux.waitForScreen(text => names.every(name => stateOf(text, name) === 'running'));
		expect(tmux.paneFormat('#{alternate_on} #{cursor_flag}')).toBe('1 0');
		tmux.noteDescendants();
		process.kill(tmux.pilotPid()!, 'SIGTERM');
		const screen = await tmux.waitForScreen(text => text.includes('PILOT-EXIT:'));
		expect(screen).toContain('PILOT-EXIT:0');
		expect(tmux.paneFormat('#{alternate_on} #{cursor_flag}')).toBe('0 1');
		await tmux.expectNothingLeft();
	}, 60_000);

	it('shows processes stopping after Ctrl-C, and a second Ctrl-C forces', async () => {
		tmux = new Tmux();
		tmux.start(path.join(root, 'test/fixtures/tui/tui-stubborn.yml'));
		await tmux.waitForScreen(text => stateOf(text, 'tui-calm') === 'running' && stateOf(text, 'tui-stubborn') === 'running');
		tmux.noteDescendants();
		tmux.run('send-keys', '-t', 'main', 'C-c');
		let screen = await tmux.waitForScreen(text => text.includes('stopping all…') && stateOf(text, 'tui-stubborn') === 'stopping' && stateOf(text, 'tui-calm') === 'stopped');
		expect(screen).not.toContain('PILOT-EXIT');
		tmux.run('send-keys', '-t', 'main', 'C-c');
		screen = await tmux.waitForScreen(text => text.includes('PILOT-EXIT:'));
		expect(screen).toContain('PILOT-EXIT:130');
		expect(screen).toContain('forced to quit');
		await tmux.expectNothingLeft();
	}, 60_000);

	it.each(['window closed', 'SIGHUP'])('stops every child gracefully when the terminal goes away (%s)', async how => {
		const marks = mkdtempSync(path.join(tmpdir(), 'pilot-tui-hup-'));
		try {
			tmux = new Tmux();
			tmux.start(manifest, 120, 40, `TUI_SIGTERM_DIR=${marks}`);
			await tmux.waitForScreen(text => names.every(name => stateOf(text, name) === 'running'));
			// Running is not the same as having installed a SIGTERM handler (under load, node takes a while).
			expect(await waitFor(() => readdirSync(marks).length === 3, 15_000)).toBe(true);
			tmux.noteDescendants();
			const pilot = tmux.pilotPid()!;
			if (how === 'SIGHUP') {
				process.kill(pilot, 'SIGHUP');
			} else {
				// Closing the terminal signals only the pane's shell; the pilot finds out from EIO.
				tmux.run('kill-server');
			}

			expect(await waitFor(() => !isAlive(pilot), 15_000)).toBe(true);
			await tmux.expectNothingLeft();
			expect(readdirSync(marks).filter(file => !file.endsWith('.up')).sort()).toEqual(['alpha', 'beta', 'gamma']);
		} finally {
			rmSync(marks, {recursive: true, force: true});
		}
	}, 60_000);

	it('restores the terminal and kills every child when the pilot crashes', async () => {
		tmux = new Tmux();
		tmux.start(path.join(root, 'test/fixtures/tui/tui-crash.yml'), 100, 30, '', `--plugins ${path.join(root, 'test/fixtures/tui/crash-plugin')}`);
		await tmux.waitForScreen(text => stateOf(text, 'tui-victim') === 'running');
		tmux.noteDescendants();
		const screen = await tmux.waitForScreen(text => text.includes('PILOT-EXIT:'));
		expect(screen).toContain('pilot-tui: crashed: tui-crash plugin exploded\nPILOT-EXIT:70');
		expect(screen).not.toMatch(/^\s+at /m);
		expect(tmux.paneFormat('#{alternate_on} #{cursor_flag}')).toBe('0 1');
		await tmux.expectNothingLeft();
	}, 60_000);
});
