import {spawnSync} from 'node:child_process';
import {afterEach, describe, expect, it} from 'vitest';
import {interactiveEnv} from '../helpers/build-cli.js';
import {descendantsOf, isAlive, killQuietly, waitFor} from '../helpers/proc.js';
import {cleanupPilots, cliCommand, commandLine, faultChild, ownedBy, temporaryDirectory, writeManifest} from './harness.js';

/** The TUI in a real terminal (a private tmux server), ended by a signal from outside. */
class Terminal {
	readonly socket = `pilot-faults-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	readonly seen = new Set<number>();

	run(...args: string[]): string {
		return spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: interactiveEnv()}).stdout;
	}

	display(format: string): string {
		return this.run('display-message', '-p', '-t', 'main', format).trim();
	}

	capture(): string {
		return this.run('capture-pane', '-p', '-t', 'main');
	}

	pilotPid(): number | undefined {
		const shell = Number(this.display('#{pane_pid}'));
		return shell ? descendantsOf(shell).find(pid => /cli\.(js|tsx)|pilot-tui/.test(commandLine(pid))) : undefined;
	}
}

let terminal: Terminal | undefined;

afterEach(async () => {
	if (terminal) {
		const shell = Number(terminal.display('#{pane_pid}'));
		const left = [...terminal.seen, ...(shell ? descendantsOf(shell) : [])];
		terminal.run('kill-server');
		killQuietly(left);
		terminal = undefined;
	}

	await cleanupPilots();
});

describe('the TUI is signalled in a real terminal', () => {
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		it(`${signal}: every process stops, the exit is clean and the terminal is restored`, async () => {
			terminal = new Terminal();
			const manifest = writeManifest(temporaryDirectory(), [faultChild('calm', 'sleep'), faultChild('stubborn', 'ignore-term', {timeout: 1}), faultChild('daemon', 'daemonize')]);
			// After the pilot: its exit code, then the terminal's modes as the shell sees them.
			const command = `${[process.execPath, ...cliCommand(), manifest].join(' ')}; echo "PILOT-EXIT:$?"; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo; sleep 600`;
			terminal.run('new-session', '-d', '-s', 'main', '-x', '120', '-y', '30', command);
			let pilot: number | undefined;
			expect(await waitFor(() => {
				pilot = terminal!.pilotPid();
				return pilot !== undefined && ownedBy(pilot).length >= 5 && terminal!.capture().includes('stubborn');
			}, 20_000)).toBe(true);
			const family = ownedBy(pilot!);
			for (const pid of family) {
				terminal.seen.add(pid);
			}

			process.kill(pilot!, signal);
			expect(await waitFor(() => terminal!.capture().includes('PILOT-EXIT:'), 15_000)).toBe(true);
			const screen = terminal.capture();
			expect(screen).toContain('PILOT-EXIT:0');
			expect(screen).toMatch(/\bicanon\b/);
			expect(screen).toMatch(/(^|\s)echo\b/);
			expect(screen).not.toMatch(/-icanon|-echo/);
			expect(terminal.display('#{alternate_on}')).toBe('0');
			expect(terminal.display('#{cursor_flag}')).toBe('1');
			expect(family.filter(pid => isAlive(pid))).toEqual([]);
			expect(ownedBy(pilot!)).toEqual([]);
		}, 60_000);
	}
});
