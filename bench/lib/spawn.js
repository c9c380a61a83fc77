import {execFile, spawn} from 'node:child_process';
import {onCleanup} from './cleanup.js';
import {sleep} from './wait.js';

/** Run a command to its end; resolves {code, stdout, stderr}; rejects only when it cannot run or times out. */
export function run(command, args, {env, cwd, timeoutMs = 120_000} = {}) {
	return new Promise((resolve, reject) => {
		execFile(command, args, {env: env ?? process.env, cwd, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error && (error.killed || typeof error.code === 'string')) {
				reject(new Error(`${command} ${args.join(' ')}: ${error.killed ? `timed out after ${timeoutMs / 1000} s` : error.message}`));
				return;
			}

			resolve({code: error ? error.code : 0, stdout, stderr});
		});
	});
}

export function killGroup(pgid, signal) {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

function groupAlive(pgid) {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch {
		return false;
	}
}

/** SIGTERM the group, wait up to `graceMs` for it to go, then SIGKILL it. */
export async function stopGroup(pgid, graceMs = 5000) {
	killGroup(pgid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (groupAlive(pgid) && Date.now() < deadline) {
		await sleep(20);
	}

	killGroup(pgid, 'SIGKILL');
}

/**
Start a long-running command in its own process group, stopped by the cleanup if the case does not
stop it. Returns the child plus `stop()` (SIGTERM, grace, SIGKILL of the whole group).
*/
export function spawnTracked(command, args, {env, cwd, stdio = ['ignore', 'ignore', 'pipe'], graceMs = 5000} = {}) {
	const child = spawn(command, args, {env: env ?? process.env, cwd, stdio, detached: true});
	let stderr = '';
	child.stderr?.on('data', chunk => {
		stderr = (stderr + chunk.toString()).slice(-4000);
	});
	child.on('error', () => {});
	const exited = new Promise(resolve => {
		child.on('exit', (code, signal) => resolve({code, signal}));
	});
	const unregister = onCleanup(`${command} (pid ${child.pid})`, () => stopGroup(child.pid, graceMs));
	return {
		child,
		pid: child.pid,
		exited,
		stderr: () => stderr,
		async stop() {
			unregister();
			await stopGroup(child.pid, graceMs);
			await Promise.race([exited, sleep(1000)]);
		},
	};
}

/** Quote one word for sh. */
export const shellQuote = value => `'${String(value).replaceAll('\'', '\'\\\'\'')}'`;

/** SIGTERM one pid, wait up to `graceMs` for it to go, then SIGKILL it; resolves true when it went by itself. */
export async function stopPid(pid, graceMs = 8000) {
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return true;
	}

	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline) {
		try {
			process.kill(pid, 0);
		} catch {
			return true;
		}

		await sleep(20);
	}

	try {
		process.kill(pid, 'SIGKILL');
	} catch {}

	return false;
}
