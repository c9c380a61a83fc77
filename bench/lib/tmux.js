import {onCleanup} from './cleanup.js';
import {run} from './spawn.js';

/** A private tmux server (own socket), so the bench never touches the user's sessions. */
const socket = `pilot-bench-${process.pid}`;
let serverUsed = false;

async function tmux(args) {
	const result = await run('tmux', ['-L', socket, ...args], {timeoutMs: 10_000});
	if (result.code !== 0) {
		throw new Error(`tmux ${args[0]}: ${result.stderr.trim()}`);
	}

	return result.stdout;
}

/**
Run `command` (a shell string) in a detached session of the given size. `exec` makes the pane's
pid the program itself, so its CPU can be read from /proc.
*/
export async function startSession(name, command, {width = 120, height = 40} = {}) {
	if (!serverUsed) {
		serverUsed = true;
		onCleanup('tmux server', () => run('tmux', ['-L', socket, 'kill-server'], {timeoutMs: 10_000}).catch(() => {}));
	}

	await tmux(['new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), `exec ${command}`]);
	const pid = Number((await tmux(['display-message', '-p', '-t', name, '#{pane_pid}'])).trim());
	return {
		pid,
		capture: () => tmux(['capture-pane', '-p', '-t', name]),
		sendKeys: keys => tmux(['send-keys', '-t', name, ...keys]),
		/** Copy every byte the program writes to the terminal into `file` from now on (what an SSH link would carry). */
		pipeTo: file => tmux(['pipe-pane', '-t', name, `cat >> '${file}'`]),
		kill: () => tmux(['kill-session', '-t', name]).catch(() => {}),
	};
}

export async function killServer() {
	if (serverUsed) {
		await run('tmux', ['-L', socket, 'kill-server'], {timeoutMs: 10_000}).catch(() => {});
	}
}
